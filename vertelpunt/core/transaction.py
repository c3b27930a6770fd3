"""One transaction rule for every page: a request commits once, after its view, when the view
succeeded (a status below 400), and rolls back when the view refused or failed. Views never commit;
work that must follow the commit is registered with database.after_commit."""

from __future__ import annotations

from flask import Flask, g

from vertelpunt.extensions import db

# A refusal is a response at or above this status: its changes, if any, are undone.
REFUSED_FROM = 400


def refuse() -> None:
    """Undo this request's changes although its response is a success (a redirect with a message)."""
    g.refused = True


def finish(status: int) -> None:
    if status < REFUSED_FROM and not g.pop("refused", False):
        db.session.commit()
    else:
        db.session.rollback()


def init_app(app: Flask) -> None:
    @app.after_request
    def _commit_or_roll_back(response):
        finish(response.status_code)
        return response
