"""The dashboard's counts of one traject's stories on one day, kept so that a new process need not
count them again (see vertelpunt/coalition/counts.py). Counts only: no story id but the day's
highest, no text, no time of day.

A row is right while the day's stories are the ones it counted: whoever deletes stories deletes the
rows of their days in the same transaction (withdrawal, retention purge); the day's number of stories
and highest id are compared on every load as well. Only days before today are kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.extensions import db


class ResponseDay(db.Model):
    __tablename__ = "response_days"

    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    stories: Mapped[int]
    max_story_id: Mapped[int]
    # {"link": {link id: n}, "prompt": {prompt: n}, "answers": [[question id, option id, n], ...]}
    counts: Mapped[dict] = mapped_column(JSON)
