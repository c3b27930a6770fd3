"""The action ledger of a traject: every action with its owner, status, due date, origin and review
history. Story texts behind an action's theme are for facilitators and administrators only."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linkgen import cells
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import Action, ActionReview, Observation, Story, Traject
from vertelpunt.models.actions import ACTION_STATUSES, OPEN_STATUSES


def status_names() -> dict[str, str]:
    return {"open": _("open"), "in_progress": _("in progress"), "done": _("done"), "dropped": _("dropped")}


@dataclass
class Filters:
    owner: str = ""
    status: str = ""
    overdue: bool = False

    def as_args(self) -> dict[str, str]:
        args = {"owner": self.owner, "status": self.status, "overdue": "1" if self.overdue else ""}
        return {k: v for k, v in args.items() if v}


def read_filters(args: Mapping[str, str], owners: list[str]) -> Filters:
    errors: dict[str, str] = {}
    status = (args.get("status") or "").strip()
    owner = (args.get("owner") or "").strip()
    if status and status not in ACTION_STATUSES:
        errors["status"] = _("Choose a status from the list.")
    if owner and owner not in owners:
        errors["owner"] = _("Choose an owner from the list.")
    if errors:
        raise InputError(errors)
    return Filters(owner=owner, status=status, overdue=args.get("overdue") == "1")


# An open action nobody reviewed or updated for this long is "stale": listed at the top and in the digest.
STALE_WEEKS = 6


@dataclass
class LedgerRow:
    action: Action
    overdue: bool
    theme_name: str
    session_title: str
    session_date: dt.date
    reviews: list[ActionReview]
    stories: list[Story] = field(default_factory=list)

    stale: bool = False

    @property
    def last_news(self) -> dt.date:
        return last_news(self.action)


def is_overdue(action: Action, today: dt.date) -> bool:
    return action.due_on is not None and action.due_on < today and action.status in OPEN_STATUSES


def last_news(action: Action) -> dt.date:
    """The day of the action's last review, or the day it was made."""
    days = [r.reviewed_on for r in action.reviews] + [action.created_at.date()]
    return max(days)


def is_stale(action: Action, today: dt.date) -> bool:
    return action.status in OPEN_STATUSES and today - last_news(action) > dt.timedelta(weeks=STALE_WEEKS)


def needing_attention(traject: Traject, today: dt.date) -> list[LedgerRow]:
    """Open actions past their date or without news for STALE_WEEKS: the ledger's top and the digest."""
    return [r for r in rows(traject, Filters(), today, with_stories=False) if r.overdue or r.stale]


def owners(traject: Traject) -> list[str]:
    names = db.session.scalars(
        select(Action.owner_organisation).where(Action.traject_id == traject.id).distinct()
    )
    return sorted({n for n in names if n})


def _stories_by_theme(theme_ids: set[int]) -> dict[int, list[Story]]:
    if not theme_ids:
        return {}
    observations = db.session.scalars(
        select(Observation)
        .where(Observation.theme_id.in_(theme_ids))
        .options(selectinload(Observation.stories))
        .order_by(Observation.id)
    )
    found: dict[int, dict[int, Story]] = {}
    for obs in observations:
        for story in obs.stories:
            found.setdefault(obs.theme_id, {})[story.id] = story
    return {tid: sorted(stories.values(), key=lambda s: s.id) for tid, stories in found.items()}


def rows(traject: Traject, filters: Filters, today: dt.date, with_stories: bool) -> list[LedgerRow]:
    """Overdue actions first, then stale ones, then by due date (none last) and age."""
    query = (
        select(Action)
        .where(Action.traject_id == traject.id)
        .options(
            selectinload(Action.session),
            selectinload(Action.theme),
            selectinload(Action.reviews).selectinload(ActionReview.session),
        )
    )
    if filters.owner:
        query = query.where(Action.owner_organisation == filters.owner)
    if filters.status:
        query = query.where(Action.status == filters.status)
    actions = list(db.session.scalars(query))
    if filters.overdue:
        actions = [a for a in actions if is_overdue(a, today)]
    stories = _stories_by_theme({a.theme_id for a in actions if a.theme_id}) if with_stories else {}
    out = [
        LedgerRow(
            action=a,
            overdue=is_overdue(a, today),
            theme_name=a.theme.name if a.theme else "",
            session_title=a.session.title,
            session_date=a.session.held_on,
            reviews=sorted(a.reviews, key=lambda r: (r.session.held_on, r.id)),
            stories=stories.get(a.theme_id, []) if a.theme_id else [],
            stale=is_stale(a, today),
        )
        for a in actions
    ]
    out.sort(key=lambda r: (not r.overdue, not r.stale, r.action.due_on or dt.date.max, r.action.id))
    return out


def to_csv(ledger: list[LedgerRow], with_stories: bool) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark, as Dutch Excel opens it."""
    out = io.StringIO()
    # Titles, owners and next steps are typed by people: cells escapes any a spreadsheet would run.
    writer = cells.writer(out, delimiter=";", lineterminator="\r\n")
    header = [
        "action_id",
        "title",
        "status",
        "overdue",
        "due_on",
        "owner_organisation",
        "owner_person",
        "next_step",
        "first_step",
        "term",
        "size",
        "public",
        "theme",
        "session",
        "session_date",
        "reviews",
    ]
    if with_stories:
        header.append("story_ids")
    writer.writerow(header)
    for r in ledger:
        a = r.action
        history = " | ".join(
            f"{rv.session.held_on.isoformat()} {rv.session.title}: {rv.status}"
            + (f"; {rv.next_step}" if rv.next_step else "")
            for rv in r.reviews
        )
        line = [
            a.id,
            a.title,
            a.status,
            "true" if r.overdue else "false",
            a.due_on.isoformat() if a.due_on else "",
            a.owner_organisation,
            a.owner_person,
            a.current_next_step,
            "true" if a.first_step else "false",
            a.term,
            a.size,
            "true" if a.public else "false",
            r.theme_name,
            r.session_title,
            r.session_date.isoformat(),
            history,
        ]
        if with_stories:
            line.append(" ".join(str(s.id) for s in r.stories))
        writer.writerow(line)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
