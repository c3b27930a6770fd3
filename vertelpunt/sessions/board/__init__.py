"""The live part of a session: participants join with the session code and write observations, the
facilitator watches them arrive, and the board groups them into themes."""

from __future__ import annotations

from flask import Flask

from vertelpunt.sessions.board.routes import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
