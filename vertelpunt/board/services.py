"""The live session's rules: finding a session by its code, observations on its stories, evaluations,
and the feed the facilitator's screen polls. Routes stay thin; tests call these directly."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from vertelpunt.board.codes import candidates
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import (
    DuidingSession,
    Observation,
    SessionEvaluation,
    SessionParticipant,
    SessionStory,
    Story,
    Traject,
    User,
)
from vertelpunt.privacy import Redacted, redact
from vertelpunt.share.privacy import personal_snippets
from vertelpunt.text import clean_text
from vertelpunt.web import row_id, row_or_404

OBSERVATION_MAX = 2000
NAME_MAX = 120
ORGANISATION_MAX = 160
EVALUATION_MAX = 2000
FORM_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class LooksPersonal(Exception):
    """What was typed looks personal and the writer has not seen the warning yet: nothing is stored.
    ``snippets`` are the writer's own words, shown back only to the writer (as the narrator's form does)."""

    def __init__(self, snippets: list[str]):
        super().__init__("looks personal")
        self.snippets = snippets


def by_rules(text: str) -> Redacted:
    """The fast rules only (milliseconds, so inside the request): what a card stores, and what the
    writer is warned about. Cards are projected at once, so they never wait for the deduce worker."""
    return redact(text, use_deduce=False)


def _warn(personal_checked: bool, *parts: Redacted) -> None:
    if not personal_checked and (snippets := personal_snippets(*parts)):
        raise LooksPersonal(snippets)


def open_session_by_code(raw: str) -> DuidingSession | None:
    """The open session with this code; a prepared or closed session's code gives nothing."""
    codes = candidates(raw)
    if not codes:
        return None
    return db.session.scalar(
        select(DuidingSession).where(
            func.upper(DuidingSession.join_code).in_(codes), DuidingSession.status == "open"
        )
    )


def session_or_404(session_id: int) -> DuidingSession:
    duiding = db.session.get(DuidingSession, session_id) if row_id(session_id) else None
    if duiding is None:
        abort(404)
    return duiding


def session_in_traject(traject: Traject, session_id: int) -> DuidingSession:
    """A session of this traject, or 404: a session id of another traject reveals nothing."""
    return row_or_404(DuidingSession, session_id, traject_id=traject.id)


# Only stories deduce has been over reach a participant or the board. The set is chosen that way
# (sessions/selection.py); this also holds for a set chosen before that rule, or a story marked again.
READABLE = Story.redaction == "full"


def session_stories(duiding: DuidingSession) -> list[Story]:
    query = (
        select(Story)
        .join(SessionStory, SessionStory.story_id == Story.id)
        .where(SessionStory.session_id == duiding.id, READABLE)
        .options(selectinload(Story.answers), selectinload(Story.link))
        .order_by(SessionStory.position, SessionStory.id)
    )
    return list(db.session.scalars(query))


def session_story_or_404(duiding: DuidingSession, story_id: int) -> Story:
    """A fully redacted story of this session; any other story id, even one of the same traject or one
    deduce has not yet seen, is 404."""
    story = db.session.scalar(
        select(Story)
        .join(SessionStory, SessionStory.story_id == Story.id)
        .where(SessionStory.session_id == duiding.id, Story.id == story_id, READABLE)
    )
    if story is None:
        abort(404)
    return story


def _story_ids(duiding: DuidingSession, raw: Iterable[str]) -> tuple[list[Story], str | None]:
    wanted: list[int] = []
    for value in raw:
        value = (value or "").strip()
        if not value:
            continue
        found = row_id(value)
        if found is None:
            return [], _("One of the chosen stories is not part of this session. Choose again.")
        if found not in wanted:
            wanted.append(found)
    if not wanted:
        return [], _("Choose at least one story that your observation is about.")
    stories = {s.id: s for s in session_stories(duiding)}
    if any(i not in stories for i in wanted):
        return [], _("One of the chosen stories is not part of this session. Choose again.")
    return [stories[i] for i in wanted], None


def _checked(
    duiding: DuidingSession, text: str, story_ids: Iterable[str], personal_checked: bool = False
) -> tuple[str, list[Story]]:
    """The text as stored (redacted by the rules) and the stories; InputError or LooksPersonal otherwise.
    Only the redacted text goes on: the board, the feed, the engine and the report never see the typed one."""
    errors: dict[str, str] = {}
    text = clean_text(text)  # PostgreSQL refuses NUL; direction overrides could disguise a card
    if not text:
        errors["text"] = _("Write down what you noticed.")
    elif len(text) > OBSERVATION_MAX:
        errors["text"] = _("Make your observation shorter (at most %(n)s characters).", n=OBSERVATION_MAX)
    stories, problem = _story_ids(duiding, story_ids)
    if problem:
        errors["stories"] = problem
    if errors:
        raise InputError(errors)
    redacted = by_rules(text)
    _warn(personal_checked, redacted)
    return redacted.text, stories


def new_form_key() -> str:
    return secrets.token_urlsafe(18)


def usable_form_key(raw: str | None) -> str | None:
    """A key this server could have put in the form; anything else is ignored (then no double-post guard)."""
    return raw if raw and FORM_KEY.match(raw) else None


def observation_by_key(duiding: DuidingSession, form_key: str | None) -> Observation | None:
    key = usable_form_key(form_key)
    if key is None:
        return None
    return db.session.scalar(
        select(Observation).where(Observation.session_id == duiding.id, Observation.form_key == key)
    )


