"""Passwords, login sessions kept on the server, and slowing down guessing."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from vertelpunt.extensions import db
from vertelpunt.models import LoginSession, LoginThrottle, Membership, Traject, User
from vertelpunt.text import clean_text

MIN_PASSWORD_LENGTH = 12
# Checked against when the username does not exist, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-at-all", method="scrypt")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


class AccountError(ValueError):
    pass


def create_user(
    username: str, password: str, *, admin: bool = False, memberships: list[tuple[str, str]] = ()
) -> User:
    """memberships: (traject slug, role) pairs."""
    username = username.strip()
    if not username or len(username) > 80:
        raise AccountError("Username must be 1 to 80 characters.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise AccountError(f"User '{username}' already exists.")
    user = User(username=username, password_hash=hash_password(password), is_admin=admin)
    for slug, role in memberships:
        traject = db.session.scalar(select(Traject).where(Traject.slug == slug))
        if traject is None:
            raise AccountError(f"Traject '{slug}' does not exist.")
        user.memberships.append(Membership(traject_id=traject.id, role=role))
    db.session.add(user)
    db.session.flush()
    return user


@dataclass
class LoginResult:
    user: User | None
    wait_seconds: int = 0


def _delay_after(failures: int) -> int:
    free = current_app.config["LOGIN_FREE_TRIES"]
    if failures < free:
        return 0
    return min(2 ** (failures - free + 1), current_app.config["LOGIN_MAX_DELAY"])


def authenticate(
    username: str, password: str, now: dt.datetime | None = None, client: str = ""
) -> LoginResult:
    """``client`` is the keyed hash of the address asking (vertelpunt.clients.client_key). Failures count
    per user name and address, so someone guessing a colleague's name slows down only themselves: the
    colleague, from their own address, still logs in at once."""
    now = now or _now()
    username = clean_text(username)[:200]
    key = _sha(username.strip().lower() + "\n" + client)
    throttle = db.session.get(LoginThrottle, key)
    if throttle and throttle.blocked_until and throttle.blocked_until > now:
        return LoginResult(None, int((throttle.blocked_until - now).total_seconds()) + 1)
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if ok and user is not None and user.active:
        if throttle:
            db.session.delete(throttle)
            db.session.flush()
        return LoginResult(user)
    if throttle is None:
        throttle = LoginThrottle(key=key, failures=0)
        db.session.add(throttle)
    throttle.failures += 1
    delay = _delay_after(throttle.failures)
    throttle.blocked_until = now + dt.timedelta(seconds=delay) if delay else None
    db.session.flush()
    return LoginResult(None, delay)


def start_login_session(user: User) -> str:
    session_id = secrets.token_urlsafe(32)
    db.session.add(LoginSession(id_hash=_sha(session_id), user_id=user.id))
    db.session.flush()
    user.login_session_id = session_id
    return session_id


def user_for_session(session_id: str) -> User | None:
    row = db.session.get(LoginSession, _sha(session_id))
    if row is None:
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    user.login_session_id = session_id
    return user


def end_login_session(session_id: str | None) -> None:
    if session_id:
        db.session.execute(delete(LoginSession).where(LoginSession.id_hash == _sha(session_id)))
