"""The public feedback page of a traject: what was learned (themes of closed sessions, in aggregate)
and what is being done (public actions). Only what a facilitator published and the privacy check passed
(see publication.py); never a story, never the engine's key terms or names, never an owner person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from vertelpunt.coalition import disclosure
from vertelpunt.core.access import traject_by_slug
from vertelpunt.evolve.ledger import status_names
from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, Observation, ReleasedQuote, Theme, Traject

# Done and dropped actions come last: people first want to know what is still going on.
STATUS_ORDER = {"in_progress": 0, "open": 1, "done": 2, "dropped": 3}


def threshold(traject: Traject) -> int:
    # The traject's own threshold when it raised it: the one rule of vertelpunt/coalition/disclosure.py.
    return disclosure.threshold_for(traject)


@dataclass
class LearnedTheme:
    """A theme as a person published it: their name and summary, never the engine's words."""

    name: str
    summary: str
    observations: int
    stories: int


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


def public_theme_name(theme: Theme | None) -> str:
    """A theme's name where something else refers to it: only the name a person published."""
    return theme.public_name if theme is not None and theme.publication == "public" else ""


def learned_theme(theme: Theme, name: str, summary: str) -> LearnedTheme:
    stories = {s.id for o in theme.observations for s in o.stories}
    return LearnedTheme(name, summary, len(theme.observations), len(stories))


def learned_themes(traject: Traject) -> tuple[list[LearnedTheme], int]:
    """Published themes of closed sessions, newest session first. Closing a session publishes nothing:
    a theme is here only after a facilitator published it and the privacy check passed."""
    closed = db.session.scalar(
        select(func.count(DuidingSession.id)).where(
            DuidingSession.traject_id == traject.id, DuidingSession.status == "closed"
        )
    )
    themes = db.session.scalars(
        select(Theme)
        .join(DuidingSession, Theme.session_id == DuidingSession.id)
        .where(
            DuidingSession.traject_id == traject.id,
            DuidingSession.status == "closed",
            Theme.publication == "public",
        )
        .options(selectinload(Theme.observations).selectinload(Observation.stories))
        .order_by(DuidingSession.held_on.desc(), DuidingSession.id.desc(), Theme.position, Theme.id)
    )
    return [learned_theme(t, t.public_name, t.public_summary) for t in themes], closed or 0


def public_action(action: Action, title: str, description: str, organisation: str, theme_name: str):
    names = status_names()
    return PublicAction(
        title=title,
        description=description,
        status=action.status,
        status_label=names.get(action.status, action.status),
        owner_organisation=organisation,
        theme_name=theme_name,
    )


def public_actions(traject: Traject) -> list[PublicAction]:
    """Published actions with their live status; the owner organisation only when it was published
    with them, the owner person never (there is no public copy of it)."""
    actions = db.session.scalars(
        select(Action)
        .join(DuidingSession, Action.session_id == DuidingSession.id)
        .where(
            Action.traject_id == traject.id,
            Action.public.is_(True),
            Action.publication == "public",
            DuidingSession.status == "closed",
        )
        .options(selectinload(Action.theme))
        .order_by(Action.id)
    )
    out = [
        public_action(
            a, a.public_title, a.public_description, a.public_organisation, public_theme_name(a.theme)
        )
        for a in actions
    ]
    return sorted(out, key=lambda a: STATUS_ORDER.get(a.status, 9))


def public_quotes(traject: Traject) -> list[PublicQuote]:
    quotes = db.session.scalars(
        select(ReleasedQuote)
        .where(ReleasedQuote.traject_id == traject.id, ReleasedQuote.publication == "public")
        .order_by(ReleasedQuote.id)
    )
    out = []
    for q in quotes:
        theme = db.session.get(Theme, q.theme_id) if q.theme_id else None
        out.append(PublicQuote(q.text, public_theme_name(theme)))
    return out


def feedback(traject: Traject) -> Feedback:
    themes, closed = learned_themes(traject)
    return Feedback(
        traject, themes, public_actions(traject), public_quotes(traject), threshold(traject), closed
    )


def traject_for_public(slug: str) -> Traject | None:
    return traject_by_slug(slug)


def count_text(count: int, limit: int) -> str:
    # 0 is 0 (spec 4.4): nothing to hide, and "fewer than 10" would suggest someone.
    return disclosure.shown(count, limit, hidden=count < limit).text


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
            lines.append(f"- {theme.name}: {theme.summary}" if theme.summary else f"- {theme.name}")
    elif data.closed_sessions:
        lines.append(_("We have talked about the stories together. What we learned will be here soon."))
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


def preview(plan) -> Feedback:
    """What a publication plan (publication.Plan) would add to the public page, built exactly as the
    page builds it: the Publiceren step shows this before the facilitator confirms."""
    names = {c.theme.id: c.name for c in plan.chosen_themes}
    themes = [learned_theme(c.theme, c.name, c.summary) for c in plan.chosen_themes]
    actions = [
        public_action(c.action, c.title, c.description, c.organisation, names.get(c.action.theme_id, ""))
        for c in plan.chosen_actions
    ]
    actions.sort(key=lambda a: STATUS_ORDER.get(a.status, 9))
    return Feedback(plan.session.traject, themes, actions, [], threshold(plan.session.traject), 1)
