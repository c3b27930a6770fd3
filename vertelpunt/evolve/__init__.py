"""Evolve and report back: the traject plan, the action ledger, the public feedback page and the
research export."""

from __future__ import annotations

from flask import Flask

from vertelpunt.evolve.routes import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
