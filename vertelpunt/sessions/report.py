"""The session report: one structure, shown as a printable page and written as Markdown.

Coalition members read reports, so a report never holds a story's text or title: only how the story
set was chosen and how many stories it had. Observations are the participants' own words and are in.
For readers below facilitator level the story counts (the set and its perspectives) are protected as on
the coalition's dashboard and shown by the same rule (coalition/disclosure.py): 1 to N-1 as "minder dan
N", a count from which one could be worked out as "verborgen". A set chosen from a pattern statement
names the statement without its percentages (a share of a group is a count in disguise) and with its
group sizes by the same rule ("n=minder dan 15 en 20")."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _

from vertelpunt.coalition import disclosure
from vertelpunt.coalition.disclosure import Shown
from vertelpunt.models import Action, ActionReview, DuidingSession, Observation, Theme
from vertelpunt.sessions import monitoring, selection, sources
from vertelpunt.sessions.actions import actions_to_review, review_of, session_actions


@dataclass
class ThemeBlock:
    name: str
    observations: list[str]
    actions: list[Action]


@dataclass
class Report:
    session: DuidingSession
    facilitators: list[str]
    participants: list[tuple[str, str]]
    story_count: Shown  # as disclosure.shown() gives it: str() is what the reader sees
    selection: str
    perspectives: list[tuple[str, Shown]]
    reviews: list[tuple[Action, ActionReview]]
    themes: list[ThemeBlock]
    loose_observations: list[str]
    actions: list[Action]
    first_steps: list[Action]
    dissent: list
    sources: list
    indicators: list[dict]
    evaluation_count: int
    average_rating: float | None
    ratings: dict[int, int]
    went_well: list[str]
    to_improve: list[str]
    steps: list[tuple[int, str, str]] = field(default_factory=list)
    counts_hidden: bool = False  # some story count is not shown exactly
    threshold: int = 10


def hidden_note(threshold: int) -> str:
    return _(
        "To protect anonymity, numbers from 1 to %(m)s show as 'fewer than %(n)s', and some other numbers "
        "from which a hidden number could be calculated as 'hidden'. 0 is shown as 0.",
        m=threshold - 1,
        n=threshold,
    )


def step_titles() -> dict[int, str]:
    return {
        1: _("Prepare"),
        2: _("Review earlier actions"),
        3: _("Observations"),
        4: _("Themes"),
        5: _("Actions"),
        6: _("Ritual dissent"),
        7: _("Evaluation"),
        8: _("Report"),
    }


def status_labels() -> dict[str, str]:
    return {"open": _("open"), "in_progress": _("in progress"), "done": _("done"), "dropped": _("dropped")}


def term_labels() -> dict[str, str]:
    return {"short": _("short term"), "long": _("long term")}


def size_labels() -> dict[str, str]:
    return {"small": _("small"), "large": _("large")}


def owner(action: Action) -> str:
    return ", ".join(p for p in (action.owner_person, action.owner_organisation) if p) or "–"


def _observation_text(o: Observation) -> str:
    return o.text


def _story_counts(
    session: DuidingSession, protect_counts: bool, threshold: int
) -> tuple[Shown, list[tuple[str, Shown]], bool]:
    """The size of the story set and its count per perspective, as the reader may see them.

    The size is that of the stories participants can read (fully redacted ones), so that it is the sum
    of the perspectives, as a reader who adds them up knows."""
    perspectives = selection.perspective_counts(session)
    total = sum(n for _label, n in perspectives) if perspectives else len(session.stories)
    if not protect_counts:
        exact = [(label, disclosure.exact(n, threshold)) for label, n in perspectives]
        return disclosure.exact(total, threshold), exact, False
    from vertelpunt.coalition.suppression import Relation, protect

    values = {"total": total, **{("perspective", label): n for label, n in perspectives}}
    parts = tuple(key for key in values if key != "total")
    hidden = protect(values, [Relation("total", parts)] if parts else [], threshold)
    if hidden:
        # One small part hides them all: a report is read beside the dashboard and other reports, and a
        # partly hidden breakdown of a small set was seen to pin counts in combination.
        hidden = set(values)

    def shown(key) -> Shown:
        return disclosure.shown(values[key], threshold, key in hidden)

    return (
        shown("total"),
        [(label, shown(("perspective", label))) for label, _n in perspectives],
        bool(hidden),
    )


# The statistics at the end of a pattern statement (sensemaking/patterns.py, sentence()):
# "(35% tegen 60%, n=14 en 20; p=0,004)" or "(mediaan 3 tegen 4, n=14 en 20; p<0,001)".
_SHARES = re.compile(r"\d+% tegen \d+%,\s*")
_SIZES = re.compile(r"n=(\d+) en (\d+)")


def protected_statement(text: str, threshold: int) -> str:
    """A pattern statement as a reader below facilitator level may see it: no percentages (with the
    group sizes they give the number that chose an option), group sizes by the one rule."""

    def size(raw: str) -> str:
        return disclosure.shown(int(raw), threshold, int(raw) < threshold).text

    text = _SHARES.sub("", text)
    return _SIZES.sub(lambda m: f"n={size(m.group(1))} en {size(m.group(2))}", text)


def _selection(session: DuidingSession, protect_counts: bool, threshold: int) -> str:
    described = selection.describe(session)
    if protect_counts and session.selection_kind == "pattern":
        return protected_statement(described, threshold)
    return described


def build(session: DuidingSession, protect_counts: bool = False) -> Report:
    """The report; `protect_counts` for a reader below facilitator level (see the module doc)."""
    themes = [t for t in session.themes if t.observations]
    confirmed_first: list[Theme] = sorted(themes, key=lambda t: (not t.confirmed, t.position, t.id))
    blocks = []
    actions = session_actions(session)
    for theme in confirmed_first:
        blocks.append(
            ThemeBlock(
                name=theme.name,
                observations=[_observation_text(o) for o in theme.observations],
                actions=[a for a in actions if a.theme_id == theme.id],
            )
        )
    shown_themes = {t.id for t in confirmed_first}
    for theme in session.themes:
        theme_actions = [a for a in actions if a.theme_id == theme.id]
        if theme.id not in shown_themes and theme_actions:
            blocks.append(ThemeBlock(name=theme.name, observations=[], actions=theme_actions))
    loose = [_observation_text(o) for o in session.observations if o.theme_id is None]
    reviewed = []
    for action in actions_to_review(session):
        review = review_of(action, session)
        if review is not None:
            reviewed.append((action, review))
    ratings = Counter(e.rating for e in session.evaluations)
    count = len(session.evaluations)
    threshold = disclosure.threshold_for(session.traject)
    story_count, perspectives, counts_hidden = _story_counts(session, protect_counts, threshold)
    report = Report(
        session=session,
        facilitators=[u.username for u in session.facilitators],
        participants=[(p.name, p.organisation) for p in session.participants],
        story_count=story_count,
        selection=_selection(session, protect_counts, threshold),
        perspectives=perspectives,
        reviews=reviewed,
        themes=blocks,
        loose_observations=loose,
        actions=actions,
        first_steps=[a for a in actions if a.first_step],
        dissent=list(session.dissent_rounds),
        sources=sorted(session.sources, key=lambda s: ({"high": 0, "medium": 1}.get(s.importance, 2), s.id)),
        indicators=monitoring.session_indicators(session),
        evaluation_count=count,
        average_rating=round(sum(e.rating for e in session.evaluations) / count, 1) if count else None,
        ratings={n: ratings.get(n, 0) for n in range(1, 6)},
        went_well=[e.went_well for e in session.evaluations if e.went_well],
        to_improve=[e.to_improve for e in session.evaluations if e.to_improve],
        counts_hidden=counts_hidden,
        threshold=threshold,
    )
    report.steps = _steps(report)
    return report


def _steps(report: Report) -> list[tuple[int, str, str]]:
    """What each step of the session gave, in one line."""
    titles = step_titles()
    observations = sum(len(t.observations) for t in report.themes) + len(report.loose_observations)
    themed = len([t for t in report.themes if t.observations])
    lines = {
        1: _("Stories: %(n)s.", n=report.story_count) + " " + report.selection,
        2: _("Earlier actions reviewed: %(n)s.", n=len(report.reviews)),
        3: _("Observations: %(n)s.", n=observations),
        4: _("Themes: %(n)s.", n=themed),
        5: _(
            "Actions: %(n)s, of which first steps: %(m)s.", n=len(report.actions), m=len(report.first_steps)
        ),
        6: _("Rounds of ritual dissent: %(n)s.", n=len(report.dissent)),
        7: _("Evaluations: %(n)s.", n=report.evaluation_count),
        8: _("This report."),
    }
    return [(n, titles[n], lines[n]) for n in range(1, 9)]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def md(text: str) -> str:
    """People's text inside Markdown: on one line, and no character that would turn into markup."""
    flat = " ".join(str(text).split())
    flat = _MD_SPECIAL.sub(r"\\\1", flat)
    # A line that starts with "1." or "-" would become a list item of its own.
    flat = re.sub(r"^(\d+)\.", r"\1\\.", flat)
    return "\\" + flat if flat[:1] in ("+", "-") else flat


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(h)s h %(m)s min", h=hours, m=rest)
    if hours:
        return _("%(h)s h", h=hours)
    return _("%(m)s min", m=rest)


