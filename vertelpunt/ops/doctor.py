"""`flask doctor`: check a deployment and say what is wrong in plain words.

Each check returns findings (OK, WARN or FAULT with one sentence an operator can act on); the command
prints them all, so one run shows every fault, and exits 1 when any is a fault. Checks never change
anything: no file is created (not even an empty SQLite database), no mail is sent, nothing is migrated.
The worker check cannot use a story's time of day, which is never stored: it uses the date and whether
a worker process runs on this machine."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import smtplib
import stat
from dataclasses import dataclass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from vertelpunt.config import ROOT

OK, WARN, FAULT = "OK", "WARN", "FAULT"
# Secrets seen in examples and tests; a deployment that still has one is as good as keyless.
KNOWN_SECRETS = {"test-secret", "test-only-secret", "secret", "changeme", "change-me", "dev", "development"}
MIN_SECRET = 32
# What the redaction worker's command line holds (today's polling loop, or a queue worker).
WORKER_MARKERS = ("redaction run", "rq worker", "rq:worker", "dramatiq")
TIMEOUT = 5


@dataclass
class Finding:
    status: str
    check: str
    message: str


def check_secret_key(config) -> list[Finding]:
    key = config.get("SECRET_KEY") or ""
    if not key:
        return [Finding(FAULT, "secret key", "SECRET_KEY is not set.")]
    if key in KNOWN_SECRETS:
        return [Finding(FAULT, "secret key", "SECRET_KEY is a well-known example value: make a new one.")]
    if len(key) < MIN_SECRET:
        return [
            Finding(
                FAULT,
                "secret key",
                f"SECRET_KEY is {len(key)} characters; use at least {MIN_SECRET} "
                '(python -c "import secrets; print(secrets.token_urlsafe(48))").',
            )
        ]
    if len(set(key)) < 8:
        return [Finding(FAULT, "secret key", "SECRET_KEY repeats a few characters: make a random one.")]
    return [Finding(OK, "secret key", f"set, {len(key)} characters")]


def check_mode(app) -> list[Finding]:
    config = app.config
    found = []
    if not config.get("PRODUCTION"):
        found.append(
            Finding(
                FAULT,
                "production mode",
                "STORYCYCLE_ENV is not 'production': cookies are not marked Secure and debug is not refused.",
            )
        )
    # The flask command takes debug from FLASK_DEBUG; a unit file or shell that sets it would turn
    # the debugger on for `flask run` and for this check alike.
    if app.debug or config.get("DEBUG") or config.get("TESTING") or _on(os.environ.get("FLASK_DEBUG")):
        found.append(
            Finding(FAULT, "debug", "debug (or testing) is on: it shows code and settings to visitors.")
        )
    base = config.get("PUBLIC_BASE_URL", "")
    if config.get("PRODUCTION") and not base.startswith("https://"):
        found.append(
            Finding(FAULT, "public address", f"PUBLIC_BASE_URL is {base}: links and QR codes need https://.")
        )
    if config.get("PRODUCTION") and int(config.get("PROXY_HOPS") or 0) != 1:
        found.append(
            Finding(
                WARN,
                "proxy",
                f"PROXY_HOPS is {config.get('PROXY_HOPS')}; behind one nginx it must be 1, or every "
                "narrator shares one rate-limit bucket (0) or a client can forge its address (2+).",
            )
        )
    if not found:
        found.append(Finding(OK, "production mode", "production, debug off, https address, PROXY_HOPS=1"))
    return found


def _on(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _sqlite_path(url) -> Path | None:
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database)
    return None


def check_database(db) -> list[Finding]:
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    shown = url.render_as_string(hide_password=True)
    path = _sqlite_path(url)
    if path is not None and not path.exists():
        # Connecting would make an empty file and hide the mistake.
        return [Finding(FAULT, "database", f"the SQLite file {path} does not exist: run `flask db upgrade`.")]
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(conn).get_current_heads())
    except Exception as error:  # noqa: BLE001 - any failure means: not reachable
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0][:200]
        return [Finding(FAULT, "database", f"cannot reach {shown}: {reason}")]
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    heads = set(ScriptDirectory.from_config(config).get_heads())
    found = [Finding(OK, "database", f"reachable ({url.get_backend_name()})")]
    if not current:
        found.append(Finding(FAULT, "migrations", "the database has no schema: run `flask db upgrade`."))
    elif current != heads:
        found.append(
            Finding(
                FAULT,
                "migrations",
                f"the database is at {', '.join(sorted(current))} but this version needs "
                f"{', '.join(sorted(heads))}: run `flask db upgrade`, then restart.",
            )
        )
    else:
        found.append(Finding(OK, "migrations", f"at {', '.join(sorted(heads))} (the latest)"))
    return found


def check_redis(config) -> list[Finding]:
    url = config.get("REDIS_URL") or ""
    storage = config.get("RATELIMIT_STORAGE_URI") or ""
    url = url or (storage if storage.startswith(("redis://", "rediss://")) else "")
    if not url:
        return [Finding(OK, "redis", "not configured (rate limits count per worker in memory)")]
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
    shown = make_url(url.replace("rediss://", "redis://", 1)).render_as_string(hide_password=True)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        return [
            Finding(
                FAULT,
                "redis",
                f"REDIS_URL is set but {shown} does not answer ({error}); rate limits then count per "
                "worker only.",
            )
        ]
    finally:
        client.close()
    return [Finding(OK, "redis", f"{shown} answers")]


def check_smtp(config) -> list[Finding]:
    host = config.get("SMTP_HOST") or ""
    if not host:
        outbox = config.get("DIGEST_OUTBOX", "")
        return [Finding(OK, "mail", f"SMTP_HOST not set: digests are written to {outbox}")]
    port = int(config.get("SMTP_PORT") or 25)
    try:
        with smtplib.SMTP(host, port, timeout=TIMEOUT) as smtp:
            smtp.ehlo()
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
                smtp.ehlo()
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
    except smtplib.SMTPAuthenticationError:
        return [Finding(FAULT, "mail", f"the mail server {host}:{port} refused SMTP_USER/SMTP_PASSWORD.")]
    except (OSError, smtplib.SMTPException) as error:
        return [Finding(FAULT, "mail", f"cannot reach the mail server {host}:{port} ({error}).")]
    return [Finding(OK, "mail", f"{host}:{port} answers")]


def worker_processes() -> list[int]:
    """Process ids on this machine whose command line is the redaction worker's."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(marker in command for marker in WORKER_MARKERS):
            found.append(int(entry.name))
    return found


