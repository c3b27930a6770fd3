"""`flask backup` and `flask restore`: a consistent copy while the site runs, and bringing it back
without bringing back what was deleted since.

SQLite is copied with its online backup API (one read transaction: a consistent snapshot while writers
go on), PostgreSQL with pg_dump (which reads one snapshot too). The backup's name carries the moment
just before the copy began. A restore puts the copy back, migrates it to this version's schema, then
deletes again every story and traject whose id tombstones.py kept since that moment (less a margin for
transactions that were committing as the copy began and for clocks between servers), erases the
participants' names and stories whose period has passed, and scrubs the files."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.engine import make_url

from vertelpunt.extensions import db

STAMP = "%Y%m%dT%H%M%S.%fZ"
PREFIX = "storycycle-"
# Deletions this long before the copy began are applied again too: a deleting transaction writes its
# ids before it commits, and may commit after the copy's snapshot was taken.
MARGIN = dt.timedelta(minutes=5)


class BackupError(Exception):
    """Something an operator must fix, said in plain words."""


def _url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _pg_args(url) -> tuple[str, dict]:
    """A libpq connection string without the password, which goes through the environment instead of
    the process list."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{args[0]} is not installed (Debian: postgresql-client)") from error
    if done.returncode:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip()[:400]}")


def made_at(path: Path) -> dt.datetime:
    """The moment in a backup's name."""
    stem = path.name.removeprefix(PREFIX).split(".db")[0].split(".dump")[0]
    try:
        return dt.datetime.strptime(stem, STAMP).replace(tzinfo=dt.UTC)
    except ValueError as error:
        raise BackupError(f"{path.name} is not named as `flask backup` names its files") from error


def backup(directory: Path | None = None, now: dt.datetime | None = None) -> Path:
    """Write a consistent copy of the database; returns its path (mode 0600)."""
    directory = Path(directory or current_app.config["BACKUP_DIR"])
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    began = now or dt.datetime.now(dt.UTC)
    url = _url()
    target = (
        directory
        / f"{PREFIX}{began.strftime(STAMP)}.{'db' if url.get_backend_name() == 'sqlite' else 'dump'}"
    )
    partial = Path(tempfile.mkstemp(dir=directory, prefix=".partial-")[1])
    try:
        if url.get_backend_name() == "sqlite":
            source = sqlite3.connect(url.database)
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        else:
            conninfo, env = _pg_args(url)
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", conninfo], env)
        os.chmod(partial, 0o600)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def prune(
    directory: Path | None = None, keep_days: int | None = None, now: dt.datetime | None = None
) -> list[Path]:
    """Delete this command's backups older than BACKUP_KEEP_DAYS; returns what went."""
    directory = Path(directory or current_app.config["BACKUP_DIR"])
    keep = dt.timedelta(days=keep_days if keep_days is not None else current_app.config["BACKUP_KEEP_DAYS"])
    now = now or dt.datetime.now(dt.UTC)
    gone = []
    for path in sorted(directory.glob(f"{PREFIX}*")):
        if now - made_at(path) > keep:
            path.unlink()
            gone.append(path)
    return gone


def restore(path: Path, deletion_logs: list[Path] | None = None) -> dict[str, int]:
    """Put a backup back in place of the database, then apply what happened to it since (see above).
    Stop the web servers and the worker first. Returns counts of what was deleted again."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"{path} does not exist")
    began = made_at(path)
    url = _url()
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        if path.suffix != ".db":
            raise BackupError(f"{path.name} is a PostgreSQL backup; this site runs on SQLite")
        live = Path(url.database)
        live.parent.mkdir(parents=True, exist_ok=True)
        source, target = sqlite3.connect(path), sqlite3.connect(live)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        if path.suffix != ".dump":
            raise BackupError(f"{path.name} is a SQLite backup; this site runs on PostgreSQL")
        conninfo, env = _pg_args(url)
        args = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*args, f"--dbname={conninfo}", str(path)], env)
    return _apply_since(began, deletion_logs)


def _apply_since(began: dt.datetime, deletion_logs: list[Path] | None) -> dict[str, int]:
    from flask_migrate import upgrade

    from vertelpunt import retention, stories, tombstones
    from vertelpunt.models import Story, Traject
    from vertelpunt.staff import ending

    upgrade()  # an older backup gets this version's schema before anything else touches it
    logs = deletion_logs or [Path(current_app.config["DELETIONS_LOG"])]
    deleted = tombstones.since(logs, (began - MARGIN).timestamp())
    ended = db.session.scalars(select(Traject).where(Traject.id.in_(deleted["traject"]))).all()
    for traject in ended:
        ending.delete_everything(traject)
    present = db.session.scalars(select(Story.id).where(Story.id.in_(deleted["story"]))).all()
    counts = {
        "trajecten": len(ended),
        "stories": stories.delete_stories(present),
        "expired": retention.purge_expired(),
        "names": retention.erase_participant_names(),
    }
    stories.request_scrub(whole_database=True)
    db.session.commit()
    retention.scrub_requested()
    return counts


@click.command("backup")
@click.option("--dir", "directory", type=click.Path(path_type=Path), help="Instead of BACKUP_DIR.")
@with_appcontext
def backup_command(directory: Path | None):
    """Write a consistent copy of the database while the site runs; prune copies past BACKUP_KEEP_DAYS."""
    try:
        made = backup(directory)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written: {made}")
    for path in prune(directory):
        click.echo(f"older than {current_app.config['BACKUP_KEEP_DAYS']} days, deleted: {path.name}")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--deleted",
    "logs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A DELETIONS_LOG file (repeat for each app server); default this server's.",
)
@click.option("--yes", is_flag=True, help="Do not ask: the database is replaced by the backup.")
@with_appcontext
def restore_command(path: Path, logs: tuple[Path, ...], yes: bool):
    """Replace the database by a backup, then delete again what was deleted since it was made.
    Stop the web servers and the worker first."""
    if not yes:
        click.confirm(f"Replace the database by {path.name}?", abort=True)
    try:
        counts = restore(path, list(logs))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"restored {path.name}; deleted again: {counts['stories']} withdrawn or purged stories, "
        f"{counts['trajecten']} ended trajecten; {counts['expired']} stories past their period, "
        f"{counts['names']} participants' names"
    )
