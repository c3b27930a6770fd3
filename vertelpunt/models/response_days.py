"""The dashboard's counts of one traject's stories on one day: the one store of counts of closed days,
read alike by every worker process and machine (see vertelpunt/coalition/days.py). Counts only: no
story id but the day's highest, no text, no time of day.

A row stands while its day's number of stories and highest story id equal the stories table's; a
stale or missing day is counted again. Stories are deleted through vertelpunt.stories.delete_stories(),
which puts the rows of their days right in the same transaction. Only days before today are kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.extensions import db
from vertelpunt.models.stories import Story


class ResponseDay(db.Model):
    __tablename__ = "response_days"

    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    stories: Mapped[int]
    max_story_id: Mapped[int]
    # {"link": {link id: n}, "prompt": {prompt: n}, "answers": [[question id, option id, n], ...]}
    counts: Mapped[dict] = mapped_column(JSON)


# What tells whether the rows still stand: the stories per day of a traject with their highest id, read
# from this index alone (on every dashboard view). An index of the stories table, declared here because
# it serves this store (migration 0012).
Index("ix_stories_traject_id_submitted_on", Story.traject_id, Story.submitted_on, Story.id)
