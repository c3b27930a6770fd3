"""The rules of a duidingssessie for the facilitator: the session and its people, opening and closing,
reviewing earlier actions, actions per theme and ritual dissent.

Functions flush and leave the commit to the caller, so a request or command commits once; bad input
raises InputError (field -> Dutch sentence) before anything is changed."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import (
    Action,
    ActionReview,
    DissentRemark,
    DissentRound,
    DuidingSession,
    Membership,
    SessionParticipant,
    Theme,
    Traject,
    User,
)
from vertelpunt.models.actions import ACTION_STATUSES, OPEN_STATUSES, SIZES, TERMS
from vertelpunt.models.sessions import REMARK_KINDS
from vertelpunt.text import clean_text
from vertelpunt.web import row_id

# Crockford's base 32: read aloud and typed on a phone, the look-alikes O, I, L and U are read as the
# 0, 1, 1 and V people meant. 32^6 is about a billion codes.
JOIN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
JOIN_LENGTH = 6
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Status changes a facilitator can make; a closed session stays closed (its report is final).
TRANSITIONS = {("prepared", "open"), ("open", "closed"), ("open", "prepared")}
# The largest id a row can have (PostgreSQL's integer); a larger number in a form or an address is no
# row, and asking the database for it would fail (an integer out of range) instead of saying so.


def new_join_code() -> str:
    """A join code no session has yet."""
    while True:
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))
        if db.session.scalar(select(DuidingSession.id).where(DuidingSession.join_code == code)) is None:
            return code


def normalise_join_code(raw: str) -> str | None:
    """The code as stored for what someone typed (any case, spaces or dashes), or None."""
    code = "".join(raw.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(code) != JOIN_LENGTH or any(c not in JOIN_ALPHABET for c in code):
        return None
    return code


def display_join_code(code: str) -> str:
    return f"{code[:3]} {code[3:]}" if len(code) == JOIN_LENGTH else code


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


def _int(raw, field: str, errors: dict, low: int, high: int, message: str) -> int | None:
    try:
        value = int(str(raw).strip())
    except ValueError:
        errors[field] = message
        return None
    if not low <= value <= high:
        errors[field] = message
        return None
    return value


def _date(raw, field: str, errors: dict, required: bool = True) -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    text = str(raw or "").strip()
    if not text:
        if required:
            errors[field] = _("Fill in a date as YYYY-MM-DD.")
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[field] = _("Fill in a date as YYYY-MM-DD.")
        return None


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
    traject: Traject, form: Mapping[str, object], facilitator_ids: Iterable
) -> tuple[dict, list[User], dict[str, str]]:
    errors: dict[str, str] = {}
    values = {
        "title": clean_text(str(form.get("title") or "")),
        "goal": clean_text(str(form.get("goal") or "")),
        "focus": clean_text(str(form.get("focus") or "")),
        "notes": clean_text(str(form.get("notes") or "")),
        "starts_at": clean_text(str(form.get("starts_at") or "")),
    }
    if not values["title"]:
        errors["title"] = _("Give the session a name.")
    elif len(values["title"]) > 200:
        errors["title"] = _("Use at most %(n)s characters.", n=200)
    values["held_on"] = _date(form.get("held_on"), "held_on", errors)
    values["duration_minutes"] = _int(
        form.get("duration_minutes") or "150",
        "duration_minutes",
        errors,
        1,
        720,
        _("Fill in the duration in minutes, between 1 and 720."),
    )
    if values["starts_at"] and not TIME.match(values["starts_at"]):
        errors["starts_at"] = _("Fill in the starting time as HH:MM, for example 13:30.")
    allowed = {u.id: u for u in facilitator_choices(traject)}
    chosen = []
    for raw in facilitator_ids:
        try:
            user = allowed.get(int(raw))
        except (TypeError, ValueError):
            user = None
        if user is None:
            errors["facilitators"] = _("Choose facilitators of this traject.")
        elif user not in chosen:
            chosen.append(user)
    return values, chosen, errors


def create_session(
    traject: Traject,
    form: Mapping[str, object],
    facilitator_ids: Iterable = (),
    participants: str = "",
) -> DuidingSession:
    values, chosen, errors = _details(traject, form, facilitator_ids)
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
    session: DuidingSession, form: Mapping[str, object], facilitator_ids: Iterable = ()
) -> None:
    values, chosen, errors = _details(session.traject, form, facilitator_ids)
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
    if to == "open" and session.opened_at is None:
        session.opened_at = now
    if to == "closed":
        session.closed_at = now
    session.status = to
    db.session.flush()


# --- step 2: review earlier actions ---------------------------------------------------------------


def _held_before(earlier: DuidingSession, later: DuidingSession) -> bool:
    """Whether `earlier` took place before `later`: by date, and on one day in the order they were made."""
    return (earlier.held_on, earlier.id) < (later.held_on, later.id)


def actions_to_review(session: DuidingSession) -> list[Action]:
    """Every action of the traject from an earlier session that is still open, and those this session
    already reviewed (also when the review closed them), oldest first. A later session's actions are
    not on this session's agenda: they did not exist yet when it was held."""
    reviewed = select(ActionReview.action_id).where(ActionReview.session_id == session.id)
    earlier = (DuidingSession.held_on < session.held_on) | (
        (DuidingSession.held_on == session.held_on) & (DuidingSession.id < session.id)
    )
    query = (
        select(Action)
        .join(DuidingSession, DuidingSession.id == Action.session_id)
        .where(
            Action.traject_id == session.traject_id,
            Action.session_id != session.id,
            (earlier & Action.status.in_(OPEN_STATUSES)) | (Action.id.in_(reviewed)),
        )
        # The review page and the report show each action's session, theme and history: loaded at once.
        .options(
            selectinload(Action.session),
            selectinload(Action.theme),
            selectinload(Action.reviews).selectinload(ActionReview.session),
        )
        .order_by(DuidingSession.held_on, Action.id)
    )
    return list(db.session.scalars(query))


