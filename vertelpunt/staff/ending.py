"""Ending a traject for good: its vertelpunt closes, its data is exported, then everything it holds
is deleted for real (stories through stories.delete_stories, the rest by the database's cascades) and
the whole database is scrubbed, with the same guarantee as a withdrawn story (retention.py).

The order is enforced, not advised: deleting is refused until every link is closed and a research
export was downloaded after the last link closed, so no story can have arrived after the export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

# stories as a module: it imports the coalition package, which imports this one
from vertelpunt import audit, mail, stories, tombstones
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import (
    AuditEntry,
    CoalitionSettings,
    DuidingSession,
    Link,
    Membership,
    Organisation,
    SentMail,
    SessionParticipant,
    Story,
    Traject,
    User,
)


@dataclass
class Ending:
    """Where a traject stands on its way to being ended, and what ending it would delete."""

    traject: Traject
    open_links: int
    closed_at: dt.datetime | None  # when the links were closed for the ending
    exported_at: dt.datetime | None  # the latest research export after that
    export_current: bool  # that export holds exactly the stories there are now
    held: dict[str, int]

    @property
    def ready(self) -> bool:
        return self.open_links == 0 and self.closed_at is not None and self.export_current


def _latest(traject: Traject, action: str, after: dt.datetime | None = None) -> AuditEntry | None:
    query = select(AuditEntry).where(AuditEntry.traject_id == traject.id, AuditEntry.action == action)
    if after is not None:
        query = query.where(AuditEntry.at >= after)
    return db.session.scalars(query.order_by(AuditEntry.id.desc()).limit(1)).first()


def _export_holds_everything(export: AuditEntry | None, traject: Traject) -> bool:
    """The export was made of exactly the stories there are now (research_export.held_mark): none came
    in after it (a link replaced or made after closing, a story in flight) and none went."""
    from vertelpunt.evolve import research_export  # here: the evolve package imports the staff pages

    return export is not None and export.detail.endswith(research_export.held_mark(traject))


def own_accounts(traject: Traject) -> list[User]:
    """Staff accounts with a role in this traject and in no other (administrators stay)."""
    members = select(Membership.user_id).where(Membership.traject_id == traject.id)
    elsewhere = select(Membership.user_id).where(Membership.traject_id != traject.id)
    return list(
        db.session.scalars(
            select(User).where(User.id.in_(members), User.id.not_in(elsewhere), User.is_admin.is_(False))
        )
    )


def state(traject: Traject) -> Ending:
    def count(model, *where) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    closing = _latest(traject, "traject_closing")
    closed_at = closing.at if closing else None
    export = _latest(traject, "research_export", closed_at) if closed_at else None
    sessions = select(DuidingSession.id).where(DuidingSession.traject_id == traject.id)
    return Ending(
        traject=traject,
        open_links=count(Link, Link.traject_id == traject.id, Link.status != "closed"),
        closed_at=closed_at,
        exported_at=export.at if export else None,
        export_current=_export_holds_everything(export, traject),
        held={
            "stories": count(Story, Story.traject_id == traject.id),
            "sessions": count(DuidingSession, DuidingSession.traject_id == traject.id),
            "participants": count(SessionParticipant, SessionParticipant.session_id.in_(sessions)),
            "organisations": count(Organisation, Organisation.traject_id == traject.id),
            "links": count(Link, Link.traject_id == traject.id),
            "accounts": len(own_accounts(traject)),
        },
    )


def close_for_ending(traject: Traject) -> int:
    """Close every link, so no story arrives after the export; recorded. Returns how many closed."""
    links = db.session.scalars(
        select(Link).where(Link.traject_id == traject.id, Link.status != "closed")
    ).all()
    for link in links:
        link.status = "closed"
    audit.record("traject_closing", traject, f"{len(links)} links closed")
    db.session.flush()
    return len(links)


def end_traject(traject: Traject, confirmation: str) -> dict[str, int]:
    """Delete everything the traject holds (in the caller's transaction) and ask for the whole database
    to be scrubbed. Refused (InputError) unless the traject is ready and the confirmation is its short
    name. Returns what was deleted, by kind."""
    ending = state(traject)
    if not ending.ready:
        raise InputError(
            {
                "confirm": _(
                    "First close the vertelpunt, then download the research export; then you can end it."
                    " If stories came or went since the export, download it again."
                )
            }
        )
    if (confirmation or "").strip() != traject.slug:
        raise InputError(
            {"confirm": _("Type the traject's short name, %(slug)s, to confirm.", slug=traject.slug)}
        )
    held = dict(ending.held)
    audit.record(
        "traject_ended",
        None,
        f"{traject.slug} ({traject.name}): " + ", ".join(f"{n} {kind}" for kind, n in held.items()),
    )
    delete_everything(traject)
    return held


def delete_everything(traject: Traject) -> None:
    """Everything the traject holds, in the caller's transaction, with its id kept outside the database
    (a restore ends it again) and a scrub of the whole database asked for. No checks: end_traject's."""
    own = own_accounts(traject)
    accounts = [a.id for a in own]
    # The record of mail sent to its accounts and to its digest's recipients goes too, unless an
    # address still belongs to someone else (another traject's digest, an account that stays).
    # So do the outbox's copies (the outbox stands in for a mail server): digests are "<slug>-<date>.eml".
    addresses = _addresses_only_here(traject, own)
    db.session.execute(delete(SentMail).where(func.lower(SentMail.recipient).in_(addresses)))
    mail.forget_in_outbox(f"{traject.slug}-20", addresses)
    stories.delete_stories(db.session.scalars(select(Story.id).where(Story.traject_id == traject.id)))
    tombstones.record("traject", [traject.id])
    db.session.execute(delete(User).where(User.id.in_(accounts)))
    # The rest goes by the database's cascades (sessions, participants, observations, themes, actions,
    # figures, quotes, links, organisations, plans, digests, kept day counts, memberships).
    db.session.execute(delete(Traject).where(Traject.id == traject.id))
    stories.request_scrub(whole_database=True)
    db.session.flush()


def _addresses_only_here(traject: Traject, own: list[User]) -> set[str]:
    def listed(settings) -> set[str]:
        return {a.strip().lower() for a in settings.recipients.split(",") if a.strip()}

    here, elsewhere = {a.email for a in own if a.email}, set()
    for settings in db.session.scalars(select(CoalitionSettings)):
        (here if settings.traject_id == traject.id else elsewhere).update(listed(settings))
    staying = select(User.email).where(User.email.is_not(None), User.id.not_in([a.id for a in own]))
    elsewhere.update(e.lower() for e in db.session.scalars(staying))
    return here - elsewhere
