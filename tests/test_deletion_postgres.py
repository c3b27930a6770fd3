"""On PostgreSQL a withdrawn or purged story's text is gone from the data directory itself: the heap
file, its TOAST, the indexes and the WAL. The attack is a search of every file in the data directory
for a short marker (well below the 2 KB at which PostgreSQL compresses text), which must find it before
the withdrawal and not after the worker's scrub."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from tests.conftest import csrf_from
from tests.helpers import submit
from vertelpunt import database, retention
from vertelpunt.extensions import db
from vertelpunt.models import ScrubRequest, Story
from vertelpunt.staff import services
from vertelpunt.stories import delete_stories


def postgres_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's data directory; this run uses SQLite (tests/test_retention.py)")


def files_holding(directory: Path, marker: bytes) -> list[str]:
    found = []
    for root, _dirs, names in os.walk(directory):
        for name in names:
            path = Path(root, name)
            try:
                if marker in path.read_bytes():
                    found.append(str(path.relative_to(directory)))
            except OSError:  # a file removed while the walk passed
                continue
    return found


def withdraw(client, code: str) -> None:
    form = client.get("/intrekken").get_data(as_text=True)
    response = client.post("/intrekken", data={"csrf_token": csrf_from(form), "code": code, "confirm": "yes"})
    assert response.status_code == 200


def story_with(client, traject, marker: str) -> str:
    page = submit(client, services.general_link(traject).token, story=f"Mijn verhaal {marker} gaat hierover.")
    return re.search(r'class="receipt"><strong>([0-9a-z-]+)<', page.get_data(as_text=True)).group(1)


def test_a_withdrawn_story_is_gone_from_the_data_directory(client, traject, superuser, wal_recycle):
    conn, directory = superuser
    wal_recycle("off")
    marker = f"mk{secrets.token_hex(5)}"
    code = story_with(client, traject, marker)
    submit(client, services.general_link(traject).token, story="Een ander verhaal dat blijft staan.")
    conn.execute(text("CHECKPOINT"))  # the row reaches the table's file, not only the WAL
    before = files_holding(directory, marker.encode())
    assert any(f.startswith("base/") for f in before) and any(f.startswith("pg_wal/") for f in before), before

    withdraw(client, code)
    db.session.remove()
    assert files_holding(directory, marker.encode()), "the withdrawal alone does not scrub PostgreSQL's files"
    assert retention.scrub_requested() == []  # the worker's step: complete, nothing to report
    assert files_holding(directory, marker.encode()) == []
    assert db.session.scalar(select(func.count(Story.id))) == 1
    assert db.session.scalar(select(func.count(ScrubRequest.id))) == 0


def test_a_purged_story_is_gone_from_the_data_directory(app, client, traject, superuser, wal_recycle):
    conn, directory = superuser
    wal_recycle("off")
    marker = f"mk{secrets.token_hex(5)}"
    story_with(client, traject, marker)
    old = db.session.scalar(select(Story).where(Story.text.contains(marker)))
    old.submitted_on = dt.date.today() - dt.timedelta(days=traject.retention_days + 1)
    db.session.commit()
    conn.execute(text("CHECKPOINT"))
    assert files_holding(directory, marker.encode())
    result = app.test_cli_runner().invoke(args=["retention", "purge"])
    assert "deleted 1 stories" in result.output and "hold no deleted text" in result.output, result.output
    assert files_holding(directory, marker.encode()) == []


def test_recycled_wal_is_reported_not_hidden(client, traject, superuser, wal_recycle):
    """With wal_recycle on, old segments are renamed for reuse with the text inside: the scrub must say
    it is not complete, and the marker is indeed still there."""
    conn, directory = superuser
    wal_recycle("on")
    marker = f"mk{secrets.token_hex(5)}"
    code = story_with(client, traject, marker)
    withdraw(client, code)
    db.session.remove()
    problems = retention.scrub_requested()
    assert any("wal_recycle" in p for p in problems), problems
    assert database.postgres_wal_problems(db.engine) == problems


def test_a_busy_table_postpones_the_scrub_and_keeps_the_request(client, traject):
    """A reader holding a story table makes VACUUM FULL wait: the scrub gives up after its lock timeout
    and the request stays for the next round, instead of every submission queueing behind it."""
    postgres_only()
    token = services.general_link(traject).token
    submit(client, token, story="Een verhaal dat straks wordt ingetrokken en weer weg moet.")
    delete_stories(db.session.scalars(select(Story.id)).all())
    db.session.commit()
    other = create_engine(db.engine.url)
    original = database.SCRUB_LOCK_TIMEOUT
    database.SCRUB_LOCK_TIMEOUT = "200ms"
    try:
        with other.connect() as reader:
            reader.execute(text("LOCK TABLE stories IN ACCESS SHARE MODE"))
            assert retention.scrub_requested() is None
        assert db.session.scalar(select(func.count(ScrubRequest.id))) == 1
        assert retention.scrub_requested() is not None
        assert db.session.scalar(select(func.count(ScrubRequest.id))) == 0
    finally:
        database.SCRUB_LOCK_TIMEOUT = original
        other.dispose()
