"""Duidingssessies for the facilitator: prepare, review earlier actions, actions, ritual dissent,
monitoring figures and sources, and the session report."""

from __future__ import annotations

from flask import Flask

from vertelpunt.sessions.routes import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    from vertelpunt.sessions.cli import figures_cli

    app.register_blueprint(bp)
    app.cli.add_command(figures_cli)
