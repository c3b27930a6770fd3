"""Background work through the job queue (vertelpunt/jobs): a job per stored story carrying its id only,
a worker that is killed loses nothing, a job that keeps failing lands in the dead-letter list that
administrators see, and a queue that cannot be reached costs a narrator nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import PG_URL, csrf_from, login
from tests.helpers import submit
from vertelpunt import jobs, redaction_worker
from vertelpunt.extensions import db
from vertelpunt.jobs import tasks
from vertelpunt.models import FailedJob, Story
from vertelpunt.staff import services

TEXT = "Mijn verhaal over de wachtlijst bij het wijkteam, met een merkwoord Zonnebloemveld erin."


@pytest.fixture
def fake_deduce(monkeypatch):
    """deduce itself is tested in tests/test_redaction_worker.py; here the queue is."""
    monkeypatch.setattr(redaction_worker, "redact", lambda text: type("R", (), {"text": text.upper()})())


def _stored():
    """The story's id, level and text; the read ends, as a request's would: a job runs in a transaction
    of its own, and SQLite lets one writer at a time."""
    row = db.session.execute(select(Story.id, Story.redaction, Story.text)).one()
    db.session.commit()
    return row


def test_a_stored_story_queues_one_job_with_its_id_only(app, client, traject, fake_deduce):
    submit(client, services.general_link(traject).token, story=TEXT)
    story = _stored()
    assert story.redaction == "rules" and jobs.waiting() == 1
    task = jobs.huey.dequeue()
    assert task.name == "redact_story" and task.args == (story.id,) and not task.kwargs
    queue_file = Path(app.config["JOBS_DB"]).read_bytes()
    assert b"Zonnebloemveld" not in queue_file and b"wachtlijst" not in queue_file
    jobs.huey.execute(task)
    story = _stored()
    assert story.redaction == "full" and "ZONNEBLOEMVELD" in story.text


def test_a_job_lost_with_a_killed_worker_is_found_by_the_sweep(app, client, traject, fake_deduce):
    submit(client, services.general_link(traject).token, story=TEXT)
    assert jobs.huey.dequeue() is not None  # a worker took the job and died before doing it
    assert jobs.waiting() == 0 and _stored().redaction == "rules"
    assert tasks.sweep.call_local() == 1  # the periodic sweep, as the worker runs it
    jobs.run_waiting()
    assert _stored().redaction == "full"


def test_a_job_that_keeps_failing_is_listed_for_administrators(app, client, traject, users, monkeypatch):
    submit(client, services.general_link(traject).token, story=TEXT)
    story_id = _stored().id

    def broken(_story_id):
        raise ConnectionError("database gone")

    monkeypatch.setattr(redaction_worker, "redact_one", broken)
    task = jobs.huey.dequeue()
    task.retries = 0  # its last try
    jobs.huey.execute(task)
    failed = db.session.execute(select(FailedJob.id, FailedJob.name, FailedJob.ids, FailedJob.error)).one()
    db.session.commit()
    assert (failed.name, failed.ids, failed.error) == ("redact_story", str(story_id), "ConnectionError")
    monkeypatch.undo()

    login(client, "admin")
    page = client.get("/staff/taken").get_data(as_text=True)
    assert f'id="failed-{failed.id}"' in page and "ConnectionError" in page and "wachtlijst" not in page
    token = csrf_from(page)
    assert client.post(f"/staff/taken/{failed.id}/weg", data={"csrf_token": token}).status_code in (400, 404)
    assert client.post(f"/staff/taken/{failed.id}/opnieuw", data={}).status_code == 400  # no CSRF token
    again = client.post(f"/staff/taken/{failed.id}/opnieuw", data={"csrf_token": token})
    assert again.status_code == 302
    assert db.session.scalar(select(FailedJob)) is None and jobs.waiting() == 1
    db.session.commit()
    monkeypatch.setattr(redaction_worker, "redact", lambda text: type("R", (), {"text": text})())
    jobs.run_waiting()
    assert _stored().redaction == "full"


def test_a_queue_that_cannot_be_reached_costs_the_narrator_nothing(make_app, caplog):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    app = make_app(JOBS_REDIS_URL=f"redis://127.0.0.1:{closed}/0")
    with app.app_context():
        import datetime as dt

        today = dt.date.today()
        traject = services.create_traject(
            slug="zonderwachtrij",
            name="Zonder wachtrij",
            region="Regio",
            focus="Iets",
            opens_on=today,
            closes_on=today,
            municipalities=["Enschede"],
        )
        db.session.commit()
        page = submit(app.test_client(), services.general_link(traject).token, story=TEXT)
        assert page.status_code == 200 and 'class="receipt"' in page.get_data(as_text=True)
        assert _stored().redaction == "rules"  # stored; the sweep queues it once the queue is back
        assert "not queued" in caplog.text and "Zonnebloemveld" not in caplog.text


def _worker(app) -> subprocess.Popen:
    env = {
        **os.environ,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOBS_DB": app.config["JOBS_DB"],
        "DELETIONS_LOG": app.config["DELETIONS_LOG"],
        "FLASK_APP": "vertelpunt",
    }
    env.pop("REDIS_URL", None)
    flask = Path(sys.executable).with_name("flask")
    return subprocess.Popen(  # noqa: S603 - our own command
        [str(flask), "redaction", "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def _wait_until_full(deadline_s: float = 120) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        db.session.remove()
        states = set(db.session.scalars(select(Story.redaction)))
        if states == {"full"}:
            return
        time.sleep(0.3)
    raise AssertionError(f"stories still waiting: {states}")


def test_a_real_worker_killed_and_started_again_loses_nothing(app, client, traject):
    pytest.importorskip("deduce")
    token = services.general_link(traject).token
    worker = _worker(app)
    try:
        submit(client, token, story="We spraken met Kloosterhuis van de gemeente over de wachtlijst.")
        _wait_until_full()
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
        submit(client, token, story="Daarna belde Kloosterhuis nog een keer over de school van mijn zoon.")
        assert jobs.waiting() >= 1  # queued while no worker ran
        worker = _worker(app)
        _wait_until_full()
    finally:
        worker.kill()
        output = worker.communicate(timeout=10)[0]
    assert output.count("deduce ready") == 1, output  # loaded once per process, not per job
    texts = " ".join(db.session.scalars(select(Story.text)))
    assert "Kloosterhuis" not in texts and "wachtlijst" in texts
    assert PG_URL or Path(app.config["JOBS_DB"]).exists()


def test_digests_go_as_one_job_per_traject(app, traject):
    from vertelpunt.models import Digest

    result = app.test_cli_runner().invoke(args=["digest", "send", "--queue", "--traject", traject.slug])
    assert result.exit_code == 0 and f"DIGEST {traject.slug} queued" in result.output, result.output
    task = jobs.huey.dequeue()
    assert task.name == "send_digest" and task.args[0] == traject.id and isinstance(task.args[1], int)
    db.session.commit()
    jobs.huey.execute(task)
    made = db.session.scalar(select(Digest))
    assert made is not None and made.traject_id == traject.id


def test_a_job_asked_for_before_a_savepoint_waits_for_the_real_commit_and_is_queued_once(app, traject):
    """Releasing a savepoint is no commit: a job queued then would look for rows not yet committed."""
    from vertelpunt import database

    ran: list[str] = []
    db.session.execute(select(Story.id))  # a transaction is open
    database.after_commit(lambda: ran.append("job"), key="one")
    with db.session.begin_nested():
        database.after_commit(lambda: ran.append("job"), key="one")
    assert ran == []
    db.session.commit()
    assert ran == ["job"]
