"""Hard data beside the stories: monitoring figures and sources ("fly on the wall") per traject,
and which of them a session shows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.extensions import db

IMPORTANCE = ("high", "medium", "low")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class IndicatorValue(db.Model):
    """One row of a monitoring table such as the Kennispunt Twente figures."""

    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("traject_id", "indicator", "unit", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(20))  # a year, or e.g. "2020-H1"
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300), default="")
    reference_date: Mapped[str] = mapped_column(String(20), default="")  # as published, e.g. "2021-01"
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Source(db.Model):
    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint(f"importance IN {IMPORTANCE!r}", name="importance_known"),
        CheckConstraint("year IS NULL OR (year >= 1900 AND year <= 2100)", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[str] = mapped_column(String(200), default="")  # person or organisation
    year: Mapped[int | None]
    url: Mapped[str] = mapped_column(String(500), default="")
    importance: Mapped[str] = mapped_column(String(10), default="medium")
    notes: Mapped[str] = mapped_column(Text, default="")


session_sources = db.Table(
    "session_sources",
    db.Column("session_id", ForeignKey("duiding_sessions.id", ondelete="CASCADE"), primary_key=True),
    db.Column("source_id", ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
)


class SessionIndicator(db.Model):
    """An indicator (by name and unit) a session shows as a chart beside its themes and in its report."""

    __tablename__ = "session_indicators"
    __table_args__ = (UniqueConstraint("session_id", "indicator", "unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(40))
