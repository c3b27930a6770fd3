"""Counting stories per week and group for the dashboard and the digest.

Only counts, ids and dates leave the database here; no story text or title is ever selected.

The database does the counting: grouped queries per day over the stories (by link, with the prompts
counted alongside) and over their answers (by question and option), restricted to an id or date range.
Links are mapped to their organisation, kind of organisation and audience afterwards, on the few rows
that come back.

A traject of 100,000 stories has about 300,000 answers to group, which costs the database most of a
second (see bench/dashboard.py), so each process keeps the exact counts per traject and per day, and on
every view asks the database only what changed:

* nothing (same number of stories, same newest story): the counts are used as they are;
* new stories only: they are counted (ids above the last one counted) and added;
* stories gone (withdrawn, deleted by the retention period) or an id used again (SQLite may give the
  id of a deleted newest story to the next one): the days they belonged to are counted again, and
  only those days. The newest stories of the traject are remembered with their date, so the usual
  withdrawal (a narrator taking back what they just shared) is found without any search; otherwise the
  stories per day are compared with the counts kept.

As a safety net against changes made outside the app, every day's counts are counted again once they
are older than REFRESH_SECONDS, a week's worth per view, so no single view pays for a whole recount.
Every query is bounded by the newest id seen at the start, so stories stored meanwhile are counted
once, on the next view.

The counts of days before today are also kept in the database (table response_days), so that the
first view of a traject in a new process need not count everything: it loads them, asks the stories
per day (their number and highest id, from the indexes), and counts only the days that differ or
have no row (today, days since the last load). The rows it had to count are written afterwards, in a
short transaction of their own that gives up at once when another writer is busy. Whoever deletes
stories deletes the rows of their days in the same transaction (a day's number and highest id alone
cannot show a withdrawal followed by a new story that got the same id); the answers of a story never
change once it is stored.

Only the first view of a traject in a new process with nothing kept counts everything (one count at a
time per traject); warm_up() does that in the background when a worker process starts."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import and_, case, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.models import Link, Organisation, ResponseDay, Story, StoryAnswer, Traject

LINK_DIMENSIONS = ("link", "organisation", "organisation_type", "audience")
ANSWER_DIMENSIONS = ("perspective", "age_group", "municipality")
DIMENSIONS = (*LINK_DIMENSIONS, *ANSWER_DIMENSIONS, "prompt")
# Stories through the general link form one group in every link-based dimension, shown apart.
GENERAL = "general"
UNANSWERED = "unanswered"
REFRESH_SECONDS = 6 * 3600
# How many days older than REFRESH_SECONDS one view counts again (in one query when they are a run).
REFRESH_DAYS_PER_VIEW = 7
# How many of a traject's newest stories are remembered (id, key, day) to find a withdrawal at once.
TAIL = 64
CACHE_KEY = "coalition_counts"
_LOCK = threading.Lock()
_COUNTING: dict[int, threading.Lock] = {}


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class LinkInfo:
    id: int
    token: str
    organisation_id: int | None
    organisation: str
    organisation_type: str
    municipality: str
    audience: str
    status: str
    prefill: dict
    label: str
    channel: str
    created_on: dt.date

    @property
    def is_general(self) -> bool:
        return self.organisation_id is None


@dataclass
class Counts:
    """Exact counts of a traject's stories on one day, or (added up) in one week."""

    total: int = 0
    by_link: Counter = field(default_factory=Counter)  # link id -> stories
    by_prompt: Counter = field(default_factory=Counter)  # prompt -> stories
    answers: Counter = field(default_factory=Counter)  # (question id, option id) -> stories
    counted_at: float = 0.0  # time.monotonic() when the database gave them

    def add(self, more: Counts) -> None:
        self.total += more.total
        self.by_link.update(more.by_link)
        self.by_prompt.update(more.by_prompt)
        self.answers.update(more.answers)


@dataclass(frozen=True)
class Tail:
    """One of the newest stories of a traject when it was counted."""

    id: int
    key: str
    day: dt.date


