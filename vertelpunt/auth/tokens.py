"""One-time links to choose a password: invitations and resets.

The link carries 256 random bits; only their SHA-256 is stored. A link works once (the row is marked
used in the same statement that checks it, so two tabs cannot both use it), until it expires, and only
while its account is active. A newer link of the same kind replaces the older ones."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app
from sqlalchemy import select, update

from vertelpunt.auth import clock, services
from vertelpunt.extensions import db
from vertelpunt.models import AccountToken, User

# Longer than any token this module makes: anything longer is not one, and is not even hashed.
MAX_LENGTH = 100


class TokenError(ValueError):
    """The link is unknown, used, expired, or its account is no longer active."""


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _lifetime(kind: str) -> dt.timedelta:
    config = current_app.config
    if kind == "invite":
        return dt.timedelta(hours=int(config["INVITE_VALID_HOURS"]))
    return dt.timedelta(minutes=int(config["RESET_VALID_MINUTES"]))


def _retire(user: User, kind: str, now: dt.datetime) -> None:
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.kind == kind, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )


def issue(user: User, kind: str) -> str:
    """A new link's secret (to be mailed, never stored or logged); earlier ones of this kind stop."""
    now = clock.now()
    _retire(user, kind, now)
    raw = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            kind=kind,
            token_hash=_hash(raw),
            created_at=now,
            expires_at=now + _lifetime(kind),
        )
    )
    db.session.flush()
    return raw


def issued_lately(user: User, kind: str, seconds: int = 60) -> bool:
    """Whether a link of this kind went out just now: a burst of requests then sends one mail."""
    since = clock.now() - dt.timedelta(seconds=seconds)
    query = select(AccountToken.id).where(
        AccountToken.user_id == user.id, AccountToken.kind == kind, AccountToken.created_at > since
    )
    return db.session.scalar(query.limit(1)) is not None


def _valid(raw: str, kind: str, now: dt.datetime):
    return (
        AccountToken.token_hash == _hash(raw),
        AccountToken.kind == kind,
        AccountToken.used_at.is_(None),
        AccountToken.expires_at > now,
    )


def holder(raw: str, kind: str) -> User | None:
    """The account a usable link belongs to, without using it up."""
    if not raw or len(raw) > MAX_LENGTH:
        return None
    row = db.session.scalar(select(AccountToken).where(*_valid(raw, kind, clock.now())))
    user = db.session.get(User, row.user_id) if row else None
    return user if user is not None and user.active else None


def redeem(raw: str, kind: str, password: str) -> User:
    """Use the link to set the password. Checks the password first, so a too short one does not use
    the link up. Ends every login of the account; the caller commits."""
    services.check_new_password(password)
    user = holder(raw, kind)
    if user is None:
        raise TokenError(kind)
    now = clock.now()
    used = db.session.execute(update(AccountToken).where(*_valid(raw, kind, now)).values(used_at=now))
    if used.rowcount != 1:  # another request used it a moment ago
        raise TokenError(kind)
    services.set_password(user, password)
    _retire(user, "invite", now)
    _retire(user, "reset", now)
    return user


def retire_all(user: User) -> None:
    now = clock.now()
    _retire(user, "invite", now)
    _retire(user, "reset", now)
