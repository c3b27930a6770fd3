"""The traject plan: cycles and phases (with a default proposal), milestones, success criteria and the
coalition's members, and where the traject stands on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import (
    CoalitionMember,
    CyclePhase,
    Digest,
    DuidingSession,
    Milestone,
    SuccessCriterion,
    Traject,
    TrajectCycle,
)
from vertelpunt.models.plan import CRITERION_STATUSES, CYCLES, MILESTONE_KINDS, PHASES
from vertelpunt.text import clean_text

# Sharing stories takes the longest; the three other phases of a cycle get equal shares of the rest.
PHASE_WEIGHTS = (0.4, 0.2, 0.2, 0.2)
# Kinds a person adds by hand; the others come from the traject, its sessions and digests.
MANUAL_KINDS = ("report", "other", "session")
# Longest free text of a criterion, its measure and a member's population: a few sentences.
MAX_NOTE = 1000


def cycle_names() -> dict[str, str]:
    return {"opstart": _("Start-up cycle"), "tempo": _("Tempo cycle"), "actie": _("Action cycle")}


def phase_names() -> dict[str, str]:
    return {
        "delen": _("Sharing"),
        "inzicht": _("Insight"),
        "ontwikkelen": _("Developing"),
        "evolueren": _("Evolving"),
    }


def milestone_kind_names() -> dict[str, str]:
    return {
        "vertelpunt_open": _("Vertelpunt opens"),
        "vertelpunt_closed": _("Vertelpunt closes"),
        "session": _("Session"),
        "digest": _("Digest"),
        "report": _("Report"),
        "other": _("Other"),
    }


def criterion_status_names() -> dict[str, str]:
    return {"open": _("not yet known"), "met": _("met"), "not_met": _("not met")}


@dataclass
class Span:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    phases: list[Span]

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def split(start: dt.date, end: dt.date, weights: Sequence[float]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive parts of [start, end] in proportion to weights. A span too short for every part to
    get its own day lets parts share a day rather than end before they start."""
    days = (end - start).days + 1
    total = sum(weights)
    bounds, running = [0], 0.0
    for w in weights:
        running += w
        bounds.append(round(days * running / total))
    parts = []
    for low, high in zip(bounds, bounds[1:], strict=False):
        first = min(start + dt.timedelta(days=low), end)
        last = max(first, min(start + dt.timedelta(days=high - 1), end))
        parts.append((first, last))
    return parts


def default_plan(traject: Traject) -> list[Span]:
    """Three equal cycles over the traject's dates, each split into its four phases."""
    cycles = []
    for kind, (start, end) in zip(CYCLES, split(traject.opens_on, traject.closes_on, (1, 1, 1)), strict=True):
        phases = [
            Span(phase, s, e, [])
            for phase, (s, e) in zip(PHASES, split(start, end, PHASE_WEIGHTS), strict=True)
        ]
        cycles.append(Span(kind, start, end, phases))
    return cycles


def stored_plan(traject: Traject) -> list[Span]:
    rows = db.session.scalars(select(TrajectCycle).where(TrajectCycle.traject_id == traject.id)).all()
    order = {kind: i for i, kind in enumerate(CYCLES)}
    phase_order = {phase: i for i, phase in enumerate(PHASES)}
    return [
        Span(
            c.kind,
            c.starts_on,
            c.ends_on,
            [
                Span(p.phase, p.starts_on, p.ends_on, [])
                for p in sorted(c.phases, key=lambda p: phase_order[p.phase])
            ],
        )
        for c in sorted(rows, key=lambda c: order[c.kind])
    ]


def _save_spans(traject: Traject, spans: Sequence[Span]) -> None:
    existing = {
        c.kind: c
        for c in db.session.scalars(select(TrajectCycle).where(TrajectCycle.traject_id == traject.id))
    }
    for span in spans:
        cycle = existing.get(span.name)
        if cycle is None:
            cycle = TrajectCycle(
                traject_id=traject.id, kind=span.name, starts_on=span.starts_on, ends_on=span.ends_on
            )
            db.session.add(cycle)
        cycle.starts_on, cycle.ends_on = span.starts_on, span.ends_on
        phases = {p.phase: p for p in cycle.phases}
        for phase in span.phases:
            row = phases.get(phase.name)
            if row is None:
                row = CyclePhase(phase=phase.name, starts_on=phase.starts_on, ends_on=phase.ends_on)
                cycle.phases.append(row)
            row.starts_on, row.ends_on = phase.starts_on, phase.ends_on
    db.session.flush()


def accept_default(traject: Traject) -> bool:
    """Store the proposal; False when the traject already has a plan (it is never overwritten)."""
    if stored_plan(traject):
        return False
    _save_spans(traject, default_plan(traject))
    return True


