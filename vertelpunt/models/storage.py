"""A note that deleted rows still lie in the database files and must be scrubbed from them.

Written in the deleting transaction, so a deletion and its promise to scrub stand or fall together;
the worker scrubs (database.scrub_files) and removes the notes it has honoured. Nothing else in it:
no story id, no time, so the table says nothing about who withdrew what."""

from __future__ import annotations

from sqlalchemy import Boolean
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.extensions import db


class ScrubRequest(db.Model):
    __tablename__ = "scrub_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Every table rather than the story tables: a traject was ended (retention.end_traject).
    whole_database: Mapped[bool] = mapped_column(Boolean, default=False)