def review_of(action: Action, session: DuidingSession) -> ActionReview | None:
    return next((r for r in action.reviews if r.session_id == session.id), None)


def history(action: Action) -> list[ActionReview]:
    """The action's reviews in the order of the sessions that made them."""
    return sorted(action.reviews, key=lambda r: (r.session.held_on, r.id))


def record_review(
    session: DuidingSession,
    action_id: int,
    *,
    status: str,
    obstacles: str = "",
    opportunities: str = "",
    next_step: str = "",
    today: dt.date | None = None,
) -> ActionReview:
    """One review per action per session: recording again replaces this session's review. The action
    takes the status of its latest review (by session date); its own next step stays as the session
    that made it wrote it, so that session's report does not change afterwards."""
    action = db.session.get(Action, action_id) if row_id(action_id) else None
    if action is None or action.traject_id != session.traject_id or not _held_before(action.session, session):
        raise InputError({"action": _("This action cannot be reviewed in this session.")})
    if status not in ACTION_STATUSES:
        raise InputError({"status": _("Choose a status.")})
    review = review_of(action, session)
    if review is None:
        review = ActionReview(action=action, session=session)
        db.session.add(review)
    review.status = status
    review.obstacles = clean_text(obstacles)
    review.opportunities = clean_text(opportunities)
    review.next_step = clean_text(next_step)
    review.reviewed_on = today or session.held_on
    db.session.flush()
    latest = max(action.reviews, key=lambda r: (r.session.held_on, r.id))
    action.status = latest.status
    db.session.flush()
    return review


# --- step 5: actions -------------------------------------------------------------------------------


def _action_values(session: DuidingSession, form: Mapping[str, object]) -> dict:
    errors: dict[str, str] = {}
    values = {
        "title": clean_text(str(form.get("title") or "")),
        "description": clean_text(str(form.get("description") or "")),
        "term": str(form.get("term") or "short"),
        "size": str(form.get("size") or "small"),
        "owner_organisation": clean_text(str(form.get("owner_organisation") or "")),
        "owner_person": clean_text(str(form.get("owner_person") or "")),
        "next_step": clean_text(str(form.get("next_step") or "")),
        "first_step": str(form.get("first_step") or "") in ("1", "on", "true", "True"),
    }
    if not values["title"]:
        errors["title"] = _("Give the action a title.")
    elif len(values["title"]) > 200:
        errors["title"] = _("Use at most %(n)s characters.", n=200)
    if values["term"] not in TERMS:
        errors["term"] = _("Choose short or long term.")
    if values["size"] not in SIZES:
        errors["size"] = _("Choose small or large.")
    if len(values["owner_organisation"]) > 160 or len(values["owner_person"]) > 120:
        errors["owner_person"] = _("The owner's name or organisation is too long.")
    values["due_on"] = _date(form.get("due_on"), "due_on", errors, required=False)
    theme_raw = str(form.get("theme_id") or "").strip()
    values["theme_id"] = None
    if theme_raw:
        theme = db.session.get(Theme, theme_id) if (theme_id := row_id(theme_raw)) else None
        if theme is None or theme.session_id != session.id:
            errors["theme_id"] = _("Choose a theme of this session.")
        else:
            values["theme_id"] = theme.id
    if errors:
        raise InputError(errors)
    return values


