"""The response dashboard: counts per group and week, targets, quiet links; hidden where anonymity asks.
(Targets and quiet links: gaps.py; what a reader sees of a count: disclosure.py.)

Facilitators and administrators see exact counts, today's included. Everyone else sees the counts of
closed days (up to yesterday) after suppression (see suppression.py), each as disclosure.shown() says:
all breakdowns and the weekly totals are protected together, with the sums that tie them (a link belongs
to one organisation, an organisation to one type, every breakdown adds up to the same total), so
combining two views never reveals a hidden count. A target is decided from what the reader sees of its
count ("nog niet te zeggen" when that does not decide it), and a link is quiet by whole weeks only, and
only when its own count is shown. There are no free filters below facilitator level: the views are
fixed, so no combination of filters can single out a small group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from linkgen import tokens
from vertelpunt.coalition import counts as counting
from vertelpunt.coalition import disclosure
from vertelpunt.coalition.counts import GENERAL, UNANSWERED, LinkInfo, ResponseCounts
from vertelpunt.coalition.disclosure import Shown, cell_name
from vertelpunt.coalition.gaps import TOTAL, QuietLink, TargetResult, quiet_links, target_results
from vertelpunt.coalition.services import quiet_weeks, settings_for
from vertelpunt.coalition.suppression import Relation, protect
from vertelpunt.core.access import may
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import audience_ids, audience_labels, options_for
from vertelpunt.models import Traject

EXACT_ROLES = frozenset({"facilitator"})
GENERAL_KEY = ("general",)


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
        "audience": list(audience_ids()),
        "perspective": [*framework["perspective"].option_ids(), UNANSWERED],
        "age_group": [*framework["age_group"].option_ids(), UNANSWERED],
        "municipality": [*(o.id for o in options_for(framework["municipality"], traject)), UNANSWERED],
        "prompt": framework["prompt"].option_ids(),
    }
    unanswered = _("Not answered")
    audiences = audience_labels(lang)
    labels = {
        "link": {str(i): link_label(links[i], lang, audiences) for i in shown_links},
        "organisation": org_names,
        "organisation_type": {o.id: o.label(lang) for o in framework["organisation_type"].options},
        "audience": audiences,
        "perspective": {
            **{o.id: o.label(lang) for o in framework["perspective"].options},
            UNANSWERED: unanswered,
        },
        "age_group": {
            **{o.id: o.label(lang) for o in framework["age_group"].options},
            UNANSWERED: unanswered,
        },
        "municipality": {
            **{o.id: o.label(lang) for o in options_for(framework["municipality"], traject)},
            UNANSWERED: unanswered,
        },
        "prompt": {o.id: o.label(lang) for o in options_for(framework["prompt"], traject)},
    }
    return Structure(groups, labels, dict(links), org_types)


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
    # Sorted: every process must hide the same cells of the same counts (two patterns side by side
    # would give away what each hides).
    links = sorted({*structure.groups["link"], *general_links}, key=int)
    relations.append(Relation(TOTAL, tuple(("link", i) for i in links)))
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
    shown: Shown
    share: float | None = None
    weeks: list[int] = field(default_factory=list)
    cell: str = ""

    @property
    def total(self) -> int | None:
        """The exact count, or None when the reader may not see it."""
        return self.shown.value if self.shown.exact else None


@dataclass
class Breakdown:
    dimension: str
    title: str
    rows: list[Row]
    general: Row | None = None


@dataclass
class Dashboard:
    exact: bool
    threshold: int
    total_shown: Shown
    weeks: list[dt.date]
    weeks_shown: list[Shown]
    breakdowns: list[Breakdown]
    targets: list[TargetResult]
    quiet: list[QuietLink]
    quiet_weeks: int
    hidden_any: bool
    hidden: frozenset = frozenset()
    until: dt.date | None = None  # the last day counted (None: today included)

    @property
    def total(self) -> int | None:
        return self.total_shown.value if self.total_shown.exact else None

    @property
    def week_totals(self) -> list[int | None]:
        return [s.value if s.exact else None for s in self.weeks_shown]

    @property
    def quiet_days(self) -> int:
        return 7 * self.quiet_weeks


def _show(values: Mapping[tuple, int], hidden: set, key: tuple, threshold: int) -> Shown:
    return disclosure.shown(values.get(key, 0), threshold, key in hidden)


def _breakdowns(
    counts: ResponseCounts, structure: Structure, values, hidden, exact: bool, threshold: int
) -> list[Breakdown]:
    titles = dimension_titles()
    grand = values[TOTAL]
    result = []
    for dimension, groups in structure.groups.items():
        rows = []
        for group in groups:
            if dimension == "link" and structure.links[int(group)].is_general:
                continue
            key = (dimension, group)
            shown = _show(values, hidden, key, threshold)
            row = Row(group, structure.labels[dimension].get(group, group), shown, cell=cell_name(key))
            if shown.exact and grand and TOTAL not in hidden:
                row.share = round(100 * shown.value / grand, 1)
            if exact:
                weekly = counts.cells.get(dimension, {}).get(group, {})
                row.weeks = [weekly.get(w, 0) for w in counts.weeks]
            rows.append(row)
        general = None
        if dimension in ("link", "organisation", "organisation_type", "audience"):
            shown = _show(values, hidden, GENERAL_KEY, threshold)
            general = Row(GENERAL, _("General link (second choice)"), shown, cell=cell_name(GENERAL_KEY))
            if shown.exact and grand and TOTAL not in hidden:
                general.share = round(100 * shown.value / grand, 1)
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


_PROTECTED = "coalition_protected"


def protected(values: Mapping, relations: list[Relation], threshold: int, start=()) -> frozenset:
    """suppression.protect, kept per process for the same counts: below facilitator level the counts
    change once a day (closed days only), so nearly every view finds its answer here."""
    key = (threshold, frozenset(values.items()), tuple(relations), frozenset(start))
    kept: dict = current_app.extensions.setdefault(_PROTECTED, {})
    found = kept.get(key)
    if found is None:
        found = frozenset(protect(values, relations, threshold, start))
        if len(kept) >= 64:
            kept.clear()
        kept[key] = found
    return found


def build(traject: Traject, exact: bool, today: dt.date | None = None) -> Dashboard:
    """The dashboard as a reader sees it: exact (facilitators, administrators: today included) or
    suppressed, of closed days only (everyone else)."""
    today = today or dt.date.today()
    threshold = disclosure.threshold_for(traject)
    raw = counting.traject_counts(traject.id, today, closed_only=not exact)
    counts = counting.response_counts(traject, raw, today)
    structure = structure_of(traject, counts.links, set(counts.last_story_on))
    totals = {d: counts.totals(d) for d in counting.DIMENSIONS}
    week_totals = counts.week_totals()
    values, relations = published(totals, week_totals, structure)
    hidden = frozenset() if exact else protected(values, relations, threshold)
    weeks = quiet_weeks(settings_for(traject))
    shown_links = None if exact else {i for i in counts.links if ("link", str(i)) not in hidden}
    quiet_ids = (
        set(
            quiet_links(
                counts, counting.before(raw, counting.monday(today)).last_story_on, weeks, today, shown_links
            )
        )
        if not traject.has_closed(today)
        else set()
    )
    quiet = [
        QuietLink(
            link_label(counts.links[i]),
            ngettext(
                "no story in the last %(num)s whole week", "no story in the last %(num)s whole weeks", weeks
            ),
        )
        for i in sorted(
            quiet_ids, key=lambda i: (not counts.links[i].is_general, link_label(counts.links[i]))
        )
    ]
    return Dashboard(
        exact=exact,
        threshold=threshold,
        total_shown=_show(values, hidden, TOTAL, threshold),
        weeks=counts.weeks,
        weeks_shown=[_show(values, hidden, ("week", w), threshold) for w in counts.weeks],
        breakdowns=_breakdowns(counts, structure, values, hidden, exact, threshold),
        targets=target_results(
            traject,
            counts,
            structure.labels,
            dimension_titles(),
            lambda key: _show(values, hidden, key, threshold),
            quiet_ids,
        ),
        quiet=quiet,
        quiet_weeks=weeks,
        hidden_any=bool(hidden),
        hidden=hidden,
        until=None if exact else today - dt.timedelta(days=1),
    )
