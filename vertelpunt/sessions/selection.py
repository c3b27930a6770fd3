"""Choosing a session's story set: by filter, from a pattern statement, or as a sample balanced across
perspectives. The session keeps how the set was chosen (selection_kind, selection) for its report.

Participants read the set on their own phones, so it holds only stories the redaction worker has
finished (redaction "full"): never one only the fast rules saw ("rules"), nor one deduce failed on
("failed"). A withdrawn story leaves the set by itself (session_stories cascades on delete)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from sensemaking.sampling import balanced_sample
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import audience_choices, options_for
from vertelpunt.models import DuidingSession, Link, SessionStory, Story, StoryAnswer, Traject
from vertelpunt.text import clean_text

ANSWER_FILTERS = ("perspective", "age_group", "municipality", "organisation_type")
FILTERS = ("perspective", "audience", "age_group", "municipality", "prompt", "organisation_type")
MAX_SET = 200  # more stories than a table of people can read in one afternoon
DEFAULT_SAMPLE = 24
SEED_MAX = 40
# The only stories a set may hold (see the module doc).
READY = Story.redaction == "full"


def filter_choices(traject: Traject) -> dict[str, list[tuple[str, str]]]:
    """Per filter, (value, Dutch or English label) pairs to choose from."""
    from flask_babel import get_locale

    lang = str(get_locale() or "nl")
    framework = get_framework()
    choices: dict[str, list[tuple[str, str]]] = {}
    for field in ("perspective", "age_group", "organisation_type", "prompt", "municipality"):
        choices[field] = [(o.id, o.label(lang)) for o in options_for(framework[field], traject)]
    choices["audience"] = audience_choices(lang)
    return choices


def _clean_criteria(traject: Traject, raw: Mapping[str, object]) -> dict:
    """The criteria as the session keeps them: per filter the chosen values (each one of the filter's
    options), and the dates `from` and `to` (dates, or None) as text."""
    choices = filter_choices(traject)
    criteria: dict = {}
    errors: dict[str, str] = {}
    for field in FILTERS:
        wanted = [v for v in raw.get(field) or () if v]
        allowed = {value for value, _label in choices[field]}
        if any(v not in allowed for v in wanted):
            errors[field] = _("Choose from the list.")
        elif wanted:
            criteria[field] = sorted(set(wanted))
    for field in ("from", "to"):
        day = raw.get(field)
        if isinstance(day, dt.date):
            criteria[field] = day.isoformat()
        elif day is not None:
            errors[field] = _("Fill in a date (day, month, year).")
    if criteria.get("from") and criteria.get("to") and criteria["to"] < criteria["from"]:
        errors["to"] = _("The end date must be after the start date.")
    if errors:
        raise InputError(errors)
    return criteria


def stories_matching(traject: Traject, criteria: Mapping) -> list[int]:
    """Ids of the traject's fully redacted stories that meet every criterion (any of the values within one)."""
    query = select(Story.id).where(Story.traject_id == traject.id, READY)
    if criteria.get("prompt"):
        query = query.where(Story.prompt.in_(criteria["prompt"]))
    if criteria.get("from"):
        query = query.where(Story.submitted_on >= dt.date.fromisoformat(criteria["from"]))
    if criteria.get("to"):
        query = query.where(Story.submitted_on <= dt.date.fromisoformat(criteria["to"]))
    if criteria.get("audience"):
        query = query.where(Story.link_id.in_(select(Link.id).where(Link.audience.in_(criteria["audience"]))))
    for field in ANSWER_FILTERS:
        if criteria.get(field):
            answered = select(StoryAnswer.story_id).where(
                StoryAnswer.question_id == field, StoryAnswer.option_id.in_(criteria[field])
            )
            query = query.where(Story.id.in_(answered))
    return list(db.session.scalars(query.order_by(Story.submitted_on, Story.id)))


def _replace_set(session: DuidingSession, kind: str, params: dict, story_ids: Sequence[int]) -> int:
    # Every way of choosing ends here: the last check that the set holds only finished stories of this
    # traject, whatever a caller (or a pattern statement computed earlier) passed in.
    ready = set(
        db.session.scalars(
            select(Story.id).where(Story.id.in_(story_ids), Story.traject_id == session.traject_id, READY)
        )
    )
    story_ids = [i for i in dict.fromkeys(story_ids) if i in ready]
    if not story_ids:
        raise InputError({"selection": _("No stories fit this choice. Choose more broadly.")})
    db.session.execute(delete(SessionStory).where(SessionStory.session_id == session.id))
    db.session.add_all(
        SessionStory(session_id=session.id, story_id=story_id, position=i)
        for i, story_id in enumerate(story_ids)
    )
    session.selection_kind = kind
    session.selection = params
    db.session.flush()
    db.session.expire(session, ["stories"])
    return len(story_ids)


def _limit(wanted: int | None, default: int) -> int:
    value = default if wanted is None else wanted
    if not isinstance(value, int) or not 1 <= value <= MAX_SET:
        raise InputError({"limit": _("Fill in a number of stories between 1 and %(n)s.", n=MAX_SET)})
    return value