def _date(raw: dt.date | str | None, field: str, errors: dict[str, str]) -> dt.date | None:
    """A date as the form read it, or from text (the demo, a test). None when it is not one, and
    then errors says so, unless it did already."""
    if isinstance(raw, dt.date):
        return raw
    if field in errors:
        return None
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        errors[field] = _("Fill in a date as YYYY-MM-DD.")
        return None


def save_cycles(
    traject: Traject, dates: Mapping[str, dt.date | str | None], refused: Mapping[str, str] | None = None
) -> None:
    """Dates of every cycle and phase from the plan form (fields `<cycle>_starts_on`,
    `<cycle>_<phase>_ends_on`, ...); refused: the fields the form could not read, with why. One
    wrong date and nothing is saved; every mistake is named at once."""
    errors = dict(refused or {})
    names, phase_label = cycle_names(), phase_names()
    spans = []
    for kind in CYCLES:
        start = _date(dates.get(f"{kind}_starts_on"), f"{kind}_starts_on", errors)
        end = _date(dates.get(f"{kind}_ends_on"), f"{kind}_ends_on", errors)
        if start and end and end < start:
            errors[f"{kind}_ends_on"] = _(
                "%(cycle)s: the end date is before the start date.", cycle=names[kind]
            )
        phases = []
        for phase in PHASES:
            key = f"{kind}_{phase}"
            p_start = _date(dates.get(f"{key}_starts_on"), f"{key}_starts_on", errors)
            p_end = _date(dates.get(f"{key}_ends_on"), f"{key}_ends_on", errors)
            where = f"{names[kind]}, {phase_label[phase].lower()}"
            if p_start and p_end and p_end < p_start:
                errors[f"{key}_ends_on"] = _("%(where)s: the end date is before the start date.", where=where)
            elif p_start and p_end and start and end and not (start <= p_start and p_end <= end):
                errors[f"{key}_starts_on"] = _(
                    "%(where)s: the phase must fall within its cycle.", where=where
                )
            if p_start and p_end:
                phases.append(Span(phase, p_start, p_end, []))
        if start and end:
            spans.append(Span(kind, start, end, phases))
    if errors:
        raise InputError(errors)
    _save_spans(traject, spans)


def add_milestone(
    traject: Traject, *, title: str, due_on: dt.date | str | None, kind: str = "other"
) -> Milestone:
    errors: dict[str, str] = {}
    title = clean_text(title or "").strip()
    if not title:
        errors["title"] = _("Give the milestone a name.")
    elif len(title) > 200:
        errors["title"] = _("Use at most 200 characters.")
    if kind not in MILESTONE_KINDS:
        errors["kind"] = _("Choose a kind of milestone.")
    due = _date(due_on, "due_on", errors)
    if errors:
        raise InputError(errors)
    milestone = Milestone(traject_id=traject.id, kind=kind, title=title, due_on=due)
    db.session.add(milestone)
    db.session.flush()
    return milestone


def _too_long() -> str:
    return _("Use at most %(n)s characters.", n=MAX_NOTE)


def _own(model, traject: Traject, raw_id) -> object:
    try:
        row = db.session.get(model, int(raw_id))
    except (TypeError, ValueError):
        row = None
    if row is None or row.traject_id != traject.id:
        raise InputError({"id": _("This item does not exist (any more).")})
    return row


def set_milestone_done(traject: Traject, milestone_id, done_on: dt.date | None) -> None:
    _own(Milestone, traject, milestone_id).done_on = done_on


def remove_milestone(traject: Traject, milestone_id) -> None:
    db.session.delete(_own(Milestone, traject, milestone_id))


def add_criterion(traject: Traject, *, text: str, measure: str = "") -> SuccessCriterion:
    text, measure = clean_text(text or "").strip(), clean_text(measure or "").strip()
    errors = {"measure": _too_long()} if len(measure) > MAX_NOTE else {}
    if not text:
        errors["text"] = _("Describe the success criterion.")
    elif len(text) > MAX_NOTE:
        errors["text"] = _too_long()
    if errors:
        raise InputError(errors)
    position = db.session.scalar(
        select(func.coalesce(func.max(SuccessCriterion.position), 0)).where(
            SuccessCriterion.traject_id == traject.id
        )
    )
    criterion = SuccessCriterion(traject_id=traject.id, text=text, measure=measure, position=position + 1)
    db.session.add(criterion)
    db.session.flush()
    return criterion


def set_criterion_status(traject: Traject, criterion_id, status: str) -> None:
    criterion = _own(SuccessCriterion, traject, criterion_id)
    if status not in CRITERION_STATUSES:
        raise InputError({"status": _("Choose met, not met or not yet known.")})
    criterion.status = status