@dataclass
class TrajectCounts:
    """What a process keeps per traject: the counts per day, and how to tell they are still right.

    Never changed once made (a change makes a new one), so the sums per week are made once per object."""

    days: dict[dt.date, Counts]
    count: int
    max_id: int
    tail: tuple[Tail, ...]  # newest first
    # Counted days that have no right row in the database yet: day -> highest story id (or None: the
    # row is to be deleted). Written by traject_counts() once the counts are kept.
    unsaved: dict[dt.date, int | None] = field(default_factory=dict, repr=False, compare=False)
    _weeks: dict[dt.date, Counts] | None = field(default=None, repr=False, compare=False)
    _last: dict[int, dt.date] | None = field(default=None, repr=False, compare=False)

    @property
    def weeks(self) -> dict[dt.date, Counts]:
        if self._weeks is None:
            weeks: dict[dt.date, Counts] = {}
            for day, counts in self.days.items():
                weeks.setdefault(monday(day), Counts()).add(counts)
            self._weeks = weeks
        return self._weeks

    @property
    def last_story_on(self) -> dict[int, dt.date]:
        if self._last is None:
            last: dict[int, dt.date] = {}
            for day in sorted(self.days):
                last.update(dict.fromkeys(self.days[day].by_link, day))
            self._last = last
        return self._last


@dataclass
class ResponseCounts:
    """Exact counts: dimension -> group -> week (Monday) -> stories."""

    traject_id: int
    weeks: list[dt.date]
    cells: dict[str, dict[str, Counter]] = field(default_factory=dict)
    links: dict[int, LinkInfo] = field(default_factory=dict)
    last_story_on: dict[int, dt.date] = field(default_factory=dict)

    def totals(self, dimension: str) -> dict[str, int]:
        return {group: sum(weeks.values()) for group, weeks in self.cells.get(dimension, {}).items()}

    def week_totals(self) -> dict[dt.date, int]:
        per_week: Counter = Counter()
        for weeks in self.cells.get("link", {}).values():
            per_week.update(weeks)
        return {week: per_week.get(week, 0) for week in self.weeks}

    @property
    def total(self) -> int:
        return sum(self.totals("link").values())


def link_infos(traject: Traject) -> dict[int, LinkInfo]:
    rows = db.session.execute(
        select(Link, Organisation)
        .outerjoin(Organisation, Link.organisation_id == Organisation.id)
        .where(Link.traject_id == traject.id)
        .order_by(Link.id)
    )
    return {
        link.id: LinkInfo(
            id=link.id,
            token=link.token,
            organisation_id=link.organisation_id,
            organisation=org.name if org else "",
            organisation_type=org.organisation_type if org else "",
            municipality=org.municipality_code if org else "",
            audience=link.audience,
            status=link.status,
            prefill=dict(link.prefill or {}),
            label=link.label,
            channel=link.channel,
            created_on=link.created_on,
        )
        for link, org in rows
    }


# Counting in the database -------------------------------------------------------------------------------


def count_days(traject_id: int, *conditions) -> dict[dt.date, Counts]:
    """Grouped counts of the traject's stories that meet `conditions` (on Story), per day.

    Two grouped queries: stories per day and link (with the prompts counted alongside), and answers
    per question, option and day. Grouping by the stored date (not a date function per row) lets the
    database use its indexes; links become organisations and days become weeks on the few thousand
    rows that come back."""
    where = and_(Story.traject_id == traject_id, *conditions)
    days: dict = {}
    now = time.monotonic()

    def day_of(raw) -> Counts:
        found = days.get(raw)
        if found is None:
            found = days[raw] = Counts(counted_at=now)
        return found

    # One pass over the stories: per day and link, with the known prompts counted alongside.
    prompts = get_framework()["prompt"].option_ids()
    rows = db.session.execute(
        select(
            Story.submitted_on,
            Story.link_id,
            func.count(),
            *(func.count(case((Story.prompt == prompt, 1))) for prompt in prompts),
        )
        .where(where)
        .group_by(Story.submitted_on, Story.link_id)
    )
    other_prompts = False
    for raw, link_id, n, *per_prompt in rows:
        counts = day_of(raw)
        counts.total += n
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
    return {_as_date(raw): counts for raw, counts in days.items()}


