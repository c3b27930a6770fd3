"""The withdrawal code's slot: the thank-you page can be reloaded for 15 minutes, on the sending phone only.

After a story, the phone gets a cookie with a random secret (HttpOnly, SameSite=Strict, scoped to the
link's thank-you path) and the database a row made from that secret: an id (an HMAC of it) and the code
sealed with a pad (another HMAC of it). Without the cookie a row opens nothing; with a cookie but no
row (another link, expired, purged, forged) there is nothing to open. The code never travels in a URL,
so it reaches no history, log line or Referer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time

from flask import current_app, request, url_for
from sqlalchemy import bindparam, delete, insert, select

from vertelpunt.models import CodeSlot

KEEP_SECONDS = 15 * 60
_CODE = re.compile(r"^[0-9a-z]{4}(?:-[0-9a-z]{4}){3}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{43}$")  # 32 random bytes, base64url without padding

_TABLE = CodeSlot.__table__
_INSERT = insert(_TABLE)
_PURGE = delete(_TABLE).where(_TABLE.c.expires_at <= bindparam("now"))
_READ = select(_TABLE.c.sealed, _TABLE.c.expires_at).where(_TABLE.c.id == bindparam("id"))
_ANY_EXPIRED = select(_TABLE.c.id).where(_TABLE.c.expires_at <= bindparam("now")).limit(1)


def now() -> int:
    """The clock the slots go by (tests move it)."""
    return int(time.time())


def _derive(secret: str, token: str, purpose: bytes) -> bytes:
    return hmac.new(secret.encode(), purpose + b"\0" + token.encode(), hashlib.sha256).digest()


def _xor(data: bytes, pad: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, pad, strict=False))


def keep(conn, token: str, code: str, at: int | None = None) -> str:
    """Put the code in a new slot on ``conn`` (the story's own transaction: one insert); the cookie's
    secret comes back. The code has 19 characters, the pad 32 bytes: a one-time pad per slot."""
    secret = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
    sealed = _xor(code.encode(), _derive(secret, token, b"pad")).hex()
    conn.execute(
        _INSERT,
        {
            "id": _derive(secret, token, b"id").hex(),
            "sealed": sealed,
            "expires_at": (now() if at is None else at) + KEEP_SECONDS,
        },
    )
    return secret


def open_slot(conn, token: str, secret: str | None) -> str | None:
    """The code behind a cookie's secret, while its slot lasts; reads only, so a reload (or a forged
    cookie) never takes the write lock. A malformed secret costs no query at all."""
    if not secret or not _SECRET.match(secret):
        return None
    row = conn.execute(_READ, {"id": _derive(secret, token, b"id").hex()}).first()
    if row is None or row.expires_at <= now():
        return None
    try:
        code = _xor(bytes.fromhex(row.sealed), _derive(secret, token, b"pad")).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None
    return code if _CODE.match(code) else None


def any_expired(conn) -> bool:
    """Whether some slot is past its 15 minutes and still in the table (then the caller purges)."""
    return conn.execute(_ANY_EXPIRED, {"now": now()}).first() is not None


def purge(conn, at: int | None = None) -> int:
    """Delete every expired slot (the daily retention purge runs this too); the number deleted."""
    return conn.execute(_PURGE, {"now": now() if at is None else at}).rowcount or 0


def _secure() -> bool:
    return bool(current_app.config.get("SESSION_COOKIE_SECURE") or request.is_secure)


def cookie_name() -> str:
    # The __Secure- prefix makes browsers refuse the cookie unless it came over HTTPS with Secure set.
    return "__Secure-bedankt" if _secure() else "bedankt"


def _path(token: str) -> str:
    return url_for("share.thanks", token=token)


def read_cookie() -> str | None:
    return request.cookies.get(cookie_name())


def set_cookie(response, token: str, secret: str) -> None:
    response.set_cookie(
        cookie_name(),
        secret,
        max_age=KEEP_SECONDS,
        path=_path(token),
        secure=_secure(),
        httponly=True,
        samesite="Strict",
    )


def forget_cookie(response, token: str) -> None:
    response.delete_cookie(
        cookie_name(), path=_path(token), secure=_secure(), httponly=True, samesite="Strict"
    )
