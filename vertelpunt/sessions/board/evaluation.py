"""A participant's evaluation of the session: one per participant, redacted as a card is, since the
report shows the answers to the coalition."""

from __future__ import annotations

from sqlalchemy import select

from vertelpunt.database import upsert
from vertelpunt.extensions import db
from vertelpunt.models import SessionEvaluation, SessionParticipant
from vertelpunt.sessions.board.personal import by_rules, warn


def evaluation_of(participant: SessionParticipant) -> SessionEvaluation | None:
    query = select(SessionEvaluation).where(
        SessionEvaluation.session_id == participant.session_id,
        SessionEvaluation.participant_id == participant.id,
    )
    # save_evaluation writes with one statement, past the loaded row: read what is stored.
    return db.session.scalar(query.execution_options(populate_existing=True))


def save_evaluation(
    participant: SessionParticipant,
    rating: int,
    went_well: str,
    to_improve: str,
    personal_checked: bool = False,
) -> None:
    """Store the evaluation (the form checked the mark and the lengths), or change the one stored.
    One statement: a second tab that sends its first evaluation at the same moment changes the same row
    instead of failing on the unique key. LooksPersonal (nothing stored) until the writer saw the warning."""
    went, improve = by_rules(went_well), by_rules(to_improve)
    warn(personal_checked, went, improve)
    values = {
        "session_id": participant.session_id,
        "participant_id": participant.id,
        "rating": rating,
        "went_well": went.text,
        "to_improve": improve.text,
    }
    db.session.execute(
        upsert(
            SessionEvaluation.__table__,
            values,
            keys=["session_id", "participant_id"],
            update=["rating", "went_well", "to_improve"],
        )
    )
