"""Quotes a facilitator releases for the public feedback page. The facilitator types the quote; it is
checked by the fast privacy rules at once and by the redaction worker (deduce) before it is shown, and
may never be a whole story or its title."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vertelpunt import jobs
from vertelpunt.core.errors import InputError
from vertelpunt.evolve import public_check
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Observation, ReleasedQuote, Story, Theme, Traject, User
from vertelpunt.text import clean_text

MAX_LENGTH = 300


def _flat(text: str) -> str:
    return " ".join(text.casefold().split())


def check_text(raw: str, story: Story | None, traject: Traject | None = None) -> str:
    """The quote as it may be published, or InputError saying what to change. The fast rules only:
    the redaction worker checks it again with deduce before it is public (publication.py)."""
    text = clean_text(raw or "")
    if not text:
        raise InputError({"text": _("Type the quote you want to release.")})
    if len(text) > MAX_LENGTH:
        raise InputError({"text": _("A quote may be at most %(n)s characters.", n=MAX_LENGTH)})
    title = _flat(story.title) if story is not None else ""
    if story is not None and (_flat(text) == _flat(story.text) or (title and title in _flat(text))):
        raise InputError(
            {"text": _("Release a short part of the story, never the whole story or its title.")}
        )
    allowed = public_check.allowed_names(traject) if traject is not None else []
    found = public_check.problems(text, public_check.Context(allowed))
    if found:
        raise InputError({"text": public_check.findings_message(found)})
    return text


def _story(traject: Traject, raw_id) -> Story:
    try:
        story = db.session.get(Story, int(raw_id))
    except (TypeError, ValueError):
        story = None
    if story is None or story.traject_id != traject.id:
        raise InputError({"story_id": _("Choose a story of this traject.")})
    return story


def _theme(traject: Traject, raw_id) -> Theme | None:
    if raw_id in (None, ""):
        return None
    try:
        theme = db.session.get(Theme, int(raw_id))
    except (TypeError, ValueError):
        theme = None
    if theme is None or theme.session.traject_id != traject.id:
        raise InputError({"theme_id": _("Choose a theme of this traject.")})
    return theme


def _quote(traject: Traject, raw_id) -> ReleasedQuote:
    try:
        quote = db.session.get(ReleasedQuote, int(raw_id))
    except (TypeError, ValueError):
        quote = None
    if quote is None or quote.traject_id != traject.id:
        raise InputError({"quote_id": _("This quote does not exist (any more).")})
    return quote


def release(
    traject: Traject, *, text: str, story_id, theme_id=None, user: User | None = None
) -> ReleasedQuote:
    story = _story(traject, story_id)
    theme = _theme(traject, theme_id)
    quote = ReleasedQuote(
        traject_id=traject.id,
        story_id=story.id,
        theme_id=theme.id if theme else None,
        text=check_text(text, story, traject),
        publication="requested",
        released_by=user.id if user is not None and user.is_authenticated else None,
    )
    db.session.add(quote)
    db.session.flush()
    jobs.enqueue_after_commit("check_publications")
    return quote


def edit(traject: Traject, quote_id, text: str) -> ReleasedQuote:
    quote = _quote(traject, quote_id)
    story = db.session.get(Story, quote.story_id) if quote.story_id else None
    changed = check_text(text, story, traject)
    if changed != quote.text:
        # A changed quote is a new request: hidden until the worker checked the new words.
        quote.text, quote.publication, quote.publication_findings = changed, "requested", []
        jobs.enqueue_after_commit("check_publications")
    return quote


def withdraw(traject: Traject, quote_id) -> None:
    db.session.delete(_quote(traject, quote_id))


def released(traject: Traject) -> list[ReleasedQuote]:
    return list(
        db.session.scalars(
            select(ReleasedQuote).where(ReleasedQuote.traject_id == traject.id).order_by(ReleasedQuote.id)
        )
    )


@dataclass
class ThemeStories:
    theme: Theme
    session: DuidingSession
    stories: list[Story]


def themes_with_stories(traject: Traject) -> list[ThemeStories]:
    """Every theme of the traject's sessions with the stories behind its observations, to quote from."""
    themes = db.session.scalars(
        select(Theme)
        .join(DuidingSession, Theme.session_id == DuidingSession.id)
        .where(DuidingSession.traject_id == traject.id)
        .options(
            selectinload(Theme.observations).selectinload(Observation.stories), selectinload(Theme.session)
        )
        .order_by(DuidingSession.held_on, Theme.position, Theme.id)
    )
    out = []
    for theme in themes:
        stories = {s.id: s for o in theme.observations for s in o.stories}
        if stories:
            out.append(ThemeStories(theme, theme.session, [stories[k] for k in sorted(stories)]))
    return out
