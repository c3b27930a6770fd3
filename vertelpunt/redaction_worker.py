"""The redaction worker: one process that runs deduce over stories the fast rules already redacted.

deduce needs about 1 GB and several seconds to start (see vertelpunt/privacy/deid.py), so it lives in
this single process, never in the web workers. Run it beside gunicorn: `flask redaction run`.

It also checks what facilitators asked to publish (themes, actions, quotes): the web request ran the fast
rules only; here deduce looks as well, and only then is it public (vertelpunt/evolve/publication.py).
The work arrives as jobs (vertelpunt/jobs): one per stored story, one per publication asked for, one per
deletion to scrub; this module holds the work, jobs/tasks.py the jobs."""

from __future__ import annotations

import logging
import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from vertelpunt import jobs
from vertelpunt.evolve import publication
from vertelpunt.extensions import db
from vertelpunt.jobs import tasks
from vertelpunt.models import Story
from vertelpunt.privacy import get_deidentifier, redact
from vertelpunt.retention import scrub_requested
from vertelpunt.stories import request_scrub

log = logging.getLogger(__name__)


def redact_one(story_id: int) -> bool:
    """Redact one story with deduce (a job's work; flushes, the caller commits). True when it was
    waiting. A story that cannot be redacted (deduce crashes on it, or the result cannot be stored) is
    marked 'failed' in a savepoint of its own and reported, so one hostile text never stops the queue."""
    story = db.session.scalar(select(Story).where(Story.id == story_id, Story.redaction == "rules"))
    if story is None:
        return False  # withdrawn, or done by an earlier run of the same job
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
    request_scrub(soon=False)  # the text before deduce must not linger in the files
    db.session.flush()
    return True


def waiting_story_ids(limit: int = 5000) -> list[int]:
    query = select(Story.id).where(Story.redaction == "rules").order_by(Story.id).limit(limit)
    return list(db.session.scalars(query))


def failed_stories() -> list[int]:
    return list(db.session.scalars(select(Story.id).where(Story.redaction == "failed").order_by(Story.id)))


redaction = AppGroup("redaction", help="Taking personal details out of stories.")


@redaction.command("run")
@click.option("--once", is_flag=True, help="Run what is waiting, then stop (for cron or tests).")
@click.option("--threads", default=2, show_default=True, help="Jobs at once, in this one process.")
def run(once: bool, threads: int):
    """The background worker: runs the job queue (vertelpunt/jobs) for as long as it runs, with deduce
    loaded once for every job."""
    started = time.monotonic()
    get_deidentifier()
    click.echo(f"deduce ready in {time.monotonic() - started:.1f} s")
    if not once:
        started = time.monotonic()
        cards = warm_grouping()
        click.echo(
            f"grouping models ready in {time.monotonic() - started:.1f} s ({cards} cards of open sessions)"
        )
        # Periodic jobs: the sweep (what waits without a job) every 5 minutes, the daily upkeep at 00:05.
        tasks.sweep()
        tasks.daily()
        consumer = jobs.consumer(threads)
        logging.getLogger("huey").setLevel(logging.INFO)  # not the scheduler's line every second
        consumer.run()
        return
    waiting = waiting_story_ids()
    for story_id in waiting:
        tasks.redact_story(story_id)
    asked = len(publication.waiting())
    if asked:
        tasks.check_publications()
    db.session.remove()
    jobs.run_waiting()
    scrub_requested()  # what the sweep would do within minutes: the text before deduce leaves the files
    if asked:
        click.echo(f"checked {asked} texts asked to be published")
        _report_refused()
    done = len(waiting) - len(waiting_story_ids())
    click.echo(f"redacted {done} stories" if done else "nothing waiting; redacted 0 stories")
    _report_failed()


def warm_grouping() -> int:
    """The embedding models loaded in this process before any room asks, and the cards of open sessions
    embedded: the board's groupings run here (sessions/board/regroup.py), never in a web worker."""
    from vertelpunt.models import DuidingSession
    from vertelpunt.sessions.board import regroup

    regroup.warm()
    cards = 0
    for session in db.session.scalars(select(DuidingSession).where(DuidingSession.status == "open")):
        cards += regroup.embed_cards(session)
    db.session.remove()
    return cards


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
        jobs.enqueue_after_commit("redact_story", story.id)
    db.session.commit()
    click.echo(f"{len(stories)} stories back in the queue")
