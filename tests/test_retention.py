"""Withdrawn and expired stories are gone from the database files themselves."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.helpers import submit
from vertelpunt.extensions import db
from vertelpunt.models import Story, StoryAnswer, StoryReceipt
from vertelpunt.staff import services

MARKER = "QZXV-marker-7319-verhaal"


def database_bytes() -> bytes:
    path = Path(db.engine.url.database)
    files = [path, path.with_name(path.name + "-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def sqlite_only():
    if db.engine.dialect.name != "sqlite":
        pytest.skip("file-level check of SQLite's main file and WAL; this run uses PostgreSQL")


def test_withdrawn_story_leaves_no_trace_in_the_files(client, traject):
    sqlite_only()
    token = services.general_link(traject).token
    page = submit(client, token, story=f"Dit verhaal draagt het merkteken {MARKER} en mag weg.").get_data(
        as_text=True
    )
    code = re.search(r'class="receipt"><strong>([0-9a-z-]+)<', page).group(1)
    db.session.remove()
    assert MARKER.encode() in database_bytes()  # the check can see it while it is there
    form = client.get("/intrekken").get_data(as_text=True)
    response = client.post("/intrekken", data={"csrf_token": csrf_from(form), "code": code, "confirm": "yes"})
    assert response.status_code == 200
    db.session.remove()
    assert MARKER.encode() not in database_bytes()


def test_retention_purge_deletes_old_stories_only(app, client, traject):
    token = services.general_link(traject).token
    submit(client, token, story=f"Oud verhaal met {MARKER} dat over de bewaartermijn heen is.")
    submit(client, token, story="Een recent verhaal dat moet blijven staan in de database.")
    old = db.session.scalar(select(Story).where(Story.text.contains(MARKER)))
    old.submitted_on = dt.date.today() - dt.timedelta(days=traject.retention_days + 1)
    db.session.commit()
    runner = app.test_cli_runner()
    assert "would delete 1 stories" in runner.invoke(args=["retention", "purge", "--dry-run"]).output
    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0 and "deleted 1 stories" in result.output, result.output
    db.session.remove()
    assert db.session.scalar(select(func.count(Story.id))) == 1
    assert db.session.scalar(select(func.count(StoryReceipt.story_id))) == 1
    kept = db.session.scalar(select(Story))
    assert db.session.scalar(select(func.count(StoryAnswer.id)).where(StoryAnswer.story_id != kept.id)) == 0
    if db.engine.dialect.name == "sqlite":
        assert MARKER.encode() not in database_bytes()


def test_every_deletion_leaves_a_scrub_request_that_the_worker_honours(client, traject):
    from vertelpunt import retention
    from vertelpunt.models import ScrubRequest
    from vertelpunt.stories import delete_stories

    submit(client, services.general_link(traject).token, story="Een verhaal dat weer weg moet, echt waar.")
    story_id = db.session.scalar(select(Story.id))
    assert delete_stories([story_id]) == 1
    db.session.rollback()  # a deletion undone takes its scrub request with it
    assert db.session.scalar(select(func.count(ScrubRequest.id))) == 0
    assert delete_stories([story_id]) == 1
    db.session.commit()
    assert db.session.scalar(select(func.count(ScrubRequest.id))) == 1
    assert retention.scrub_requested() is not None
    assert db.session.scalar(select(func.count(ScrubRequest.id))) == 0
    assert retention.scrub_requested() is None  # nothing waiting: no work


def test_participants_names_are_erased_after_their_own_period(app, traject):
    from tests.sessions.conftest import make_session
    from vertelpunt.models import AuditEntry, SessionParticipant
    from vertelpunt.retention import erase_participant_names

    closed, recent = make_session(traject, "Oud"), make_session(traject, "Net dicht")
    now = dt.datetime(2026, 6, 1, 12, 0)
    for session, days_ago in ((closed, traject.participant_names_days + 1), (recent, 3)):
        session.status, session.closed_at = "closed", now - dt.timedelta(days=days_ago)
    closed.participants[0].device_hash = "a" * 64
    recent.participants[0].name, recent.participants[1].name = "Carla", "Daan"
    db.session.commit()
    assert erase_participant_names(now) == 2
    db.session.commit()

    def names(session):
        query = select(SessionParticipant.name).where(SessionParticipant.session_id == session.id)
        return list(db.session.scalars(query.order_by(SessionParticipant.id)))

    assert names(closed) == ["Deelnemer 1", "Deelnemer 2"]
    assert names(recent) == ["Carla", "Daan"]
    assert (
        db.session.scalar(
            select(SessionParticipant.device_hash).where(SessionParticipant.session_id == closed.id).limit(1)
        )
        is None
    )
    assert erase_participant_names(now) == 0  # once is enough
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "names_erased"))
    assert entry.detail == f"session {closed.id}: 2 names" and "Anna" not in entry.detail
    if db.engine.dialect.name == "sqlite":
        from vertelpunt import retention

        retention.scrub_requested()
        assert b"Wijkteam Hengelo" in database_bytes()  # the organisation stays
        assert b"Daan" in database_bytes() and b"Bram" not in database_bytes()
