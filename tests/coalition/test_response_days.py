"""The counts of past days kept in the database (response_days) for a new process must equal a plain count.

A process that counts writes the days before today; a new process (forget()) loads them and counts
only the days whose stories differ. Deleting stories deletes the rows of their days in the same
transaction. Run on PostgreSQL as well with TEST_DATABASE_URL."""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import time

import pytest
from sqlalchemy import select, text

from tests.coalition import test_counts_sql
from tests.coalition.test_counts_sql import TODAY, assert_counts_right, random_stories
from vertelpunt.coalition import counts
from vertelpunt.database import write_intent
from vertelpunt.extensions import db
from vertelpunt.models import ResponseDay, Story, Traject
from vertelpunt.retention import purge_expired
from vertelpunt.share import services as sharing

region = test_counts_sql.region  # the same links and stories next door


def cold_view(traject_id: int) -> counts.ResponseCounts:
    """The first view of a new process, in a transaction that reads only, as a dashboard request."""
    counts.forget()
    db.session.commit()
    token = write_intent.set(False)
    try:
        result = assert_counts_right(db.session.get(Traject, traject_id))
    finally:
        db.session.rollback()
        write_intent.reset(token)
    return result


def kept(traject_id: int) -> dict[dt.date, ResponseDay]:
    db.session.expire_all()
    rows = db.session.scalars(select(ResponseDay).where(ResponseDay.traject_id == traject_id)).all()
    return {row.day: row for row in rows}


def story_days(traject_id: int) -> dict[dt.date, tuple[int, int]]:
    stats: dict = {}
    for story_id, day in db.session.execute(
        select(Story.id, Story.submitted_on).where(Story.traject_id == traject_id)
    ):
        n, top = stats.get(day, (0, 0))
        stats[day] = (n + 1, max(top, story_id))
    return stats


def assert_rows_right(traject_id: int) -> None:
    """Every kept row is a day before today that still has exactly the stories it counted."""
    stats = story_days(traject_id)
    for day, row in kept(traject_id).items():
        assert day < dt.date.today()
        assert stats[day] == (row.stories, row.max_story_id)


@pytest.fixture
def counted(monkeypatch):
    """The conditions of every grouped count: a count from scratch has one (the id bound), a count
    of some days two."""
    calls = []
    original = counts.count_days

    def counting(traject_id, *conditions):
        calls.append(len(conditions))
        return original(traject_id, *conditions)

    monkeypatch.setattr(counts, "count_days", counting)
    return calls


def shared(link, day: dt.date, **answers) -> tuple[int, str]:
    """A story stored as the vertelpunt stores it: its id and withdrawal code."""
    sub = sharing.Submission(prompt="safe", title="Titel", text="Een verhaal over de hulp die we kregen.")
    for question_id, option_id in answers.items():
        sub.answers.append(sharing.Answer(question_id, option_id=option_id))
    stored = sharing.store_submission(sub, link, secrets.token_urlsafe(18), "nl", today=day)
    db.session.commit()
    return stored.story_id, stored.receipt_code


def test_a_new_process_loads_the_kept_days_and_counts_only_the_rest(app, traject, region, counted):
    random_stories(region, 150)
    random_stories(region, 5, days=1)  # today's
    cold_view(traject.id)
    assert counted == [1]  # nothing kept yet: counted from scratch
    rows = kept(traject.id)
    assert set(rows) == {day for day in story_days(traject.id) if day < dt.date.today()}
    assert_rows_right(traject.id)

    counted.clear()
    cold_view(traject.id)  # a second process
    assert counted == [2]  # today only
    random_stories(region, 10, days=1)
    random_stories(region, 10, days=40)  # stories dated on kept days: their number differs
    counted.clear()
    cold_view(traject.id)
    assert counted and all(n == 2 for n in counted)
    assert_rows_right(traject.id)
    assert counts.count_responses(traject).total == 175


