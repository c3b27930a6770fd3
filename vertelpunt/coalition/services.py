"""What the coalition changes besides its organisation table (organisation_table.py): share texts,
targets and digest settings.

Functions flush and leave the single commit to the request or command. Bad input raises InputError
before anything is written; the forms (vertelpunt/forms/coalition.py) check the shape of what a page
sent, these functions what it means."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from linkgen import texts as share_texts
from vertelpunt.coalition.organisation_table import import_table, table_rows
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import audience_ids
from vertelpunt.models import CoalitionSettings, ShareText, Target, Traject
from vertelpunt.models.coalition import EVERY_VALUE, TARGET_DIMENSIONS

# Kept here for callers of the former single module (tests/test_csv_safety.py, tests/test_mail.py).
__all__ = ["import_table", "table_rows"]

EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
MAX_TARGET_COUNT = 100_000

# Share texts -------------------------------------------------------------------------------------------


def share_text(traject: Traject, audience: str, kind: str) -> str:
    own = db.session.scalar(
        select(ShareText.body).where(
            ShareText.traject_id == traject.id, ShareText.audience == audience, ShareText.kind == kind
        )
    )
    return own if own is not None else share_texts.default(audience, kind)


def text_problem(code: str, detail: str) -> str:
    if code == "empty":
        return _("This text is empty.")
    if code == "too_long":
        return _("This text is too long (at most %(n)s characters).", n=detail)
    if code == "no_link":
        return _("Put %(placeholder)s in the text: that is where the link goes.", placeholder=detail)
    return _("%(placeholder)s is not a placeholder we know.", placeholder=detail)


def save_share_texts(traject: Traject, audience: str, wanted: dict[str, str]) -> None:
    """Store a traject's texts for one audience; a text equal to the default (or empty) removes its own."""
    if audience not in share_texts.AUDIENCES:
        raise InputError({"audience": _("Choose an audience from the list.")})
    errors = {}
    for kind, body in wanted.items():
        if kind not in share_texts.KINDS:
            continue
        body = body.replace("\r\n", "\n").strip()
        if body and body != share_texts.default(audience, kind):
            problems = share_texts.check(kind, body)
            if problems:
                errors[kind] = " ".join(text_problem(code, detail) for code, detail in problems)
    if errors:
        raise InputError(errors)
    for kind, body in wanted.items():
        if kind not in share_texts.KINDS:
            continue
        body = body.replace("\r\n", "\n").strip()
        own = db.session.scalar(
            select(ShareText).where(
                ShareText.traject_id == traject.id, ShareText.audience == audience, ShareText.kind == kind
            )
        )
        if not body or body == share_texts.default(audience, kind):
            if own is not None:
                db.session.delete(own)
        elif own is None:
            db.session.add(ShareText(traject_id=traject.id, audience=audience, kind=kind, body=body))
        else:
            own.body = body
    db.session.flush()


# Targets -----------------------------------------------------------------------------------------------


def target_values(traject: Traject, dimension: str) -> list[str]:
    if dimension == "audience":
        return list(audience_ids(everyone=False))
    if dimension == "municipality":
        return [m.code for m in traject.municipalities]
    return get_framework()[dimension].option_ids()


def add_target(
    traject: Traject,
    *,
    dimension: str,
    value: str,
    min_count: int | None = None,
    min_share: int | None = None,
) -> Target:
    errors = {}
    if dimension not in TARGET_DIMENSIONS:
        errors["dimension"] = _("Choose what the target is about.")
    elif value != EVERY_VALUE and value not in target_values(traject, dimension):
        errors["value"] = _("Choose a group from the list.")
    if min_count is not None and not 1 <= min_count <= MAX_TARGET_COUNT:
        errors["min_count"] = _("Fill in a whole number of at least 1.")
    if min_share is not None and not 1 <= min_share <= 100:
        errors["min_share"] = _("Fill in a percentage from 1 to 100.")
    if min_count is None and min_share is None:
        errors["min_count"] = _("Fill in a number of stories, a percentage, or both.")
    if not errors and db.session.scalar(
        select(Target.id).where(
            Target.traject_id == traject.id, Target.dimension == dimension, Target.value == value
        )
    ):
        errors["value"] = _("There already is a target for this group. Remove it first to change it.")
    if errors:
        raise InputError(errors)
    target = Target(
        traject_id=traject.id, dimension=dimension, value=value, min_count=min_count, min_share=min_share
    )
    db.session.add(target)
    db.session.flush()
    return target


def remove_target(traject: Traject, target_id: int) -> None:
    target = db.session.get(Target, target_id)
    if target is None or target.traject_id != traject.id:
        raise InputError({"target": _("This target does not exist (any more).")})
    db.session.delete(target)
    db.session.flush()


def targets(traject: Traject) -> list[Target]:
    return list(
        db.session.scalars(
            select(Target).where(Target.traject_id == traject.id).order_by(Target.dimension, Target.id)
        )
    )


# Digest settings ---------------------------------------------------------------------------------------


# A link is quiet after this many whole weeks without a story; a fixed list, so that trying every
# setting cannot tell the day of a link's last story (see gaps.quiet_links).
QUIET_WEEKS = (1, 2, 3, 4, 6, 8)


def quiet_weeks(settings: CoalitionSettings) -> int:
    """The whole weeks after which a link is quiet: a number of days from before the fixed list counts
    as the next longer choice."""
    days = settings.quiet_days or 14
    return next((w for w in QUIET_WEEKS if 7 * w >= days), QUIET_WEEKS[-1])


def settings_for(traject: Traject) -> CoalitionSettings:
    found = db.session.get(CoalitionSettings, traject.id)
    return (
        found if found is not None else CoalitionSettings(traject_id=traject.id, quiet_days=14, recipients="")
    )


def wrong_addresses(recipients: str) -> list[str]:
    """The entries of a list of addresses (split on commas, semicolons and spaces) that are none."""
    return [a for a in _addresses(recipients) if not EMAIL.match(a)]


def _addresses(recipients: str) -> list[str]:
    return [a.strip() for a in re.split(r"[,;\s]+", recipients) if a.strip()]


def save_settings(traject: Traject, *, recipients: str, quiet_days: int | str) -> CoalitionSettings:
    errors = {}
    wrong = wrong_addresses(recipients)
    if wrong:
        errors["recipients"] = _("These are not e-mail addresses: %(wrong)s", wrong=", ".join(wrong))
    raw = str(quiet_days).strip()
    if not (raw.isascii() and raw.isdigit()) or int(raw) not in {7 * w for w in QUIET_WEEKS}:
        errors["quiet_days"] = _("Choose a number of weeks from the list.")
    if errors:
        raise InputError(errors)
    found = db.session.get(CoalitionSettings, traject.id)
    if found is None:
        found = CoalitionSettings(traject_id=traject.id)
        db.session.add(found)
    found.recipients = ", ".join(dict.fromkeys(_addresses(recipients)))
    found.quiet_days = int(raw)
    db.session.flush()
    return found


def trajecten() -> list[Traject]:
    return list(db.session.scalars(select(Traject).order_by(Traject.slug)))
