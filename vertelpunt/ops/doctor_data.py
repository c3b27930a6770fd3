"""`flask doctor`'s checks of what keeps data safe over time: the job queue, deletion, backups."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import func, select

from vertelpunt.ops import doctor
from vertelpunt.ops.doctor import FAULT, OK, WARN, Finding, _existing_parent


def check_jobs(db) -> list[Finding]:
    """The job queue answers, and no job failed for good unseen (vertelpunt/jobs)."""
    from vertelpunt import jobs
    from vertelpunt.models import FailedJob

    try:
        waiting = jobs.waiting()
    except Exception as error:  # noqa: BLE001 - any failure means: not reachable
        return [Finding(FAULT, "job queue", f"cannot be reached ({type(error).__name__}): is Redis running?")]
    try:
        failed = db.session.scalar(select(func.count(FailedJob.id)))
    except Exception:  # noqa: BLE001 - the database check already says why
        db.session.rollback()
        failed = 0
    found = [Finding(OK, "job queue", f"{waiting} jobs waiting")]
    if failed:
        found.append(Finding(WARN, "job queue", f"{failed} jobs failed for good: see /staff/taken."))
    return found


def check_deletion(db) -> list[Finding]:
    """Whether deleted stories can leave the files: PostgreSQL's settings, and scrubs left waiting."""
    from vertelpunt import database
    from vertelpunt.models import ScrubRequest

    try:
        waiting = db.session.scalar(select(func.count(ScrubRequest.id)))
        problems = [] if database.is_sqlite(db.engine) else database.postgres_wal_problems(db.engine)
    except Exception:  # noqa: BLE001 - the database check already says why
        db.session.rollback()
        return [Finding(WARN, "deletion", "not checked: the database cannot be read.")]
    found = [
        Finding(
            WARN,
            "deletion",
            f"{problem}: deleted stories stay in the data directory (docs/production.md, 3).",
        )
        for problem in problems
    ]
    if waiting and not doctor.worker_processes():
        found.append(
            Finding(
                WARN,
                "deletion",
                f"{waiting} deletions wait to be scrubbed from the files and no worker runs on this machine: "
                "start `flask redaction run` or run `flask retention scrub`.",
            )
        )
    return found or [Finding(OK, "deletion", "deleted stories are scrubbed from the database files")]


def check_backups(config, now: dt.datetime | None = None) -> list[Finding]:
    """A recent backup in BACKUP_DIR, and a deletions log that can be written (ops/backup.py)."""
    from vertelpunt.ops import backup

    now = now or dt.datetime.now(dt.UTC)
    found = []
    log_file = Path(config["DELETIONS_LOG"])
    if not os.access(log_file if log_file.exists() else _existing_parent(log_file), os.W_OK):
        found.append(
            Finding(
                FAULT,
                "backups",
                f"DELETIONS_LOG {log_file} cannot be written: a restore would bring withdrawn stories back.",
            )
        )
    made = []
    for path in Path(config["BACKUP_DIR"]).glob(f"{backup.PREFIX}*"):
        try:
            made.append(backup.made_at(path))
        except backup.BackupError:
            continue
    if not made:
        found.append(
            Finding(
                WARN,
                "backups",
                f"no backup in {config['BACKUP_DIR']} yet: enable storycycle-backup.timer (docs/production.md, 10).",
            )
        )
    elif now - max(made) > dt.timedelta(days=2):
        found.append(
            Finding(
                WARN,
                "backups",
                f"the newest backup is from {max(made):%Y-%m-%d %H:%M} UTC: is storycycle-backup.timer running?",
            )
        )
    return found or [Finding(OK, "backups", f"the newest backup is from {max(made):%Y-%m-%d %H:%M} UTC")]