def _stories_per_day(traject_id: int, up_to: int) -> Counter:
    """How many of the traject's stories with an id up to `up_to` there are per day."""
    return Counter({day: n for day, (n, _top) in _day_stats(traject_id, up_to).items()})


def _day_stats(traject_id: int, up_to: int) -> dict[dt.date, tuple[int, int]]:
    """Per day: how many of the traject's stories with an id up to `up_to` there are, and the highest id.

    On SQLite the days come from the index on submitted_on, restricted to the traject's ids from the
    index on traject_id: both indexes hold what is asked, so no story row is read. PostgreSQL does
    the plain query in one pass."""
    query = select(Story.submitted_on, func.count(), func.max(Story.id)).group_by(Story.submitted_on)
    if db.session.get_bind().dialect.name == "sqlite":
        mine = aliased(Story)
        ids = select(mine.id).where(mine.traject_id == traject_id, mine.id <= up_to)
        query = query.where(Story.id.in_(ids)).with_hint(
            Story, "INDEXED BY ix_stories_submitted_on", "sqlite"
        )
    else:
        query = query.where(Story.traject_id == traject_id, Story.id <= up_to)
    return {_as_date(day): (n, top) for day, n, top in db.session.execute(query)}


def _tail(traject_id: int, up_to: int) -> tuple[Tail, ...]:
    rows = db.session.execute(
        select(Story.id, Story.submission_key, Story.submitted_on)
        .where(Story.traject_id == traject_id, Story.id <= up_to)
        .order_by(Story.id.desc())
        .limit(TAIL)
    )
    return tuple(Tail(i, key, _as_date(day)) for i, key, day in rows)


def _window(traject_id: int, cached: TrajectCounts) -> dict[int, Tail]:
    """The traject's stories now in the id range of the remembered newest ones."""
    if not cached.tail:
        return {}
    rows = db.session.execute(
        select(Story.id, Story.submission_key, Story.submitted_on).where(
            Story.traject_id == traject_id, Story.id >= cached.tail[-1].id, Story.id <= cached.max_id
        )
    )
    return {i: Tail(i, key, _as_date(day)) for i, key, day in rows}


def _up_to(max_id: int):
    """Stories up to max_id. On SQLite written as an expression: a bound, not a way in for its query
    planner (a plain `id <=` makes it walk all stories by id and read all their answers one by one).
    PostgreSQL's planner estimates a plain bound right and an expression badly, so there it is plain."""
    if db.session.get_bind().dialect.name == "sqlite":
        return Story.id + 0 <= max_id
    return Story.id <= max_id


def _count_all(traject_id: int, max_id: int, today: dt.date | None = None) -> TrajectCounts:
    """A traject's counts for a process that has none: the days kept in the database that are still
    right, and the other days counted (all of them when nothing is kept)."""
    today = today or dt.date.today()
    tail = _tail(traject_id, max_id)
    stats = _day_stats(traject_id, max_id)
    now = time.monotonic()
    rows = db.session.scalars(select(ResponseDay).where(ResponseDay.traject_id == traject_id)).all()
    days: dict[dt.date, Counts] = {}
    unsaved: dict[dt.date, int | None] = {}
    for row in rows:
        if row.day < today and stats.get(row.day) == (row.stories, row.max_story_id):
            days[row.day] = _from_row(row, now)
        else:
            unsaved[row.day] = None
    stale = set(stats) - set(days)
    if not days:
        days = count_days(traject_id, _up_to(max_id))
    elif stale:
        _recount(traject_id, days, stale, max_id)
    for day in stale:
        if day < today and day in days:
            unsaved[day] = stats[day][1]
    return TrajectCounts(days, sum(c.total for c in days.values()), max_id, tail, unsaved)


# Kept in the database ---------------------------------------------------------------------------------------


def _from_row(row: ResponseDay, now: float) -> Counts:
    data = row.counts
    return Counts(
        total=row.stories,
        by_link=Counter({int(link_id): n for link_id, n in data["link"].items()}),
        by_prompt=Counter(data["prompt"]),
        answers=Counter({(question_id, option_id): n for question_id, option_id, n in data["answers"]}),
        counted_at=now,
    )


