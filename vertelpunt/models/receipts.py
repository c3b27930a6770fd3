"""The withdrawal code's slot: what lets a reload of the thank-you page show the code again.

A row lives at most 15 minutes and holds nothing that ties it to a story: its id and the sealed code
both come from a random secret that only the narrator's cookie carries, so the table alone can open no
slot and tells no one which story (or even which link) a row belongs to."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.extensions import db


class CodeSlot(db.Model):
    __tablename__ = "code_slots"
    # On SQLite the rows lie in the order of their random id, not in the order the stories came in.
    __table_args__ = {"sqlite_with_rowid": False}

    # HMAC of the cookie's secret (and the link token): the secret itself is never stored.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The code XOR a pad made from the same secret, in hex: unreadable without the cookie.
    sealed: Mapped[str] = mapped_column(String(64))
    # Unix seconds; a plain number so both databases compare it the same way and tests can move the clock.
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)
