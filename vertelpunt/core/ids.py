"""Ids in addresses and forms: what can be a row's id, and a 404 for what cannot."""

from __future__ import annotations

from flask import abort

# Ids are 32-bit on PostgreSQL: a larger number names no row and must not reach the database.
MAX_ID = 2**31 - 1


def row_id(raw) -> int | None:
    """The id a form field, query or URL part names, or None for anything that cannot be a row's id:
    empty, not plain digits 0-9 (str.isdigit also accepts "²", which int() refuses), or too large."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def refuse_impossible_ids(_endpoint, values) -> None:
    """For url_value_preprocessor: an id in the address that no row can have is no page (a 404, not
    a database error)."""
    if any(isinstance(v, int) and row_id(v) is None for v in (values or {}).values()):
        abort(404)


def row_or_404(model, raw_id, **belongs_to):
    """The row with this id whose columns hold the given values (``session_id=duiding.id``), or a 404:
    an id of another session, traject or person reveals no more than an id that does not exist."""
    from vertelpunt.extensions import db

    row = db.session.get(model, row_id(raw_id)) if row_id(raw_id) else None
    if row is None or any(getattr(row, name) != value for name, value in belongs_to.items()):
        abort(404)
    return row
