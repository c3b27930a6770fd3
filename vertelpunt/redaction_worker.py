"""The redaction worker: one process that runs deduce over stories the fast rules already redacted.

deduce needs about 1 GB and several seconds to start (see vertelpunt/privacy/deid.py), so it lives in
this single process, never in the web workers. Run it beside gunicorn: `flask redaction run`.

It also checks what facilitators asked to publish (themes, actions, quotes): the web request ran the fast
rules only; here deduce looks as well, and only then is it public (vertelpunt/evolve/publication.py)."""

from __future__ import annotations

import datetime as dt
import logging
import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from vertelpunt.coalition.days import keep_closed_days
from vertelpunt.evolve import publication
from vertelpunt.extensions import db
from vertelpunt.models import Story
from vertelpunt.privacy import get_deidentifier, redact
from vertelpunt.retention import erase_participant_names, scrub_requested
from vertelpunt.stories import request_scrub

log = logging.getLogger(__name__)
SCRUB_EVERY_S = 60


def redact_pending(batch: int = 50) -> int:
    """Redact up to `batch` stories with deduce; flushes, the caller commits. Returns how many were
    handled. A story that cannot be redacted (deduce crashes on it, or the result cannot be stored) is
    marked 'failed' in a savepoint of its own and reported, so one hostile text never stops the queue
    and every story after it still loses the names deduce finds."""
    stories = db.session.scalars(
        select(Story).where(Story.redaction == "rules").order_by(Story.id).limit(batch)
    ).all()
    for story in stories:
        try:
            with db.session.begin_nested():
                story.title = redact(story.title).text
                story.text = redact(story.text).text
                story.redaction = "full"
        except Exception as error:  # noqa: BLE001 - any failure isolates this one story
            db.session.expire(story)
            story.redaction = "failed"
            # The id and the kind of error only: never the text, which may still hold a name.
            log.error("redaction of story %s failed (%s); marked 'failed'", story.id, type(error).__name__)
    if stories:
        request_scrub()  # the text before deduce must not linger in the files
    db.session.flush()
    return len(stories)


def failed_stories() -> list[int]:
    return list(db.session.scalars(select(Story.id).where(Story.redaction == "failed").order_by(Story.id)))


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
    counted_on = None
    scrubbed_at = 0.0
    while True:
        if counted_on != dt.date.today():
            # A day has closed (or the worker started): its counts are kept before a dashboard asks.
            counted_on = dt.date.today()
            keep_closed_days(counted_on)
            erase_participant_names()
            db.session.commit()
        done = redact_pending(batch)
        db.session.commit()
        checked = publication.check_requested(batch)
        db.session.commit()
        if checked:
            click.echo(f"checked {checked} texts asked to be published")
            _report_refused()
        busy = done or checked
        # Deleted and replaced text leaves the files when the worker is idle, and at least once a
        # minute while it is busy: a scrub on PostgreSQL rewrites the story tables and checkpoints.
        if not busy or time.monotonic() - scrubbed_at > SCRUB_EVERY_S:
            scrubbed_at = time.monotonic()
            if scrub_requested() is not None:
                click.echo("scrubbed deleted text from the database files")
        if done:
            total += done
            click.echo(f"redacted {done} stories ({total} in all)")
            _report_failed()
        if busy:
            continue
        db.session.remove()
        if once:
            click.echo(f"nothing waiting; redacted {total} stories")
            return
        time.sleep(interval)


def _report_failed() -> None:
    failed = failed_stories()
    if failed:
        click.echo(
            f"{len(failed)} stories could not be redacted and are kept out of every story set: "
            f"{', '.join(map(str, failed))} (see `flask redaction status`)",
            err=True,
        )


def _report_refused() -> None:
    refused = publication.refused_count()
    if refused:
        # The facilitator sees what looked personal on the Publiceren step; the log names no text.
        click.echo(f"{refused} texts asked to be published were refused by the privacy check", err=True)


@redaction.command("status")
def status():
    """How many stories wait for the worker, and which could not be redacted."""
    waiting = db.session.scalar(select(func.count()).select_from(Story).where(Story.redaction == "rules"))
    click.echo(f"waiting: {waiting}")
    failed = failed_stories()
    click.echo(f"failed: {len(failed)}" + (f" (story ids {', '.join(map(str, failed))})" if failed else ""))
    click.echo(f"publications waiting for the check: {len(publication.waiting())}")


@redaction.command("retry")
def retry():
    """Put the stories that failed back in the queue (after an upgrade that fixes the cause)."""
    stories = db.session.scalars(select(Story).where(Story.redaction == "failed")).all()
    for story in stories:
        story.redaction = "rules"
    db.session.commit()
    click.echo(f"{len(stories)} stories back in the queue")
