"""Quotes a facilitator releases for the public feedback page. The facilitator types the quote; it is
checked by the fast privacy rules and may never be a whole story or its title."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Observation, ReleasedQuote, Story, Theme, Traject, User
from vertelpunt.privacy import find_personal_details
from vertelpunt.staff.services import InputError
from vertelpunt.text import clean_text

MAX_LENGTH = 300


def _kind_names() -> dict[str, str]:
    return {
        "name": _("a name"),
        "phone": _("a phone number"),
        "email": _("an e-mail address"),
        "address": _("an address"),
        "postcode": _("a postcode"),
        "birth_date": _("a date of birth"),
        "date": _("a date"),
        "school": _("a school name"),
        "handle": _("a social media name"),
        "bsn": _("a citizen service number"),
    }


def _flat(text: str) -> str:
    return " ".join(text.casefold().split())


def check_text(raw: str, story: Story | None) -> str:
    """The quote as it may be published, or InputError saying what to change."""
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
    findings = find_personal_details(text)
    if findings:
        names = _kind_names()
        found = "; ".join(f"{names.get(f.kind, f.kind)}: “{f.text}”" for f in findings)
        raise InputError(
            {
                "text": _(
                    "This looks personal (%(found)s). Change or remove it before you release the quote.",
                    found=found,
                )
            }
        )
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
        text=check_text(text, story),
        released_by=user.id if user is not None and user.is_authenticated else None,
    )
    db.session.add(quote)
    db.session.flush()
    return quote


def edit(traject: Traject, quote_id, text: str) -> ReleasedQuote:
    quote = _quote(traject, quote_id)
    story = db.session.get(Story, quote.story_id) if quote.story_id else None
    quote.text = check_text(text, story)
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
