"""Evolve and report back: the traject plan, the action ledger, the public feedback page and the
research export."""

from __future__ import annotations

from flask import Flask

from vertelpunt.evolve.routes import bp, feedback_url

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    from vertelpunt.evolve.cli import export_command

    app.register_blueprint(bp)
    app.cli.add_command(export_command)
    # The share kit shows the public feedback address next to the link.
    app.jinja_env.globals["feedback_url"] = feedback_url
