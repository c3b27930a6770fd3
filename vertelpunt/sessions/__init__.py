"""Duidingssessies, in one package: the facilitator's steps (prepare, review earlier actions, actions,
ritual dissent, monitoring figures and sources, the session report and what becomes public: the modules
here) and the live session (`board/`: the participants' side, the facilitator's board, the presenter)."""

from __future__ import annotations

from flask import Flask

from vertelpunt.sessions.routes import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    # Each page module adds its views to bp when imported; the forms they use import the services,
    # so the pages are imported here, after the package, rather than by it.
    from vertelpunt.sessions import (  # noqa: F401
        action_pages,
        board,
        evidence_pages,
        prepare_pages,
        publish,
        report_pages,
    )
    from vertelpunt.sessions.cli import figures_cli

    app.register_blueprint(bp)
    board.init_app(app)
    app.cli.add_command(figures_cli)
