"""Ways in that are not a password, and the record of mail sent.

Invitation and reset links, and presenter links for a projector, are secrets in an address: only a
SHA-256 hash of each is stored, so the table alone opens nothing. Sent mail is recorded per recipient
(address, kind, outcome, time): never a message's content, and nothing of a narrator."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.extensions import db

TOKEN_KINDS = ("invite", "reset")
MAIL_STATUSES = ("sent", "failed", "outbox")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class AccountToken(db.Model):
    """A one-time link to choose a password: an invitation for a new account, or a reset."""

    __tablename__ = "account_tokens"
    __table_args__ = (CheckConstraint(f"kind IN {TOKEN_KINDS!r}", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class PresenterLink(db.Model):
    """A read-only address for the projector showing one session's board; no login behind it."""

    __tablename__ = "presenter_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SentMail(db.Model):
    """One recipient of one mail, and what became of it (vertelpunt/mail.py)."""

    __tablename__ = "sent_mails"
    __table_args__ = (CheckConstraint(f"status IN {MAIL_STATUSES!r}", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(10))
    error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
