"""Stories and their answers. Nothing here may identify the narrator: no names, contact details,
addresses, client data or time of day; a story keeps only the date it was shared."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.extensions import db

if TYPE_CHECKING:
    from vertelpunt.models.links import Link


# "failed": the redaction worker could not redact this story; it keeps the rules' redaction, stays out of
# every story set and is reported until someone looks (`flask redaction status`).
REDACTION_LEVELS = ("rules", "full", "failed")


class Story(db.Model):
    """title and text are stored redacted: by the fast rules at once (the narrator's own words never
    reach the disk), then by the redaction worker with deduce as well (redaction becomes 'full')."""

    __tablename__ = "stories"
    __table_args__ = (CheckConstraint(f"redaction IN {REDACTION_LEVELS!r}", name="redaction_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    framework_version: Mapped[int]
    language: Mapped[str] = mapped_column(String(5))
    prompt: Mapped[str] = mapped_column(String(40))
    # Text, not a bounded string: redaction tags make a text longer ("Bo" -> "[NAAM]"), and a hostile
    # title of 40 names must still fit after every pass (the form bounds what a narrator types).
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    submitted_on: Mapped[dt.date] = mapped_column(Date, index=True)
    redaction: Mapped[str] = mapped_column(String(10), default="rules", server_default="rules", index=True)
    # A random key from the form: a repeated POST of the same form (double tap, reload) stores one story.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)

    link: Mapped[Link] = relationship()
    answers: Mapped[list[StoryAnswer]] = relationship(
        back_populates="story", cascade="all, delete-orphan", passive_deletes=True, order_by="StoryAnswer.id"
    )
    receipt: Mapped[StoryReceipt | None] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class StoryAnswer(db.Model):
    """One answer: an option (choice, triad corner), a number (slider, triad weight) or 'does not apply'."""

    __tablename__ = "story_answers"
    __table_args__ = (
        CheckConstraint(
            "option_id IS NOT NULL OR number IS NOT NULL OR not_applicable", name="carries_a_value"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(40), index=True)
    option_id: Mapped[str | None] = mapped_column(String(60))
    number: Mapped[float | None] = mapped_column(Float)
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    prefilled: Mapped[bool] = mapped_column(Boolean, default=False)

    story: Mapped[Story] = relationship(back_populates="answers")


class StoryReceipt(db.Model):
    """The withdrawal code, kept apart from the story and only as a hash: the code is shown once."""

    __tablename__ = "story_receipts"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
