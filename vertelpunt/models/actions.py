"""Actions that come out of a session's themes, and their review in later sessions (the ledger)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.extensions import db
from vertelpunt.models.sessions import PUBLICATION_STATES

if TYPE_CHECKING:
    from vertelpunt.models.sessions import DuidingSession, Theme

ACTION_STATUSES = ("open", "in_progress", "done", "dropped")
# Still on the agenda of the next session's review.
OPEN_STATUSES = ("open", "in_progress")
TERMS = ("short", "long")
SIZES = ("small", "large")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Action(db.Model):
    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint(f"status IN {ACTION_STATUSES!r}", name="status_known"),
        CheckConstraint(f"term IN {TERMS!r}", name="term_known"),
        CheckConstraint(f"size IN {SIZES!r}", name="size_known"),
        CheckConstraint("length(title) > 0", name="has_title"),
        CheckConstraint(f"publication IN {PUBLICATION_STATES!r}", name="publication_known"),
        # `public` is what the page and the exports read; it can only be true once the check passed.
        CheckConstraint("NOT public OR publication = 'public'", name="public_only_when_published"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    # An action outlives a later change of its theme on the board: the theme row stays.
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    term: Mapped[str] = mapped_column(String(10), default="short")
    size: Mapped[str] = mapped_column(String(10), default="small")
    owner_organisation: Mapped[str] = mapped_column(String(160), default="")
    owner_person: Mapped[str] = mapped_column(String(120), default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    first_step: Mapped[bool] = mapped_column(Boolean, default=False)
    # The latest known status; each review also keeps the status it recorded.
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    # On the public feedback page: only after a facilitator published it (the Publiceren step) and the
    # redaction worker's check passed. Off by default; upgrading made every existing action not public.
    public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    publication: Mapped[str] = mapped_column(String(10), default="private", server_default="private")
    # The public text as the facilitator confirmed it; the owner organisation only when they chose to
    # show it (empty otherwise). The owner person has no public column: it is never public.
    public_title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    public_description: Mapped[str] = mapped_column(Text, default="", server_default="")
    public_organisation: Mapped[str] = mapped_column(String(160), default="", server_default="")
    publication_findings: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    session: Mapped[DuidingSession] = relationship()
    theme: Mapped[Theme | None] = relationship()
    reviews: Mapped[list[ActionReview]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionReview.id"
    )

    @property
    def current_next_step(self) -> str:
        """The next step recorded last (by a later session's review), else the one the action was made
        with. `next_step` itself stays as its own session wrote it, so that session's report keeps it."""
        latest = sorted(self.reviews, key=lambda r: (r.session.held_on, r.id), reverse=True)
        return next((r.next_step for r in latest if r.next_step), self.next_step)


class ActionReview(db.Model):
    """What a later session recorded about an action: one review per action per session."""

    __tablename__ = "action_reviews"
    __table_args__ = (
        UniqueConstraint("action_id", "session_id"),
        CheckConstraint(f"status IN {ACTION_STATUSES!r}", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    obstacles: Mapped[str] = mapped_column(Text, default="")
    opportunities: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    reviewed_on: Mapped[dt.date] = mapped_column(Date, default=dt.date.today)

    action: Mapped[Action] = relationship(back_populates="reviews")
    session: Mapped[DuidingSession] = relationship()
