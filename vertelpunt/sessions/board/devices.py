"""Which participant this device is, without an account.

When someone joins, their device gets a random key in the (signed) Flask session cookie; the database
keeps only its SHA-256 hash. A key per session, so one phone can take part in two sessions, and a
copied database row gives nobody a key that works."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import session as cookie
from sqlalchemy import select

from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, SessionParticipant

DEVICES = "board_devices"  # {session id: device key}
VERIFIED = "board_code_ok"  # session ids whose code this device typed correctly, not yet named
# A random name for this browser, given when the code form is first shown: wrong session codes count per
# device (so one guesser never locks out the rest of a room behind the same school address). Never stored.
DEVICE_ID = "board_device"


def device_id() -> str | None:
    value = cookie.get(DEVICE_ID)
    return value if isinstance(value, str) and value else None


def new_device_id() -> bool:
    """Give this browser a device name if it has none; True when one was given now."""
    if device_id() is not None:
        return False
    cookie[DEVICE_ID] = secrets.token_urlsafe(16)
    cookie.permanent = True
    return True


def device_hash(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def remember_code(session_id: int) -> None:
    verified = [i for i in cookie.get(VERIFIED, []) if i != session_id][-4:]
    cookie[VERIFIED] = [*verified, session_id]
    # Long enough for a session of a whole day part; the default cookie would end with the browser tab.
    cookie.permanent = True


def code_verified(session_id: int) -> bool:
    return session_id in cookie.get(VERIFIED, [])


def participant_for(session: DuidingSession) -> SessionParticipant | None:
    """The participant behind this device in this session, or None."""
    key = cookie.get(DEVICES, {}).get(str(session.id))
    if not isinstance(key, str) or not key:
        return None
    return db.session.scalar(
        select(SessionParticipant).where(
            SessionParticipant.session_id == session.id, SessionParticipant.device_hash == device_hash(key)
        )
    )


def _claimable(session: DuidingSession, name: str) -> SessionParticipant | None:
    """A participant the facilitator listed under this name whom no device has claimed yet."""
    wanted = name.casefold()
    for person in session.participants:
        if person.device_hash is None and person.name.strip().casefold() == wanted:
            return person
    return None


def join(session: DuidingSession, name: str, organisation: str, anonymous_name: str) -> SessionParticipant:
    """Bind this device to a participant: the listed one with this name, or a new one."""
    person = _claimable(session, name) if name else None
    if person is None:
        person = SessionParticipant(
            session_id=session.id, name=name or anonymous_name, organisation=organisation
        )
        db.session.add(person)
    elif organisation:
        person.organisation = organisation
    key = secrets.token_urlsafe(32)
    person.device_hash = device_hash(key)
    person.joined_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    devices = dict(cookie.get(DEVICES, {}))
    devices[str(session.id)] = key
    cookie[DEVICES] = dict(list(devices.items())[-8:])
    cookie[VERIFIED] = [i for i in cookie.get(VERIFIED, []) if i != session.id]
    cookie.permanent = True
    return person