def select_by_filter(session: DuidingSession, raw: Mapping[str, object], limit: int | None = None) -> int:
    """The stories that meet the filter, the most recent `limit` of them when there are more."""
    criteria = _clean_criteria(session.traject, raw)
    most = _limit(limit, MAX_SET)
    ids = stories_matching(session.traject, criteria)
    found = len(ids)
    ids = ids[-most:]
    return _replace_set(session, "filter", {**criteria, "limit": most, "found": found}, ids)


def _records(traject: Traject) -> list[dict]:
    from vertelpunt.sensemaking_cli import story_records

    query = (
        select(Story)
        .where(Story.traject_id == traject.id, READY)
        .options(selectinload(Story.answers), selectinload(Story.link))
        .order_by(Story.id)
    )
    return story_records(list(db.session.scalars(query)))


def pattern_statements(traject: Traject, limit: int = 30) -> list:
    """The engine's neutral statements on this traject's fully redacted stories, strongest first: the
    stories behind a statement become a story set."""
    from sensemaking import patterns
    from vertelpunt.sensemaking_cli import SPLITS, TARGETS, _question

    records = _records(traject)
    if not records:
        return []
    pairs = [(_question(by), _question(q)) for by in SPLITS for q in TARGETS if by != q]
    return patterns.pattern_statements(records, pairs, patterns.Settings())[:limit]


def select_by_pattern(session: DuidingSession, statement_text: str, statements: list | None = None) -> int:
    """The stories behind one statement. The statement is found again by its text, because the
    statements are computed afresh and the text is what the facilitator saw."""
    statements = statements if statements is not None else pattern_statements(session.traject)
    chosen = next((s for s in statements if s.text == statement_text), None)
    if chosen is None:
        raise InputError({"pattern": _("This pattern is no longer found. Choose one from the list.")})
    ids = [int(i) for i in chosen.story_ids][:MAX_SET]
    params = {"statement": chosen.text, "test": chosen.test, "p_adjusted": round(chosen.p_adjusted, 4)}
    return _replace_set(session, "pattern", params, ids)


def select_balanced(
    session: DuidingSession, size: int | None, seed: str = "", raw_filter: Mapping | None = None
) -> int:
    """A sample of `size` stories, equal per perspective as far as the stories go; seeded, so the
    same seed draws the same set again."""
    most = _limit(size, DEFAULT_SAMPLE)
    seed_text = clean_text(seed) or "1"
    if len(seed_text) > SEED_MAX:
        raise InputError({"seed": _("Use a shorter seed.")})
    criteria = _clean_criteria(session.traject, raw_filter or {})
    ids = set(stories_matching(session.traject, criteria))
    answers = dict(
        db.session.execute(
            select(StoryAnswer.story_id, StoryAnswer.option_id).where(
                StoryAnswer.question_id == "perspective", StoryAnswer.story_id.in_(ids)
            )
        ).all()
    )
    picked = balanced_sample(((i, answers.get(i)) for i in sorted(ids)), most, seed_text)
    return _replace_set(session, "balanced", {**criteria, "size": most, "seed": seed_text}, picked)


def describe(session: DuidingSession) -> str:
    """How the set was chosen, in words for the report."""
    params = session.selection or {}
    choices = filter_choices(session.traject)
    parts = []
    for field in FILTERS:
        if params.get(field):
            labels = dict(choices[field])
            parts.append(", ".join(labels.get(v, v) for v in params[field]))
    if params.get("from") or params.get("to"):
        parts.append(f"{params.get('from', '…')} – {params.get('to', '…')}")
    where = "; ".join(parts) if parts else _("all stories")
    if session.selection_kind == "filter":
        return _("By filter: %(where)s.", where=where)
    if session.selection_kind == "pattern":
        return _("From the pattern: %(text)s", text=params.get("statement", ""))
    if session.selection_kind == "balanced":
        return _(
            "A sample of %(n)s stories balanced across perspectives (seed %(seed)s) from: %(where)s.",
            n=params.get("size", ""),
            seed=params.get("seed", ""),
            where=where,
        )
    if session.selection_kind == "manual":
        return _("Chosen by hand.")
    return _("No story set chosen yet.")


def perspective_counts(session: DuidingSession) -> list[tuple[str, int]]:
    """How many stories of the set come from each perspective (for the facilitator's overview): those
    participants can read."""
    ids = [s.story_id for s in session.stories if s.story.redaction == "full"]
    rows = db.session.execute(
        select(StoryAnswer.option_id, StoryAnswer.story_id).where(
            StoryAnswer.question_id == "perspective", StoryAnswer.story_id.in_(ids)
        )
    ).all()
    labels = dict(filter_choices(session.traject)["perspective"])
    counts: dict[str, int] = {}
    for option_id, _story_id in rows:
        counts[labels.get(option_id, option_id)] = counts.get(labels.get(option_id, option_id), 0) + 1
    unanswered = len(ids) - len(rows)
    result = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if unanswered > 0:
        result.append((_("not answered"), unanswered))
    return result
