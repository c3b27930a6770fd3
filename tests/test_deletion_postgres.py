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
from sqlalchemy import create_engine, exc, func, select, text

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


@pytest.mark.parametrize("where", ["same database", "other database"])
def test_an_open_transaction_elsewhere_postpones_the_scrub_instead_of_leaving_the_text(
    client, traject, superuser, wal_recycle, where
):
    """VACUUM FULL copies a deleted row that an open transaction could still see. A transaction that
    began before the withdrawal, in this database or in another on the server, must make the scrub
    wait and report it was not done, never say it was complete with the text still in the files."""
    conn, directory = superuser
    wal_recycle("off")
    marker = f"mk{secrets.token_hex(5)}"
    code = story_with(client, traject, marker)
    url = db.engine.url if where == "same database" else db.engine.url.set(database="postgres")
    other = create_engine(url)
    original = database.SCRUB_WAIT_S
    database.SCRUB_WAIT_S = 0.5
    try:
        with other.connect() as held:
            held.execute(text("SELECT pg_current_xact_id()"))  # a writer's transaction, left open
            withdraw(client, code)
            db.session.remove()
            assert retention.scrub_requested() is None  # postponed, not falsely complete
            assert db.session.scalar(select(func.count(ScrubRequest.id))) == 1
            db.session.remove()
            held.rollback()
        assert retention.scrub_requested() == []
        assert files_holding(directory, marker.encode()) == []
    finally:
        database.SCRUB_WAIT_S = original
        other.dispose()


def test_erased_participant_names_are_gone_from_the_data_directory(app, traject, superuser, wal_recycle):
    from tests.sessions.conftest import make_session
    from vertelpunt.models import SessionParticipant

    conn, directory = superuser
    wal_recycle("off")
    marker = f"Naam{secrets.token_hex(5)}"
    session = make_session(traject, "Oud")
    session.status, session.closed_at = "closed", dt.datetime(2026, 1, 1)
    db.session.add(SessionParticipant(session_id=session.id, name=marker))
    db.session.commit()
    conn.execute(text("CHECKPOINT"))
    assert files_holding(directory, marker.encode())
    assert retention.erase_participant_names(dt.datetime(2026, 12, 1)) == 3
    db.session.commit()
    assert retention.scrub_requested() == []
    assert files_holding(directory, marker.encode()) == []


def test_a_database_user_without_the_rights_is_told_what_to_grant(superuser):
    """The app's own user in production is no superuser: the doctor names each right the scrub needs."""
    conn, _directory = superuser
    conn.execute(text("DROP ROLE IF EXISTS storycycle_plain"))
    conn.execute(text("CREATE ROLE storycycle_plain LOGIN"))
    plain = create_engine(db.engine.url.set(username="storycycle_plain", password=None))
    try:
        try:
            problems = " | ".join(database.postgres_wal_problems(plain))
        except exc.OperationalError:
            pytest.skip("this server does not let a new role log in without a password")
    finally:
        plain.dispose()
        conn.execute(text("DROP ROLE storycycle_plain"))
    for right in ("pg_checkpoint", "pg_read_all_stats", "EXECUTE on pg_switch_wal()"):
        assert f"lacks {'the ' + right + ' role' if right.startswith('pg_') else right}" in problems, problems
