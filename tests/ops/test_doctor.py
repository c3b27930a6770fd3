"""`flask doctor` names every fault of a broken deployment in plain words, and passes a good one.

The broken set-up is broken on purpose in each way the doctor knows: a short secret key, development
mode with debug on, Redis and the mail server not answering, a story waiting since yesterday with no
worker, too little disk, an instance/ folder others can read, and (separately) a database that cannot
be reached, one that was never migrated and one that lags behind the code."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text, update

from tests.helpers import submit
from vertelpunt.extensions import db
from vertelpunt.models import Story
from vertelpunt.ops import doctor as doctor_module
from vertelpunt.ops import version
from vertelpunt.staff import services


def _run(app, *args):
    # No other app's context may be active: the command runs in the context of the app it checks.
    result = app.test_cli_runner().invoke(args=["doctor", *args])
    return result.exit_code, result.output


def _waiting_story(make_app, submitted_on: dt.date | None = None) -> None:
    """One story as the narrator form stores it (redacted by the rules, waiting for the worker)."""
    app = make_app()
    with app.app_context():
        today = dt.date.today()
        traject = services.create_traject(
            slug="doctor",
            name="Doctor",
            region="Doctor",
            focus="Iets",
            opens_on=today - dt.timedelta(days=10),
            closes_on=today + dt.timedelta(days=10),
            municipalities=["Enschede"],
        )
        db.session.commit()
        submit(app.test_client(), services.general_link(traject).token)
        if submitted_on:
            db.session.execute(update(Story).values(submitted_on=submitted_on))
        db.session.commit()
        db.session.remove()


def _lines(output: str, status: str) -> str:
    return "\n".join(line for line in output.splitlines() if line.startswith(status))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def open_instance(tmp_path):
    folder = tmp_path / "instance"
    folder.mkdir()
    os.chmod(folder, 0o755)  # noqa: S103 - the fault under test
    return folder


@pytest.fixture
def private_instance(tmp_path):
    folder = tmp_path / "private"
    folder.mkdir()
    os.chmod(folder, 0o700)
    return folder


def _good_config(instance) -> dict:
    return {
        "TESTING": False,
        "PRODUCTION": True,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PUBLIC_BASE_URL": "https://vertel.example.nl",
        "TRUSTED_HOSTS": ["vertel.example.nl"],
        "PROXY_HOPS": 1,
        "STORYCYCLE_INSTANCE": str(instance),
        "DIGEST_OUTBOX": str(instance / "outbox"),
        "REDIS_URL": None,
        "SMTP_HOST": "",
    }


def test_a_broken_set_up_is_named_fault_by_fault(make_app, open_instance, monkeypatch):
    yesterday = dt.date.today() - dt.timedelta(days=1)
    _waiting_story(make_app, yesterday)
    monkeypatch.setattr(doctor_module, "worker_processes", lambda: [])
    monkeypatch.setenv("FLASK_DEBUG", "1")
    broken = make_app(
        TESTING=False,
        SECRET_KEY="short-but-varied-1",
        REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=_closed_port(),
        STORYCYCLE_INSTANCE=str(open_instance),
    )

    code, output = _run(broken, "--min-free-mb", str(10**12))

    assert code == 1, output
    faults = _lines(output, "FAULT")
    assert "SECRET_KEY is 18 characters" in faults
    assert "STORYCYCLE_ENV is not 'production'" in faults
    assert "debug (or testing) is on" in faults
    assert "REDIS_URL is set but redis://127.0.0.1:" in faults
    assert "cannot reach the mail server 127.0.0.1:" in faults
    assert f"1 stories wait for redaction, the oldest since {yesterday}" in faults
    assert "MB free for" in faults
    assert f"{open_instance} has mode 0755" in faults and "chmod 700" in faults
    assert "fault(s)" in output.splitlines()[-1]
    # The database itself was fine: reachable and migrated.
    assert "OK    migrations: at" in output


def test_a_story_waiting_today_needs_a_running_worker(make_app, private_instance, monkeypatch):
    _waiting_story(make_app)
    app = make_app(**_good_config(private_instance))

    monkeypatch.setattr(doctor_module, "worker_processes", lambda: [])
    code, output = _run(app, "--min-free-mb", "1")
    assert code == 1
    assert "1 stories wait for redaction and no `flask redaction run` process runs" in output

    # A process whose command line is the worker's is what the doctor looks for in /proc.
    monkeypatch.undo()
    fake = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", "import time; time.sleep(60)", "flask", "redaction", "run"]
    )
    try:
        for _ in range(50):
            if fake.pid in doctor_module.worker_processes():
                break
            time.sleep(0.1)
        code, output = _run(app, "--min-free-mb", "1")
    finally:
        fake.kill()
        fake.wait()
    assert code == 0, output
    assert "OK    redaction worker: 1 stories waiting" in output


def test_an_unreachable_database_is_named(make_app, private_instance):
    port = _closed_port()
    app = make_app(
        **_good_config(private_instance),
        SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://doctor:hunter2secret@127.0.0.1:{port}/nothing",
    )
    code, output = _run(app, "--min-free-mb", "1")
    assert code == 1
    assert f"FAULT database: cannot reach postgresql+psycopg://doctor:***@127.0.0.1:{port}/nothing" in output
    assert "hunter2secret" not in output


def test_a_missing_sqlite_file_is_named_and_not_created(make_app, private_instance, tmp_path):
    missing = tmp_path / "nowhere" / "storycycle.db"
    app = make_app(**_good_config(private_instance), SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing}")
    code, output = _run(app, "--min-free-mb", "1")
    assert code == 1
    assert f"the SQLite file {missing} does not exist: run `flask db upgrade`" in output
    assert not missing.exists()


def test_an_empty_database_needs_its_migrations(make_app, private_instance, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    app = make_app(**_good_config(private_instance), SQLALCHEMY_DATABASE_URI=f"sqlite:///{empty}")
    code, output = _run(app, "--min-free-mb", "1")
    assert code == 1
    assert "FAULT migrations: the database has no schema: run `flask db upgrade`" in output


def test_a_database_behind_the_code_is_named(make_app, private_instance):
    engine = create_engine(make_app().config["SQLALCHEMY_DATABASE_URI"])
    with engine.begin() as conn:
        head = conn.scalar(text("SELECT version_num FROM alembic_version"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0009'"))
    try:
        code, output = _run(make_app(**_good_config(private_instance)), "--min-free-mb", "1")
    finally:
        # On PostgreSQL the next test gets the same schema: put its version back.
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
        engine.dispose()
    assert code == 1
    assert f"the database is at 0009 but this version needs {head}: run `flask db upgrade`" in output


def test_a_good_set_up_says_ok(make_app, private_instance, wal_recycle):
    wal_recycle("off")  # as docs/production.md sets it up
    with make_app().app_context():
        from vertelpunt.ops.backup import backup

        backup()  # last night's
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            return "250 OK"

    mail = Controller(Sink(), hostname="127.0.0.1", port=_closed_port())
    mail.start()
    config = _good_config(private_instance)
    config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=mail.port)
    redis_here = _redis_answers()
    if redis_here:
        config["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    try:
        code, output = _run(make_app(**config), "--min-free-mb", "1")
    finally:
        mail.stop()
    assert code == 0, output
    assert output.splitlines()[0] == f"StoryCycle {version()}"
    assert output.splitlines()[-1] == "OK: no faults."
    assert "FAULT" not in output and "WARN" not in output
    assert f"OK    mail: 127.0.0.1:{mail.port} answers" in output
    if redis_here:
        assert "OK    redis: redis://127.0.0.1:6379/15 answers" in output


def test_the_version_is_in_the_staff_footer_and_from_the_package(client, users):
    from importlib import metadata

    from tests.conftest import login

    assert version() == metadata.version("storycycle")
    login(client, "admin")
    page = client.get("/staff/").get_data(as_text=True)
    assert f"StoryCycle {version()}</small></footer>" in page


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_deletions_waiting_for_a_scrub_without_a_worker_are_named(make_app, private_instance, monkeypatch):
    from vertelpunt.models import ScrubRequest

    app = make_app(**_good_config(private_instance))
    with app.app_context():
        db.session.add(ScrubRequest())
        db.session.commit()
        db.session.remove()
    monkeypatch.setattr(doctor_module, "worker_processes", lambda: [])
    _code, output = _run(app, "--min-free-mb", "1")
    assert "WARN  deletion: 1 deletions wait to be scrubbed from the files" in output
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        with app.app_context():
            recycled = db.session.scalar(text("SHOW wal_recycle")) == "on"
            db.session.remove()
        assert ("wal_recycle is on" in output) == recycled, output


def test_missing_and_old_backups_are_named(make_app, private_instance, tmp_path):
    app = make_app(**_good_config(private_instance))
    _code, output = _run(app, "--min-free-mb", "1")
    assert "WARN  backups: no backup in" in output
    folder = Path(app.config["BACKUP_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "storycycle-20200101T000000.000000Z.db").write_bytes(b"")
    _code, output = _run(app, "--min-free-mb", "1")
    assert "WARN  backups: the newest backup is from 2020-01-01 00:00 UTC" in output
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    _code, output = _run(
        make_app(**_good_config(private_instance), DELETIONS_LOG=str(locked / "x.log")), "--min-free-mb", "1"
    )
    if os.geteuid() != 0:  # root writes anywhere
        assert "FAULT backups: DELETIONS_LOG" in output


def test_an_unreachable_queue_and_failed_jobs_are_named(make_app, private_instance):
    from vertelpunt.models import FailedJob

    app = make_app(**_good_config(private_instance))
    with app.app_context():
        db.session.add(FailedJob(name="redact_story", ids="3", error="OperationalError"))
        db.session.commit()
        db.session.remove()
    _code, output = _run(app, "--min-free-mb", "1")
    assert "WARN  job queue: 1 jobs failed for good: see /staff/taken." in output
    broken = make_app(
        **_good_config(private_instance), JOBS_REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0"
    )
    code, output = _run(broken, "--min-free-mb", "1")
    assert code == 1 and "FAULT job queue: cannot be reached" in output
