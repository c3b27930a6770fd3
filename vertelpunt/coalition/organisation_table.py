"""The organisation table: a coalition's organisations and links as a CSV or Excel table, read in
(every row checked first) and written back with the links filled in.

Functions flush and leave the single commit to the request or command. Bad input raises InputError
(or comes back as row problems) before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from linkgen import share as share_urls
from linkgen import table as tables
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import audience_label, audience_words
from vertelpunt.models import Link, Organisation, Traject
from vertelpunt.staff import services as staff


def _option_names(question_id: str) -> dict[str, tuple[str, ...]]:
    question = get_framework()[question_id]
    return {o.id: (o.label("nl"), o.label("en")) for o in question.options}


def allowed_values(traject: Traject) -> tables.Allowed:
    return tables.Allowed(
        audiences=audience_words(),
        age_groups=_option_names("age_group"),
        municipalities={m.code: (m.name,) for m in traject.municipalities},
        organisation_types=_option_names("organisation_type"),
    )


def problem_text(problem: tables.RowProblem) -> str:
    if problem.code == "required":
        return _("This cell is empty, but it is required.")
    if problem.code == "unknown_value":
        if problem.column == "municipality":
            return _("'%(value)s' is not a municipality of this traject.", value=problem.value)
        return _("'%(value)s' is not one of the choices for this column.", value=problem.value)
    if problem.code == "too_long":
        return _("This text is too long (at most %(n)s characters).", n=tables.MAX_CELL)
    if problem.code == "duplicate_row":
        return _("Row %(other)s already asks for the same link.", other=problem.other_row)
    if problem.code == "conflict":
        return _(
            "Row %(other)s gives this organisation another value here. Use the same value in every row.",
            other=problem.other_row,
        )
    if problem.code == "bad_link":
        return _("This is not a link of this traject. Leave the cell empty to get a new link.")
    if problem.code == "other_organisation":
        return _("This link belongs to another organisation. A link never moves to another organisation.")
    if problem.code == "closed_link":
        return _("This link is closed. Leave the cell empty to get a new link.")
    if problem.code == "no_audience":
        return _("Fill in the audience to get a link.")
    return _("This cell is not right.")


def table_error_text(error: tables.TableError) -> str:
    if error.code == "encoding":
        return _("We cannot read the letters in this file. Save it as CSV (UTF-8) or as an Excel file.")
    if error.code == "missing_columns":
        return _("These columns are missing: %(columns)s.", columns=error.detail)
    if error.code == "too_many_rows":
        return _("The table has too many rows (at most %(n)s).", n=error.detail)
    if error.code == "empty":
        return _("The table has no rows.")
    return _("This is not a table we can read. Upload a CSV or Excel (.xlsx) file.")


COLUMN_NAMES = tables.HEADERS


@dataclass
class ImportReport:
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # row, column, sentence
    imported: bool = False
    rows_done: int = 0
    rows_skipped: int = 0
    organisations_created: int = 0
    organisations_updated: int = 0
    links_created: int = 0
    links_replaced: int = 0
    links_updated: int = 0


def _organisations(traject: Traject) -> dict[str, Organisation]:
    found = db.session.scalars(select(Organisation).where(Organisation.traject_id == traject.id))
    return {" ".join(o.name.split()).casefold(): o for o in found}


def _live(link: Link) -> Link | None:
    seen = set()
    while link is not None and link.status == "closed" and link.id not in seen:
        seen.add(link.id)
        link = link.replaced_by
    return link if link is not None and link.status != "closed" else None


def _check_against_database(traject: Traject, rows: list[tables.TableRow]) -> None:
    orgs = _organisations(traject)
    for row in rows:
        if not row.audience and row.token:
            row.problems.append(tables.RowProblem(row.number, "audience", "no_audience"))
        if row.problems or not row.token:
            continue
        link = db.session.scalar(select(Link).where(Link.token == row.token, Link.traject_id == traject.id))
        if link is None or link.organisation is None:
            row.problems.append(tables.RowProblem(row.number, "link", "bad_link", row.token))
            continue
        org = orgs.get(" ".join(row.organisation.split()).casefold())
        if org is None or org.id != link.organisation_id:
            row.problems.append(tables.RowProblem(row.number, "link", "other_organisation", row.token))
        elif _live(link) is None:
            row.problems.append(tables.RowProblem(row.number, "link", "closed_link", row.token))


def _update_organisation(org: Organisation, row: tables.TableRow) -> bool:
    changed = False
    for attribute, new in (
        ("organisation_type", row.organisation_type),
        ("municipality_code", row.municipality),
    ):
        old = getattr(org, attribute)
        if new == old:
            continue
        # Links keep prefilling the organisation's own facts, so they follow the change.
        question = "organisation_type" if attribute == "organisation_type" else "municipality"
        for link in org.links:
            if link.status != "closed" and link.prefill.get(question, "") == old:
                prefill = {k: v for k, v in link.prefill.items() if k != question}
                if new:
                    prefill[question] = new
                link.prefill = prefill
        setattr(org, attribute, new)
        changed = True
    if row.contact_person and row.contact_person != org.contact_person:
        org.contact_person = row.contact_person
        changed = True
    return changed


def _same_link(link: Link, row: tables.TableRow) -> bool:
    return (
        link.audience == row.audience
        and link.prefill.get("age_group", "") == row.age_group
        and " ".join(link.channel.split()).casefold() == " ".join(row.channel.split()).casefold()
    )


def _apply_row(traject: Traject, row: tables.TableRow, orgs: dict[str, Organisation], report: ImportReport):
    key = " ".join(row.organisation.split()).casefold()
    org = orgs.get(key)
    if org is None:
        org = staff.create_organisation(
            traject,
            name=row.organisation,
            organisation_type=row.organisation_type,
            municipality_code=row.municipality,
            contact_person=row.contact_person,
        )
        orgs[key] = org
        report.organisations_created += 1
    elif _update_organisation(org, row):
        report.organisations_updated += 1
    if not row.audience:
        return
    prefill = {"age_group": row.age_group} if row.age_group else {}
    if row.token:
        link = _live(db.session.scalar(select(Link).where(Link.token == row.token)))
        if link.audience == row.audience and link.prefill.get("age_group", "") == row.age_group:
            if link.channel != row.channel:
                link.channel = row.channel
                report.links_updated += 1
            return
        # Another audience or age group is another link; the old one keeps its stories.
        new = staff.create_link(
            traject, organisation=org, audience=row.audience, prefill=prefill, channel=row.channel
        )
        link.status = "closed"
        link.replaced_by_id = new.id
        report.links_replaced += 1
        return
    if any(link.status != "closed" and _same_link(link, row) for link in org.links):
        return
    staff.create_link(traject, organisation=org, audience=row.audience, prefill=prefill, channel=row.channel)
    report.links_created += 1


def import_table(traject: Traject, data: bytes, filename: str = "", valid_only: bool = False) -> ImportReport:
    """Check the whole table, then write all rows, or (when asked) the rows without problems."""
    try:
        raw = tables.read_table(data, filename)
    except tables.TableError as exc:
        raise InputError({"file": table_error_text(exc)}) from None
    rows = tables.validate_rows(raw, allowed_values(traject))
    _check_against_database(traject, rows)
    report = ImportReport()
    for row in rows:
        for problem in row.problems:
            report.problems.append(
                (problem.row, COLUMN_NAMES.get(problem.column, problem.column), problem_text(problem))
            )
    if report.problems and not valid_only:
        return report
    orgs = _organisations(traject)
    for row in rows:
        if row.problems:
            report.rows_skipped += 1
            continue
        _apply_row(traject, row, orgs, report)
        db.session.flush()
        report.rows_done += 1
    report.imported = True
    return report


def _label(names: dict[str, tuple[str, ...]], option_id: str) -> str:
    return names[option_id][0] if option_id in names else option_id


def table_rows(traject: Traject) -> list[dict[str, str]]:
    """The organisation table with the links filled in, as the coalition gets it back."""
    base = current_app.config["PUBLIC_BASE_URL"]
    ages, types = _option_names("age_group"), _option_names("organisation_type")
    places = {m.code: m.name for m in traject.municipalities}
    rows = []
    for org in sorted(_organisations(traject).values(), key=lambda o: o.name.casefold()):
        common = {
            "organisation": org.name,
            "contact_person": org.contact_person,
            "municipality": places.get(org.municipality_code, ""),
            "organisation_type": _label(types, org.organisation_type),
        }
        live = [link for link in org.links if link.status != "closed"]
        for link in live:
            rows.append(
                {
                    **common,
                    "audience": audience_label(link.audience, "nl"),
                    "age_group": _label(ages, link.prefill.get("age_group", "")),
                    "channel": link.channel,
                    "link": share_urls.link_url(base, link.token),
                    "link_id": link.id,
                }
            )
        if not live:
            rows.append({**common, "audience": "", "age_group": "", "channel": "", "link": ""})
    return rows
