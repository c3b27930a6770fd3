"""The research export of a traject: redacted stories, answers, sessions, themes, observations,
actions and reviews, with a data dictionary from the question framework; as CSV files in a zip or as
one JSON document.

Nothing that identifies a person or opens a door: no link tokens, session codes, submission keys,
withdrawal receipts, device hashes, participant or user names. Free text written in sessions goes
through the fast privacy rules once more, as stories did when they were stored."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from linkgen import cells
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.models import (
    Action,
    ActionReview,
    DuidingSession,
    Observation,
    SessionParticipant,
    SessionStory,
    Story,
    Theme,
    Traject,
)
from vertelpunt.models.sessions import observation_stories
from vertelpunt.privacy import redact

FORMAT_VERSION = 1
# Column types as a reader should load them: int, float, str, bool, date (YYYY-MM-DD); "?" = may be empty.


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str

    @property
    def nullable(self) -> bool:
        return self.type.endswith("?")


C = Column
TABLES: dict[str, tuple[Column, ...]] = {
    "stories": (
        C("story_id", "int", "Story number within this export (the database id)."),
        C("submitted_on", "date", "Day the story was shared (no time is kept)."),
        C("framework_version", "int", "Version of the question framework the narrator answered."),
        C("language", "str", "Language of the form: nl or en."),
        C("prompt", "str", "Option id of the question 'prompt' (see questions)."),
        C("title", "str", "Title, redacted."),
        C("text", "str", "Story text, redacted (personal details replaced by tags such as [naam])."),
        C("redaction", "str", "rules: fast rules only; full: also checked by deduce."),
        C(
            "audience",
            "str",
            "Audience of the link the story came through: youth, parent, professional, everyone.",
        ),
        C("general_link", "bool", "Came through the traject's general link."),
        C(
            "organisation_type",
            "str?",
            "Kind of organisation that sent the link (option of organisation_type).",
        ),
    ),
    "answers": (
        C("story_id", "int", "The story (stories.story_id)."),
        C(
            "framework_version",
            "int",
            "Framework version of the story; question and option ids are of that version.",
        ),
        C("question_id", "str", "Question id (questions.question_id)."),
        C("option_id", "str?", "Chosen option: a choice, or a triad corner."),
        C("number", "float?", "Slider position, or the triad corner's weight."),
        C("not_applicable", "bool", "The narrator said the question does not apply."),
        C("prefilled", "bool", "Filled in by the link, not by the narrator."),
    ),
    "sessions": (
        C("session_id", "int", "Session number (database id)."),
        C("title", "str", "Title of the duidingssessie."),
        C("held_on", "date", "Day of the session."),
        C("status", "str", "prepared, open or closed."),
        C("duration_minutes", "int", "Planned length in minutes."),
        C("goal", "str", "Goal of the session."),
        C("focus", "str", "Focus or question of the session."),
        C("selection_kind", "str?", "How the story set was chosen: filter, pattern, balanced or manual."),
        C("story_count", "int", "Stories in the session's story set."),
        C("participant_count", "int", "People at the table."),
    ),
    "session_stories": (
        C("session_id", "int", "The session (sessions.session_id)."),
        C("story_id", "int", "A story of its story set (stories.story_id)."),
    ),
    "themes": (
        C("theme_id", "int", "Theme number (database id)."),
        C("session_id", "int", "The session it was made in."),
        C("name", "str", "Name of the theme."),
        C("key_terms", "str", "Key terms, separated by '; '."),
        C("confirmed", "bool", "Confirmed by the group."),
        C("named_by_person", "bool", "Named by a person rather than by the engine."),
        C("origin", "str", "engine or person."),
        C("position", "int", "Order on the board."),
    ),
    "observations": (
        C("observation_id", "int", "Observation number (database id)."),
        C("session_id", "int", "The session it was written in."),
        C("participant_id", "int?", "Who wrote it, as a number only (no names); empty when unknown."),
        C("theme_id", "int?", "The theme it was placed in; empty when not placed."),
        C("text", "str", "The observation."),
        C("placement", "str", "engine (proposed) or person (placed by someone)."),
        C("fit_score", "float?", "How well it fits its theme according to the engine."),
        C("unfit", "bool", "Put aside by the engine as 'does not fit'."),
        C("created_on", "date", "Day it was written."),
    ),
    "observation_stories": (
        C("observation_id", "int", "The observation (observations.observation_id)."),
        C("story_id", "int", "A story it was written about (stories.story_id)."),
    ),
    "actions": (
        C("action_id", "int", "Action number (database id)."),
        C("session_id", "int", "The session it came from."),
        C("theme_id", "int?", "The theme it came from."),
        C("title", "str", "What will be done."),
        C("description", "str", "More about it."),
        C("term", "str", "short or long term."),
        C("size", "str", "small or large."),
        C("owner_organisation", "str", "Organisation that owns it."),
        C("next_step", "str", "The next step."),
        C("due_on", "date?", "Due date."),
        C("first_step", "bool", "Chosen as one of the first steps."),
        C("status", "str", "open, in_progress, done or dropped (latest known)."),
        C("public", "bool", "Shown on the public feedback page."),
        C("created_on", "date", "Day it was recorded."),
    ),
    "reviews": (
        C("review_id", "int", "Review number (database id)."),
        C("action_id", "int", "The action reviewed."),
        C("session_id", "int", "The session that reviewed it."),
        C("status", "str", "Status recorded in that review."),
        C("obstacles", "str", "Obstacles."),
        C("opportunities", "str", "Opportunities."),
        C("next_step", "str", "Next step."),
        C("reviewed_on", "date", "Day of the review."),
    ),
}
QUESTION_COLUMNS = (
    C("framework_version", "int", "Framework version."),
    C("question_id", "str", "Question id, as in answers.question_id."),
    C("entry", "str", "question, option (an answer choice) or label (a slider end)."),
    C("option_id", "str?", "Option id (entry option) or slider end (entry label: low or high)."),
    C("kind", "str", "meaning, context or story."),
    C("type", "str", "single_choice, multi_choice, slider, triad, short_text, long_text or hidden."),
    C("min", "int?", "Lowest slider value."),
    C("max", "int?", "Highest slider value."),
    C("max_choices", "int?", "Most options a narrator may choose."),
    C("text_nl", "str", "Dutch text."),
    C("text_en", "str", "English text."),
)


def _scrub(text: str | None) -> str:
    return redact(text, use_deduce=False).text if text else ""


def _day(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def _stories(traject: Traject) -> tuple[list[dict], list[dict]]:
    stories = db.session.scalars(
        select(Story)
        .where(Story.traject_id == traject.id)
        .options(selectinload(Story.answers), selectinload(Story.link))
        .order_by(Story.id)
    )
    story_rows, answer_rows = [], []
    org_types = {o.id: o.organisation_type for o in traject.organisations}
    for s in stories:
        story_rows.append(
            {
                "story_id": s.id,
                "submitted_on": _day(s.submitted_on),
                "framework_version": s.framework_version,
                "language": s.language,
                "prompt": s.prompt,
                "title": s.title,
                "text": s.text,
                "redaction": s.redaction,
                "audience": s.link.audience,
                "general_link": s.link.is_general,
                "organisation_type": org_types.get(s.organisation_id),
            }
        )
        answer_rows.extend(
            {
                "story_id": s.id,
                "framework_version": s.framework_version,
                "question_id": a.question_id,
                "option_id": a.option_id,
                "number": a.number,
                "not_applicable": bool(a.not_applicable),
                "prefilled": bool(a.prefilled),
            }
            for a in sorted(s.answers, key=lambda a: a.id)
        )
    return story_rows, answer_rows


def _sessions(traject: Traject) -> dict[str, list[dict]]:
    sessions = list(
        db.session.scalars(
            select(DuidingSession)
            .where(DuidingSession.traject_id == traject.id)
            .order_by(DuidingSession.held_on, DuidingSession.id)
        )
    )
    ids = [s.id for s in sessions]
    story_counts = dict(
        db.session.execute(
            select(SessionStory.session_id, func.count())
            .where(SessionStory.session_id.in_(ids))
            .group_by(SessionStory.session_id)
        ).all()
    )
    people = dict(
        db.session.execute(
            select(SessionParticipant.session_id, func.count())
            .where(SessionParticipant.session_id.in_(ids))
            .group_by(SessionParticipant.session_id)
        ).all()
    )
    out: dict[str, list[dict]] = {
        "sessions": [
            {
                "session_id": s.id,
                "title": s.title,
                "held_on": _day(s.held_on),
                "status": s.status,
                "duration_minutes": s.duration_minutes,
                "goal": _scrub(s.goal),
                "focus": _scrub(s.focus),
                "selection_kind": s.selection_kind,
                "story_count": story_counts.get(s.id, 0),
                "participant_count": people.get(s.id, 0),
            }
            for s in sessions
        ]
    }
    out["session_stories"] = [
        {"session_id": sid, "story_id": story_id}
        for sid, story_id in db.session.execute(
            select(SessionStory.session_id, SessionStory.story_id)
            .where(SessionStory.session_id.in_(ids))
            .order_by(SessionStory.session_id, SessionStory.position, SessionStory.id)
        )
    ]
    out["themes"] = [
        {
            "theme_id": t.id,
            "session_id": t.session_id,
            "name": t.name,
            "key_terms": "; ".join(str(k) for k in t.key_terms or []),
            "confirmed": bool(t.confirmed),
            "named_by_person": bool(t.named_by_person),
            "origin": t.origin,
            "position": t.position,
        }
        for t in db.session.scalars(
            select(Theme)
            .where(Theme.session_id.in_(ids))
            .order_by(Theme.session_id, Theme.position, Theme.id)
        )
    ]
    observations = list(
        db.session.scalars(
            select(Observation).where(Observation.session_id.in_(ids)).order_by(Observation.id)
        )
    )
    out["observations"] = [
        {
            "observation_id": o.id,
            "session_id": o.session_id,
            "participant_id": o.participant_id,
            "theme_id": o.theme_id,
            "text": _scrub(o.text),
            "placement": o.placement,
            "fit_score": o.fit_score,
            "unfit": bool(o.unfit),
            "created_on": _day(o.created_at),
        }
        for o in observations
    ]
    obs_ids = [o.id for o in observations]
    out["observation_stories"] = [
        {"observation_id": oid, "story_id": story_id}
        for oid, story_id in db.session.execute(
            select(observation_stories.c.observation_id, observation_stories.c.story_id)
            .where(observation_stories.c.observation_id.in_(obs_ids))
            .order_by(observation_stories.c.observation_id, observation_stories.c.story_id)
        )
    ]
    actions = list(
        db.session.scalars(select(Action).where(Action.traject_id == traject.id).order_by(Action.id))
    )
    out["actions"] = [
        {
            "action_id": a.id,
            "session_id": a.session_id,
            "theme_id": a.theme_id,
            "title": _scrub(a.title),
            "description": _scrub(a.description),
            "term": a.term,
            "size": a.size,
            "owner_organisation": a.owner_organisation,
            "next_step": _scrub(a.next_step),
            "due_on": _day(a.due_on),
            "first_step": bool(a.first_step),
            "status": a.status,
            "public": bool(a.public),
            "created_on": _day(a.created_at),
        }
        for a in actions
    ]
    out["reviews"] = [
        {
            "review_id": r.id,
            "action_id": r.action_id,
            "session_id": r.session_id,
            "status": r.status,
            "obstacles": _scrub(r.obstacles),
            "opportunities": _scrub(r.opportunities),
            "next_step": _scrub(r.next_step),
            "reviewed_on": _day(r.reviewed_on),
        }
        for r in db.session.scalars(
            select(ActionReview)
            .where(ActionReview.action_id.in_([a.id for a in actions]))
            .order_by(ActionReview.id)
        )
    ]
    return out


def question_rows(traject: Traject, versions: list[int]) -> list[dict]:
    """The data dictionary of the answers, from the question framework of every version in use."""
    municipalities = [(m.code, m.name) for m in traject.municipalities]
    rows = []
    for version in versions:
        framework = get_framework(version)
        for q in framework.questions:
            base = {"framework_version": version, "question_id": q.id, "kind": q.kind, "type": q.type}
            slider = q.type == "slider"
            rows.append(
                {
                    **base,
                    "entry": "question",
                    "option_id": None,
                    "min": q.min if slider else None,
                    "max": q.max if slider else None,
                    "max_choices": q.max_choices,
                    "text_nl": q.label("nl"),
                    "text_en": q.label("en"),
                }
            )
            options = [(o.id, o.label("nl"), o.label("en")) for o in q.options]
            if q.options_from == "traject_municipalities":
                options += [(code, name, name) for code, name in municipalities]
            entries = [("option", *o) for o in options]
            entries += [
                ("label", end, texts["nl"], texts.get("en", texts["nl"])) for end, texts in q.labels.items()
            ]
            for entry, option_id, nl, en in entries:
                rows.append(
                    {
                        **base,
                        "entry": entry,
                        "option_id": option_id,
                        "min": None,
                        "max": None,
                        "max_choices": None,
                        "text_nl": nl,
                        "text_en": en,
                    }
                )
    return rows


def column_rows() -> list[dict]:
    rows = []
    for table, columns in {**TABLES, "questions": QUESTION_COLUMNS}.items():
        for c in columns:
            rows.append(
                {
                    "table": table,
                    "column": c.name,
                    "type": c.type.rstrip("?"),
                    "nullable": c.nullable,
                    "description": c.description,
                }
            )
    return rows


COLUMN_COLUMNS = (
    C("table", "str", "File (without .csv) or key under 'tables' in the JSON."),
    C("column", "str", "Column name."),
    C("type", "str", "int, float, str, bool or date (YYYY-MM-DD)."),
    C("nullable", "bool", "The column may be empty."),
    C("description", "str", "What it holds."),
)


@dataclass
class ResearchExport:
    meta: dict
    tables: dict[str, list[dict]]
    questions: list[dict]
    columns: list[dict]


def build(traject: Traject, today: dt.date | None = None) -> ResearchExport:
    stories, answers = _stories(traject)
    tables = {"stories": stories, "answers": answers, **_sessions(traject)}
    versions = sorted({s["framework_version"] for s in stories} or {get_framework().version})
    meta = {
        "format_version": FORMAT_VERSION,
        "traject": {
            "slug": traject.slug,
            "name": traject.name,
            "region": traject.region,
            "focus": traject.focus,
            "opens_on": _day(traject.opens_on),
            "closes_on": _day(traject.closes_on),
        },
        "exported_on": _day(today or dt.date.today()),
        "framework_versions": versions,
        "counts": {name: len(rows) for name, rows in tables.items()},
    }
    return ResearchExport(meta, tables, question_rows(traject, versions), column_rows())


def _csv_value(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _csv(columns: tuple[Column, ...], rows: list[dict]) -> bytes:
    out = io.StringIO()
    # Story texts, titles and notes are typed by people: cells escapes any that a spreadsheet would run.
    writer = cells.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([_csv_value(row[c.name]) for c in columns])
    return out.getvalue().encode("utf-8")


README = """Research export of a StoryCycle traject

