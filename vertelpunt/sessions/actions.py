"""Actions of a session (step 5) and their reviews in later sessions (step 2).

Functions take typed values (a theme id, a due date), flush and leave the commit to the caller; a value
that breaks a rule raises InputError before anything is changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vertelpunt.core.errors import InputError
from vertelpunt.core.ids import row_id
from vertelpunt.extensions import db
from vertelpunt.models import Action, ActionReview, DuidingSession, Theme
from vertelpunt.models.actions import ACTION_STATUSES, OPEN_STATUSES, SIZES, TERMS
from vertelpunt.text import clean_text

TITLE_MAX = 200
# The columns' bounds: the owner is a person and an organisation, as a facilitator writes them down.
OWNER_PERSON_MAX, OWNER_ORGANISATION_MAX = 120, 160


def session_actions(session: DuidingSession) -> list[Action]:
    query = select(Action).where(Action.session_id == session.id).order_by(Action.id)
    return list(db.session.scalars(query))


def action_in(session: DuidingSession, action_id: int) -> Action | None:
    action = db.session.get(Action, action_id) if row_id(action_id) else None
    return action if action is not None and action.session_id == session.id else None


def actions_by_theme(session: DuidingSession) -> list[tuple[Theme | None, list[Action]]]:
    actions = session_actions(session)
    grouped: list[tuple[Theme | None, list[Action]]] = [
        (theme, [a for a in actions if a.theme_id == theme.id]) for theme in session.themes
    ]
    loose = [a for a in actions if a.theme_id is None or a.theme not in session.themes]
    if loose:
        grouped.append((None, loose))
    return grouped


# --- step 5: actions -------------------------------------------------------------------------------


def _action_values(session: DuidingSession, values: Mapping[str, object]) -> dict:
    """The action's columns from `values` (title, description, theme_id, term, size, owner_person,
    owner_organisation, next_step, due_on, first_step)."""
    errors: dict[str, str] = {}
    texts = ("title", "description", "owner_organisation", "owner_person", "next_step")
    cleaned: dict = {name: clean_text(str(values.get(name) or "")) for name in texts}
    cleaned |= {
        "term": values.get("term") or "short",
        "size": values.get("size") or "small",
        "first_step": bool(values.get("first_step")),
        "due_on": values.get("due_on"),
        "theme_id": values.get("theme_id"),
    }
    if not cleaned["title"]:
        errors["title"] = _("Give the action a title.")
    elif len(cleaned["title"]) > TITLE_MAX:
        errors["title"] = _("Use at most %(n)s characters.", n=TITLE_MAX)
    if cleaned["term"] not in TERMS:
        errors["term"] = _("Choose short or long term.")
    if cleaned["size"] not in SIZES:
        errors["size"] = _("Choose small or large.")
    if (
        len(cleaned["owner_organisation"]) > OWNER_ORGANISATION_MAX
        or len(cleaned["owner_person"]) > OWNER_PERSON_MAX
    ):
        errors["owner_person"] = _("The owner's name or organisation is too long.")
    if cleaned["due_on"] is not None and not isinstance(cleaned["due_on"], dt.date):
        errors["due_on"] = _("Fill in a date (day, month, year).")
    if cleaned["theme_id"] is not None:
        theme = db.session.get(Theme, cleaned["theme_id"]) if row_id(cleaned["theme_id"]) else None
        if theme is None or theme.session_id != session.id:
            errors["theme_id"] = _("Choose a theme of this session.")
    if errors:
        raise InputError(errors)
    return cleaned


def create_action(session: DuidingSession, values: Mapping[str, object]) -> Action:
    action = Action(
        traject_id=session.traject_id, session_id=session.id, status="open", **_action_values(session, values)
    )
    db.session.add(action)
    db.session.flush()
    return action


def update_action(session: DuidingSession, action_id: int, values: Mapping[str, object]) -> Action:
    action = action_in(session, action_id)
    if action is None:
        raise InputError({"action": _("This action is not part of this session.")})
    for key, value in _action_values(session, values).items():
        setattr(action, key, value)
    db.session.flush()
    return action


def delete_action(session: DuidingSession, action_id: int) -> None:
    action = action_in(session, action_id)
    if action is None:
        raise InputError({"action": _("This action is not part of this session.")})
    db.session.delete(action)
    db.session.flush()


def set_first_steps(session: DuidingSession, action_ids: Iterable[int]) -> None:
    """The group's choice of first steps: exactly the ticked actions of this session."""
    chosen = set(action_ids)
    for action in session_actions(session):
        action.first_step = action.id in chosen
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
