"""The second factor: time-based one-time codes (RFC 6238, pyotp) from an authenticator app.

The secret is stored sealed: XOR a pad made with HMAC-SHA256 from a key derived from SECRET_KEY and a
random nonce, with an HMAC tag (encrypt-then-MAC; no library beyond the standard one). A copy of the
database alone therefore gives no codes. After setting up, the secret is never shown again; a person
who loses their phone has an administrator reset the second factor and sets it up anew. Changing
SECRET_KEY makes every sealed secret unreadable: everyone with a second factor sets it up again."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import pyotp
import segno
from flask import current_app

from vertelpunt.auth import clock
from vertelpunt.models import User

STEP_SECONDS = 30
# A code from the step before or after also counts: phone clocks drift a little.
WINDOW = 1
_NONCE = 16
_TAG = 16
ROLE_NAMES = ("admin", "facilitator", "coalition")


def _key(purpose: bytes) -> bytes:
    return hashlib.sha256(
        b"storycycle-totp-" + purpose + b":" + current_app.config["SECRET_KEY"].encode()
    ).digest()


def _pad(nonce: bytes, length: int) -> bytes:
    key, out, counter = _key(b"pad"), b"", 0
    while len(out) < length:
        out += hmac.new(key, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return out[:length]


def seal(secret: str) -> str:
    data = secret.encode()
    nonce = secrets.token_bytes(_NONCE)
    body = nonce + bytes(a ^ b for a, b in zip(data, _pad(nonce, len(data)), strict=True))
    tag = hmac.new(_key(b"tag"), body, hashlib.sha256).digest()[:_TAG]
    return "v1." + base64.urlsafe_b64encode(body + tag).decode()


def unseal(sealed: str) -> str | None:
    """The secret, or None when it was sealed under another SECRET_KEY or altered."""
    try:
        version, encoded = sealed.split(".", 1)
        raw = base64.urlsafe_b64decode(encoded.encode())
    except (ValueError, TypeError):
        return None
    body, tag = raw[:-_TAG], raw[-_TAG:]
    if version != "v1" or len(body) <= _NONCE:
        return None
    if not hmac.compare_digest(tag, hmac.new(_key(b"tag"), body, hashlib.sha256).digest()[:_TAG]):
        return None
    nonce, data = body[:_NONCE], body[_NONCE:]
    return bytes(a ^ b for a, b in zip(data, _pad(nonce, len(data)), strict=True)).decode()


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits


def setup_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="StoryCycle")


def qr_data_uri(uri: str) -> str:
    # An image in the page itself: the secret goes to no other address, not even this site's.
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def grouped(secret: str) -> str:
    """For typing it over: groups of four."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isascii() and ch.isdigit())


def matching_step(secret: str, code: str, after: int | None = None) -> int | None:
    """The time step whose code this is (within the window), or None. A step at or before ``after`` is
    refused, so a code seen over someone's shoulder cannot be used again."""
    code = _clean(code)
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(clock.now().timestamp()) // STEP_SECONDS
    for step in range(now_step - WINDOW, now_step + WINDOW + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def check_code(user: User, code: str) -> bool:
    """True once for a right code; marks its step as used (the caller commits)."""
    secret = unseal(user.totp_sealed or "")
    if not secret:
        return False
    step = matching_step(secret, code, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def enable(user: User, secret: str, code: str) -> bool:
    """Turn the second factor on, once the person shows a code from their app for this secret."""
    step = matching_step(secret, code)
    if step is None:
        return False
    user.totp_sealed = seal(secret)
    user.totp_last_step = step
    return True


def disable(user: User) -> None:
    user.totp_sealed = None
    user.totp_last_step = None


def required_for(user: User) -> bool:
    """Whether this person's roles need the second factor (TOTP_REQUIRED_ROLES)."""
    wanted = set(current_app.config.get("TOTP_REQUIRED_ROLES") or ())
    roles = {m.role for m in user.memberships} | ({"admin"} if user.is_admin else set())
    return bool(wanted & roles)
