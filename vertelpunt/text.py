"""Cleaning text that people type, before it is checked or stored."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(raw: str | None) -> str:
    """Text as people meant it: NFC, plain line ends, no control or direction-override characters
    (PostgreSQL refuses NUL, and bidirectional overrides can disguise what staff read)."""
    text = unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()
