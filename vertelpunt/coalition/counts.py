"""Counting stories per week and group for the dashboard and the digest.

The counts per day come from vertelpunt/coalition/days.py: closed days from the one store every worker
and machine reads (response_days, put right when stale), today counted live. Nothing is kept in a
process, so every worker shows the same numbers. Links are mapped to their organisation, kind of
organisation and audience here, on the few rows that come back; days become weeks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import select

from vertelpunt.coalition.days import ANSWER_DIMENSIONS, UNANSWERED, Counts, closed_days, count_days
from vertelpunt.extensions import db
from vertelpunt.models import Link, Organisation, Story, Traject

__all__ = ["ANSWER_DIMENSIONS", "UNANSWERED", "Counts", "count_days"]

LINK_DIMENSIONS = ("link", "organisation", "organisation_type", "audience")
DIMENSIONS = (*LINK_DIMENSIONS, *ANSWER_DIMENSIONS, "prompt")
# Stories through the general link form one group in every link-based dimension, shown apart.
GENERAL = "general"


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


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
class TrajectCounts:
    """A traject's exact counts per day, with their sums per week."""

    days: dict[dt.date, Counts]

    @property
    def count(self) -> int:
        return sum(c.total for c in self.days.values())

    @cached_property
    def weeks(self) -> dict[dt.date, Counts]:
        weeks: dict[dt.date, Counts] = {}
        for day, counts in self.days.items():
            weeks.setdefault(monday(day), Counts()).add(counts)
        return weeks

    @cached_property
    def last_story_on(self) -> dict[int, dt.date]:
        last: dict[int, dt.date] = {}
        for day in sorted(self.days):
            last.update(dict.fromkeys(self.days[day].by_link, day))
        return last


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


def traject_counts(traject_id: int, today: dt.date | None = None, closed_only: bool = False) -> TrajectCounts:
    """The traject's exact counts per day: of the days before `today` with closed_only, else of all.

    The store keeps days before the real today only, whatever `today` a caller passes."""
    today = today or dt.date.today()
    boundary = min(today, dt.date.today())
    days = closed_days(traject_id, boundary)
    if not closed_only:
        days.update(count_days(traject_id, Story.submitted_on >= boundary))
    elif boundary < today:  # a caller's today ahead of the real one: the days up to it, counted live
        days.update(count_days(traject_id, Story.submitted_on >= boundary, Story.submitted_on < today))
    return TrajectCounts(days)


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
    return TrajectCounts({d: c for d, c in raw.days.items() if d < day})


def count_responses(
    traject: Traject, today: dt.date | None = None, closed_only: bool = False
) -> ResponseCounts:
    """The traject's counts; with closed_only those of the days before today (see before())."""
    today = today or dt.date.today()
    return response_counts(traject, traject_counts(traject.id, today, closed_only), today)
