"""The research export's data dictionary: every table's columns with their type and meaning, and
the questions of the framework with their options, so that a researcher can read the answers. The
columns themselves are data: research_columns.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from vertelpunt.framework import get_framework
from vertelpunt.framework.options import options_for
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


def _columns(entries: list[dict[str, str]]) -> tuple[Column, ...]:
    columns = []
    for entry in entries:
        ((name, spec),) = entry.items()
        kind, description = (part.strip() for part in spec.split("|", 1))
        columns.append(Column(name, kind, description))
    return tuple(columns)


_DICTIONARY = yaml.safe_load((Path(__file__).with_name("research_columns.yaml")).read_text("utf-8"))
TABLES: dict[str, tuple[Column, ...]] = {
    table: _columns(entries) for table, entries in _DICTIONARY["tables"].items()
}
QUESTION_COLUMNS = _columns(_DICTIONARY["questions"])
COLUMN_COLUMNS = _columns(_DICTIONARY["columns"])


def question_rows(traject: Traject, versions: list[int]) -> list[dict]:
    """The data dictionary of the answers, from the question framework of every version in use."""
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
            entries = [("option", o.id, o.label("nl"), o.label("en")) for o in options_for(q, traject)]
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
