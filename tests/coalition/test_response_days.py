"""The store of closed days (response_days) must equal a plain count, whichever worker reads it.

A view counts the closed days the store lacks or holds stale (a day's number of stories or highest id
differs from the stories table) and writes them in a short write; today is counted live. Deleting
stories (withdrawal, retention) goes through delete_stories(), which puts the rows of their days right
in the same transaction. Run on PostgreSQL as well with TEST_DATABASE_URL."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import threading
import time

import pytest
from sqlalchemy import delete, insert, select, text

from tests.coalition import test_counts_sql
from tests.coalition.test_counts_sql import TODAY, assert_counts_right, random_stories
from tests.conftest import login
from vertelpunt import database
from vertelpunt.coalition import counts, days
from vertelpunt.extensions import db
from vertelpunt.models import ResponseDay, Story, StoryAnswer, Traject
from vertelpunt.retention import purge_expired
from vertelpunt.share import services as sharing
from vertelpunt.stories import delete_stories

region = test_counts_sql.region  # the same links and stories next door
recounted = test_counts_sql.recounted


def view(traject_id: int) -> counts.ResponseCounts:
    """A dashboard view, in a transaction that reads only, as a GET request."""
    db.session.commit()
    with database.reading():
        return assert_counts_right(db.session.get(Traject, traject_id))


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
    """Every kept row is a day before today that holds exactly what a count of its stories gives."""
    stats = story_days(traject_id)
    rows = kept(traject_id)
    fresh = days.count_days(traject_id, Story.submitted_on.in_(list(rows))) if rows else {}
    for day, row in rows.items():
        assert day < dt.date.today()
        assert stats[day] == (row.stories, row.max_story_id)
        assert days._row_values(traject_id, day, fresh[day])["counts"] == row.counts


def shared(link, day: dt.date, **answers) -> tuple[int, str]:
    """A story stored as the vertelpunt stores it: its id and withdrawal code."""
    sub = sharing.Submission(prompt="safe", title="Titel", text="Een verhaal over de hulp die we kregen.")
    for question_id, option_id in answers.items():
        sub.answers.append(sharing.Answer(question_id, option_id=option_id))
    stored = sharing.store_submission(sub, link, secrets.token_urlsafe(18), "nl", today=day)
    db.session.commit()
    return stored.story_id, stored.receipt_code


def test_the_first_view_fills_the_store_and_the_next_counts_no_closed_day(app, traject, region, recounted):
    random_stories(region, 150)
    random_stories(region, 5, days=1)  # today's
    view(traject.id)
    rows = kept(traject.id)
    assert set(rows) == {day for day in story_days(traject.id) if day < dt.date.today()}
    assert_rows_right(traject.id)
    recounted.clear()
    view(traject.id)  # another worker, another machine: the same store
    assert not recounted
    random_stories(region, 10, days=1)
    late = random_stories(region, 10, days=40)  # stories dated on kept days: their number differs
    view(traject.id)
    assert recounted == [{s.submitted_on for s in late}]
    assert_rows_right(traject.id)
    assert counts.count_responses(traject).total == 175


def test_a_stale_day_is_counted_again(app, traject, region, recounted):
    """A day's count changed behind the store's back (by hand, not through delete_stories)."""
    stories = random_stories(region, 80)
    view(traject.id)
    past = [s for s in stories if s.submitted_on < TODAY]
    gone, added_on = past[3], past[30].submitted_on
    gone_on = gone.submitted_on
    db.session.execute(delete(Story).where(Story.id == gone.id))
    copy = {c.name: getattr(past[30], c.name) for c in Story.__table__.columns if c.name != "id"}
    copy["submission_key"] = secrets.token_urlsafe(18)
    new_id = db.session.execute(insert(Story).values(copy).returning(Story.id)).scalar_one()
    db.session.execute(
        insert(StoryAnswer).values(story_id=new_id, question_id="perspective", option_id="child")
    )
    db.session.commit()
    recounted.clear()
    view(traject.id)
    assert recounted == [{gone_on, added_on}]
    assert_rows_right(traject.id)
    recounted.clear()
    view(traject.id)
    assert not recounted


def test_a_row_of_a_day_without_stories_goes(app, traject, region):
    stories = random_stories(region, 40)
    view(traject.id)
    day = next(s.submitted_on for s in stories if s.submitted_on < TODAY)
    db.session.execute(delete(Story).where(Story.traject_id == traject.id, Story.submitted_on == day))
    db.session.commit()
    assert day in kept(traject.id)
    view(traject.id)
    assert day not in kept(traject.id)


def test_delete_stories_keeps_the_store_right_in_its_own_transaction(app, traject, region, recounted):
    stories = random_stories(region, 120)
    day = TODAY - dt.timedelta(days=3)
    newest, _ = shared(region["links"][0], day, perspective="parent", age_group="age_4_12")
    view(traject.id)
    assert kept(traject.id)[day].max_story_id == newest
    before = (kept(traject.id)[day].stories, newest)
    past = [s.id for s in stories if s.submitted_on < TODAY]
    only = next(s for s in stories if [t.submitted_on for t in stories].count(s.submitted_on) == 1)
    chosen = [newest, *past[:7], only.id]
    assert delete_stories(chosen) == len(set(chosen))
    rows = kept(traject.id)  # before the commit, in the deleting transaction
    assert only.submitted_on not in rows or only.submitted_on >= TODAY
    assert rows[day].stories == before[0] - 1
    assert_rows_right(traject.id)
    db.session.commit()
    # Another story on the same day, through another link and with other answers (a story dated in
    # the past only happens in tests; SQLite gives it the id of the deleted one).
    new_id, _ = shared(region["links"][3], day, perspective="youth", municipality="almelo")
    if db.engine.dialect.name == "sqlite":
        assert new_id == newest
        assert story_days(traject.id)[day] == before  # the same number of stories and highest id
    recounted.clear()
    view(traject.id)
    assert recounted == [{day}]  # only the day the new story joined: the store was right
    assert_rows_right(traject.id)
    assert delete_stories([newest, 10**9]) <= 1  # ids gone already are passed over


def test_withdrawal_keeps_the_store_right(app, traject, region):
    random_stories(region, 80)
    day = TODAY - dt.timedelta(days=12)
    story_id, code = shared(region["links"][1], day, perspective="parent")
    view(traject.id)
    assert day in kept(traject.id)
    assert sharing.withdraw(code)
    db.session.commit()
    assert db.session.get(Story, story_id) is None
    assert day not in kept(traject.id) or kept(traject.id)[day].max_story_id != story_id
    view(traject.id)
    assert_rows_right(traject.id)


def test_retention_purge_puts_the_rows_of_the_purged_days_right(app, traject, region):
    random_stories(region, 120, days=60)
    view(traject.id)
    traject = db.session.get(Traject, traject.id)
    traject.retention_days = 30
    db.session.commit()
    cutoff = TODAY - dt.timedelta(days=30)
    assert any(day < cutoff for day in kept(traject.id))
    assert purge_expired(TODAY) > 0
    assert not [day for day in kept(traject.id) if day < cutoff]  # in the purging transaction
    db.session.commit()
    assert not [day for day in story_days(traject.id) if day < cutoff]
    view(traject.id)
    assert_rows_right(traject.id)
    assert kept(traject.id)


def csv_counts(client) -> str:
    response = client.get("/staff/trajecten/testregio/response.csv")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_two_workers_show_the_same_numbers(app, make_app, traject, users, region):
    """Two app instances on one database, as two gunicorn workers or two machines."""
    other = make_app()
    first, second = app.test_client(), other.test_client()
    for client in (first, second):
        login(client, "begeleider")  # a facilitator: exact counts, today's included
    random_stories(region, 60)
    assert csv_counts(first) == csv_counts(second)
    # A submission (today's) seen by the first, then shown by the second.
    _story_id, code = shared(region["links"][2], TODAY, perspective="youth")
    seen = csv_counts(first)
    assert seen == csv_counts(second)
    assert re.search(r"Totaal;Alle verhalen;61", seen)
    # A withdrawal of a story of a closed day, after both kept it.
    past_id, _ = shared(region["links"][2], TODAY - dt.timedelta(days=9), perspective="youth")
    before = csv_counts(second)
    assert before == csv_counts(first)
    delete_stories([past_id])
    db.session.commit()
    assert csv_counts(second) == csv_counts(first) != before
    assert re.search(r"Totaal;Alle verhalen;61", csv_counts(second))


def _hold_write_lock():
    """Another writer in the middle of its transaction; returns how to let go."""
    other = db.engine.connect()  # through the write gate on SQLite, as the app's writers
    if db.engine.dialect.name == "sqlite":
        other.execute(text("DELETE FROM response_days WHERE traject_id = -1"))
    else:
        other.execute(text("LOCK TABLE response_days IN EXCLUSIVE MODE"))
    return other


def test_a_busy_database_delays_a_view_only_while_the_other_writer_writes(app, traject, region):
    traject_id = traject.id
    random_stories(region, 60)
    other = _hold_write_lock()

    def let_go():
        time.sleep(0.5)
        other.rollback()
        other.close()

    releasing = threading.Thread(target=let_go)
    releasing.start()
    try:
        started = time.monotonic()
        view(traject_id)  # counted, and written once the other writer is done
        assert time.monotonic() - started < 10
    finally:
        releasing.join()
    assert kept(traject_id)
    assert_rows_right(traject_id)


def test_a_store_that_cannot_be_written_never_breaks_a_view(app, traject, region, monkeypatch):
    from sqlalchemy.exc import OperationalError

    random_stories(region, 30)

    def refused(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(days, "_write", refused)
    view(traject.id)  # right counts all the same
    assert not kept(traject.id)


@pytest.mark.parametrize("closed_only", [True, False])
def test_a_caller_ahead_of_the_clock_gets_its_days_counted_live(app, traject, region, closed_only):
    """A digest or a test may pass a later today; the store still keeps days before the real one."""
    random_stories(region, 30, days=3)
    later = TODAY + dt.timedelta(days=2)
    with database.reading():
        raw = counts.traject_counts(traject.id, later, closed_only=closed_only)
    assert raw.count == 30
    assert all(day < TODAY for day in kept(traject.id))


def test_the_closed_days_are_kept_before_any_view_asks(app, traject, region, recounted):
    """The worker (and `flask counts keep` after a deploy) counts the past, so the first dashboard view
    of a big traject counts nothing but today."""
    random_stories(region, 90)
    assert not kept(traject.id)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["counts", "keep"])
    assert result.exit_code == 0 and "closed days kept" in result.output, result.output
    assert set(kept(traject.id)) == {day for day in story_days(traject.id) if day < TODAY}
    assert_rows_right(traject.id)
    recounted.clear()
    view(traject.id)
    assert not recounted
    assert days.keep_closed_days() == 2  # again (the region has a traject next door): nothing changes
    assert_rows_right(traject.id)
