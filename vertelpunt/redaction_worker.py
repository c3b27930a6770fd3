"""The redaction worker: one process that runs deduce over stories the fast rules already redacted.

deduce needs about 1 GB and several seconds to start (see vertelpunt/privacy/deid.py), so it lives in
this single process, never in the web workers. Run it beside gunicorn: `flask redaction run`."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import select

from vertelpunt.extensions import db
from vertelpunt.models import Story
from vertelpunt.privacy import get_deidentifier, redact
from vertelpunt.retention import scrub_storage


def redact_pending(batch: int = 50) -> int:
    """Redact up to `batch` stories with deduce; flushes, the caller commits. Returns how many."""
    stories = db.session.scalars(
        select(Story).where(Story.redaction == "rules").order_by(Story.id).limit(batch)
    ).all()
    for story in stories:
        story.title = redact(story.title).text
        story.text = redact(story.text).text
        story.redaction = "full"
    db.session.flush()
    return len(stories)


redaction = AppGroup("redaction", help="Taking personal details out of stories.")


@redaction.command("run")
@click.option("--once", is_flag=True, help="Redact what is waiting, then stop (for cron or tests).")
@click.option("--batch", default=50, show_default=True)
@click.option("--interval", default=10.0, show_default=True, help="Seconds between looks when idle.")
def run(once: bool, batch: int, interval: float):
    """Redact waiting stories with deduce plus the project's rules, for as long as it runs."""
    started = time.monotonic()
    get_deidentifier()
    click.echo(f"deduce ready in {time.monotonic() - started:.1f} s")
    total = 0
    while True:
        done = redact_pending(batch)
        db.session.commit()
        if done:
            total += done
            # The pre-redaction page images must not linger in the WAL or as dead tuples.
            scrub_storage()
            click.echo(f"redacted {done} stories ({total} in all)")
            continue
        db.session.remove()
        if once:
            click.echo(f"nothing waiting; redacted {total} stories")
            return
        time.sleep(interval)
