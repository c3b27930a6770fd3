"""A duidingssessie: its people, its story set, the observations written on those stories, the themes
they were grouped into, ritual dissent rounds and the participants' evaluations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.extensions import db

if TYPE_CHECKING:
    from vertelpunt.models.accounts import User
    from vertelpunt.models.evidence import SessionIndicator, Source
    from vertelpunt.models.stories import Story
    from vertelpunt.models.trajecten import Traject

# prepared: being set up, participants cannot join; open: the session runs and its code works;
# closed: finished, the code no longer gives access.
SESSION_STATUSES = ("prepared", "open", "closed")
# How the story set was chosen, kept for the report.
SELECTION_KINDS = ("filter", "pattern", "balanced", "manual")
PLACEMENTS = ("engine", "person")
THEME_ORIGINS = ("engine", "person")
REMARK_KINDS = ("critique", "suggestion")
# Publication of a theme or an action (and of a released quote): nothing is public until a person asks
# for it; then the redaction worker checks it with deduce ("requested") and makes it public or refuses it.
PUBLICATION_STATES = ("private", "requested", "public", "refused")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


session_facilitators = db.Table(
    "session_facilitators",
    db.Column("session_id", ForeignKey("duiding_sessions.id", ondelete="CASCADE"), primary_key=True),
    db.Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class DuidingSession(db.Model):
    __tablename__ = "duiding_sessions"
    __table_args__ = (
        CheckConstraint(f"status IN {SESSION_STATUSES!r}", name="status_known"),
        CheckConstraint("duration_minutes > 0 AND duration_minutes <= 720", name="duration_range"),
        CheckConstraint(
            f"selection_kind IS NULL OR selection_kind IN {SELECTION_KINDS!r}", name="selection_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM", local time of the meeting
    duration_minutes: Mapped[int] = mapped_column(default=150)
    goal: Mapped[str] = mapped_column(Text, default="")
    focus: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="prepared")
    # Participants type this on their own device; unique over all sessions, usable only while open.
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    selection_kind: Mapped[str | None] = mapped_column(String(10))
    selection: Mapped[dict] = mapped_column(JSON, default=dict)  # the filter/pattern/sample that was used
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The number of themes the room asked the engine for; None: the engine chooses.
    theme_count: Mapped[int | None] = mapped_column()
    # Set when the room asked for a grouping the worker has not done yet (the board shows it is busy).
    grouping_since: Mapped[dt.datetime | None] = mapped_column(DateTime)

    traject: Mapped[Traject] = relationship()
    facilitators: Mapped[list[User]] = relationship(secondary=session_facilitators, order_by="User.username")
    participants: Mapped[list[SessionParticipant]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionParticipant.id"
    )
    stories: Mapped[list[SessionStory]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionStory.position"
    )
    observations: Mapped[list[Observation]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Observation.id"
    )
    themes: Mapped[list[Theme]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Theme.position"
    )
    sources: Mapped[list[Source]] = relationship(secondary="session_sources", order_by="Source.id")
    indicators: Mapped[list[SessionIndicator]] = relationship(
        cascade="all, delete-orphan", order_by="SessionIndicator.id"
    )
    dissent_rounds: Mapped[list[DissentRound]] = relationship(
        cascade="all, delete-orphan", order_by="DissentRound.id"
    )
    evaluations: Mapped[list[SessionEvaluation]] = relationship(
        cascade="all, delete-orphan", order_by="SessionEvaluation.id"
    )


class SessionParticipant(db.Model):
    """Someone at the table. Listed by the facilitator beforehand, or added when they join with the
    code; a device that joined holds a random key in its cookie, stored here only as a hash."""

    __tablename__ = "session_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(160), default="")
    device_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    joined_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    session: Mapped[DuidingSession] = relationship(back_populates="participants")


class SessionStory(db.Model):
    __tablename__ = "session_stories"
    __table_args__ = (UniqueConstraint("session_id", "story_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[DuidingSession] = relationship(back_populates="stories")
    story: Mapped[Story] = relationship()


observation_stories = db.Table(
    "observation_stories",
    db.Column("observation_id", ForeignKey("observations.id", ondelete="CASCADE"), primary_key=True),
    db.Column("story_id", ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
)


class Observation(db.Model):
    """What someone noticed in one or more stories. On the board it is a card in at most one theme;
    `placement` says whether a person put it there (kept by regrouping) or the engine proposed it."""

    __tablename__ = "observations"
    __table_args__ = (
        CheckConstraint(f"placement IN {PLACEMENTS!r}", name="placement_known"),
        CheckConstraint("length(text) > 0", name="has_text"),
        # A form posted twice (double tap, a retry on a slow network) carries the same key: stored once.
        UniqueConstraint("session_id", "form_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_participants.id", ondelete="SET NULL"), index=True
    )
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    form_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # When its author last changed it: the facilitator's screens show the change without reloading.
    edited_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"), index=True)
    placement: Mapped[str] = mapped_column(String(10), default="engine")
    fit_score: Mapped[float | None] = mapped_column(Float)
    # The engine's other fitting themes as [[theme_id, score], ...]; shown, never acted on by itself.
    also_fits: Mapped[list] = mapped_column(JSON, default=list)
    # Put aside by the engine ("does not fit") and not yet placed by a person.
    unfit: Mapped[bool] = mapped_column(Boolean, default=False)

    session: Mapped[DuidingSession] = relationship(back_populates="observations")
    participant: Mapped[SessionParticipant | None] = relationship()
    theme: Mapped[Theme | None] = relationship(back_populates="observations")
    stories: Mapped[list[Story]] = relationship(secondary=observation_stories, order_by="Story.id")


class Theme(db.Model):
    __tablename__ = "themes"
    __table_args__ = (
        CheckConstraint(f"origin IN {THEME_ORIGINS!r}", name="origin_known"),
        CheckConstraint(f"publication IN {PUBLICATION_STATES!r}", name="publication_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    key_terms: Mapped[list] = mapped_column(JSON, default=list)
    # A confirmed theme keeps its name and members through every regrouping.
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    # A name given by a person is never replaced by the engine's key terms.
    named_by_person: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(String(10), default="engine")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # What the public feedback page shows of this theme, exactly as a facilitator confirmed it in the
    # Publiceren step: a name a person gave and a summary a person wrote (never the engine's name or key
    # terms). Kept apart from `name`, so renaming on the board never changes what is public unchecked.
    publication: Mapped[str] = mapped_column(String(10), default="private", server_default="private")
    public_name: Mapped[str] = mapped_column(String(160), default="", server_default="")
    public_summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    # What the worker's check found when it refused, as [{"kind": ..., "text": ...}]: shown to the
    # facilitator, who wrote the text; cleared when the text is changed or withdrawn.
    publication_findings: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    session: Mapped[DuidingSession] = relationship(back_populates="themes")
    observations: Mapped[list[Observation]] = relationship(back_populates="theme", order_by="Observation.id")


class DissentRound(db.Model):
    """Ritual dissent on one proposal: critique first, then suggestions, then the revised proposal."""

    __tablename__ = "dissent_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="SET NULL"), index=True)
    proposal: Mapped[str] = mapped_column(Text)
    revised_proposal: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    remarks: Mapped[list[DissentRemark]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="DissentRemark.id"
    )


class DissentRemark(db.Model):
    __tablename__ = "dissent_remarks"
    __table_args__ = (
        CheckConstraint(f"kind IN {REMARK_KINDS!r}", name="kind_known"),
        CheckConstraint("length(text) > 0", name="has_text"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("dissent_rounds.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)

    round: Mapped[DissentRound] = relationship(back_populates="remarks")


class SessionEvaluation(db.Model):
    """A participant's short evaluation. One per joined device; the report shows them without names."""

    __tablename__ = "session_evaluations"
    __table_args__ = (
        UniqueConstraint("session_id", "participant_id"),
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("duiding_sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_participants.id", ondelete="SET NULL")
    )
    rating: Mapped[int]
    went_well: Mapped[str] = mapped_column(Text, default="")
    to_improve: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
