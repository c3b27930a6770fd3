"""Ritual dissent (step 6): the group hears a proposal, gives a round of critique and a round of
suggestions, and the proposal is revised. Functions flush and leave the commit to the caller."""

from __future__ import annotations

from flask_babel import gettext as _

from vertelpunt.core.errors import InputError
from vertelpunt.core.ids import row_id
from vertelpunt.extensions import db
from vertelpunt.models import DissentRemark, DissentRound, DuidingSession
from vertelpunt.models.sessions import REMARK_KINDS
from vertelpunt.sessions.actions import action_in
from vertelpunt.text import clean_text


def create_round(session: DuidingSession, proposal: str, action_id: int | None = None) -> DissentRound:
    text = clean_text(proposal)
    errors = {}
    if not text:
        errors["proposal"] = _("Write down the proposal the group gives its critique on.")
    action = None
    if action_id is not None:
        action = action_in(session, action_id)
        if action is None:
            errors["action_id"] = _("Choose an action of this session.")
    if errors:
        raise InputError(errors)
    made = DissentRound(session_id=session.id, proposal=text, action_id=action.id if action else None)
    db.session.add(made)
    db.session.flush()
    return made


def round_in(session: DuidingSession, round_id: int | None) -> DissentRound:
    found = db.session.get(DissentRound, round_id) if row_id(round_id) else None
    if found is None or found.session_id != session.id:
        raise InputError({"round": _("This round is not part of this session.")})
    return found


def add_remarks(session: DuidingSession, round_id: int | None, kind: str, raw: str) -> list[DissentRemark]:
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


def revise(session: DuidingSession, round_id: int | None, revised: str) -> DissentRound:
    dissent = round_in(session, round_id)
    dissent.revised_proposal = clean_text(revised)
    db.session.flush()
    return dissent
