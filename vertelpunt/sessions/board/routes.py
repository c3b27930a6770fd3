"""Participant and board pages. The views live in participant.py (joining, stories, observations,
evaluation: no account) and facilitator.py (the board and the live observations: staff)."""

from __future__ import annotations

from vertelpunt.core.assets import AssetBlueprint

# Its stylesheets and script are at /board/assets/<name> (board.static).
bp = AssetBlueprint("board", __name__, static_folder="static", static_url_path="/board/assets")


from vertelpunt.sessions.board import facilitator, participant, presenter  # noqa: E402, F401 - attach the views to bp
