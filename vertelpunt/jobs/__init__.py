"""Background work as jobs on a queue: Huey on Redis in production (REDIS_URL), on a SQLite file beside
the database on the embedded default, so `scripts/run.sh` needs nothing else installed. Huey rather
than RQ or Dramatiq: the same jobs must run without Redis, and Huey is the maintained queue with both.

A job carries ids, never a story's text. One worker process (`flask redaction run`) runs them in threads,
so deduce is loaded once per process, not per job. A job that fails is tried again (retries on the task);
one that keeps failing lands in the dead-letter list administrators see at /staff/taken. The web app
only enqueues, after its transaction committed; if the queue is down, the sweep (every few minutes in
the worker) finds what waits in the database and enqueues it again."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

log = logging.getLogger(__name__)

# One queue per process; its storage is chosen when an app is made (init_app).
huey = Huey("storycycle", results=False, utc=True, storage_class=SqliteStorage, filename=":memory:")
_app: Flask | None = None


def init_app(app: Flask) -> None:
    global _app
    _app = app
    url = app.config.get("JOBS_REDIS_URL") or app.config.get("REDIS_URL")
    if url:
        huey.storage = RedisStorage("storycycle", url=url)
    else:
        path = Path(app.config["JOBS_DB"])
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        huey.storage = SqliteStorage("storycycle", filename=str(path))
    from vertelpunt.jobs import dead_letters, tasks  # noqa: F401 - registers the tasks and the signal
    from vertelpunt.jobs.routes import bp

    app.register_blueprint(bp)


def app() -> Flask:
    """The app a job runs for: the one whose context is active (a command running jobs itself), else
    the one the worker process made (its job threads have no context of their own)."""
    if has_app_context():
        return current_app._get_current_object()
    assert _app is not None, "jobs.init_app was not called"
    return _app


def enqueue(name: str, *ids: int) -> bool:
    """Put a job on the queue now; False (logged) when the queue cannot be reached: the sweep finds the
    work again. Call after the commit (database.after_commit), so the job sees what it is about."""
    from vertelpunt.jobs import tasks

    try:
        tasks.BY_NAME[name](*ids)
    except Exception as error:  # noqa: BLE001 - a narrator's story must not fail over its redaction job
        log.warning("job %s not queued (%s); the sweep will find the work", name, type(error).__name__)
        return False
    return True


def enqueue_after_commit(name: str, *ids: int) -> None:
    from vertelpunt import database

    database.after_commit(lambda: enqueue(name, *ids), key=("job", name, ids))


def consumer(threads: int = 2, periodic: bool = True):
    """The worker's consumer: job threads that look at an idle queue at least once a second (Huey's
    default backs off to ten seconds, and a room waiting for its themes would wait that long)."""
    return huey.create_consumer(
        workers=threads, worker_type="thread", periodic=periodic, initial_delay=0.1, max_delay=1.0
    )


def run_waiting(limit: int = 10_000) -> int:
    """Run the jobs on the queue in this process until it is empty (`--once`, tests). Returns how many."""
    done = 0
    while done < limit:
        task = huey.dequeue()
        if task is None:
            return done
        huey.execute(task)
        done += 1
    return done


def waiting() -> int:
    return huey.pending_count()
