"""Deleting stories for real: after the retention period, or when a narrator withdraws one.

A deleted row can live on in database files: SQLite keeps old page images in its WAL file, PostgreSQL
keeps dead tuples until VACUUM. scrub_storage() clears those after the deleting transaction committed."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup
from sqlalchemy import delete, select, text

from vertelpunt.extensions import db
from vertelpunt.models import ResponseDay, Story, Traject

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
    """Delete the stories past their traject's retention period (answers and receipts go with them)."""
    ids = expired_story_ids(today or dt.date.today())
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        # The dashboard's counts kept for the stories' days go with them, in this transaction.
        days = db.session.execute(
            select(Story.traject_id, Story.submitted_on).where(Story.id.in_(chunk)).distinct()
        ).all()
        for traject_id, day in days:
            db.session.execute(
                delete(ResponseDay).where(ResponseDay.traject_id == traject_id, ResponseDay.day == day)
            )
        db.session.execute(delete(Story).where(Story.id.in_(chunk)))
    db.session.flush()
    return len(ids)


def scrub_storage() -> bool:
    """Clear traces of deleted rows from the database files. Call after commit; True when complete."""
    engine = db.engine
    if engine.dialect.name == "sqlite":
        # Outside any transaction (a checkpoint cannot run inside one): TRUNCATE copies the WAL into the
        # securely deleted main file and empties the WAL file.
        raw = engine.raw_connection()
        try:
            busy, _log, _done = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        return busy == 0
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in STORY_TABLES:
                conn.execute(text(f"VACUUM {table}"))
        return True
    return False


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