def create_action(session: DuidingSession, form: Mapping[str, object]) -> Action:
    values = _action_values(session, form)
    action = Action(traject_id=session.traject_id, session_id=session.id, status="open", **values)
    db.session.add(action)
    db.session.flush()
    return action


def action_in(session: DuidingSession, action_id: int) -> Action | None:
    action = db.session.get(Action, action_id) if row_id(action_id) else None
    return action if action is not None and action.session_id == session.id else None


def update_action(session: DuidingSession, action_id: int, form: Mapping[str, object]) -> Action:
    action = action_in(session, action_id)
    if action is None:
        raise InputError({"action": _("This action is not part of this session.")})
    for key, value in _action_values(session, form).items():
        setattr(action, key, value)
    db.session.flush()
    return action


def delete_action(session: DuidingSession, action_id: int) -> None:
    action = action_in(session, action_id)
    if action is None:
        raise InputError({"action": _("This action is not part of this session.")})
    db.session.delete(action)
    db.session.flush()


def set_first_steps(session: DuidingSession, action_ids: Iterable) -> None:
    """The group's choice of first steps: exactly the ticked actions of this session."""
    chosen = {i for i in map(row_id, action_ids) if i is not None}
    for action in session_actions(session):
        action.first_step = action.id in chosen
    db.session.flush()


def session_actions(session: DuidingSession) -> list[Action]:
    query = select(Action).where(Action.session_id == session.id).order_by(Action.id)
    return list(db.session.scalars(query))


def actions_by_theme(session: DuidingSession) -> list[tuple[Theme | None, list[Action]]]:
    actions = session_actions(session)
    grouped: list[tuple[Theme | None, list[Action]]] = [
        (theme, [a for a in actions if a.theme_id == theme.id]) for theme in session.themes
    ]
    loose = [a for a in actions if a.theme_id is None or a.theme not in session.themes]
    if loose:
        grouped.append((None, loose))
    return grouped


# --- step 6: ritual dissent ------------------------------------------------------------------------


def create_round(session: DuidingSession, proposal: str, action_id: str | int | None = None) -> DissentRound:
    text = clean_text(proposal)
    errors = {}
    if not text:
        errors["proposal"] = _("Write down the proposal the group gives its critique on.")
    action = None
    if str(action_id or "").strip():
        action = action_in(session, found) if (found := row_id(action_id)) else None
        if action is None:
            errors["action_id"] = _("Choose an action of this session.")
    if errors:
        raise InputError(errors)
    made = DissentRound(session_id=session.id, proposal=text, action_id=action.id if action else None)
    db.session.add(made)
    db.session.flush()
    return made


def round_in(session: DuidingSession, round_id) -> DissentRound:
    found = db.session.get(DissentRound, wanted) if (wanted := row_id(round_id)) else None
    if found is None or found.session_id != session.id:
        raise InputError({"round": _("This round is not part of this session.")})
    return found


def add_remarks(session: DuidingSession, round_id, kind: str, raw: str) -> list[DissentRemark]:
    """One remark per line: the facilitator types what the group said, in order."""
    dissent = round_in(session, round_id)
    if kind not in REMARK_KINDS:
        raise InputError({"kind": _("Choose critique or suggestion.")})
    lines = [clean_text(line) for line in clean_text(raw).split("\n") if line.strip()]
    if not lines:
        raise InputError({"text": _("Write at least one remark.")})
    made = [DissentRemark(round=dissent, kind=kind, text=line) for line in lines]
    db.session.add_all(made)
    db.session.flush()
    return made


def revise(session: DuidingSession, round_id, revised: str) -> DissentRound:
    dissent = round_in(session, round_id)
    dissent.revised_proposal = clean_text(revised)
    db.session.flush()
    return dissent


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
