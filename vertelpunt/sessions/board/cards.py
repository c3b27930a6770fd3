"""The observations people write during a session (the cards on the board): adding, changing and
taking them back, each checked and redacted by the rules before it is stored."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as N_  # lazy, under a name Babel's extractor knows
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from vertelpunt import jobs
from vertelpunt.core.errors import InputError
from vertelpunt.core.ids import row_or_404
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Observation, SessionParticipant, Story, User
from vertelpunt.sessions.board.personal import by_rules, warn
from vertelpunt.sessions.board.regroup import removable
from vertelpunt.sessions.board.stories import session_stories
from vertelpunt.text import clean_text

OBSERVATION_MAX = 2000
FORM_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# Lazy: the observation forms refuse a story of another session with the same sentence.
NOT_IN_SESSION = N_("One of the chosen stories is not part of this session. Choose again.")


def _chosen_stories(session: DuidingSession, story_ids: Iterable[int]) -> tuple[list[Story], str | None]:
    wanted = list(dict.fromkeys(story_ids))
    if not wanted:
        return [], _("Choose at least one story that your observation is about.")
    stories = {s.id: s for s in session_stories(session)}
    if any(i not in stories for i in wanted):
        return [], str(NOT_IN_SESSION)
    return [stories[i] for i in wanted], None


def _checked(
    session: DuidingSession, text: str, story_ids: Iterable[int], personal_checked: bool = False
) -> tuple[str, list[Story]]:
    """The text as stored (redacted by the rules) and the stories; InputError or LooksPersonal otherwise.
    Only the redacted text goes on: the board, the feed, the engine and the report never see the typed one."""
    errors: dict[str, str] = {}
    text = clean_text(text)  # PostgreSQL refuses NUL; direction overrides could disguise a card
    if not text:
        errors["text"] = _("Write down what you noticed.")
    elif len(text) > OBSERVATION_MAX:
        errors["text"] = _("Make your observation shorter (at most %(n)s characters).", n=OBSERVATION_MAX)
    stories, problem = _chosen_stories(session, story_ids)
    if problem:
        errors["stories"] = problem
    if errors:
        raise InputError(errors)
    redacted = by_rules(text)
    warn(personal_checked, redacted)
    return redacted.text, stories


def new_form_key() -> str:
    return secrets.token_urlsafe(18)


def usable_form_key(raw: str | None) -> str | None:
    """A key this server could have put in the form; anything else is ignored (then no double-post guard)."""
    return raw if isinstance(raw, str) and FORM_KEY.match(raw) else None


def observation_by_key(session: DuidingSession, form_key: str | None) -> Observation | None:
    key = usable_form_key(form_key)
    if key is None:
        return None
    return db.session.scalar(
        select(Observation).where(Observation.session_id == session.id, Observation.form_key == key)
    )


def add_observation(
    session: DuidingSession,
    text: str,
    story_ids: Iterable[int],
    participant: SessionParticipant | None = None,
    author: User | None = None,
    form_key: str | None = None,
    personal_checked: bool = False,
) -> Observation:
    """A new observation on one or more of the session's stories; InputError (nothing added) otherwise.

    The same form posted again (same ``form_key``) gives the observation it stored the first time. Two
    posts at the very same moment can both get past that check; the unique key then refuses the second
    one's insert, and the first one's card is the answer to both.

    What looks personal raises LooksPersonal until the writer has seen it (``personal_checked``); then
    the card is stored with the rules' tags (``[naam]``) in place of those words."""
    text, stories = _checked(session, text, story_ids, personal_checked)
    earlier = observation_by_key(session, form_key)
    if earlier is not None:
        return earlier
    observation = Observation(
        session_id=session.id,
        participant_id=participant.id if participant else None,
        author_user_id=author.id if author else None,
        text=text,
        form_key=usable_form_key(form_key),
        placement="engine",
    )
    observation.stories.extend(stories)
    try:
        with db.session.begin_nested():  # a savepoint: a refused twin leaves the request's work intact
            db.session.add(observation)
    except IntegrityError:
        twin = observation_by_key(session, form_key)
        if twin is None:
            raise
        return twin
    jobs.enqueue_after_commit("embed_cards", session.id)
    return observation


def own_observation_or_404(participant: SessionParticipant, observation_id: int) -> Observation:
    """One of this participant's own observations; anyone else's card (or none) is 404."""
    return row_or_404(Observation, observation_id, participant_id=participant.id)


def change_observation(
    observation: Observation, text: str, story_ids: Iterable[int], personal_checked: bool = False
) -> Observation:
    """The author rewrites a card or changes its stories. It stays where it is on the board: a theme
    that people built around it keeps it; the engine looks at it again at its next grouping. Checked and
    redacted as a new card is."""
    text, stories = _checked(observation.session, text, story_ids, personal_checked)
    observation.text = text
    observation.stories[:] = stories
    observation.edited_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    db.session.flush()
    return observation


def remove_observation(observation: Observation) -> None:
    """The author takes a card back. A theme the engine made that is left empty goes with it."""
    theme = observation.theme
    db.session.delete(observation)
    db.session.flush()
    if theme is not None:
        left = db.session.scalar(select(func.count(Observation.id)).where(Observation.theme_id == theme.id))
        if not left and removable(theme):
            db.session.delete(theme)
            db.session.flush()


def observations_of(session: DuidingSession, since: int = 0) -> list[Observation]:
    query = (
        select(Observation)
        .where(Observation.session_id == session.id, Observation.id > since)
        .options(selectinload(Observation.stories), selectinload(Observation.participant))
        .order_by(Observation.id)
    )
    return list(db.session.scalars(query))


def own_observations(participant: SessionParticipant) -> list[Observation]:
    query = (
        select(Observation)
        .where(Observation.participant_id == participant.id)
        .options(selectinload(Observation.stories))
        .order_by(Observation.id)
    )
    return list(db.session.scalars(query))
