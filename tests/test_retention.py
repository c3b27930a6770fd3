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
