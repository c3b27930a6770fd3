"""What the privacy rules find: a personal detail's kind and where it stands in the text."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("name", "phone", "email", "address", "postcode", "birth_date", "date", "school", "handle", "bsn")


@dataclass(frozen=True)
class Finding:
    """One personal detail: ``text[start:end]`` of the scanned text, of a kind from ``KINDS`` (or "id")."""

    kind: str
    start: int
    end: int
    text: str
