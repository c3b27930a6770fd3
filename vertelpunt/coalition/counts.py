"""Counting stories per week and group for the dashboard and the digest.

Only counts and dates leave this module; no story text or title is ever selected.

Counting a large traject from scratch takes a grouped pass over all its stories and answers. A running
traject mostly gains stories, so each process keeps the raw counts per traject and adds only the
stories that arrived since (id above the last one counted). Whenever the number of stories does not
match (a story was withdrawn or deleted), the newest story is not the one counted, or the counts are
older than REFRESH_SECONDS, everything is counted again."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from vertelpunt.extensions import db
from vertelpunt.models import Link, Organisation, Story, StoryAnswer, Traject

LINK_DIMENSIONS = ("link", "organisation", "organisation_type", "audience")
ANSWER_DIMENSIONS = ("perspective", "age_group", "municipality")
DIMENSIONS = (*LINK_DIMENSIONS, *ANSWER_DIMENSIONS, "prompt")
# Stories through the general link form one group in every link-based dimension, shown apart.
GENERAL = "general"
UNANSWERED = "unanswered"
REFRESH_SECONDS = 6 * 3600
_LOCK = threading.Lock()


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


@dataclass(frozen=True)
class RawCounts:
    """Counts as the database gives them, before links are mapped to organisations and types."""

    by_link: dict[int, Counter]  # link id -> monday -> stories
    by_prompt: dict[str, Counter]  # prompt -> monday -> stories
    answers: dict[tuple[str, str], Counter]  # (question id, option id) -> monday -> stories
    last_story_on: dict[int, dt.date]
    count: int
    max_id: int
    newest_key: str | None
    counted_at: float

    def plus(self, more: RawCounts) -> RawCounts:
        last = dict(self.last_story_on)
        for link_id, day in more.last_story_on.items():
            last[link_id] = max(day, last.get(link_id, day))
        return RawCounts(
            by_link=_added(self.by_link, more.by_link),
            by_prompt=_added(self.by_prompt, more.by_prompt),
            answers=_added(self.answers, more.answers),
            last_story_on=last,
            count=self.count + more.count,
            max_id=max(self.max_id, more.max_id),
            newest_key=more.newest_key if more.max_id > self.max_id else self.newest_key,
            counted_at=self.counted_at,
        )


def _added(mine: dict, theirs: dict) -> dict:
    both = {key: Counter(weeks) for key, weeks in mine.items()}
    for key, weeks in theirs.items():
        both.setdefault(key, Counter()).update(weeks)
    return both


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


def _newest_key(max_id: int) -> str | None:
    return db.session.scalar(select(Story.submission_key).where(Story.id == max_id)) if max_id else None


def _count_raw(traject_id: int, after: int = 0) -> RawCounts:
    """Grouped counts of the traject's stories with an id above `after` (all of them for 0)."""
    by_link: dict[int, Counter] = defaultdict(Counter)
    by_prompt: dict[str, Counter] = defaultdict(Counter)
    last: dict[int, dt.date] = {}
    count = max_id = 0
    story_rows = db.session.execute(
        select(Story.link_id, Story.prompt, Story.submitted_on, func.count(), func.max(Story.id))
        .where(Story.traject_id == traject_id, Story.id > after)
        .group_by(Story.link_id, Story.prompt, Story.submitted_on)
    )
    for link_id, prompt, day, n, top in story_rows:
        day = _as_date(day)
        week = monday(day)
        by_link[link_id][week] += n
        by_prompt[prompt][week] += n
        if day > last.get(link_id, dt.date.min):
            last[link_id] = day
        count += n
        max_id = max(max_id, top)
    answers: dict[tuple[str, str], Counter] = defaultdict(Counter)
    answer_rows = db.session.execute(
        select(StoryAnswer.question_id, StoryAnswer.option_id, Story.submitted_on, func.count())
        .join(Story, Story.id == StoryAnswer.story_id)
        .where(
            Story.traject_id == traject_id,
            Story.id > after,
            StoryAnswer.question_id.in_(ANSWER_DIMENSIONS),
        )
        .group_by(StoryAnswer.question_id, StoryAnswer.option_id, Story.submitted_on)
    )
    for question_id, option_id, day, n in answer_rows:
        answers[(question_id, option_id or UNANSWERED)][monday(_as_date(day))] += n
    return RawCounts(
        dict(by_link),
        dict(by_prompt),
        dict(answers),
        last,
        count,
        max_id,
        _newest_key(max_id),
        time.monotonic(),
    )


def raw_counts(traject_id: int) -> RawCounts:
    """The raw counts of a traject, from this process's cache when they are provably still right."""
    cache: dict = current_app.extensions.setdefault("coalition_counts", {})
    count, max_id = db.session.execute(
        select(func.count(), func.coalesce(func.max(Story.id), 0)).where(Story.traject_id == traject_id)
    ).one()
    cached: RawCounts | None = cache.get(traject_id)
    fresh = cached is not None and time.monotonic() - cached.counted_at < REFRESH_SECONDS
    if (
        fresh
        and (cached.count, cached.max_id) == (count, max_id)
        and cached.newest_key == _newest_key(max_id)
    ):
        return cached
    result = None
    if fresh and max_id > cached.max_id and cached.newest_key == _newest_key(cached.max_id):
        merged = cached.plus(_count_raw(traject_id, after=cached.max_id))
        if merged.count == count and merged.max_id == max_id:
            result = merged
    if result is None:
        result = _count_raw(traject_id)
    with _LOCK:
        cache[traject_id] = result
    return result


def _weeks(traject: Traject, seen: set[dt.date], today: dt.date) -> list[dt.date]:
    start = min([monday(traject.opens_on), *seen])
    end = max([monday(min(today, traject.closes_on)), *seen])
    weeks, week = [], start
    while week <= end:
        weeks.append(week)
        week += dt.timedelta(days=7)
    return weeks


def count_responses(traject: Traject, today: dt.date | None = None) -> ResponseCounts:
    today = today or dt.date.today()
    links = link_infos(traject)
    raw = raw_counts(traject.id)
    cells: dict[str, dict[str, Counter]] = {d: defaultdict(Counter) for d in DIMENSIONS}
    per_week: Counter = Counter()
    for link_id, weeks in raw.by_link.items():
        info = links[link_id]
        per_week.update(weeks)
        cells["link"][str(link_id)].update(weeks)
        if info.is_general:
            for dimension in ("organisation", "organisation_type", "audience"):
                cells[dimension][GENERAL].update(weeks)
        else:
            cells["organisation"][str(info.organisation_id)].update(weeks)
            cells["organisation_type"][info.organisation_type].update(weeks)
            cells["audience"][info.audience].update(weeks)
    for prompt, weeks in raw.by_prompt.items():
        cells["prompt"][prompt].update(weeks)
    answered: dict[str, Counter] = {d: Counter() for d in ANSWER_DIMENSIONS}
    for (question_id, option_id), weeks in raw.answers.items():
        cells[question_id][option_id].update(weeks)
        answered[question_id].update(weeks)
    for dimension in ANSWER_DIMENSIONS:
        for week, n in per_week.items():
            missing = n - answered[dimension][week]
            if missing > 0:
                cells[dimension][UNANSWERED][week] += missing
    return ResponseCounts(
        traject_id=traject.id,
        weeks=_weeks(traject, set(per_week), today),
        cells={d: dict(groups) for d, groups in cells.items()},
        links=links,
        last_story_on=dict(raw.last_story_on),
    )
