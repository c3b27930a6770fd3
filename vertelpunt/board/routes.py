"""Participant and board pages. The views live in participant.py (joining, stories, observations,
evaluation: no account) and facilitator.py (the board and the live observations: staff)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint

from vertelpunt.web import refuse_impossible_ids, send_asset

bp = Blueprint("board", __name__)
STATIC = Path(__file__).parent / "static"
bp.url_value_preprocessor(refuse_impossible_ids)


@bp.get("/board/assets/board.js")
def script():
    return send_asset(STATIC / "board.js", "text/javascript")


@bp.get("/board/assets/board.css")
def stylesheet():
    return send_asset(STATIC / "board.css", "text/css")


@bp.get("/board/assets/participant.css")
def participant_css():
    return send_asset(STATIC / "participant.css", "text/css")


from vertelpunt.board import facilitator, participant, presenter  # noqa: E402, F401 - attach the views to bp
