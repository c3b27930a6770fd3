"""The public feedback page of a traject: what was learned (themes of closed sessions, in aggregate)
and what is being done (public actions). Never a story: only quotes a facilitator released."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vertelpunt.evolve.ledger import status_names
from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, Observation, ReleasedQuote, Theme, Traject
from vertelpunt.staff.services import traject_by_slug

MAX_TERMS = 6
# Done and dropped actions come last: people first want to know what is still going on.
STATUS_ORDER = {"in_progress": 0, "open": 1, "done": 2, "dropped": 3}


def threshold() -> int:
    return int(current_app.config["ANONYMITY_THRESHOLD"])


@dataclass
class LearnedTheme:
    name: str
    key_terms: list[str]
    observations: int
    stories: int

    def shown(self, count: int, limit: int) -> int | None:
        """The count, or None when it is under the anonymity threshold."""
        return count if count >= limit else None


@dataclass
class PublicAction:
    title: str
    description: str
    status: str
    status_label: str
    owner_organisation: str
    theme_name: str


@dataclass
class PublicQuote:
    text: str
    theme_name: str


@dataclass
class Feedback:
    traject: Traject
    themes: list[LearnedTheme]
    actions: list[PublicAction]
    quotes: list[PublicQuote]
    threshold: int
    closed_sessions: int


def learned_themes(traject: Traject) -> tuple[list[LearnedTheme], int]:
    """Themes of closed sessions; a theme name that comes back in a later session is one theme, with
    the observations and (distinct) stories of both."""
    sessions = list(
        db.session.scalars(
            select(DuidingSession)
            .where(DuidingSession.traject_id == traject.id, DuidingSession.status == "closed")
            .order_by(DuidingSession.held_on, DuidingSession.id)
        )
    )
    if not sessions:
        return [], 0
    themes = db.session.scalars(
        select(Theme)
        .where(Theme.session_id.in_([s.id for s in sessions]))
        .options(selectinload(Theme.observations).selectinload(Observation.stories))
        .order_by(Theme.session_id, Theme.position, Theme.id)
    )
    merged: dict[str, dict] = {}
    for theme in themes:
        if not theme.observations or not theme.name.strip():
            continue
        entry = merged.setdefault(
            " ".join(theme.name.casefold().split()),
            {"name": theme.name.strip(), "terms": [], "observations": 0, "stories": set()},
        )
        for term in theme.key_terms or []:
            if isinstance(term, str) and term not in entry["terms"]:
                entry["terms"].append(term)
        entry["observations"] += len(theme.observations)
        entry["stories"].update(s.id for o in theme.observations for s in o.stories)
    learned = [
        LearnedTheme(e["name"], e["terms"][:MAX_TERMS], e["observations"], len(e["stories"]))
        for e in merged.values()
    ]
    learned.sort(key=lambda t: (-t.observations, t.name.casefold()))
    return learned, len(sessions)


def public_actions(traject: Traject) -> list[PublicAction]:
    actions = db.session.scalars(
        select(Action)
        .where(Action.traject_id == traject.id, Action.public.is_(True))
        .options(selectinload(Action.theme))
        .order_by(Action.id)
    )
    names = status_names()
    out = [
        PublicAction(
            title=a.title,
            description=a.description,
            status=a.status,
            status_label=names.get(a.status, a.status),
            owner_organisation=a.owner_organisation,
            theme_name=a.theme.name if a.theme else "",
        )
        for a in actions
    ]
    return sorted(out, key=lambda a: STATUS_ORDER.get(a.status, 9))


def public_quotes(traject: Traject) -> list[PublicQuote]:
    quotes = db.session.scalars(
        select(ReleasedQuote).where(ReleasedQuote.traject_id == traject.id).order_by(ReleasedQuote.id)
    )
    out = []
    for q in quotes:
        theme = db.session.get(Theme, q.theme_id) if q.theme_id else None
        out.append(PublicQuote(q.text, theme.name if theme else ""))
    return out


def feedback(traject: Traject) -> Feedback:
    themes, closed = learned_themes(traject)
    return Feedback(traject, themes, public_actions(traject), public_quotes(traject), threshold(), closed)


def traject_for_public(slug: str) -> Traject | None:
    return traject_by_slug(slug)


def count_text(count: int, limit: int) -> str:
    if count >= limit:
        return str(count)
    return _("fewer than %(n)s", n=limit)


def newsletter_text(data: Feedback, url: str, today: dt.date | None = None) -> str:
    """Plain text for a newsletter or intranet page, in B1 Dutch (or English when asked)."""
    t = data.traject
    today = today or dt.date.today()
    lines = [
        _("What we learned from your stories: %(region)s", region=t.region),
        "",
        _(
            "Young people, parents and professionals in %(region)s shared their experiences about: %(focus)s.",
            region=t.region,
            focus=t.focus,
        ),
        "",
        _("What we learned"),
        "",
    ]
    if data.themes:
        for theme in data.themes:
            terms = f" ({', '.join(theme.key_terms)})" if theme.key_terms else ""
            lines.append(f"- {theme.name}{terms}")
    else:
        lines.append(_("We have not yet discussed the stories together. We will share what we learn here."))
    lines += ["", _("What we do with it"), ""]
    if data.actions:
        for action in data.actions:
            owner = f" – {action.owner_organisation}" if action.owner_organisation else ""
            lines.append(f"- {action.title} ({action.status_label}){owner}")
    else:
        lines.append(_("There are no actions yet."))
    if data.quotes:
        lines += ["", _("In their own words"), ""]
        lines += [f"„{q.text}”" for q in data.quotes]
    lines += [
        "",
        _("Read more: %(url)s", url=url),
        _("Status on %(date)s.", date=format_date(today, "d MMMM y", locale=str(get_locale() or "nl"))),
    ]
    return "\n".join(lines) + "\n"
