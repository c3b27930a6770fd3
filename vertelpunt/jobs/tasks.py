"""The jobs. Each pushes the app's context, does one piece of work in its own transaction and lets go
of the session; the work itself lives in the modules that own it (tested there without a queue)."""

from __future__ import annotations

import functools
import logging

from huey import crontab
from huey.exceptions import RetryTask

from vertelpunt.jobs import app, huey

log = logging.getLogger(__name__)


def in_app(work):
    @functools.wraps(work)
    def run(*args):
        from vertelpunt.extensions import db

        with app().app_context():
            try:
                return work(*args)
            finally:
                db.session.remove()

    return run


@huey.task(retries=3, retry_delay=30, name="redact_story")
@in_app
def redact_story(story_id: int) -> bool:
    """deduce over one story the fast rules already redacted (redaction_worker.redact_one)."""
    from vertelpunt.extensions import db
    from vertelpunt.redaction_worker import redact_one

    done = redact_one(story_id)
    db.session.commit()
    return done


@huey.task(retries=3, retry_delay=30, name="check_publications")
@in_app
def check_publications() -> int:
    """deduce over what facilitators asked to publish, until nothing waits."""
    from vertelpunt.evolve import publication
    from vertelpunt.extensions import db

    total = 0
    while checked := publication.check_requested():
        db.session.commit()
        total += checked
    return total


@huey.task(retries=5, retry_delay=60, name="scrub_files")
@in_app
def scrub_files() -> None:
    """Deleted rows out of the database files; a table in use means: try again in a minute."""
    from vertelpunt import retention
    from vertelpunt.extensions import db
    from vertelpunt.models import ScrubRequest

    retention.scrub_requested()
    if db.session.query(ScrubRequest.id).first() is not None:
        raise RetryTask("the files were in use")


@huey.task(retries=2, retry_delay=600, name="send_digest")
@in_app
def send_digest(traject_id: int, day_ordinal: int) -> None:
    """One traject's digest (`flask digest send --queue`); a refused address is recorded, not retried."""
    import datetime as dt

    from vertelpunt import mail
    from vertelpunt.coalition import digest
    from vertelpunt.extensions import db
    from vertelpunt.models import Traject

    traject = db.session.get(Traject, traject_id)
    if traject is None:
        return  # ended since
    with mail.collect():
        digest.send(traject, dt.date.fromordinal(day_ordinal))
    db.session.commit()


@huey.task(retries=1, retry_delay=5, name="group_session")
@in_app
def group_session(session_id: int) -> None:
    """The grouping a session's room asked for (sessions/board/regroup.py), with this worker's models."""
    from vertelpunt.extensions import db
    from vertelpunt.models import DuidingSession
    from vertelpunt.sessions.board import regroup

    session = db.session.get(DuidingSession, session_id)
    if session is not None:
        regroup.run_asked(session)
        db.session.commit()


@huey.task(retries=0, name="embed_cards")
@in_app
def embed_cards(session_id: int) -> None:
    """A session's new cards into this worker's vector cache, so the room's next grouping is quick."""
    from vertelpunt.extensions import db
    from vertelpunt.models import DuidingSession
    from vertelpunt.sessions.board import regroup

    session = db.session.get(DuidingSession, session_id)
    if session is not None and session.status != "closed":
        regroup.embed_cards(session)


@huey.periodic_task(crontab(minute="*/5"), name="sweep")
@in_app
def sweep() -> int:
    """What waits in the database without a job (the queue was down, a worker was killed mid-job)."""
    from sqlalchemy import select

    from vertelpunt.evolve import publication
    from vertelpunt.extensions import db
    from vertelpunt.models import DuidingSession, ScrubRequest
    from vertelpunt.redaction_worker import waiting_story_ids
    from vertelpunt.sessions.board import regroup

    ids = waiting_story_ids()
    for story_id in ids:
        redact_story(story_id)
    if publication.waiting():
        check_publications()
    if db.session.query(ScrubRequest.id).first() is not None:
        scrub_files()
    # Groupings asked for lately; an older one the board already reports as failed, and a grouping that
    # keeps failing must not be retried every five minutes for ever: the room asks again.
    asked = DuidingSession.grouping_since >= regroup.now() - 5 * regroup.GROUPING_PATIENCE
    for session_id in db.session.scalars(select(DuidingSession.id).where(asked)):
        group_session(session_id)
    return len(ids)


@huey.periodic_task(crontab(hour="0", minute="5"), name="daily")
@in_app
def daily() -> None:
    """A day has closed: its counts are kept, and participants' names past their period erased."""
    import datetime as dt

    from vertelpunt.coalition.days import keep_closed_days
    from vertelpunt.extensions import db
    from vertelpunt.retention import erase_participant_names

    keep_closed_days(dt.date.today())
    erase_participant_names()
    db.session.commit()


# The jobs the web app and the dead-letter list queue by name (ids as their only arguments).
BY_NAME = {
    "redact_story": redact_story,
    "check_publications": check_publications,
    "scrub_files": scrub_files,
    "send_digest": send_digest,
    "group_session": group_session,
    "embed_cards": embed_cards,
}
