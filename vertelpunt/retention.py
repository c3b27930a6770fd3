"""Deleting stories for real: after the retention period, or when a narrator withdraws one.

A deleted row can live on in database files: SQLite keeps old page images in its WAL file, PostgreSQL
keeps dead tuples until VACUUM. scrub_storage() clears those after the deleting transaction committed."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup
from sqlalchemy import select, text

from vertelpunt import audit, database
from vertelpunt.extensions import db
from vertelpunt.models import Story, Traject
from vertelpunt.stories import delete_stories

STORY_TABLES = ("stories", "story_answers", "story_receipts", "code_slots")


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


def scrub_storage() -> bool:
    """Clear traces of deleted rows from the database files. Call after commit; True when complete."""
    engine = db.engine
    if database.is_sqlite(engine):
        # Outside any transaction (a checkpoint cannot run inside one): TRUNCATE copies the WAL into the
        # securely deleted main file and empties the WAL file.
        raw = engine.raw_connection()
        try:
            busy, _log, _done = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        return busy == 0
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in STORY_TABLES:
            conn.execute(text(f"VACUUM {table}"))
    return True


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
    db.session.commit()
    complete = scrub_storage()
    click.echo(
        f"deleted {count} stories" + ("" if complete else "; files will be scrubbed on the next checkpoint")
    )