def check_worker(db, today: dt.date | None = None) -> list[Finding]:
    from vertelpunt.models import Story

    today = today or dt.date.today()
    try:
        waiting = db.session.execute(
            select(func.count(), func.min(Story.submitted_on)).where(Story.redaction == "rules")
        ).one()
        failed = db.session.scalar(select(func.count()).select_from(Story).where(Story.redaction == "failed"))
    except Exception:  # noqa: BLE001 - the database check already says why
        db.session.rollback()
        return [Finding(WARN, "redaction worker", "not checked: the database cannot be read.")]
    count, oldest = waiting
    found = []
    if count and oldest is not None and oldest < today:
        found.append(
            Finding(
                FAULT,
                "redaction worker",
                f"{count} stories wait for redaction, the oldest since {oldest}: the worker "
                "(`flask redaction run`) is not running or is stuck.",
            )
        )
    elif count and not worker_processes():
        found.append(
            Finding(
                FAULT,
                "redaction worker",
                f"{count} stories wait for redaction and no `flask redaction run` process runs on this "
                "machine (ignore this if the worker runs on another machine).",
            )
        )
    else:
        found.append(Finding(OK, "redaction worker", f"{count} stories waiting"))
    if failed:
        found.append(
            Finding(
                WARN,
                "redaction worker",
                f"{failed} stories could not be redacted and are kept out of sessions: `flask redaction status`.",
            )
        )
    return found


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_disk(config, min_free_mb: int) -> list[Finding]:
    places = {Path(config["STORYCYCLE_INSTANCE"])}
    sqlite = _sqlite_path(make_url(config["SQLALCHEMY_DATABASE_URI"]))
    if sqlite is not None:
        places.add(sqlite.parent)
    found = []
    for place in sorted(places):
        usage = shutil.disk_usage(_existing_parent(place))
        free_mb = usage.free // (1024 * 1024)
        if free_mb < min_free_mb or usage.free < usage.total * 0.05:
            found.append(
                Finding(
                    FAULT,
                    "disk space",
                    f"only {free_mb} MB free for {place} (want at least {min_free_mb} MB and 5%): a full "
                    "disk stops stories from being stored.",
                )
            )
        else:
            found.append(Finding(OK, "disk space", f"{free_mb} MB free for {place}"))
    return found


def check_instance(config) -> list[Finding]:
    folder = Path(config["STORYCYCLE_INSTANCE"])
    if not folder.exists():
        return [Finding(OK, "instance folder", f"{folder} does not exist (nothing kept there)")]
    info = folder.stat()
    found = []
    if stat.S_IMODE(info.st_mode) != 0o700:
        found.append(
            Finding(
                FAULT,
                "instance folder",
                f"{folder} has mode {stat.S_IMODE(info.st_mode):04o}; it holds the database and secrets "
                f"and must be 0700: chmod 700 {folder}",
            )
        )
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        found.append(
            Finding(FAULT, "instance folder", f"{folder} belongs to another user than the one running this.")
        )
    loose = sorted(p.name for p in folder.iterdir() if p.is_file() and stat.S_IMODE(p.stat().st_mode) & 0o077)
    if loose:
        found.append(
            Finding(
                WARN,
                "instance folder",
                f"files others could read if the folder opened up: {', '.join(loose)} (chmod 600 them)",
            )
        )
    return found or [Finding(OK, "instance folder", f"{folder} is 0700 and ours")]


def run_checks(app, min_free_mb: int = 1024) -> list[Finding]:
    from vertelpunt.extensions import db
    from vertelpunt.ops.doctor_data import check_backups, check_deletion, check_jobs

    config = app.config
    findings = check_secret_key(config) + check_mode(app)
    database = check_database(db)
    findings += database
    if database[0].status == OK:
        findings += check_worker(db) + check_jobs(db) + check_deletion(db)
    findings += check_redis(config) + check_smtp(config)
    findings += check_disk(config, min_free_mb) + check_instance(config) + check_backups(config)
    return findings


@click.command("doctor")
@click.option("--min-free-mb", default=1024, show_default=True, help="Free disk space below this is a fault.")
@with_appcontext
def doctor(min_free_mb: int):
    """Check this deployment and say what is wrong (exit status 1 when anything is)."""
    from vertelpunt.ops import version

    click.echo(f"StoryCycle {version()}")
    findings = run_checks(current_app._get_current_object(), min_free_mb)
    for finding in findings:
        click.echo(f"{finding.status:<5} {finding.check}: {finding.message}")
    faults = sum(f.status == FAULT for f in findings)
    warnings = sum(f.status == WARN for f in findings)
    if faults:
        click.echo(f"{faults} fault(s), {warnings} warning(s).")
        raise SystemExit(1)
    click.echo("OK: no faults" + (f", {warnings} warning(s)." if warnings else "."))
