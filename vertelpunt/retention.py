"""Deleting stories for real: after the retention period, or when a narrator withdraws one; and
session participants' names after their own, shorter period.

A deleted row lives on in database files: SQLite keeps old page images in its WAL file, PostgreSQL keeps
dead tuples in the table's file and the text in its WAL. Every deletion leaves a scrub request in its
own transaction; scrub_requested() honours them (database.scrub_files), in the worker or a command."""

from __future__ import annotations

import datetime as dt
import logging

import click
from flask.cli import AppGroup
from sqlalchemy import Integer, cast, delete, func, select

from vertelpunt import audit, database
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, ScrubRequest, Story, Traject
from vertelpunt.stories import delete_stories, request_scrub

# The tables whose deleted or replaced rows a scrub clears: a narrator's words and what tells of them,
# and session participants' names (erased after their own period).
SCRUBBED_TABLES = (
    "stories",
    "story_answers",
    "story_receipts",
    "code_slots",
    "released_quotes",
    "session_stories",
    "session_participants",
)
# Shown in place of an erased participant's name; stored as data, in the interface's language.
ERASED_NAME = "Deelnemer {n}"

log = logging.getLogger(__name__)


def expired_story_ids(today: dt.date) -> list[int]:
    ids = []
    for traject in db.session.scalars(select(Traject)):
        cutoff = today - dt.timedelta(days=traject.retention_days)
        ids.extend(
            db.session.scalars(
                select(Story.id).where(Story.traject_id == traject.id, Story.submitted_on < cutoff)
            )
        )
    return ids


def purge_expired(today: dt.date | None = None) -> int:
    """Delete the stories past their traject's retention period (see stories.delete_stories)."""
    deleted = delete_stories(expired_story_ids(today or dt.date.today()))
    if deleted:
        audit.record("stories_purged", detail=f"{deleted} stories")
    return deleted


def erase_participant_names(now: dt.datetime | None = None) -> int:
    """Replace the names of participants of sessions closed longer ago than their traject's
    participant_names_days by "Deelnemer N", and forget their devices. Flushes; returns how many."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    erased = 0
    sessions = db.session.scalars(
        select(DuidingSession).join(Traject).where(DuidingSession.status == "closed")
    ).all()
    for session in sessions:
        if session.closed_at is None:
            continue
        if session.closed_at + dt.timedelta(days=session.traject.participant_names_days) > now:
            continue
        here = 0
        for n, person in enumerate(session.participants, start=1):
            if person.name != ERASED_NAME.format(n=n) or person.device_hash:
                person.name, person.device_hash = ERASED_NAME.format(n=n), None
                here += 1
        if here:
            audit.record("names_erased", session.traject, f"session {session.id}: {here} names")
            erased += here
    if erased:
        request_scrub()
    db.session.flush()
    return erased


def scrub_now_if_cheap() -> None:
    """After a withdrawal commits: SQLite's checkpoint takes milliseconds, so it runs at once; PostgreSQL's
    scrub rewrites tables and waits for a checkpoint, so the worker does it within its interval."""
    if database.is_sqlite(db.engine):
        try:
            database.scrub_files(db.engine, SCRUBBED_TABLES)
        except database.ScrubBusy:
            pass  # the worker tries again


def scrub_requested() -> list[str] | None:
    """Honour the scrub requests waiting: None when there were none (or the files were busy, so they
    stay waiting); otherwise what kept the scrub from being complete (an empty list: complete)."""
    waiting = db.session.execute(
        select(func.max(ScrubRequest.id), func.max(cast(ScrubRequest.whole_database, Integer)))
    ).one()
    db.session.rollback()  # VACUUM FULL waits for every open transaction's locks, this one's too
    last, whole = waiting
    if last is None:
        return None
    try:
        problems = database.scrub_files(db.engine, None if whole else SCRUBBED_TABLES)
    except database.ScrubBusy as busy:
        log.warning("scrub postponed: %s", busy)
        return None
    db.session.execute(delete(ScrubRequest).where(ScrubRequest.id <= last))
    db.session.commit()
    for problem in problems:
        log.warning("deleted text may remain in the database files: %s", problem)
    return problems


def scrub_storage() -> list[str]:
    """Request a scrub and do it now (commands and tests); returns what kept it from being complete."""
    request_scrub()
    db.session.commit()
    problems = scrub_requested()
    return ["the files were in use; the worker scrubs them later"] if problems is None else problems


retention = AppGroup("retention", help="Retention of stories.")


@retention.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge_command(dry_run: bool):
    """Delete stories older than their traject's retention period, for real."""
    if dry_run:
        click.echo(f"would delete {len(expired_story_ids(dt.date.today()))} stories")
        return
    count = purge_expired()
    # Withdrawal-code slots past their 15 minutes that no later thank-you page cleared (share/slots.py).
    from vertelpunt.share import slots  # here: the share package imports this module

    slots.purge(db.session.connection())
    names = erase_participant_names()
    db.session.commit()
    click.echo(f"deleted {count} stories; erased {names} session participants' names")
    _echo_scrub(scrub_storage())


@retention.command("scrub")
def scrub_command():
    """Scrub deleted rows from the database files now (the worker does this on its own)."""
    _echo_scrub(scrub_storage())


def _echo_scrub(problems: list[str]) -> None:
    if not problems:
        click.echo("the database files hold no deleted text")
    for problem in problems:
        click.echo(f"not complete: {problem} (docs/production.md, 'Deletion')", err=True)
