"""Jobs that failed for the last time are written to the dead-letter list (models/jobs.py), and can be
sent again from /staff/taken."""

from __future__ import annotations

import logging

from huey.signals import SIGNAL_ERROR
from sqlalchemy import select

from vertelpunt.jobs import app, enqueue, huey

log = logging.getLogger(__name__)
SHOWN = 200


@huey.signal(SIGNAL_ERROR)
def _failed(_signal, task, exc=None):
    if task.retries:  # it will be tried again
        return
    from vertelpunt.extensions import db
    from vertelpunt.models import FailedJob

    ids = " ".join(str(int(a)) for a in (task.args or ()) if isinstance(a, int))
    log.error("job %s %s failed for good (%s)", task.name, ids, type(exc).__name__)
    with app().app_context():
        try:
            db.session.add(FailedJob(name=task.name[:40], ids=ids[:200], error=type(exc).__name__[:120]))
            db.session.commit()
        finally:
            db.session.remove()


def recent(limit: int = SHOWN):
    from vertelpunt.extensions import db
    from vertelpunt.models import FailedJob

    return db.session.scalars(select(FailedJob).order_by(FailedJob.id.desc()).limit(limit)).all()


def send_again(failed) -> bool:
    """Queue the job again and take it off the list (in the caller's transaction)."""
    from vertelpunt.extensions import db
    from vertelpunt.jobs.tasks import BY_NAME

    if failed.name not in BY_NAME:  # the periodic jobs run again on their own
        return False
    ids = [int(i) for i in failed.ids.split()]
    queued = enqueue(failed.name, *ids)
    if queued:
        db.session.delete(failed)
    return queued