def test_a_warm_process_keeps_counting_by_itself(app, traject, region):
    random_stories(region, 60)
    cold_view(traject.id)
    random_stories(region, 8, days=20)
    assert_counts_right(traject)  # the incremental way, with the rows left as they are
    cold_view(traject.id)
    assert_rows_right(traject.id)


def test_withdrawal_deletes_the_days_row_in_the_same_transaction(app, traject, region):
    random_stories(region, 80)
    day = TODAY - dt.timedelta(days=12)
    story_id, code = shared(region["links"][1], day, perspective="parent")
    cold_view(traject.id)
    assert day in kept(traject.id)
    assert sharing.withdraw(code)
    assert day not in kept(traject.id)  # before the commit, in the withdrawing transaction
    db.session.commit()
    assert db.session.get(Story, story_id) is None
    cold_view(traject.id)
    assert_rows_right(traject.id)
    assert day in kept(traject.id) or day not in story_days(traject.id)


def test_withdrawing_the_newest_story_and_a_new_one_with_its_id(app, traject, region):
    random_stories(region, 40)
    day = TODAY - dt.timedelta(days=3)
    story_id, code = shared(region["links"][0], day, perspective="parent", age_group="age_4_12")
    cold_view(traject.id)
    row = kept(traject.id)[day]
    before = (row.stories, row.max_story_id)
    assert before[1] == story_id
    assert sharing.withdraw(code)
    db.session.commit()
    # Another story on the same day, through another link and with other answers (a story dated in
    # the past only happens in tests; SQLite gives it the id of the withdrawn one).
    new_id, _ = shared(region["links"][3], day, perspective="youth", municipality="almelo")
    if db.engine.dialect.name == "sqlite":
        assert new_id == story_id
        assert story_days(traject.id)[day] == before  # the same number of stories and highest id
    cold_view(traject.id)
    assert_rows_right(traject.id)


def test_retention_purge_deletes_the_rows_of_the_purged_days(app, traject, region):
    random_stories(region, 120, days=60)
    cold_view(traject.id)
    traject = db.session.get(Traject, traject.id)
    traject.retention_days = 30
    db.session.commit()
    cutoff = TODAY - dt.timedelta(days=30)
    assert any(day < cutoff for day in kept(traject.id))
    assert purge_expired(TODAY) > 0
    assert not [day for day in kept(traject.id) if day < cutoff]  # in the purging transaction
    db.session.commit()
    assert not [day for day in story_days(traject.id) if day < cutoff]
    cold_view(traject.id)
    assert_rows_right(traject.id)
    assert kept(traject.id)


def _hold_write_lock(app):
    """Another writer in the middle of its transaction; returns how to let go."""
    if db.engine.dialect.name == "sqlite":
        other = db.engine.connect()  # through the write gate, as the app's writers
        other.execute(text("DELETE FROM response_days WHERE traject_id = -1"))
        return other.rollback, other.close
    other = db.engine.connect()
    other.execute(text("LOCK TABLE response_days IN EXCLUSIVE MODE"))
    return other.rollback, other.close


def test_a_busy_database_never_breaks_or_slows_a_view(app, traject, region):
    traject_id = traject.id
    random_stories(region, 60)
    db.session.commit()
    release, close = _hold_write_lock(app)
    try:
        started = time.monotonic()
        cold_view(traject_id)
        assert time.monotonic() - started < 3
    finally:
        release()
        close()
    assert not kept(traject_id)  # not written
    cold_view(traject_id)
    assert kept(traject_id)
    assert_rows_right(traject_id)


def test_sqlite_write_lock_held_outside_the_gate(app, traject, region):
    traject_id = traject.id
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    random_stories(region, 30)
    db.session.commit()
    other = sqlite3.connect(db.engine.url.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        cold_view(traject_id)
        assert time.monotonic() - started < 3
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not kept(traject_id)  # not written
    db.session.commit()
    # The connection that failed to write is as it was: it waits for other writers again.
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    cold_view(traject_id)
    assert_rows_right(traject_id)
    assert kept(traject_id)
