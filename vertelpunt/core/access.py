"""Who may do what in a traject. One place, so the pages and the access tests agree."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from vertelpunt.extensions import db
from vertelpunt.models import Traject

VIEW = frozenset({"coalition", "facilitator"})
MANAGE_LINKS = frozenset({"coalition"})
# Running sessions: preparing, the board, actions and reviews. Coalition members read the results.
FACILITATE = frozenset({"facilitator"})


def traject_by_slug(slug: str) -> Traject | None:
    return db.session.scalar(select(Traject).where(Traject.slug == slug))


def may(user, traject: Traject, roles: frozenset[str]) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_admin or bool(user.roles_in(traject.id) & roles)


def traject_for(slug: str, roles: frozenset[str]) -> Traject:
    """The traject, or 404 when it does not exist or the user has no part in it (no existence leak)."""
    traject = traject_by_slug(slug)
    if traject is None or not may(current_user, traject, VIEW):
        abort(404)
    if not may(current_user, traject, roles):
        abort(403)
    return traject


def require_admin() -> None:
    if not (current_user.is_authenticated and current_user.is_admin):
        abort(403)
