"""Trajecten, organisations and links: the rules, shared by the staff pages and the flask commands.

Functions flush and leave the commit to the caller, so a request or command commits once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy import select

from linkgen import prefill as prefill_rules
from linkgen import tokens
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import options_for
from vertelpunt.models import Link, Municipality, Organisation, Traject
from vertelpunt.models.links import AUDIENCES
from vertelpunt.text import clean_text

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}$")
# A municipality's code is made from its name, so the name must fit the code's column as well.
MUNICIPALITY_NAME = min(Municipality.code.type.length, Municipality.name.type.length)


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _date(raw, field: str, errors: dict) -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        errors[field] = _("Fill in a date as YYYY-MM-DD.")
        return None


def create_traject(
    *,
    slug: str,
    name: str,
    region: str,
    focus: str,
    opens_on,
    closes_on,
    municipalities: list[str],
    focus_prompt_nl: str = "",
    focus_prompt_en: str = "",
    retention_days: int = 730,
    results_note: str = "",
) -> Traject:
    """A traject with its municipalities and its general link."""
    errors: dict[str, str] = {}
    name, region, focus = clean_text(name), clean_text(region), clean_text(focus)
    focus_prompt_nl, focus_prompt_en = clean_text(focus_prompt_nl), clean_text(focus_prompt_en)
    results_note = clean_text(results_note)
    municipalities = [clean_text(m) for m in municipalities]
    slug = clean_text(slug).lower()
    if not SLUG.match(slug):
        errors["slug"] = _("Use 2 to 60 lowercase letters, digits and hyphens.")
    elif db.session.scalar(select(Traject.id).where(Traject.slug == slug)):
        errors["slug"] = _("This short name is already in use.")
    for field, value in (("name", name), ("region", region), ("focus", focus)):
        if not value.strip():
            errors[field] = _("This field is required.")
    opens, closes = _date(opens_on, "opens_on", errors), _date(closes_on, "closes_on", errors)
    if opens and closes and closes < opens:
        errors["closes_on"] = _("The closing date must be after the opening date.")
    names = [m.strip() for m in municipalities if m.strip()]
    if not names:
        errors["municipalities"] = _("Name at least one municipality.")
    elif any(len(n) > MUNICIPALITY_NAME for n in names):
        errors["municipalities"] = _(
            "A municipality name may have at most %(n)s characters.", n=MUNICIPALITY_NAME
        )
    elif not all(slugify(n) for n in names):
        errors["municipalities"] = _("Write each municipality's name with letters.")
    elif len({slugify(n) for n in names}) != len(names):
        errors["municipalities"] = _("A municipality is named twice.")
    if retention_days < 30:
        errors["retention_days"] = _("Keep stories for at least 30 days.")
    if errors:
        raise InputError(errors)
    traject = Traject(
        slug=slug,
        name=name.strip(),
        region=region.strip(),
        focus=focus.strip(),
        opens_on=opens,
        closes_on=closes,
        focus_prompt_nl=focus_prompt_nl.strip(),
        focus_prompt_en=focus_prompt_en.strip(),
        retention_days=retention_days,
        results_note=results_note.strip(),
    )
    traject.municipalities = [Municipality(code=slugify(n), name=n) for n in names]
    db.session.add(traject)
    db.session.flush()
    create_link(traject, organisation=None, audience="everyone", label=_("General link"))
    return traject


def prefill_choices(traject: Traject) -> dict[str, list[str]]:
    """For every question a link may prefill, the option ids it may take in this traject."""
    framework = get_framework()
    choices = {}
    for question in framework.prefillable():
        if question.prefillable == "link_only":
            continue
        choices[question.id] = [o.id for o in options_for(question, traject)]
    return choices


def validate_prefill(traject: Traject, raw: Mapping[str, object]) -> dict[str, str]:
    prefill = prefill_rules.clean_prefill(raw)
    allowed = {k: set(v) for k, v in prefill_choices(traject).items()}
    known = {q.id for q in get_framework().questions}
    problems = prefill_rules.check_prefill(prefill, allowed, known)
    if problems:
        reasons = {
            "unknown_question": _("there is no such question"),
            "not_prefillable": _("a link may not fill in this question"),
            "unknown_option": _("this answer does not exist for the question"),
            "not_text": _("the answer must be text"),
        }
        raise InputError(
            {
                f"prefill.{p.question_id}": f"{p.question_id}={p.option_id}: {reasons[p.reason]}"
                for p in problems
            }
        )
    return prefill


def create_organisation(
    traject: Traject,
    *,
    name: str,
    organisation_type: str,
    municipality_code: str = "",
    contact_person: str = "",
) -> Organisation:
    errors = {}
    name = " ".join(clean_text(name).split())
    contact_person = clean_text(contact_person)
    if not name:
        errors["name"] = _("This field is required.")
    elif db.session.scalar(
        select(Organisation.id).where(Organisation.traject_id == traject.id, Organisation.name == name)
    ):
        errors["name"] = _("This organisation already exists in this traject.")
    if organisation_type not in get_framework()["organisation_type"].option_ids():
        errors["organisation_type"] = _("Choose a kind of organisation from the list.")
    if municipality_code and municipality_code not in {m.code for m in traject.municipalities}:
        errors["municipality_code"] = _("Choose a municipality of this traject.")
    if errors:
        raise InputError(errors)
    organisation = Organisation(
        traject_id=traject.id,
        name=name,
        organisation_type=organisation_type,
        municipality_code=municipality_code,
        contact_person=contact_person.strip(),
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def _unused_token() -> str:
    while True:
        token = tokens.new_token()
        if not db.session.scalar(select(Link.id).where(Link.token == token)):
            return token


def create_link(
    traject: Traject,
    *,
    organisation: Organisation | None,
    audience: str,
    prefill: Mapping[str, object] | None = None,
    label: str = "",
    channel: str = "",
) -> Link:
    """A new link. The organisation's own facts (type, municipality) are prefilled unless given."""
    errors = {}
    if audience not in AUDIENCES:
        errors["audience"] = _("Choose an audience from the list.")
    if organisation is not None and organisation.traject_id != traject.id:
        errors["organisation"] = _("This organisation belongs to another traject.")
    if errors:
        raise InputError(errors)
    wanted = prefill_rules.clean_prefill(prefill or {})
    if organisation is not None:
        wanted.setdefault("organisation_type", organisation.organisation_type)
        if organisation.municipality_code:
            wanted.setdefault("municipality", organisation.municipality_code)
    clean = validate_prefill(traject, wanted)
    link = Link(
        token=_unused_token(),
        traject_id=traject.id,
        organisation_id=organisation.id if organisation else None,
        audience=audience,
        prefill=clean,
        label=clean_text(label),
        channel=clean_text(channel),
        status="active",
    )
    db.session.add(link)
    db.session.flush()
    return link


def set_link_status(link: Link, status: str) -> Link:
    if status not in ("active", "paused", "closed"):
        raise InputError({"status": _("Unknown status.")})
    if link.status == "closed" and status != "closed":
        raise InputError({"status": _("A closed link stays closed. Make a new link instead.")})
    link.status = status
    db.session.flush()
    return link


def replace_link(link: Link) -> Link:
    """Close a link and give its organisation a new one with the same settings; stories stay put.
    A closed link is not replaced: it may have been closed for good (a traject being ended)."""
    if link.status == "closed":
        raise InputError({"status": _("A closed link stays closed. Make a new link instead.")})
    new = create_link(
        link.traject,
        organisation=link.organisation,
        audience=link.audience,
        prefill=link.prefill,
        label=link.label,
        channel=link.channel,
    )
    link.status = "closed"
    link.replaced_by_id = new.id
    db.session.flush()
    return new


def general_link(traject: Traject) -> Link | None:
    return db.session.scalar(
        select(Link)
        .where(Link.traject_id == traject.id, Link.organisation_id.is_(None), Link.status != "closed")
        .order_by(Link.id)
    )
