"""Reading a session code as people type it from a screen or a sheet of paper.

Codes are made by vertelpunt/sessions (random, not sequential); here they are only matched: in any
case, with spaces or dashes, and with the look-alikes that the sessions code alphabet leaves out
(0/O, 1/I ...) read the way sessions reads them. Guessing is slowed down by the rate limit on failed
tries (participant.py)."""

from __future__ import annotations

import re

from vertelpunt.text import clean_text

_NOISE = re.compile(r"[\s\-\.]+")


def normalise_code(raw: str) -> str:
    # clean_text drops control characters: PostgreSQL refuses a NUL even in a query.
    return _NOISE.sub("", clean_text(raw)).upper()[:32]


def candidates(raw: str) -> list[str]:
    """The stored codes this input may mean: as typed, and as sessions reads look-alikes."""
    typed = normalise_code(raw)
    found = [typed] if typed else []
    try:
        from vertelpunt.sessions.services import normalise_join_code
    except ImportError:  # the sessions blueprint is optional for the board
        return found
    read = normalise_join_code(raw or "")
    if read and read not in found:
        found.append(read)
    return found
