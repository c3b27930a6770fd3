"""A traject's stories counted per day, and the one store of those counts for closed days.

Only counts, ids and dates leave the database here; no story text or title is ever selected.

The database does the counting: grouped queries per day over the stories (by link, with the prompts
counted alongside) and over their answers (by question and option). A traject of 100,000 stories has
about 300,000 answers to group, which costs most of a second (bench/dashboard.py), so the counts of
closed days (before today) are kept in the table response_days, which every worker process and every
machine reads alike. A kept day stands while its number of stories and highest story id equal those
in the stories table: one grouped query over the traject's days, answered from the index on
(traject_id, submitted_on, id) without reading a story. A day without a row or with a stale one is
counted again, and the rows are put right in one short write (database.short_write).

A day's number and highest id cannot show a story deleted and another one stored with the same id
(SQLite may give a deleted newest id again). New stories are dated today, which is never kept, and
stories leave through vertelpunt.stories.delete_stories(), which counts the days it touched again in
its own transaction (recount_kept)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import and_, case, delete, func, select, tuple_
from sqlalchemy.exc import DBAPIError

from vertelpunt import database
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.models import ResponseDay, Story, StoryAnswer, Traject

ANSWER_DIMENSIONS = ("perspective", "age_group", "municipality")
UNANSWERED = "unanswered"
log = logging.getLogger(__name__)


@dataclass
class Counts:
    """Exact counts of a traject's stories on one day, or (added up) in one week."""

    total: int = 0
    top: int = 0  # the highest story id counted
    by_link: Counter = field(default_factory=Counter)  # link id -> stories
    by_prompt: Counter = field(default_factory=Counter)  # prompt -> stories
    answers: Counter = field(default_factory=Counter)  # (question id, option id) -> stories

    def add(self, more: Counts) -> None:
        self.total += more.total
        self.top = max(self.top, more.top)
        self.by_link.update(more.by_link)
        self.by_prompt.update(more.by_prompt)
        self.answers.update(more.answers)


def as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def count_days(traject_id: int, *conditions) -> dict[dt.date, Counts]:
    """Grouped counts of the traject's stories that meet `conditions` (on Story), per day.

    Two grouped queries: stories per day and link (with the prompts counted alongside), and answers
    per question, option and day. Grouping by the stored date (not a date function per row) lets the
    database use its indexes. A day's total and highest id come from the same query as its counts per
    link, so a kept row never claims stories its counts do not hold."""
    where = and_(Story.traject_id == traject_id, *conditions)
    days: dict = {}

    def day_of(raw) -> Counts:
        found = days.get(raw)
        if found is None:
            found = days[raw] = Counts()
        return found

    prompts = get_framework()["prompt"].option_ids()
    rows = db.session.execute(
        select(
            Story.submitted_on,
            Story.link_id,
            func.count(),
            func.max(Story.id),
            *(func.count(case((Story.prompt == prompt, 1))) for prompt in prompts),
        )
        .where(where)
        .group_by(Story.submitted_on, Story.link_id)
    )
    other_prompts = False
    for raw, link_id, n, top, *per_prompt in rows:
        counts = day_of(raw)
        counts.total += n
        counts.top = max(counts.top, top)
        counts.by_link[link_id] += n
        for prompt, k in zip(prompts, per_prompt, strict=True):
            if k:
                counts.by_prompt[prompt] += k
        other_prompts = other_prompts or sum(per_prompt) < n
    if other_prompts:  # a prompt the framework no longer has
        rows = db.session.execute(
            select(Story.submitted_on, Story.prompt, func.count())
            .where(where, Story.prompt.not_in(prompts))
            .group_by(Story.submitted_on, Story.prompt)
        )
        for raw, prompt, n in rows:
            day_of(raw).by_prompt[prompt] += n
    rows = db.session.execute(
        select(StoryAnswer.question_id, StoryAnswer.option_id, Story.submitted_on, func.count())
        .join(Story, Story.id == StoryAnswer.story_id)
        .where(where, StoryAnswer.question_id.in_(ANSWER_DIMENSIONS))
        .group_by(StoryAnswer.question_id, StoryAnswer.option_id, Story.submitted_on)
    )
    for question_id, option_id, raw, n in rows:
        day_of(raw).answers[(question_id, option_id or UNANSWERED)] += n
    return {as_date(raw): counts for raw, counts in days.items()}


def day_stats(traject_id: int, before: dt.date) -> dict[dt.date, tuple[int, int]]:
    """Per day before `before`: the traject's number of stories and highest story id (index only)."""
    rows = db.session.execute(
        select(Story.submitted_on, func.count(), func.max(Story.id))
        .where(Story.traject_id == traject_id, Story.submitted_on < before)
        .group_by(Story.submitted_on)
    )
    return {as_date(day): (n, top) for day, n, top in rows}


