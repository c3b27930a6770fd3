"""GET /healthz for a load balancer: 200 while the database answers, 503 when it does not.

No login, no rate limit, no session cookie and no write: it only runs SELECT 1 in a reading unit of
work. A refusal names no error, statement or setting: whoever can reach the address learns one word."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from vertelpunt import database
from vertelpunt.extensions import limiter

bp = Blueprint("health", __name__)
UNAVAILABLE = 503


@bp.get("/healthz")
@limiter.exempt
def healthz():
    try:
        with database.reading() as session:
            session.execute(text("SELECT 1")).scalar_one()
    except SQLAlchemyError as exc:
        # The operator learns the kind of fault from the log; the caller learns nothing but the status.
        current_app.logger.warning("Health check: the database did not answer (%s)", type(exc).__name__)
        return jsonify(status="unavailable"), UNAVAILABLE
    return jsonify(status="ok")
