"""A traject is one region's run of the method; it owns its municipalities, organisations and links."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint, and_, func
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from vertelpunt.extensions import db

if TYPE_CHECKING:
    from vertelpunt.models.links import Link, Organisation


class ThresholdLowered(ValueError):
    """A traject's own anonymity threshold may go up once its vertelpunt has opened, never down."""


class Traject(db.Model):
    __tablename__ = "trajecten"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
        CheckConstraint("retention_days >= 30", name="retention_at_least_a_month"),
        CheckConstraint(
            "anonymity_threshold IS NULL OR anonymity_threshold >= 5", name="threshold_at_least_five"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    region: Mapped[str] = mapped_column(String(120))
    focus: Mapped[str] = mapped_column(String(200))
    focus_prompt_nl: Mapped[str] = mapped_column(String(300), default="")
    focus_prompt_en: Mapped[str] = mapped_column(String(300), default="")
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    retention_days: Mapped[int] = mapped_column(default=730)
    # Session participants' names (and their devices' keys) are kept this many days after the session
    # closed, long enough for its report and the next session's review; then they become "Deelnemer N".
    participant_names_days: Mapped[int] = mapped_column(default=90, server_default="90")
    results_note: Mapped[str] = mapped_column(Text, default="")
    # The traject's own suppression threshold, if raised above the app's ANONYMITY_THRESHOLD; never
    # lowered while the traject runs (spec 4.4).
    anonymity_threshold: Mapped[int | None]

    municipalities: Mapped[list[Municipality]] = relationship(
        back_populates="traject", order_by="Municipality.name", cascade="all, delete-orphan"
    )
    organisations: Mapped[list[Organisation]] = relationship(
        back_populates="traject", order_by="Organisation.name"
    )
    links: Mapped[list[Link]] = relationship(back_populates="traject", order_by="Link.id")

    @hybrid_method
    def running_on(self, day: dt.date) -> bool:
        """The vertelpunt takes stories on this day: one rule for Python and for SQL queries."""
        return self.opens_on <= day <= self.closes_on

    @running_on.expression
    def running_on(cls, day):  # noqa: N805 - SQLAlchemy passes the class
        return and_(cls.opens_on <= day, cls.closes_on >= day)

    @hybrid_property
    def is_running(self) -> bool:
        return self.running_on(dt.date.today())

    @is_running.expression
    def is_running(cls):  # noqa: N805 - SQLAlchemy passes the class
        return cls.running_on(func.current_date())

    def focus_prompt(self, lang: str) -> str:
        """The traject's own text for the focus prompt in this language ('' when it has none)."""
        return (self.focus_prompt_en if lang == "en" else "") or self.focus_prompt_nl

    def has_opened(self, today: dt.date | None = None) -> bool:
        return self.opens_on is not None and self.opens_on <= (today or dt.date.today())

    def has_closed(self, today: dt.date | None = None) -> bool:
        """The vertelpunt's last day has passed."""
        return self.closes_on < (today or dt.date.today())

    @validates("anonymity_threshold")
    def _never_lowered(self, _key: str, value: int | None) -> int | None:
        """The last guard of spec 4.4, whatever path a change takes (form, command, script): once the
        vertelpunt has opened, readers have seen counts at the old threshold, and a lower one would
        show what was hidden then. Forms check first and say why (disclosure.threshold_problem)."""
        old = self.anonymity_threshold
        if self.id is not None and self.has_opened() and (value or 0) < (old or 0):
            raise ThresholdLowered(f"traject {self.slug}: threshold {old} cannot become {value}")
        return value


class Municipality(db.Model):
    __tablename__ = "municipalities"
    __table_args__ = (UniqueConstraint("traject_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))

    traject: Mapped[Traject] = relationship(back_populates="municipalities")
