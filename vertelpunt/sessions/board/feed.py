"""What the facilitator's screen polls for: the cards added since its last look, and what happened to
the cards it already shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Observation, User
from vertelpunt.sessions.board.cards import observations_of
from vertelpunt.sessions.board.signification import story_title
from vertelpunt.sessions.board.stories import readable

# A change is sent again for this long: an edit that committed just after a poll read the table still
# reaches the screen, although its time lies before that poll's.
CHANGE_OVERLAP = dt.timedelta(seconds=60)


def author_name(observation: Observation) -> str:
    if observation.participant is not None:
        return observation.participant.name
    if observation.author_user_id is not None:
        user = db.session.get(User, observation.author_user_id)
        return user.username if user else _("facilitator")
    return _("unknown")


@dataclass(frozen=True)
class FeedItem:
    id: int
    text: str
    author: str
    stories: list[dict]
    theme_id: int | None

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "author": self.author,
            "stories": self.stories,
            "theme_id": self.theme_id,
        }


def _feed_item(o: Observation) -> FeedItem:
    return FeedItem(
        o.id, o.text, author_name(o), [{"id": s.id, "title": story_title(s)} for s in readable(o)], o.theme_id
    )


def feed(session: DuidingSession, since: int) -> list[FeedItem]:
    """Observations added after `since` (an observation id), for the facilitator's screen."""
    return [_feed_item(o) for o in observations_of(session, since)]


@dataclass(frozen=True)
class Changes:
    changed: list[FeedItem]  # cards the screen has, whose author changed them
    ids: list[int]  # every card the session still has: the screen drops the others
    now: str  # give this back as `changed_after` on the next poll


def changes(session: DuidingSession, up_to: int, changed_after: dt.datetime | None) -> Changes:
    """What happened to the cards a screen already shows (ids up to `up_to`) since its last poll
    (`changed_after`: the `now` of its last answer; None on a first poll, whose page is up to date)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    changed = []
    if changed_after is not None:
        query = (
            select(Observation)
            .where(
                Observation.session_id == session.id,
                Observation.id <= up_to,
                Observation.edited_at.is_not(None),
                Observation.edited_at >= changed_after - CHANGE_OVERLAP,
            )
            .options(selectinload(Observation.stories), selectinload(Observation.participant))
            .order_by(Observation.id)
        )
        changed = [_feed_item(o) for o in db.session.scalars(query)]
    ids = list(
        db.session.scalars(
            select(Observation.id).where(Observation.session_id == session.id).order_by(Observation.id)
        )
    )
    return Changes(changed, ids, now.isoformat())