One CSV file per table (UTF-8, comma-separated, first line the column names; empty = no value;
booleans as true/false; dates as YYYY-MM-DD). columns.csv describes every column with its type;
questions.csv is the data dictionary of the question framework (question and option ids with
their Dutch and English texts), so answers.csv can be read with labels. meta.json says which
traject, when it was exported and how many rows each table has.

A text that a spreadsheet would run as a formula (one starting with =, +, -, @, a tab or a line
break, also after spaces) has one ' put before it, so opening a file is safe. The reader
storycycle_export.py takes that ' off again; the JSON document holds every text as it is.

Stories are redacted: personal details are replaced by tags such as [naam]. The export holds no
link tokens, session codes, submission keys, withdrawal codes, participant or user names.
"""


def to_zip(export: ResearchExport) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        archive.writestr("meta.json", json.dumps(export.meta, ensure_ascii=False, indent=2))
        for name, columns in TABLES.items():
            archive.writestr(f"{name}.csv", _csv(columns, export.tables[name]))
        archive.writestr("questions.csv", _csv(QUESTION_COLUMNS, export.questions))
        archive.writestr("columns.csv", _csv(COLUMN_COLUMNS, export.columns))
    return buffer.getvalue()


def to_json(export: ResearchExport) -> bytes:
    document = {
        "meta": export.meta,
        "data_dictionary": {"columns": export.columns, "questions": export.questions},
        "tables": export.tables,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def filename(traject: Traject, fmt: str, today: dt.date | None = None) -> str:
    return f"onderzoek-{traject.slug}-{(today or dt.date.today()).isoformat()}.{fmt}"
