"""What the coalition of a traject sets and receives: targets, share texts, digest settings and digests.

Nothing here refers to a single story; digests keep aggregate counts only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vertelpunt.extensions import db
from vertelpunt.framework.options import audience_ids

TARGET_DIMENSIONS = ("perspective", "audience", "age_group", "municipality")
# A target on this value applies to every value of its dimension ("every municipality represented").
EVERY_VALUE = "*"
TEXT_AUDIENCES = audience_ids()
TEXT_KINDS = ("whatsapp", "email_subject", "email_body", "newsletter")
DELIVERIES = ("smtp", "outbox")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Target(db.Model):
    """A wanted minimum in the response: a count, a share of all stories (percent), or both."""

    __tablename__ = "coalition_targets"
    __table_args__ = (
        UniqueConstraint("traject_id", "dimension", "value"),
        CheckConstraint(f"dimension IN {TARGET_DIMENSIONS!r}", name="dimension_known"),
        CheckConstraint("min_count IS NOT NULL OR min_share IS NOT NULL", name="has_a_minimum"),
        CheckConstraint("min_count IS NULL OR min_count >= 1", name="count_positive"),
        CheckConstraint("min_share IS NULL OR (min_share >= 1 AND min_share <= 100)", name="share_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(60))
    min_count: Mapped[int | None]
    min_share: Mapped[int | None]


class ShareText(db.Model):
    """A traject's own wording of one share text; without a row the project's default text is used."""

    __tablename__ = "coalition_share_texts"
    __table_args__ = (
        UniqueConstraint("traject_id", "audience", "kind"),
        CheckConstraint(f"audience IN {TEXT_AUDIENCES!r}", name="audience_known"),
        CheckConstraint(f"kind IN {TEXT_KINDS!r}", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)


class CoalitionSettings(db.Model):
    """Per traject: who receives the digest and after how many days without a story a link is quiet."""

    __tablename__ = "coalition_settings"
    __table_args__ = (CheckConstraint("quiet_days >= 1 AND quiet_days <= 365", name="quiet_days_range"),)

    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), primary_key=True)
    quiet_days: Mapped[int] = mapped_column(default=14)
    recipients: Mapped[str] = mapped_column(Text, default="")


class Digest(db.Model):
    """One twice-weekly update as it was sent, with the exact group counts it was based on.

    The counts are the baseline for the next digest's "new since last time"; they are never shown
    as such below facilitator level."""

    __tablename__ = "coalition_digests"
    __table_args__ = (CheckConstraint(f"delivery IN {DELIVERIES!r}", name="delivery_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    made_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    counts: Mapped[dict] = mapped_column(JSON)
    html: Mapped[str] = mapped_column(Text)
    delivery: Mapped[str] = mapped_column(String(10))
    recipients: Mapped[str] = mapped_column(Text, default="")
