"""The dashboard's counts come from grouped SQL and the store of closed days; both must equal a plain count.

Every test compares with a count done the obvious way in Python, story by story, on a small random
traject (next to another traject, whose stories must never be counted). Run on PostgreSQL as well with
TEST_DATABASE_URL."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

import pytest
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import selectinload

from tests.coalition.conftest import add_story
from vertelpunt.coalition import counts, days
from vertelpunt.extensions import db
from vertelpunt.models import Link, Story, StoryAnswer
from vertelpunt.staff import services as staff
from vertelpunt.stories import delete_stories

TODAY = dt.date.today()
PERSPECTIVES = ["child", "youth", "parent", "pro_care", "other", None]
AGES = ["age_0_4", "age_4_12", "age_12_18", "unknown", None]
PLACES = ["enschede", "hengelo", "almelo", "elsewhere", None]
PROMPTS = ["helped", "safe", "school", "focus", "other"]


def plain_count(traject) -> tuple[dict, dict]:
    """dimension -> group -> week -> stories, and link id -> newest day, story by story."""
    stories = db.session.scalars(
        select(Story)
        .where(Story.traject_id == traject.id)
        .options(selectinload(Story.answers), selectinload(Story.link).selectinload(Link.organisation))
    ).all()
    cells: dict = defaultdict(lambda: defaultdict(Counter))
    last: dict = {}
    for story in stories:
        week = counts.monday(story.submitted_on)
        link, org = story.link, story.link.organisation
        cells["link"][str(link.id)][week] += 1
        if org is None:
            for dimension in ("organisation", "organisation_type", "audience"):
                cells[dimension][counts.GENERAL][week] += 1
        else:
            cells["organisation"][str(org.id)][week] += 1
            cells["organisation_type"][org.organisation_type][week] += 1
            cells["audience"][link.audience][week] += 1
        cells["prompt"][story.prompt][week] += 1
        for dimension in counts.ANSWER_DIMENSIONS:
            options = [a.option_id for a in story.answers if a.question_id == dimension]
            for option in options or [counts.UNANSWERED]:
                cells[dimension][option][week] += 1
        last[link.id] = max(story.submitted_on, last.get(link.id, dt.date.min))
    return _plain(cells), last


def _plain(cells) -> dict:
    return {
        dimension: {
            group: {week: n for week, n in weeks.items() if n}
            for group, weeks in groups.items()
            if any(weeks.values())
        }
        for dimension, groups in cells.items()
        if any(any(w.values()) for w in groups.values())
    }


def assert_counts_right(traject) -> counts.ResponseCounts:
    db.session.expire_all()
    result = counts.count_responses(traject)
    expected, last = plain_count(traject)
    assert _plain(result.cells) == expected
    assert result.last_story_on == last
    assert result.total == sum(sum(w.values()) for w in expected.get("link", {}).values())
    seen = {week for groups in expected.values() for weeks in groups.values() for week in weeks}
    assert seen <= set(result.weeks)
    return result


@pytest.fixture
def region(traject):
    """Links of three organisations and the general link, and an unrelated traject with a link."""
    rng = random.Random(7)
    links = [staff.general_link(traject)]
    for i, kind in enumerate(("school", "neighbourhood_team", "care_provider")):
        org = staff.create_organisation(
            traject, name=f"Organisatie {i}", organisation_type=kind, municipality_code="enschede"
        )
        links.append(staff.create_link(traject, organisation=org, audience="parent"))
        links.append(
            staff.create_link(traject, organisation=org, audience="youth", prefill={"age_group": "age_12_18"})
        )
    other = staff.create_traject(
        slug="anders",
        name="Anders",
        region="Anders",
        focus="Iets anders",
        opens_on=TODAY - dt.timedelta(days=80),
        closes_on=TODAY + dt.timedelta(days=5),
        municipalities=["Zwolle"],
    )
    other_link = staff.general_link(other)
    db.session.commit()
    return {"links": links, "other": other_link, "rng": rng}


def random_stories(region, n: int, days: int = 70) -> list[Story]:
    rng = region["rng"]
    made = []
    for _ in range(n):
        if rng.random() < 0.2:  # stories of another traject in between
            add_story(region["other"], day=TODAY - dt.timedelta(days=rng.randrange(days)))
        made.append(
            add_story(
                rng.choice(region["links"]),
                prompt=rng.choice(PROMPTS),
                day=TODAY - dt.timedelta(days=rng.randrange(days)),
                perspective=rng.choice(PERSPECTIVES),
                age_group=rng.choice(AGES),
                municipality=rng.choice(PLACES),
            )
        )
    db.session.commit()
    return made


@pytest.fixture
def recounted(monkeypatch):
    """The closed days counted again (not taken from the store), per view."""
    calls: list[set] = []
    original = days.count_days

    def counting(traject_id, *conditions):
        found = original(traject_id, *conditions)
        calls.append(set(found))
        return found

    monkeypatch.setattr(days, "count_days", counting)
    return calls


def withdraw(story: Story) -> None:
    delete_stories([story.id])
    db.session.commit()


def test_grouped_sql_counts_equal_a_plain_count(app, traject, region):
    random_stories(region, 150)
    result = assert_counts_right(traject)
    assert result.total == 150
    assert _plain(result.cells)["link"]  # something was counted
    assert assert_counts_right(traject).total == 150  # and again, from the store


def test_an_empty_traject_has_no_counts_until_its_first_stories(app, traject, region):
    result = assert_counts_right(traject)
    assert result.total == 0 and result.weeks
    random_stories(region, 5)
    assert assert_counts_right(traject).total == 5


def test_new_stories_are_counted_without_counting_the_kept_days_again(app, traject, region, recounted):
    random_stories(region, 60)
    assert_counts_right(traject)
    recounted.clear()
    random_stories(region, 5, days=1)  # today's stories: counted live
    assert_counts_right(traject)
    assert assert_counts_right(traject)  # nothing changed
    assert not recounted
    late = random_stories(region, 2, days=40)  # dated in earlier weeks: only their days again
    assert_counts_right(traject)
    assert recounted == [{s.submitted_on for s in late}]


def test_counts_follow_withdrawals(app, traject, region):
    stories = random_stories(region, 80)
    assert_counts_right(traject)
    # The newest story in the table withdrawn and another one shared on the same day before the next
    # view: SQLite gives the new story the same id, so the day's number and highest id are as before.
    newest = add_story(region["links"][1], day=TODAY - dt.timedelta(days=2))
    db.session.commit()
    assert_counts_right(traject)
    newest_id = newest.id
    withdraw(newest)
    again = add_story(region["links"][4], day=TODAY - dt.timedelta(days=2), perspective="youth")
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        assert again.id == newest_id
    assert_counts_right(traject)
    withdraw(stories[-1])
    assert_counts_right(traject)
    withdraw(stories[10])
    withdraw(stories[11])
    random_stories(region, 3)
    assert_counts_right(traject)
    # The retention period deletes the oldest stories in bulk.
    oldest = sorted(stories[12:70], key=lambda s: s.submitted_on)[:20]
    delete_stories([s.id for s in oldest])
    db.session.commit()
    assert_counts_right(traject)
    # A whole week gone.
    week = counts.monday(stories[20].submitted_on)
    gone = db.session.scalars(
        select(Story.id).where(
            Story.traject_id == traject.id, Story.submitted_on.between(week, week + dt.timedelta(days=6))
        )
    ).all()
    delete_stories(gone)
    db.session.commit()
    assert week not in _weeks_with_stories(assert_counts_right(traject))


def test_stories_deleted_behind_the_stores_back_are_counted_right(app, traject, region):
    """A change made outside delete_stories (by hand in the database): the days differ in number."""
    stories = random_stories(region, 60)
    assert_counts_right(traject)
    db.session.execute(delete(Story).where(Story.id.in_([s.id for s in stories[5:15]])))
    db.session.commit()
    assert_counts_right(traject)
    week = counts.monday(stories[20].submitted_on)
    db.session.execute(
        delete(Story).where(
            Story.traject_id == traject.id,
            Story.submitted_on.between(week, week + dt.timedelta(days=6)),
        )
    )
    db.session.commit()
    assert week not in _weeks_with_stories(assert_counts_right(traject))


def _weeks_with_stories(result) -> set:
    return {week for weeks in result.cells["link"].values() for week, n in weeks.items() if n}


def test_a_story_that_appears_below_the_newest_is_counted(app, traject, region):
    """On PostgreSQL a transaction that took its id early may commit after a later one was counted."""
    stories = random_stories(region, 20)
    late = stories[-5]
    values = {c.name: getattr(late, c.name) for c in Story.__table__.columns}
    answers = [
        {c.name: getattr(a, c.name) for c in StoryAnswer.__table__.columns if c.name != "id"}
        for a in late.answers
    ]
    db.session.execute(delete(Story).where(Story.id == late.id))
    db.session.commit()
    assert_counts_right(traject)
    db.session.execute(insert(Story), [values])
    db.session.execute(insert(StoryAnswer), answers)
    db.session.commit()
    assert_counts_right(traject)


def test_two_views_at_once_give_the_same_counts(app, traject, region):
    import threading

    from vertelpunt import database

    random_stories(region, 30)
    traject_id, results = traject.id, []
    db.session.commit()  # the test's own transaction holds SQLite's write lock: not while they view

    failures = []

    def view():
        try:
            with app.app_context(), database.reading():
                results.append(counts.traject_counts(traject_id).count)
        except Exception as exc:  # noqa: BLE001 - a thread's error is reported by the assert below
            failures.append(repr(exc))
        finally:
            with app.app_context():
                db.session.remove()

    threads = [threading.Thread(target=view) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == [] and results == [30, 30]
    assert_counts_right(traject)
