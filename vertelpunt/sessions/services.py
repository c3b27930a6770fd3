"""The session itself and its people: join codes, details and facilitators, participants, opening and
closing, and which of the nine steps have content. Actions and reviews are in actions.py, ritual dissent
in dissent.py, the story set in selection.py.

Functions take typed values (a date, a number of minutes, user ids), flush and leave the commit to the
caller, so a request or command commits once; a value that breaks a rule raises InputError (field ->
sentence) before anything is changed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlalchemy import select

from vertelpunt import audit
from vertelpunt.core.errors import InputError
from vertelpunt.core.ids import row_id
from vertelpunt.extensions import db
from vertelpunt.models import ActionReview, DuidingSession, Membership, SessionParticipant, Traject, User
from vertelpunt.sessions.actions import session_actions
from vertelpunt.sessions.join_codes import new_join_code
from vertelpunt.text import clean_text

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Status changes a facilitator can make; a closed session stays closed (its report is final).
# Closed -> open is reopening: recorded in the audit log, since a closed session's board is its record.
TRANSITIONS = {("prepared", "open"), ("open", "closed"), ("open", "prepared"), ("closed", "open")}
DEFAULT_MINUTES = 150
LONGEST_MINUTES = 720  # as the table's check allows
TITLE_MAX = 200


def sessions_of(traject: Traject) -> list[DuidingSession]:
    query = (
        select(DuidingSession)
        .where(DuidingSession.traject_id == traject.id)
        .order_by(DuidingSession.held_on.desc(), DuidingSession.id.desc())
    )
    return list(db.session.scalars(query))


def session_in(traject: Traject, session_id: int) -> DuidingSession | None:
    session = db.session.get(DuidingSession, session_id) if row_id(session_id) else None
    return session if session is not None and session.traject_id == traject.id else None


def facilitator_choices(traject: Traject) -> list[User]:
    query = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.traject_id == traject.id, Membership.role == "facilitator", User.active)
        .order_by(User.username)
    )
    return list(db.session.scalars(query).unique())


# --- the session itself --------------------------------------------------------------------------


def parse_participants(raw: str) -> list[tuple[str, str]]:
    """'Name; organisation' (or 'Name, organisation') per line, as a facilitator types a list."""
    people = []
    for line in clean_text(raw).split("\n"):
        if not line.strip():
            continue
        name, _sep, organisation = line.partition(";") if ";" in line else line.partition(",")
        people.append((clean_text(name), clean_text(organisation)))
    return people


def _check_participants(people: list[tuple[str, str]], errors: dict) -> None:
    for name, organisation in people:
        if not name:
            errors["participants"] = _("Every line needs a name before the organisation.")
        elif len(name) > 120 or len(organisation) > 160:
            errors["participants"] = _("A name or organisation is too long.")


def _details(
    traject: Traject, details: Mapping[str, object], facilitator_ids: Iterable[int]
) -> tuple[dict, list[User], dict[str, str]]:
    """The session's columns from `details` (title, held_on, starts_at, duration_minutes, goal, focus,
    notes), the chosen facilitators, and what is wrong with them."""
    errors: dict[str, str] = {}
    values = {
        name: clean_text(str(details.get(name) or ""))
        for name in ("title", "goal", "focus", "notes", "starts_at")
    }
    if not values["title"]:
        errors["title"] = _("Give the session a name.")
    elif len(values["title"]) > TITLE_MAX:
        errors["title"] = _("Use at most %(n)s characters.", n=TITLE_MAX)
    values["held_on"] = details.get("held_on")
    if not isinstance(values["held_on"], dt.date):
        errors["held_on"] = _("Fill in a date (day, month, year).")
    values["duration_minutes"] = details.get("duration_minutes") or DEFAULT_MINUTES
    if (
        not isinstance(values["duration_minutes"], int)
        or not 0 < values["duration_minutes"] <= LONGEST_MINUTES
    ):
        errors["duration_minutes"] = _(
            "Fill in the duration in minutes, between 1 and %(n)s.", n=LONGEST_MINUTES
        )
    if values["starts_at"] and not TIME.match(values["starts_at"]):
        errors["starts_at"] = _("Fill in the starting time as HH:MM, for example 13:30.")
    allowed = {u.id: u for u in facilitator_choices(traject)}
    chosen = []
    for user_id in facilitator_ids:
        user = allowed.get(user_id)
        if user is None:
            errors["facilitators"] = _("Choose facilitators of this traject.")
        elif user not in chosen:
            chosen.append(user)
    return values, chosen, errors


def create_session(
    traject: Traject,
    details: Mapping[str, object],
    facilitator_ids: Iterable[int] = (),
    participants: str = "",
) -> DuidingSession:
    values, chosen, errors = _details(traject, details, facilitator_ids)
    people = parse_participants(participants)
    _check_participants(people, errors)
    if errors:
        raise InputError(errors)
    session = DuidingSession(traject_id=traject.id, join_code=new_join_code(), status="prepared", **values)
    session.facilitators = chosen
    session.participants = [SessionParticipant(name=n, organisation=o) for n, o in people]
    db.session.add(session)
    db.session.flush()
    return session


def update_session(
    session: DuidingSession, details: Mapping[str, object], facilitator_ids: Iterable[int] = ()
) -> None:
    values, chosen, errors = _details(session.traject, details, facilitator_ids)
    if errors:
        raise InputError(errors)
    for key, value in values.items():
        setattr(session, key, value)
    session.facilitators = chosen
    db.session.flush()


def add_participants(session: DuidingSession, raw: str) -> list[SessionParticipant]:
    errors: dict[str, str] = {}
    people = parse_participants(raw)
    if not people:
        errors["participants"] = _("Fill in at least one name.")
    _check_participants(people, errors)
    if errors:
        raise InputError(errors)
    added = [SessionParticipant(session_id=session.id, name=n, organisation=o) for n, o in people]
    db.session.add_all(added)
    db.session.flush()
    return added


def remove_participant(session: DuidingSession, participant_id: int) -> None:
    """Their observations stay (without a name): what was said at the table belongs to the session."""
    participant = db.session.get(SessionParticipant, participant_id) if row_id(participant_id) else None
    if participant is None or participant.session_id != session.id:
        raise InputError({"participant": _("This participant is not in this session.")})
    db.session.delete(participant)
    db.session.flush()


def session_status_labels() -> dict[str, str]:
    return {"prepared": _("in preparation"), "open": _("open"), "closed": _("closed")}


def refuse_if_closed(session: DuidingSession) -> None:
    """A closed session's story set, observations, themes and dissent stay as the group left them
    (its actions, their reviews and what becomes public stay editable between sessions)."""
    if session.status == "closed":
        raise InputError(
            {
                "status": _(
                    "This session is closed, so its board stays as it was. Reopen the session to change it."
                )
            }
        )


def set_status(session: DuidingSession, to: str) -> None:
    labels = session_status_labels()
    if to not in labels:
        raise InputError({"status": _("Choose to open the session, to close it or to prepare it again.")})
    if (session.status, to) not in TRANSITIONS:
        raise InputError(
            {
                "status": _(
                    "This session cannot go from %(a)s to %(b)s.",
                    a=labels.get(session.status, session.status),
                    b=labels[to],
                )
            }
        )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if session.status == "closed":
        audit.record("session_reopened", session.traject, f"session {session.id}")
    if to == "open" and session.opened_at is None:
        session.opened_at = now
    if to == "closed":
        session.closed_at = now
    session.status = to
    db.session.flush()


# --- the steps, for the overview ---------------------------------------------------------------------


def step_states(session: DuidingSession) -> dict[int, bool]:
    """Whether each of the nine steps has something in it, for the stepper (9: something is public or
    asked to be)."""
    actions = session_actions(session)
    reviewed = db.session.scalar(
        select(ActionReview.id).where(ActionReview.session_id == session.id).limit(1)
    )
    return {
        1: bool(session.stories),
        2: reviewed is not None,
        3: bool(session.observations),
        4: any(t.confirmed for t in session.themes),
        5: bool(actions),
        6: bool(session.dissent_rounds),
        7: bool(session.evaluations),
        8: session.status == "closed",
        9: any(t.publication != "private" for t in session.themes)
        or any(a.publication != "private" for a in actions),
    }