def add_observation(
    duiding: DuidingSession,
    text: str,
    story_ids: Iterable[str],
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
    text, stories = _checked(duiding, text, story_ids, personal_checked)
    earlier = observation_by_key(duiding, form_key)
    if earlier is not None:
        return earlier
    observation = Observation(
        session_id=duiding.id,
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
        twin = observation_by_key(duiding, form_key)
        if twin is None:
            raise
        return twin
    return observation


def own_observation_or_404(participant: SessionParticipant, observation_id: int) -> Observation:
    """One of this participant's own observations; anyone else's card (or none) is 404."""
    return row_or_404(Observation, observation_id, participant_id=participant.id)


def change_observation(
    observation: Observation, text: str, story_ids: Iterable[str], personal_checked: bool = False
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
    from vertelpunt.board.regroup import removable

    theme = observation.theme
    db.session.delete(observation)
    db.session.flush()
    if theme is not None:
        left = db.session.scalar(select(func.count(Observation.id)).where(Observation.theme_id == theme.id))
        if not left and removable(theme):
            db.session.delete(theme)
            db.session.flush()


def observations_of(duiding: DuidingSession, since: int = 0) -> list[Observation]:
    query = (
        select(Observation)
        .where(Observation.session_id == duiding.id, Observation.id > since)
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


def readable(observation: Observation) -> list[Story]:
    """The card's stories a participant or the board may name (see READABLE)."""
    return [s for s in observation.stories if s.redaction == "full"]


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
    from vertelpunt.board.signification import story_title

    return FeedItem(
        o.id, o.text, author_name(o), [{"id": s.id, "title": story_title(s)} for s in readable(o)], o.theme_id
    )


def feed(duiding: DuidingSession, since: int) -> list[FeedItem]:
    """Observations added after `since` (an observation id), for the facilitator's screen."""
    return [_feed_item(o) for o in observations_of(duiding, since)]


# A change is sent again for this long: an edit that committed just after a poll read the table still
# reaches the screen, although its time lies before that poll's.
CHANGE_OVERLAP = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Changes:
    changed: list[FeedItem]  # cards the screen has, whose author changed them
    ids: list[int]  # every card the session still has: the screen drops the others
    now: str  # give this back as `changed_after` on the next poll


def changes(duiding: DuidingSession, up_to: int, changed_after: str) -> Changes:
    """What happened to the cards a screen already shows (ids up to `up_to`) since its last poll."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    try:
        after = dt.datetime.fromisoformat(changed_after) - CHANGE_OVERLAP
    except (TypeError, ValueError):
        after = None  # a first poll: the page it came with is up to date
    changed = []
    if after is not None:
        query = (
            select(Observation)
            .where(
                Observation.session_id == duiding.id,
                Observation.id <= up_to,
                Observation.edited_at.is_not(None),
                Observation.edited_at >= after,
            )
            .options(selectinload(Observation.stories), selectinload(Observation.participant))
            .order_by(Observation.id)
        )
        changed = [_feed_item(o) for o in db.session.scalars(query)]
    ids = list(
        db.session.scalars(
            select(Observation.id).where(Observation.session_id == duiding.id).order_by(Observation.id)
        )
    )
    return Changes(changed, ids, now.isoformat())


def clean_name(raw: str, organisation: str) -> tuple[str, str]:
    errors = {}
    name, organisation = " ".join(clean_text(raw).split()), " ".join(clean_text(organisation).split())
    if len(name) > NAME_MAX:
        errors["name"] = _("Make your name shorter (at most %(n)s characters).", n=NAME_MAX)
    if len(organisation) > ORGANISATION_MAX:
        errors["organisation"] = _(
            "Make the name of your organisation shorter (at most %(n)s characters).", n=ORGANISATION_MAX
        )
    if errors:
        raise InputError(errors)
    return name, organisation


def evaluation_of(participant: SessionParticipant) -> SessionEvaluation | None:
    return db.session.scalar(
        select(SessionEvaluation).where(
            SessionEvaluation.session_id == participant.session_id,
            SessionEvaluation.participant_id == participant.id,
        )
    )


def save_evaluation(
    participant: SessionParticipant,
    rating: str,
    went_well: str,
    to_improve: str,
    personal_checked: bool = False,
):
    """One evaluation per participant: a second submit changes the first. The report shows the answers
    to the coalition, so they are warned about and stored redacted as a card is."""
    errors = {}
    value = (rating or "").strip()
    if value not in {"1", "2", "3", "4", "5"}:
        errors["rating"] = _("Choose a mark from 1 to 5.")
    went_well, to_improve = clean_text(went_well), clean_text(to_improve)
    for name, text in (("went_well", went_well), ("to_improve", to_improve)):
        if len(text) > EVALUATION_MAX:
            errors[name] = _("Make this text shorter (at most %(n)s characters).", n=EVALUATION_MAX)
    if errors:
        raise InputError(errors)
    went, improve = by_rules(went_well), by_rules(to_improve)
    _warn(personal_checked, went, improve)
    evaluation = evaluation_of(participant)
    if evaluation is None:
        evaluation = SessionEvaluation(
            session_id=participant.session_id, participant_id=participant.id, rating=1
        )
        db.session.add(evaluation)
    evaluation.rating = int(value)
    evaluation.went_well = went.text
    evaluation.to_improve = improve.text
    db.session.flush()
    return evaluation
