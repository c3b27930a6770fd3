"""Passwords, login sessions kept on the server (with idle and absolute limits), and slowing down
guessing of passwords and second-factor codes."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from vertelpunt import database
from vertelpunt.auth import clock
from vertelpunt.extensions import db
from vertelpunt.models import LoginSession, LoginThrottle, Membership, Traject, User
from vertelpunt.text import clean_text

MIN_PASSWORD_LENGTH = 12
# scrypt of a very long input is slow on purpose; no one types a password this long.
MAX_PASSWORD_LENGTH = 200
# Checked against when the username does not exist, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-at-all", method="scrypt")
# last_seen moves on at most this often, so a page view rarely writes.
TOUCH_EVERY = dt.timedelta(minutes=1)


def _now() -> dt.datetime:
    return clock.now()


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


class AccountError(ValueError):
    pass


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Password must be at most {MAX_PASSWORD_LENGTH} characters.")


def normal_email(raw: str | None) -> str | None:
    email = clean_text(raw or "").strip().lower()
    return email or None


def email_taken(email: str, but: User | None = None) -> bool:
    query = select(User.id).where(User.email == email)
    if but is not None:
        query = query.where(User.id != but.id)
    return db.session.scalar(query) is not None


def username_taken(username: str) -> bool:
    return db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower())) is not None


def create_user(
    username: str,
    password: str | None,
    *,
    admin: bool = False,
    memberships: list[tuple[str, str]] = (),
    email: str | None = None,
) -> User:
    """memberships: (traject slug, role) pairs. password None: an invited account, which no password
    opens until its owner chooses one through the invitation."""
    username = username.strip()
    if not username or len(username) > 80:
        raise AccountError("Username must be 1 to 80 characters.")
    if password is not None:
        check_new_password(password)
    if username_taken(username):
        raise AccountError(f"User '{username}' already exists.")
    email = normal_email(email)
    if email and email_taken(email):
        raise AccountError(f"Another account has the address '{email}'.")
    user = User(
        username=username,
        password_hash=hash_password(password) if password is not None else "",
        is_admin=admin,
        email=email,
    )
    for slug, role in memberships:
        traject = db.session.scalar(select(Traject).where(Traject.slug == slug))
        if traject is None:
            raise AccountError(f"Traject '{slug}' does not exist.")
        user.memberships.append(Membership(traject_id=traject.id, role=role))
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str, keep: str | None = None) -> None:
    """A new password ends every login of the account (but ``keep``, the person's own): whoever knew
    the old one is out."""
    check_new_password(password)
    user.password_hash = hash_password(password)
    end_user_sessions(user, keep=keep)


def check_password(user: User, password: str) -> bool:
    return bool(user.password_hash) and check_password_hash(user.password_hash, password)


@dataclass
class LoginResult:
    user: User | None
    wait_seconds: int = 0


def _delay_after(failures: int) -> int:
    free = current_app.config["LOGIN_FREE_TRIES"]
    if failures < free:
        return 0
    return min(2 ** (failures - free + 1), current_app.config["LOGIN_MAX_DELAY"])


def _blocked(key: str, now: dt.datetime) -> int:
    throttle = db.session.get(LoginThrottle, key)
    if throttle and throttle.blocked_until and throttle.blocked_until > now:
        return int((throttle.blocked_until - now).total_seconds()) + 1
    return 0


def _failed(key: str, now: dt.datetime) -> int:
    throttle = db.session.get(LoginThrottle, key)
    if throttle is None:
        throttle = LoginThrottle(key=key, failures=0)
        db.session.add(throttle)
    throttle.failures += 1
    delay = _delay_after(throttle.failures)
    throttle.blocked_until = now + dt.timedelta(seconds=delay) if delay else None
    db.session.flush()
    return delay


def _succeeded(key: str) -> None:
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))


def authenticate(
    username: str, password: str, now: dt.datetime | None = None, client: str = ""
) -> LoginResult:
    """``client`` is the keyed hash of the address asking (vertelpunt.clients.client_key). Failures count
    per user name and address, so someone guessing a colleague's name slows down only themselves: the
    colleague, from their own address, still logs in at once."""
    now = now or _now()
    username = clean_text(username)[:200]
    key = _sha(username.strip().lower() + "\n" + client)
    wait = _blocked(key, now)
    if wait:
        return LoginResult(None, wait)
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    ok = check_password_hash(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    if ok and user is not None and user.active and user.password_hash:
        _succeeded(key)
        db.session.flush()
        return LoginResult(user)
    return LoginResult(None, _failed(key, now))


def _code_key(user: User) -> str:
    # Per account, not per address: only someone who has the password gets this far, and spreading
    # guesses over many addresses must not buy more of them.
    return _sha(f"second-factor\n{user.id}")


def code_wait(user: User, now: dt.datetime | None = None) -> int:
    return _blocked(_code_key(user), now or _now())


def code_failed(user: User, now: dt.datetime | None = None) -> int:
    return _failed(_code_key(user), now or _now())


def code_succeeded(user: User) -> None:
    _succeeded(_code_key(user))


def _limits() -> tuple[dt.timedelta, dt.timedelta]:
    config = current_app.config
    return (
        dt.timedelta(minutes=int(config["SESSION_IDLE_MINUTES"])),
        dt.timedelta(hours=int(config["SESSION_MAX_HOURS"])),
    )


def _expired(created_at: dt.datetime, last_seen: dt.datetime | None, now: dt.datetime) -> bool:
    idle, longest = _limits()
    return now - (last_seen or created_at) >= idle or now - created_at >= longest


def _end_expired(now: dt.datetime) -> None:
    idle, longest = _limits()
    db.session.execute(
        delete(LoginSession).where(
            or_(
                LoginSession.created_at <= now - longest,
                func.coalesce(LoginSession.last_seen, LoginSession.created_at) <= now - idle,
            )
        )
    )


def start_login_session(user: User) -> str:
    now = _now()
    _end_expired(now)  # the rows of logins that ran out without a logout
    session_id = secrets.token_urlsafe(32)
    db.session.add(LoginSession(id_hash=_sha(session_id), user_id=user.id, created_at=now, last_seen=now))
    db.session.flush()
    user.login_session_id = session_id
    return session_id


def user_for_session(session_id: str) -> User | None:
    row = db.session.get(LoginSession, _sha(session_id))
    if row is None or _expired(row.created_at, row.last_seen, _now()):
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    user.login_session_id = session_id
    return user


def _verdict(session_id: str, now: dt.datetime) -> str:
    row = db.session.execute(
        select(LoginSession.created_at, LoginSession.last_seen).where(
            LoginSession.id_hash == _sha(session_id)
        )
    ).first()
    if row is None:
        return "gone"
    if _expired(row.created_at, row.last_seen, now):
        return "expired"
    return "touch" if now - (row.last_seen or row.created_at) >= TOUCH_EVERY else "ok"


def _apply(session_id: str, verdict: str, now: dt.datetime) -> None:
    where = LoginSession.id_hash == _sha(session_id)
    if verdict == "expired":
        db.session.execute(delete(LoginSession).where(where))
    elif verdict == "touch":
        db.session.execute(update(LoginSession).where(where).values(last_seen=now))


def keep_alive(session_id: str, now: dt.datetime | None = None) -> bool:
    """Before every request that carries a login: True while it may go on. An expired login is ended
    here, and a live one's last_seen moves on. In short transactions of its own, so that a page that
    only reads stays a reader (on SQLite a reader that starts writing can fail halfway)."""
    now = now or _now()
    if database.in_unit_of_work():
        # Inside a caller's unit of work (a test or a command): work in it, and leave committing to it.
        verdict = _verdict(session_id, now)
        _apply(session_id, verdict, now)
        return verdict in ("ok", "touch")
    with database.reading():
        verdict = _verdict(session_id, now)
    if verdict in ("expired", "touch"):
        with database.short_write():
            _apply(session_id, verdict, now)
    return verdict in ("ok", "touch")


def end_login_session(session_id: str | None) -> None:
    if session_id:
        db.session.execute(delete(LoginSession).where(LoginSession.id_hash == _sha(session_id)))


def end_user_sessions(user: User, keep: str | None = None) -> None:
    """End every login of this account, except the one with id ``keep`` (the person's own)."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep:
        query = query.where(LoginSession.id_hash != _sha(keep))
    db.session.execute(query)
