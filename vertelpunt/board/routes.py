"""Participant and board pages. The views live in participant.py (joining, stories, observations,
evaluation: no account) and facilitator.py (the board and the live observations: staff)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_file

bp = Blueprint("board", __name__)
STATIC = Path(__file__).parent / "static"
ASSET_MAX_AGE = 7 * 24 * 3600


@bp.url_value_preprocessor
def _no_impossible_ids(_endpoint, values):
    """An id in the address larger than any row can have is no page (not a database error)."""
    from vertelpunt.board.services import row_id

    if any(isinstance(v, int) and row_id(v) is None for v in (values or {}).values()):
        abort(404)


def _asset(name: str, mimetype: str):
    # Styling and script, nothing of any session: public and cached, like the coalition's assets.
    response = send_file(STATIC / name, mimetype=mimetype, max_age=ASSET_MAX_AGE)
    response.cache_control.public = True
    return response


@bp.get("/board/assets/board.js")
def script():
    return _asset("board.js", "text/javascript")


@bp.get("/board/assets/board.css")
def stylesheet():
    return _asset("board.css", "text/css")


@bp.get("/board/assets/participant.css")
def participant_css():
    return _asset("participant.css", "text/css")


from vertelpunt.board import facilitator, participant  # noqa: E402, F401 - attach the views to bp
