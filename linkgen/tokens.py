"""Link tokens: short enough to type from a flyer, too many to guess.

13 random symbols from a 32-letter alphabet carry 65 bits; one check symbol after them catches most
typing errors before the database is asked. Look-alike letters (i, l, o, u) are left out and read
as the digits people meant."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
RANDOM_SYMBOLS = 13
TOKEN_LENGTH = RANDOM_SYMBOLS + 1
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"i": "1", "l": "1", "o": "0", "u": "v"})


def _check_symbol(body: str) -> str:
    # Luhn mod 32: every single wrong symbol changes the sum, and nearly every swap of neighbours does.
    base = len(ALPHABET)
    total = 0
    for position, char in enumerate(reversed(body)):
        value = _VALUE[char] * (2 if position % 2 == 0 else 1)
        total += value // base + value % base
    return ALPHABET[-total % base]


def new_token() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return body + _check_symbol(body)


def normalise(raw: str) -> str | None:
    """The canonical token for what someone typed or clicked, or None when it cannot be one."""
    cleaned = "".join(raw.split()).replace("-", "").lower().translate(_LOOKALIKES)
    if len(cleaned) != TOKEN_LENGTH or any(c not in _VALUE for c in cleaned):
        return None
    if _check_symbol(cleaned[:-1]) != cleaned[-1]:
        return None
    return cleaned


def display(token: str) -> str:
    """Groups of four, for flyers and reading aloud."""
    return "-".join(token[i : i + 4] for i in range(0, len(token), 4))