def closed_days(traject_id: int, before: dt.date) -> dict[dt.date, Counts]:
    """The counts of the traject's days before `before` (at most today): the kept rows that still
    stand, and the other days counted now and kept. Call it reading, outside any write of your own:
    when rows must be put right, the short write ends the caller's transaction first."""
    stats = day_stats(traject_id, before)
    rows = db.session.execute(
        select(ResponseDay.day, ResponseDay.stories, ResponseDay.max_story_id, ResponseDay.counts).where(
            ResponseDay.traject_id == traject_id, ResponseDay.day < before
        )
    ).all()
    days: dict[dt.date, Counts] = {}
    gone = []
    for raw, stories, top, data in rows:
        day = as_date(raw)
        if stats.get(day) == (stories, top):
            days[day] = _from_row(stories, top, data)
        elif day not in stats:
            gone.append(day)
    stale = sorted(set(stats) - set(days))
    if stale or gone:
        fresh = count_days(traject_id, *_on(stale, before, everything=len(stale) == len(stats)))
        days.update(fresh)
        _keep(traject_id, fresh, gone + [day for day in stale if day not in fresh])
    return days


def _on(days: list[dt.date], before: dt.date, everything: bool) -> tuple:
    if not days:
        return (Story.id < 0,)
    if everything:  # a first count: a range, not hundreds of dates to look up one by one
        return (Story.submitted_on < before,)
    return (Story.submitted_on.in_(days),)


def _keep(traject_id: int, fresh: dict[dt.date, Counts], gone: list[dt.date]) -> None:
    """Put the rows of these days right, in a short write of its own. A view never fails on this: the
    next one counts the days again."""
    try:
        with database.short_write() as session:
            _write(session, traject_id, fresh, gone)
    except DBAPIError as error:
        log.info("coalition counts of traject %s not kept: %s", traject_id, error)


def _write(session, traject_id: int, fresh: dict[dt.date, Counts], gone: Iterable[dt.date]) -> None:
    gone = sorted(gone)
    if gone:
        session.execute(
            delete(ResponseDay).where(ResponseDay.traject_id == traject_id, ResponseDay.day.in_(gone))
        )
    if fresh:
        values = [_row_values(traject_id, day, fresh[day]) for day in sorted(fresh)]
        session.execute(
            database.upsert(
                ResponseDay.__table__,
                values,
                keys=["traject_id", "day"],
                update=("stories", "max_story_id", "counts"),
            )
        )


def recount_kept(days: Iterable[tuple[int, dt.date]]) -> None:
    """Count the kept rows of these (traject, day) pairs again, in the caller's transaction: the rows
    of days that lost stories are put right (or go) together with the stories."""
    wanted = set(days)
    if not wanted:
        return
    kept = db.session.execute(
        select(ResponseDay.traject_id, ResponseDay.day).where(
            tuple_(ResponseDay.traject_id, ResponseDay.day).in_(sorted(wanted))
        )
    ).all()
    per_traject: dict[int, list[dt.date]] = {}
    for traject_id, day in kept:
        per_traject.setdefault(traject_id, []).append(as_date(day))
    for traject_id, chosen in per_traject.items():
        fresh = count_days(traject_id, Story.submitted_on.in_(chosen))
        _write(db.session, traject_id, fresh, [day for day in chosen if day not in fresh])
    db.session.flush()


def _from_row(stories: int, top: int, data: dict) -> Counts:
    return Counts(
        total=stories,
        top=top,
        by_link=Counter({int(link_id): n for link_id, n in data["link"].items()}),
        by_prompt=Counter(data["prompt"]),
        answers=Counter({(question_id, option_id): n for question_id, option_id, n in data["answers"]}),
    )


def _row_values(traject_id: int, day: dt.date, counts: Counts) -> dict:
    return {
        "traject_id": traject_id,
        "day": day,
        "stories": counts.total,
        "max_story_id": counts.top,
        "counts": {
            "link": {str(link_id): n for link_id, n in sorted(counts.by_link.items())},
            "prompt": dict(sorted(counts.by_prompt.items())),
            "answers": [[q, o, n] for (q, o), n in sorted(counts.answers.items())],
        },
    }


def keep_closed_days(today: dt.date | None = None) -> int:
    """Count and keep the closed days of every traject, so that no dashboard view pays for counting
    the past (the first view of a traject of 100,000 stories would take most of a second). The
    redaction worker runs it when it starts and whenever a day has closed; `flask counts keep` runs it
    after a deploy. Returns the number of trajecten looked at."""
    today = today or dt.date.today()
    traject_ids = db.session.scalars(select(Traject.id).order_by(Traject.id)).all()
    db.session.commit()  # closed_days writes in a short transaction of its own
    for traject_id in traject_ids:
        closed_days(traject_id, today)
        db.session.commit()
    return len(traject_ids)