def duration(minutes: int) -> str:
    return _duration(minutes)


def markdown(report: Report) -> str:
    s = report.session
    statuses, terms, sizes = status_labels(), term_labels(), size_labels()
    out: list[str] = [f"# {md(s.title)}", ""]
    when = s.held_on.strftime("%d-%m-%Y") + (f", {s.starts_at}" if s.starts_at else "")
    out += [
        f"- **{_('Date')}:** {when}",
        f"- **{_('Duration')}:** {_duration(s.duration_minutes)}",
        f"- **{_('Traject')}:** {md(s.traject.name)}",
        f"- **{_('Facilitators')}:** {md(', '.join(report.facilitators)) or '–'}",
        f"- **{_('Focus')}:** {md(s.focus) or '–'}",
        f"- **{_('Goal')}:** {md(s.goal) or '–'}",
        "",
        f"## {_('Participants')}",
        "",
    ]
    out += [f"- {md(name)}" + (f" ({md(org)})" if org else "") for name, org in report.participants] or ["–"]
    out += ["", f"## {_('Steps')}", ""]
    out += [f"{n}. **{md(title)}:** {md(line)}" for n, title, line in report.steps]
    out += ["", f"## {_('Story set')}", "", md(report.selection), ""]
    if report.perspectives:
        out += [f"- {md(label)}: {n}" for label, n in report.perspectives] + [""]
    if report.counts_hidden:
        out += [md(hidden_note(report.threshold)), ""]
    out += [f"## {_('Review of earlier actions')}", ""]
    if report.reviews:
        for action, review in report.reviews:
            out.append(
                f"- **{md(action.title)}** ({md(owner(action))}): {statuses.get(review.status, review.status)}"
            )
            for label, value in (
                (_("Obstacles"), review.obstacles),
                (_("Opportunities"), review.opportunities),
                (_("Next step"), review.next_step),
            ):
                if value:
                    out.append(f"  - {label}: {md(value)}")
    else:
        out.append(_("No earlier actions were reviewed."))
    out += ["", f"## {_('Observations by theme')}", ""]
    for block in report.themes:
        out += [f"### {md(block.name)}", ""]
        out += [f"- {md(o)}" for o in block.observations]
        if block.actions:
            out += ["", f"**{_('Actions')}:**", ""]
            out += [
                f"- {md(a.title)} ({terms.get(a.term, a.term)}, {sizes.get(a.size, a.size)}; "
                f"{_('owner')}: {md(owner(a))})" + (f" **{_('first step')}**" if a.first_step else "")
                for a in block.actions
            ]
        out.append("")
    if report.loose_observations:
        out += [f"### {_('Not in a theme')}", ""] + [f"- {md(o)}" for o in report.loose_observations] + [""]
    if not report.themes and not report.loose_observations:
        out += [_("No observations were recorded."), ""]
    out += [f"## {_('Actions')}", ""]
    if report.actions:
        out += [
            f"| {_('Action')} | {_('Theme')} | {_('Action owner')} | {_('Next step')} | {_('Due')} | {_('First step')} |",
            "|---|---|---|---|---|---|",
        ]
        for a in report.actions:
            due = a.due_on.strftime("%d-%m-%Y") if a.due_on else "–"
            theme = md(a.theme.name) if a.theme else "–"
            first = _("yes") if a.first_step else ""
            out.append(
                f"| {md(a.title)} | {theme} | {md(owner(a))} | {md(a.next_step) or '–'} | {due} | {first} |"
            )
    else:
        out.append(_("No actions were recorded."))
    out += ["", f"## {_('First steps')}", ""]
    out += [
        f"- {md(a.title)} ({md(owner(a))})" + (f": {md(a.next_step)}" if a.next_step else "")
        for a in report.first_steps
    ] or [_("No first steps were chosen.")]
    out += ["", f"## {_('Ritual dissent')}", ""]
    for dissent in report.dissent:
        out += [f"**{_('Proposal')}:** {md(dissent.proposal)}", ""]
        for kind, label in (("critique", _("Critique")), ("suggestion", _("Suggestions"))):
            remarks = [r for r in dissent.remarks if r.kind == kind]
            if remarks:
                out += [f"{label}:", ""] + [f"- {md(r.text)}" for r in remarks] + [""]
        if dissent.revised_proposal:
            out += [f"**{_('Revised proposal')}:** {md(dissent.revised_proposal)}", ""]
    if not report.dissent:
        out += [_("No ritual dissent was recorded."), ""]
    out += [f"## {_('Sources and figures')}", ""]
    labels = sources.importance_labels()
    for src in report.sources:
        parts = [md(src.title)]
        if src.author:
            parts.append(md(src.author))
        if src.year:
            parts.append(str(src.year))
        line = "- " + ", ".join(parts) + f" ({_('importance')}: {labels.get(src.importance, src.importance)})"
        if src.url:
            line += f" <{src.url.replace('>', '%3E').replace(' ', '%20')}>"
        out.append(line)
    for entry in report.indicators:
        out += [
            "",
            f"**{md(entry['label'])}** ({md(entry['unit'])})",
            "",
            f"| {_('Period')} | {_('Value')} |",
            "|---|---|",
        ]
        out += [f"| {md(v.period)} | {monitoring.format_value(v.value)} |" for v in entry["values"]]
        if entry["sources"]:
            out += ["", f"{_('Source')}: {md('; '.join(entry['sources']))}"]
    if not report.sources and not report.indicators:
        out.append(_("No sources or figures were attached."))
    out += ["", f"## {_('Evaluation')}", ""]
    if report.evaluation_count:
        average = str(report.average_rating).replace(".", ",")
        out.append(_("Evaluations: %(n)s, average %(avg)s out of 5.", n=report.evaluation_count, avg=average))
        if report.went_well:
            out += ["", f"{_('What went well')}:", ""] + [f"- {md(t)}" for t in report.went_well]
        if report.to_improve:
            out += ["", f"{_('What could be better')}:", ""] + [f"- {md(t)}" for t in report.to_improve]
    else:
        out.append(_("No evaluations yet."))
    return "\n".join(out).rstrip() + "\n"
