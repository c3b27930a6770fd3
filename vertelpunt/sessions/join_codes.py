"""Join codes, in one place: made for a session, read back as people type them from a screen or a
sheet of paper (any case, spaces or dashes, the look-alikes people confuse), shown in two halves, and
matched to the open session they belong to. Guessing is slowed down by the rate limit on failed tries
(board/participant.py)."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import func, select

from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession
from vertelpunt.text import clean_text

# Crockford's base 32: read aloud and typed on a phone, the look-alikes O, I, L and U are read as the
# 0, 1, 1 and V people meant. 32^6 is about a billion codes.
JOIN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
JOIN_LENGTH = 6
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_NOISE = re.compile(r"[\s\-\.]+")


def new_join_code() -> str:
    """A join code no session has yet."""
    while True:
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))
        if db.session.scalar(select(DuidingSession.id).where(DuidingSession.join_code == code)) is None:
            return code


def _typed(raw: str) -> str:
    # clean_text drops control characters: PostgreSQL refuses a NUL even in a query.
    return _NOISE.sub("", clean_text(raw or "")).upper()[:32]


def normalise_join_code(raw: str) -> str | None:
    """The code as stored for what someone typed, or None when it cannot be a code."""
    code = _typed(raw).translate(_LOOKALIKES)
    if len(code) != JOIN_LENGTH or any(c not in JOIN_ALPHABET for c in code):
        return None
    return code


def display_join_code(code: str) -> str:
    return f"{code[:3]} {code[3:]}" if len(code) == JOIN_LENGTH else code


def candidates(raw: str) -> list[str]:
    """The stored codes this input may mean: as typed (codes made before the alphabet was fixed), and
    read with the look-alikes."""
    typed = _typed(raw)
    found = [typed] if typed else []
    read = normalise_join_code(raw or "")
    if read and read not in found:
        found.append(read)
    return found


def open_session_by_code(raw: str) -> DuidingSession | None:
    """The open session with this code; a prepared or closed session's code gives nothing."""
    codes = candidates(raw)
    if not codes:
        return None
    return db.session.scalar(
        select(DuidingSession).where(
            func.upper(DuidingSession.join_code).in_(codes), DuidingSession.status == "open"
        )
    )
