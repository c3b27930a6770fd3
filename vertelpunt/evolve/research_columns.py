"""The research export's data dictionary: every table's columns with their type and meaning, and
the questions of the framework with their options, so that a researcher can read the answers."""

from __future__ import annotations

from dataclasses import dataclass

from vertelpunt.framework import get_framework
from vertelpunt.models import Traject


@dataclass(frozen=True)
class Column:
    """type: as a reader should load it: int, float, str, bool, date (YYYY-MM-DD); "?" after it: may be empty."""

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
