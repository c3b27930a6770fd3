"""Where the response falls short: targets and quiet links, as a reader may see them (spec 4.4, 5).

A target is decided from what the reader sees of its count and of the total (disclosure.py), never
from more: when a hidden count does not decide it, it is "nog niet te zeggen", so adding and removing
targets cannot read a hidden count. A link is quiet by whole weeks only, and below facilitator level
only when its own count is shown, so neither refreshing nor trying every setting times a story."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

from vertelpunt.coalition import counts as counting
from vertelpunt.coalition import disclosure
from vertelpunt.coalition.counts import LinkInfo, ResponseCounts
from vertelpunt.coalition.disclosure import Shown, cell_name
from vertelpunt.coalition.services import target_values, targets
from vertelpunt.models.coalition import EVERY_VALUE, Target

TOTAL = ("total",)  # the published cell of all stories (dashboard.published)
_PERSPECTIVE_AUDIENCE = {
    "child": "youth",
    "youth": "youth",
    "young_adult": "youth",
    "parent": "parent",
    "relative": "parent",
    "pro_care": "professional",
    "pro_education": "professional",
    "pro_community": "professional",
}


@dataclass
class TargetResult:
    title: str
    met: bool | None  # None: what the reader sees of the count does not decide it
    wanted: str
    actual: str
    nudge: list[str] = field(default_factory=list)
    cell: str = ""

    @property
    def state(self) -> str:
        return {True: "met", False: "not_met", None: "unknown"}[self.met]


def target_states() -> dict[str, str]:
    return {"met": _("met"), "not_met": _("not met"), "unknown": _("cannot say yet")}


@dataclass
class QuietLink:
    label: str
    since: str


def _matches(info: LinkInfo, dimension: str, value: str) -> bool:
    if dimension == "audience":
        return info.audience == value
    if dimension == "perspective":
        prefilled = info.prefill.get("perspective")
        return prefilled == value if prefilled else info.audience == _PERSPECTIVE_AUDIENCE.get(value)
    if dimension == "age_group":
        prefilled = info.prefill.get("age_group")
        return prefilled in (value, None, "unknown")
    if dimension == "municipality":
        prefilled = info.prefill.get("municipality") or info.municipality
        return prefilled in (value, "", None)
    return False


def nudge_for(
    counts: ResponseCounts, dimension: str, value: str, quiet_ids: set[int], labels: Mapping[str, str]
) -> list[str]:
    """Links worth a reminder for a gap: those that reach the group, quiet ones first."""
    found = [
        info
        for info in counts.links.values()
        if not info.is_general and info.status == "active" and _matches(info, dimension, value)
    ]
    found.sort(key=lambda i: (i.id not in quiet_ids, i.organisation.casefold(), i.id))
    quiet = " " + _("(quiet)")
    return [labels[str(i.id)] + (quiet if i.id in quiet_ids else "") for i in found]


def target_results(
    traject, counts, labels, titles, shown: Callable[[tuple], Shown], quiet_ids
) -> list[TargetResult]:
    """Every target (an "every group" target once per group), as the reader may see it."""
    results = []
    for target in targets(traject):
        chosen = target_values(traject, target.dimension) if target.value == EVERY_VALUE else [target.value]
        for value in chosen:
            results.append(_one_target(target, value, labels, titles, shown, counts, quiet_ids))
    return results


def _one_target(target: Target, value, labels, titles, shown, counts, quiet_ids) -> TargetResult:
    """A target decided from what the reader sees of its count and of the total, never from more: a
    hidden count that does not decide it makes it "nog niet te zeggen"."""
    key = (target.dimension, value)
    count = shown(key)
    grand = shown(TOTAL)
    decisions = []
    wanted = []
    if target.min_count is not None:
        decisions.append(disclosure.at_least(count, target.min_count))
        wanted.append(_("at least %(n)s stories", n=target.min_count))
    if target.min_share is not None:
        decisions.append(disclosure.share_at_least(count, grand, target.min_share))
        wanted.append(_("at least %(n)s%% of all stories", n=target.min_share))
    met = disclosure.all_of(*decisions)
    if count.exact and target.min_share is not None and grand.exact and grand.value:
        actual = f"{count.value} ({round(100 * count.value / grand.value)}%)"
    else:
        actual = count.text
    label = labels[target.dimension].get(value, value)
    return TargetResult(
        title=f"{titles[target.dimension]}: {label}",
        met=met,
        wanted=", ".join(wanted),
        actual=actual,
        nudge=[] if met is True else nudge_for(counts, target.dimension, value, quiet_ids, labels["link"]),
        cell=cell_name(key),
    )


def quiet_links(
    counts: ResponseCounts,
    last_story_on: Mapping[int, dt.date],
    weeks: int,
    today: dt.date,
    shown: set[int] | None = None,
) -> list[int]:
    """Active links without a story in the last `weeks` whole weeks (Monday to Sunday) before this one,
    not counting links younger than that.

    By whole weeks of closed days, so the list changes on Mondays only and never tells the day of a
    link's last story; `last_story_on` holds only stories before this week. With `shown` (readers below
    facilitator level) only links whose own count they see: a link whose count is hidden is never timed."""
    start = counting.monday(today) - dt.timedelta(weeks=weeks)
    quiet = []
    for link_id, info in counts.links.items():
        if info.status != "active" or (shown is not None and link_id not in shown):
            continue
        latest = max(last_story_on.get(link_id, dt.date.min), info.created_on)
        if latest < start:
            quiet.append(link_id)
    return quiet