def _row_values(traject_id: int, day: dt.date, counts: Counts, top: int) -> dict:
    return {
        "traject_id": traject_id,
        "day": day,
        "stories": counts.total,
        "max_story_id": top,
        "counts": {
            "link": {str(link_id): n for link_id, n in sorted(counts.by_link.items())},
            "prompt": dict(sorted(counts.by_prompt.items())),
            "answers": [[q, o, n] for (q, o), n in sorted(counts.answers.items())],
        },
    }


def _write_rows(conn, traject_id: int, counts: TrajectCounts) -> None:
    gone = [day for day, top in counts.unsaved.items() if top is None]
    if gone:
        conn.execute(
            delete(ResponseDay).where(ResponseDay.traject_id == traject_id, ResponseDay.day.in_(gone))
        )
    values = [
        _row_values(traject_id, day, counts.days[day], top)
        for day, top in sorted(counts.unsaved.items())
        if top is not None
    ]
    if values:
        module = postgresql if conn.dialect.name == "postgresql" else sqlite
        statement = module.insert(ResponseDay.__table__)
        statement = statement.on_conflict_do_update(
            index_elements=["traject_id", "day"],
            set_={c: statement.excluded[c] for c in ("stories", "max_story_id", "counts")},
        )
        conn.execute(statement, values)


def save_days(traject_id: int, counts: TrajectCounts) -> bool:
    """Write the counted days that have no right row yet, in a short transaction of its own (never the
    caller's: a dashboard view reads only). Gives up at once when another writer is busy, and never
    fails: the next process that counts will try again. True when written."""
    if not counts.unsaved:
        return True
    engine = db.engine
    try:
        if engine.dialect.name == "sqlite":
            return _save_sqlite(engine, traject_id, counts)
        with engine.connect() as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")
            _write_rows(conn, traject_id, counts)
    except Exception as error:  # noqa: BLE001 - a view must never fail on its counts not being kept
        current_app.logger.info("coalition counts of traject %s not kept: %s", traject_id, error)
        return False
    counts.unsaved = {}
    return True