def remove_criterion(traject: Traject, criterion_id) -> None:
    db.session.delete(_own(SuccessCriterion, traject, criterion_id))


def add_member(
    traject: Traject, *, organisation: str, representative: str = "", population: str = ""
) -> CoalitionMember:
    organisation = clean_text(organisation or "").strip()
    errors: dict[str, str] = {}
    if not organisation:
        errors["organisation"] = _("Fill in the organisation.")
    elif len(organisation) > 160:
        errors["organisation"] = _("Use at most 160 characters.")
    elif db.session.scalar(
        select(CoalitionMember.id).where(
            CoalitionMember.traject_id == traject.id, CoalitionMember.organisation == organisation
        )
    ):
        errors["organisation"] = _("This organisation is already a member.")
    representative = clean_text(representative or "").strip()
    if len(representative) > 120:
        errors["representative"] = _("Use at most 120 characters.")
    population = clean_text(population or "").strip()
    if len(population) > MAX_NOTE:
        errors["population"] = _too_long()
    if errors:
        raise InputError(errors)
    member = CoalitionMember(
        traject_id=traject.id, organisation=organisation, representative=representative, population=population
    )
    db.session.add(member)
    db.session.flush()
    return member


def remove_member(traject: Traject, member_id) -> None:
    db.session.delete(_own(CoalitionMember, traject, member_id))


@dataclass
class Moment:
    """One line of the timeline: derived from the traject, a session or a digest, or a milestone row."""

    day: dt.date
    kind: str
    title: str
    done: bool
    milestone_id: int | None = None


def moments(traject: Traject, today: dt.date) -> list[Moment]:
    items = [
        Moment(traject.opens_on, "vertelpunt_open", _("Vertelpunt opens"), traject.has_opened(today)),
        Moment(traject.closes_on, "vertelpunt_closed", _("Vertelpunt closes"), traject.has_closed(today)),
    ]
    for session in db.session.scalars(
        select(DuidingSession).where(DuidingSession.traject_id == traject.id).order_by(DuidingSession.held_on)
    ):
        items.append(Moment(session.held_on, "session", session.title, session.status == "closed"))
    for day in db.session.scalars(
        select(Digest.made_on).where(Digest.traject_id == traject.id).order_by(Digest.made_on)
    ):
        items.append(Moment(day, "digest", _("Digest sent"), True))
    for m in db.session.scalars(select(Milestone).where(Milestone.traject_id == traject.id)):
        items.append(Moment(m.due_on, m.kind, m.title, m.done_on is not None, m.id))
    return sorted(items, key=lambda m: (m.day, m.kind, m.title))


@dataclass
class Position:
    cycle: Span | None
    phase: Span | None
    next_phase: tuple[Span, Span] | None  # (cycle, phase)
    next_moments: list[Moment]
    overdue_moments: list[Moment]


def position(plan: Sequence[Span], timeline: Sequence[Moment], today: dt.date) -> Position:
    """Where the traject is on `today`: the cycle and phase (the last one that started, when phases
    share a day), what phase comes next, and the next things planned."""
    cycle = next((c for c in reversed(plan) if c.contains(today)), None)
    phase = next((p for p in reversed(cycle.phases) if p.contains(today)), None) if cycle else None
    upcoming = [(c, p) for c in plan for p in c.phases if p.starts_on > today]
    upcoming.sort(key=lambda cp: cp[1].starts_on)
    return Position(
        cycle=cycle,
        phase=phase,
        next_phase=upcoming[0] if upcoming else None,
        next_moments=[m for m in timeline if m.day >= today and not m.done][:3],
        overdue_moments=[m for m in timeline if m.day < today and not m.done],
    )


def members(traject: Traject) -> list[CoalitionMember]:
    return list(
        db.session.scalars(
            select(CoalitionMember)
            .where(CoalitionMember.traject_id == traject.id)
            .order_by(CoalitionMember.organisation)
        )
    )


def response_criteria(traject: Traject, exact: bool, today: dt.date | None = None) -> list:
    """The coalition's response targets as success criteria of the plan, decided exactly as on the
    reader's dashboard: from what the reader may see of each count (coalition/disclosure.py), so a
    target that a hidden count decides says "nog niet te zeggen" here too, never met or not met.
    Criteria written by people keep the status a person gave them."""
    from vertelpunt.coalition import dashboard

    return dashboard.build(traject, exact=exact, today=today).targets


def criteria(traject: Traject) -> list[SuccessCriterion]:
    return list(
        db.session.scalars(
            select(SuccessCriterion)
            .where(SuccessCriterion.traject_id == traject.id)
            .order_by(SuccessCriterion.position, SuccessCriterion.id)
        )
    )
