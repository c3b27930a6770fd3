"""The response dashboard: counts per group and week, targets, quiet links; hidden where anonymity asks.

Facilitators and administrators see exact counts. Everyone else sees the published set of counts after
suppression (see suppression.py): all breakdowns and the weekly totals are protected together, with the
sums that tie them (a link belongs to one organisation, an organisation to one type, every breakdown adds
up to the same total), so combining two views never reveals a hidden count. There are no free filters
below facilitator level: the views are fixed, so no combination of filters can single out a small group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from linkgen import tokens
from vertelpunt.coalition import counts as counting
from vertelpunt.coalition.counts import GENERAL, UNANSWERED, LinkInfo, ResponseCounts
from vertelpunt.coalition.services import AUDIENCE_NAMES, settings_for, target_values, targets
from vertelpunt.coalition.suppression import Relation, protect
from vertelpunt.framework import get_framework
from vertelpunt.models import Traject
from vertelpunt.models.coalition import EVERY_VALUE, Target
from vertelpunt.staff.access import may

EXACT_ROLES = frozenset({"facilitator"})
TOTAL = ("total",)
GENERAL_KEY = ("general",)
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


def sees_exact_counts(user, traject: Traject) -> bool:
    """Suppression applies below facilitator level; administrators and facilitators see exact counts."""
    return may(user, traject, EXACT_ROLES)


def dimension_titles() -> dict[str, str]:
    return {
        "link": _("Link"),
        "organisation": _("Organisation"),
        "organisation_type": _("Kind of organisation"),
        "audience": _("Audience"),
        "perspective": _("Perspective of the narrator"),
        "age_group": _("Age group"),
        "municipality": _("Municipality"),
        "prompt": _("Prompt"),
    }


def audience_labels() -> dict[str, str]:
    return {
        "youth": _("Youths"),
        "parent": _("Parents"),
        "professional": _("Professionals"),
        "everyone": _("Everyone"),
    }


def audience_label(audience: str) -> str:
    return audience_labels().get(audience, audience)


def link_label(info: LinkInfo, lang: str = "nl", audiences: Mapping[str, str] | None = None) -> str:
    if info.is_general:
        return _("General link") + f" ({tokens.display(info.token)[:4]}…)"
    audiences = audiences if audiences is not None else audience_labels()
    parts = [info.organisation, audiences.get(info.audience, info.audience)]
    age = info.prefill.get("age_group")
    if age:
        option = get_framework()["age_group"].option(age)
        parts.append(option.label(lang) if option else age)
    if info.channel:
        parts.append(info.channel)
    return " · ".join(parts)


@dataclass
class Structure:
    """Which groups each breakdown has (zeros included) and how they add up."""

    groups: dict[str, list[str]]
    labels: dict[str, dict[str, str]]
    links: dict[int, LinkInfo]
    organisation_types: dict[str, str]  # organisation id -> type


def structure_of(traject: Traject, links: Mapping[int, LinkInfo], with_stories: set[int]) -> Structure:
    framework = get_framework()
    lang = str(get_locale() or "nl")
    # Closed links without stories would only add rows of zeros.
    shown_links = [i for i, info in links.items() if info.status != "closed" or i in with_stories]
    org_types = {str(org.id): org.organisation_type for org in traject.organisations}
    org_names = {str(org.id): org.name for org in traject.organisations}
    groups: dict[str, list[str]] = {
        "link": [str(i) for i in shown_links],
        "organisation": sorted(org_names, key=lambda o: org_names[o].casefold()),
        "organisation_type": framework["organisation_type"].option_ids(),
        "audience": list(AUDIENCE_NAMES),
        "perspective": [*framework["perspective"].option_ids(), UNANSWERED],
        "age_group": [*framework["age_group"].option_ids(), UNANSWERED],
        "municipality": [*(m.code for m in traject.municipalities), "elsewhere", UNANSWERED],
        "prompt": framework["prompt"].option_ids(),
    }
    unanswered = _("Not answered")
    audiences = audience_labels()
    labels = {
        "link": {str(i): link_label(links[i], lang, audiences) for i in shown_links},
        "organisation": org_names,
        "organisation_type": {o.id: o.label(lang) for o in framework["organisation_type"].options},
        "audience": {a: audiences[a] for a in AUDIENCE_NAMES},
        "perspective": {
            **{o.id: o.label(lang) for o in framework["perspective"].options},
            UNANSWERED: unanswered,
        },
        "age_group": {
            **{o.id: o.label(lang) for o in framework["age_group"].options},
            UNANSWERED: unanswered,
        },
        "municipality": {
            **{m.code: m.name for m in traject.municipalities},
            "elsewhere": framework["municipality"].option("elsewhere").label(lang),
            UNANSWERED: unanswered,
        },
        "prompt": {o.id: o.label(lang) for o in framework["prompt"].options},
    }
    if traject.focus_prompt_nl:
        labels["prompt"]["focus"] = traject.focus_prompt_nl
    return Structure(groups, labels, dict(links), org_types)


def key_of(dimension: str, group: str, structure: Structure) -> tuple:
    if group == GENERAL and dimension in ("organisation", "organisation_type", "audience"):
        return GENERAL_KEY
    return (dimension, group)


def published(
    totals: Mapping[str, Mapping[str, int]], weeks: Mapping[dt.date, int] | None, structure: Structure
) -> tuple[dict[tuple, int], list[Relation]]:
    """Every count the dashboard shows, and every sum a reader knows ties them together."""
    values: dict[tuple, int] = {}
    relations: list[Relation] = []
    grand = sum(totals.get("link", {}).values())
    values[TOTAL] = grand
    if weeks is not None:
        for week, n in weeks.items():
            values[("week", week)] = n
        relations.append(Relation(TOTAL, tuple(("week", w) for w in weeks)))
    general_links = [str(i) for i, info in structure.links.items() if info.is_general]
    for link_id in {*structure.groups["link"], *general_links}:
        values[("link", link_id)] = totals.get("link", {}).get(link_id, 0)
    values[GENERAL_KEY] = sum(values[("link", g)] for g in general_links)
    relations.append(Relation(GENERAL_KEY, tuple(("link", g) for g in general_links)))
    relations.append(Relation(TOTAL, tuple(("link", i) for i in {*structure.groups["link"], *general_links})))
    for dimension, groups in structure.groups.items():
        if dimension == "link":
            continue
        for group in groups:
            values[(dimension, group)] = totals.get(dimension, {}).get(group, 0)
        parts = [(dimension, g) for g in groups]
        if dimension in ("organisation", "organisation_type", "audience"):
            parts.append(GENERAL_KEY)
        relations.append(Relation(TOTAL, tuple(parts)))
    by_org: dict[str, list] = {}
    by_audience: dict[str, list] = {}
    for link_id in structure.groups["link"]:
        info = structure.links[int(link_id)]
        if info.is_general:
            continue
        by_org.setdefault(str(info.organisation_id), []).append(("link", link_id))
        by_audience.setdefault(info.audience, []).append(("link", link_id))
    for org, parts in by_org.items():
        if ("organisation", org) in values:
            relations.append(Relation(("organisation", org), tuple(parts)))
    for audience, parts in by_audience.items():
        relations.append(Relation(("audience", audience), tuple(parts)))
    by_type: dict[str, list] = {}
    for org in structure.groups["organisation"]:
        by_type.setdefault(structure.organisation_types.get(org, ""), []).append(("organisation", org))
    for kind, parts in by_type.items():
        if ("organisation_type", kind) in values:
            relations.append(Relation(("organisation_type", kind), tuple(parts)))
    return values, relations


@dataclass
class Row:
    key: str
    label: str
    total: int | None
    share: float | None = None
    weeks: list[int] = field(default_factory=list)


@dataclass
class Breakdown:
    dimension: str
    title: str
    rows: list[Row]
    general: Row | None = None


@dataclass
class TargetResult:
    title: str
    met: bool
    wanted: str
    actual: str
    nudge: list[str] = field(default_factory=list)


@dataclass
class QuietLink:
    label: str
    since: str


@dataclass
class Dashboard:
    exact: bool
    threshold: int
    total: int | None
    weeks: list[dt.date]
    week_totals: list[int | None]
    breakdowns: list[Breakdown]
    targets: list[TargetResult]
    quiet: list[QuietLink]
    quiet_days: int
    hidden_any: bool


def _show(values: Mapping[tuple, int], hidden: set, key: tuple) -> int | None:
    return None if key in hidden else values.get(key, 0)


def _breakdowns(counts: ResponseCounts, structure: Structure, values, hidden, exact: bool) -> list[Breakdown]:
    titles = dimension_titles()
    grand = values[TOTAL]
    result = []
    for dimension, groups in structure.groups.items():
        rows = []
        for group in groups:
            if dimension == "link" and structure.links[int(group)].is_general:
                continue
            key = (dimension, group)
            shown = _show(values, hidden, key)
            row = Row(group, structure.labels[dimension].get(group, group), shown)
            if shown is not None and grand and TOTAL not in hidden:
                row.share = round(100 * shown / grand, 1)
            if exact:
                weekly = counts.cells.get(dimension, {}).get(group, {})
                row.weeks = [weekly.get(w, 0) for w in counts.weeks]
            rows.append(row)
        general = None
        if dimension in ("link", "organisation", "organisation_type", "audience"):
            shown = _show(values, hidden, GENERAL_KEY)
            general = Row(GENERAL, _("General link (second choice)"), shown)
            if shown is not None and grand and TOTAL not in hidden:
                general.share = round(100 * shown / grand, 1)
            if exact:
                weekly = counts.cells.get("link", {})
                general.weeks = [
                    sum(
                        weekly.get(str(i), {}).get(w, 0)
                        for i, info in structure.links.items()
                        if info.is_general
                    )
                    for w in counts.weeks
                ]
        result.append(Breakdown(dimension, titles[dimension], rows, general))
    return result


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


def _targets(traject, counts, structure, values, hidden, quiet_ids) -> list[TargetResult]:
    titles = dimension_titles()
    grand = values[TOTAL]
    results = []
    for target in targets(traject):
        chosen = target_values(traject, target.dimension) if target.value == EVERY_VALUE else [target.value]
        for value in chosen:
            results.append(
                _one_target(target, value, titles, structure, values, hidden, grand, counts, quiet_ids)
            )
    return results


def _one_target(target: Target, value, titles, structure, values, hidden, grand, counts, quiet_ids):
    key = (target.dimension, value)
    n = values.get(key, 0)
    met = True
    wanted = []
    if target.min_count is not None:
        met = met and n >= target.min_count
        wanted.append(_("at least %(n)s stories", n=target.min_count))
    if target.min_share is not None:
        met = met and grand > 0 and 100 * n >= target.min_share * grand
        wanted.append(_("at least %(n)s%% of all stories", n=target.min_share))
    if key in hidden:
        actual = _("hidden")
    elif target.min_share is not None and grand and TOTAL not in hidden:
        actual = f"{n} ({round(100 * n / grand)}%)"
    else:
        actual = str(n)
    label = structure.labels[target.dimension].get(value, value)
    return TargetResult(
        title=f"{titles[target.dimension]}: {label}",
        met=met,
        wanted=", ".join(wanted),
        actual=actual,
        nudge=[] if met else nudge_for(counts, target.dimension, value, quiet_ids, structure.labels["link"]),
    )


def quiet_links(
    counts: ResponseCounts, created_on: Mapping[int, dt.date], days: int, today: dt.date
) -> list[int]:
    """Active links without a story in the last `days` days, not counting links younger than that."""
    limit = today - dt.timedelta(days=days)
    quiet = []
    for link_id, info in counts.links.items():
        if info.status != "active":
            continue
        latest = max(counts.last_story_on.get(link_id, dt.date.min), info.created_on)
        if latest <= limit:
            quiet.append(link_id)
    return quiet


def build(traject: Traject, exact: bool, today: dt.date | None = None) -> Dashboard:
    today = today or dt.date.today()
    threshold = int(current_app.config["ANONYMITY_THRESHOLD"])
    counts = counting.count_responses(traject, today)
    structure = structure_of(traject, counts.links, set(counts.last_story_on))
    totals = {d: counts.totals(d) for d in counting.DIMENSIONS}
    week_totals = counts.week_totals()
    values, relations = published(totals, week_totals, structure)
    hidden = set() if exact else protect(values, relations, threshold)
    settings = settings_for(traject)
    created = {link.id: link.created_on for link in traject.links}
    quiet_ids = (
        set(quiet_links(counts, created, settings.quiet_days, today)) if today <= traject.closes_on else set()
    )
    quiet = [
        QuietLink(link_label(counts.links[i]), _("no story in the last %(n)s days", n=settings.quiet_days))
        for i in sorted(
            quiet_ids, key=lambda i: (not counts.links[i].is_general, link_label(counts.links[i]))
        )
    ]
    return Dashboard(
        exact=exact,
        threshold=threshold,
        total=_show(values, hidden, TOTAL),
        weeks=counts.weeks,
        week_totals=[_show(values, hidden, ("week", w)) for w in counts.weeks],
        breakdowns=_breakdowns(counts, structure, values, hidden, exact),
        targets=_targets(traject, counts, structure, values, hidden, quiet_ids),
        quiet=quiet,
        quiet_days=settings.quiet_days,
        hidden_any=bool(hidden),
    )
