"""The traject plan: cycles with their phases, milestones, success criteria and the coalition's
members; and quotes a facilitator released for the public feedback page."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.extensions import db
from vertelpunt.models.sessions import PUBLICATION_STATES

CYCLES = ("opstart", "tempo", "actie")
PHASES = ("delen", "inzicht", "ontwikkelen", "evolueren")
MILESTONE_KINDS = ("vertelpunt_open", "vertelpunt_closed", "session", "digest", "report", "other")
CRITERION_STATUSES = ("open", "met", "not_met")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class TrajectCycle(db.Model):
    __tablename__ = "traject_cycles"
    __table_args__ = (
        UniqueConstraint("traject_id", "kind"),
        CheckConstraint(f"kind IN {CYCLES!r}", name="kind_known"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)

    phases: Mapped[list[CyclePhase]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan", order_by="CyclePhase.starts_on"
    )


class CyclePhase(db.Model):
    __tablename__ = "cycle_phases"
    __table_args__ = (
        UniqueConstraint("cycle_id", "phase"),
        CheckConstraint(f"phase IN {PHASES!r}", name="phase_known"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("traject_cycles.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(12))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)

    cycle: Mapped[TrajectCycle] = relationship(back_populates="phases")


class Milestone(db.Model):
    """A planned moment. Sessions and digests also appear in the plan by themselves; a milestone
    row is what the coalition adds or wants to tick off."""

    __tablename__ = "milestones"
    __table_args__ = (CheckConstraint(f"kind IN {MILESTONE_KINDS!r}", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class SuccessCriterion(db.Model):
    __tablename__ = "success_criteria"
    __table_args__ = (CheckConstraint(f"status IN {CRITERION_STATUSES!r}", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text, default="")  # how the coalition will know
    status: Mapped[str] = mapped_column(String(10), default="open")
    position: Mapped[int] = mapped_column(default=0)


class CoalitionMember(db.Model):
    """A member organisation of the coalition and the part of the narrator population it reaches."""

    __tablename__ = "coalition_members"
    __table_args__ = (UniqueConstraint("traject_id", "organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    organisation: Mapped[str] = mapped_column(String(160))
    representative: Mapped[str] = mapped_column(String(120), default="")
    population: Mapped[str] = mapped_column(Text, default="")  # e.g. "ouders van kinderen in de wijk"


class ReleasedQuote(db.Model):
    """An anonymised quote a facilitator released for the public page; the story itself never is."""

    __tablename__ = "released_quotes"
    __table_args__ = (
        CheckConstraint("length(text) > 0", name="has_text"),
        CheckConstraint(f"publication IN {PUBLICATION_STATES!r}", name="publication_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    # Withdrawing the story takes its quote with it.
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    released_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    released_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # Released means asked: the redaction worker checks the quote with deduce before it is public.
    publication: Mapped[str] = mapped_column(String(10), default="requested", server_default="requested")
    publication_findings: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
