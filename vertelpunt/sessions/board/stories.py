"""The stories of a session that participants and the board may read."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Observation, SessionStory, Story

# Only stories deduce has been over reach a participant or the board. The set is chosen that way
# (sessions/selection.py); this also holds for a set chosen before that rule, or a story marked again.
READABLE = Story.redaction == "full"


def session_stories(session: DuidingSession) -> list[Story]:
    query = (
        select(Story)
        .join(SessionStory, SessionStory.story_id == Story.id)
        .where(SessionStory.session_id == session.id, READABLE)
        .options(selectinload(Story.answers), selectinload(Story.link))
        .order_by(SessionStory.position, SessionStory.id)
    )
    return list(db.session.scalars(query))


def session_story_or_404(session: DuidingSession, story_id: int) -> Story:
    """A fully redacted story of this session; any other story id, even one of the same traject or one
    deduce has not yet seen, is 404."""
    story = db.session.scalar(
        select(Story)
        .join(SessionStory, SessionStory.story_id == Story.id)
        .where(SessionStory.session_id == session.id, Story.id == story_id, READABLE)
    )
    if story is None:
        abort(404)
    return story


def readable(observation: Observation) -> list[Story]:
    """The card's stories a participant or the board may name (see READABLE)."""
    return [s for s in observation.stories if s.redaction == "full"]
