"""Organisations of a traject and the links through which narrators arrive."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vertelpunt.extensions import db
from vertelpunt.framework.options import audience_ids

if TYPE_CHECKING:
    from vertelpunt.models.trajecten import Traject

LINK_STATUSES = ("active", "paused", "closed")
# Who a link is for: the framework's audiences (one list for links, share texts and their labels).
AUDIENCES = audience_ids()


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("traject_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    organisation_type: Mapped[str] = mapped_column(String(60))
    municipality_code: Mapped[str] = mapped_column(String(60), default="")
    contact_person: Mapped[str] = mapped_column(String(160), default="")

    traject: Mapped[Traject] = relationship(back_populates="organisations")
    links: Mapped[list[Link]] = relationship(back_populates="organisation", order_by="Link.id")


class Link(db.Model):
    __tablename__ = "links"
    __table_args__ = (
        CheckConstraint(f"status IN {LINK_STATUSES!r}", name="status_known"),
        CheckConstraint(f"audience IN {AUDIENCES!r}", name="audience_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The token is what the world sees; the integer id never leaves the staff pages.
    token: Mapped[str] = mapped_column(String(32), unique=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    audience: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(160), default="")
    channel: Mapped[str] = mapped_column(String(60), default="")
    prefill: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="active")
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("links.id"))
    created_on: Mapped[dt.date] = mapped_column(Date, default=dt.date.today)

    traject: Mapped[Traject] = relationship(back_populates="links")
    organisation: Mapped[Organisation | None] = relationship(back_populates="links")
    replaced_by: Mapped[Link | None] = relationship(remote_side="Link.id")

    @property
    def is_general(self) -> bool:
        return self.organisation_id is None
