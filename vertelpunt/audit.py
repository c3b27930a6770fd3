"""Recording and reading the audit trail (models/audit.py says what an entry may hold).

An entry is written in the request's own transaction, so a refused change leaves none; a page that
only reads (a download) writes its entry in a short write of its own."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from vertelpunt import database
from vertelpunt.extensions import db
from vertelpunt.models import AuditEntry, Traject

LABELS = {
    "research_export": _l("Research data exported"),
    "threshold_changed": _l("Anonymity threshold changed"),
    "published": _l("Asked to publish"),
    "publication_withdrawn": _l("Taken off the public page"),
    "action_deleted": _l("Action removed"),
    "source_deleted": _l("Source removed"),
    "card_removed": _l("Card taken off the board"),
    "access_changed": _l("Account's access changed"),
    "account_deactivated": _l("Account deactivated"),
    "account_activated": _l("Account activated again"),
    "stories_purged": _l("Stories deleted at the end of their retention period"),
    "session_reopened": _l("Closed session reopened"),
    "traject_closing": _l("Vertelpunt closed to end the traject"),
    "traject_ended": _l("Traject ended and everything it held deleted"),
    "names_erased": _l("Session participants' names erased after their period"),
}
SHOWN = 300  # the latest entries on the administrators' page


def _entry(action: str, traject: Traject | None, detail: str) -> AuditEntry:
    user = current_user if getattr(current_user, "is_authenticated", False) else None
    return AuditEntry(
        user_id=user.id if user else None,
        who=user.username if user else "system",
        action=action,
        traject_id=traject.id if traject else None,
        detail=detail[:300],
    )


def record(action: str, traject: Traject | None = None, detail: str = "") -> None:
    """An entry in the current transaction: it stands only if the change it records does."""
    db.session.add(_entry(action, traject, detail))


def record_read(action: str, traject: Traject | None = None, detail: str = "") -> None:
    """An entry for a page that only reads (a download): written at once, in a short write."""
    entry = _entry(action, traject, detail)
    with database.short_write() as session:
        session.add(entry)


def recent(limit: int = SHOWN) -> list[tuple[AuditEntry, str]]:
    """The latest entries, newest first, each with its traject's name ('' when none or gone)."""
    rows = db.session.execute(
        select(AuditEntry, Traject.name)
        .outerjoin(Traject, Traject.id == AuditEntry.traject_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return [(entry, name or "") for entry, name in rows]
