"""Staff accounts. Narrators never have one."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.extensions import db

ROLES = ("coalition", "facilitator")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # Where invitations and password resets go; stored in lower case, so one address is one account.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    # The second factor's secret, sealed with a key derived from SECRET_KEY (vertelpunt/auth/totp.py):
    # a copy of the database alone does not give the codes. Never shown again after setting it up.
    totp_sealed: Mapped[str | None] = mapped_column(String(200))
    # The last 30-second step whose code was used: a code works once, not again within its window.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")

    # Flask-Login keys its session on this value; the login session id set at login stands in for it,
    # so that deleting that row on logout makes a copied cookie worthless.
    login_session_id = None

    def get_id(self) -> str | None:
        return self.login_session_id

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def invited(self) -> bool:
        """Invited but no password chosen yet: no password can match an empty hash."""
        return not self.password_hash

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_sealed)

    def roles_in(self, traject_id: int) -> set[str]:
        return {m.role for m in self.memberships if m.traject_id == traject_id}

    def traject_ids(self) -> set[int]:
        return {m.traject_id for m in self.memberships}


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "traject_id", "role"),
        CheckConstraint(f"role IN {ROLES!r}", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="memberships")


class LoginSession(db.Model):
    """Server-side record of a login; only a hash of the id that sits in the cookie is stored."""

    __tablename__ = "login_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # For the idle limit (SESSION_IDLE_MINUTES); moved on at most once a minute.
    last_seen: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginThrottle(db.Model):
    """Failed logins in a row per username and client address (keyed hashes; also for names that do not
    exist, so nothing leaks)."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