def _save_sqlite(engine, traject_id: int, counts: TrajectCounts) -> bool:
    """On SQLite: take the write gate (see vertelpunt.database) only when it is free, then write with a
    short busy timeout, so neither waits behind another writer."""
    from vertelpunt.database import BUSY_TIMEOUT_S, write_intent

    gate = None
    path = engine.url.database
    if path and path != ":memory:":
        gate = os.open(path + "-writegate", os.O_RDWR | os.O_CREAT, 0o600)
    token = write_intent.set(False)  # a plain BEGIN: the gate is taken here, not by the connection
    try:
        if gate is not None:
            try:
                fcntl.flock(gate, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
        with engine.connect() as conn:
            try:
                conn.exec_driver_sql("PRAGMA busy_timeout=50")
                _write_rows(conn, traject_id, counts)
                conn.commit()
            finally:
                conn.rollback()
                conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
                conn.rollback()
    finally:
        write_intent.reset(token)
        if gate is not None:
            os.close(gate)  # and with it the gate
    counts.unsaved = {}
    return True


def _recount(traject_id: int, days: dict[dt.date, Counts], chosen: Iterable[dt.date], max_id: int) -> None:
    """Count the chosen days again, whole, and put them in place of what was kept (one query per run
    of consecutive days)."""
    runs: list[list[dt.date]] = []
    for day in sorted(set(chosen)):
        if runs and day - runs[-1][-1] == dt.timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        fresh = count_days(traject_id, Story.submitted_on.between(run[0], run[-1]), _up_to(max_id))
        for day in run:
            if day in fresh:
                days[day] = fresh[day]
            else:
                days.pop(day, None)


def _update(
    cached: TrajectCounts, window: dict[int, Tail], traject_id: int, count: int, max_id: int
) -> TrajectCounts | None:
    """The kept counts brought up to date with as little counting as can be shown right, or None."""
    # The newest remembered story that is still there, unchanged. No id up to it can be given again
    # (a new story gets an id above the largest one in the table), so up to it stories disappear, or
    # (PostgreSQL) one stored in a transaction that began earlier appears late: that one falls in the
    # window of the newest ids. Above the anchor anything may have happened.
    anchor = next((t for t in cached.tail if window.get(t.id) == t), None)
    if anchor is None and cached.tail:
        return None
    anchor_id = anchor.id if anchor else 0
    remembered = {t.id for t in cached.tail}
    gone_in_tail = [t for t in cached.tail if t.id < anchor_id and window.get(t.id) != t]
    above_anchor = [t for t in cached.tail if t.id > anchor_id]
    appeared = [t for i, t in window.items() if i < anchor_id and i not in remembered]
    new = count_days(traject_id, Story.id > anchor_id, Story.id <= max_id) if max_id > anchor_id else {}
    up_to_anchor_before = cached.count - len(above_anchor) + len(appeared)
    gone = up_to_anchor_before - (count - sum(c.total for c in new.values()))
    if gone < 0:
        return None  # more stories up to the anchor than can be explained: count everything
    stale = {t.day for t in (*above_anchor, *gone_in_tail, *appeared)}
    if gone != len(gone_in_tail):
        # Stories gone that were not among the newest: compare the stories per day with the counts kept.
        before = Counter({day: c.total for day, c in cached.days.items()})
        before.subtract(Counter(t.day for t in above_anchor))
        before.update(Counter(t.day for t in appeared))
        now = _stories_per_day(traject_id, anchor_id)
        stale |= {day for day in set(before) | set(now) if before[day] != now[day]}
    days = dict(cached.days)
    for day, more in new.items():
        if day in stale:
            continue  # counted again whole below
        if day in days:  # a new object: a kept one may be read by another thread meanwhile
            merged = Counts(counted_at=days[day].counted_at)
            merged.add(days[day])
            merged.add(more)
            more = merged
        days[day] = more
    _recount(traject_id, days, stale, max_id)
    result = TrajectCounts(days, sum(c.total for c in days.values()), max_id, _tail(traject_id, max_id))
    return result if result.count == count else None


def _refresh_oldest(traject_id: int, counts: TrajectCounts) -> TrajectCounts:
    now = time.monotonic()
    old = sorted(
        (c.counted_at, day) for day, c in counts.days.items() if now - c.counted_at > REFRESH_SECONDS
    )
    if not old:
        return counts
    days = dict(counts.days)
    _recount(traject_id, days, [day for _, day in old[:REFRESH_DAYS_PER_VIEW]], counts.max_id)
    return TrajectCounts(days, sum(c.total for c in days.values()), counts.max_id, counts.tail)


def _counting_lock(traject_id: int) -> threading.Lock:
    with _LOCK:
        return _COUNTING.setdefault(traject_id, threading.Lock())


def traject_counts(traject_id: int, waited: bool = False) -> TrajectCounts:
    """The exact counts per week of a traject, from this process's cache when they are shown right."""
    cache: dict = current_app.extensions.setdefault(CACHE_KEY, {})
    count, max_id = db.session.execute(
        select(func.count(), func.coalesce(func.max(Story.id), 0)).where(Story.traject_id == traject_id)
    ).one()
    cached: TrajectCounts | None = cache.get(traject_id)
    result = None
    if cached is not None:
        window = _window(traject_id, cached)
        unchanged = (cached.count, cached.max_id) == (count, max_id) and window == {
            t.id: t for t in cached.tail
        }
        result = cached if unchanged else _update(cached, window, traject_id, count, max_id)
    if result is None:
        # One count from scratch at a time per traject: a view that comes in meanwhile waits for it
        # and then only checks it, instead of counting everything a second time.
        with _counting_lock(traject_id):
            if not waited and cache.get(traject_id) is not cached:
                return traject_counts(traject_id, waited=True)
            result = _count_all(traject_id, max_id)
            with _LOCK:
                cache[traject_id] = result
        save_days(traject_id, result)
    result = _refresh_oldest(traject_id, result)
    if result is not cached:
        with _LOCK:
            cache[traject_id] = result
    return result


def warm_up(app, today: dt.date | None = None) -> threading.Thread:
    """Count every running traject in the background, so that the first dashboard view of a new process
    finds the counts kept. For a server's worker processes, e.g. gunicorn's post_worker_init hook:
    `counts.warm_up(worker.wsgi)` (the app). It counts reading only, then writes the days it had to
    count in a short transaction of its own (see save_days)."""
    from vertelpunt.database import write_intent

    today = today or dt.date.today()

    def run() -> None:
        write_intent.set(False)
        with app.app_context():
            try:
                running = db.session.scalars(
                    select(Traject.id).where(
                        # digests go on for two weeks after closing
                        Traject.opens_on <= today,
                        Traject.closes_on >= today - dt.timedelta(days=14),
                    )
                ).all()
                for traject_id in running:
                    traject_counts(traject_id)
                    db.session.rollback()
            finally:
                db.session.remove()

    thread = threading.Thread(target=run, name="coalition-counts-warm-up", daemon=True)
    thread.start()
    return thread


def forget(app=None) -> None:
    """Drop every count kept by this process (the next view counts from scratch)."""
    (app or current_app).extensions.pop(CACHE_KEY, None)


# From raw counts to the dashboard's dimensions --------------------------------------------------------------


def _weeks(traject: Traject, seen: set[dt.date], today: dt.date) -> list[dt.date]:
    start = min([monday(traject.opens_on), *seen])
    end = max([monday(min(today, traject.closes_on)), *seen])
    weeks, week = [], start
    while week <= end:
        weeks.append(week)
        week += dt.timedelta(days=7)
    return weeks


def response_counts(traject: Traject, raw: TrajectCounts, today: dt.date) -> ResponseCounts:
    """Per dimension, group and week, from the counts per link, prompt and answer."""
    links = link_infos(traject)
    cells: dict[str, dict[str, Counter]] = {d: {} for d in DIMENSIONS}

    def add(dimension: str, group: str, week: dt.date, n: int) -> None:
        groups = cells[dimension]
        found = groups.get(group)
        if found is None:
            found = groups[group] = Counter()
        found[week] += n

    per_week: Counter = Counter()
    for week, counts in raw.weeks.items():
        total = counts.total
        per_week[week] += total
        for link_id, n in counts.by_link.items():
            info = links[link_id]
            add("link", str(link_id), week, n)
            if info.is_general:
                for dimension in ("organisation", "organisation_type", "audience"):
                    add(dimension, GENERAL, week, n)
            else:
                add("organisation", str(info.organisation_id), week, n)
                add("organisation_type", info.organisation_type, week, n)
                add("audience", info.audience, week, n)
        for prompt, n in counts.by_prompt.items():
            add("prompt", prompt, week, n)
        answered: Counter = Counter()
        for (question_id, option_id), n in counts.answers.items():
            add(question_id, option_id, week, n)
            answered[question_id] += n
        for dimension in ANSWER_DIMENSIONS:
            missing = total - answered[dimension]
            if missing > 0:
                add(dimension, UNANSWERED, week, missing)
    return ResponseCounts(
        traject_id=traject.id,
        weeks=_weeks(traject, {w for w, n in per_week.items() if n}, today),
        cells=cells,
        links=links,
        last_story_on=dict(raw.last_story_on),
    )


def before(raw: TrajectCounts, day: dt.date) -> TrajectCounts:
    """The counts of the days before `day` only.

    Below facilitator level figures cover closed days only (spec 4.4): a count that moves while a
    reader refreshes a page would time a story to the minute."""
    if all(d < day for d in raw.days):
        return raw
    days = {d: c for d, c in raw.days.items() if d < day}
    return TrajectCounts(days, sum(c.total for c in days.values()), raw.max_id, ())


def count_responses(
    traject: Traject, today: dt.date | None = None, closed_only: bool = False
) -> ResponseCounts:
    """The traject's counts; with closed_only those of the days before today (see before())."""
    today = today or dt.date.today()
    raw = traject_counts(traject.id)
    return response_counts(traject, before(raw, today) if closed_only else raw, today)
