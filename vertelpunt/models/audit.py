"""The audit trail: who did something an administrator must be able to account for, and when.

An entry names the staff member (their user name as it was, so it outlives the account), the kind of
act, the traject and a short detail made of ids and staff-written names. Never a narrator's text,
answers or a story id: the trail is read by administrators and kept when stories are gone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.extensions import db
from vertelpunt.models.access import _now

AUDIT_ACTIONS = (
    "research_export",
    "threshold_changed",
    "published",
    "publication_withdrawn",
    "action_deleted",
    "source_deleted",
    "card_removed",
    "access_changed",
    "account_deactivated",
    "account_activated",
    "stories_purged",
    "session_reopened",
    "traject_closing",
    "traject_ended",
    "names_erased",
)


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (CheckConstraint(f"action IN {AUDIT_ACTIONS!r}", name="action_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    who: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    traject_id: Mapped[int | None] = mapped_column(ForeignKey("trajecten.id", ondelete="SET NULL"))
    detail: Mapped[str] = mapped_column(String(300), default="")
