"""The research export of a traject: redacted stories, answers, sessions, themes, observations,
actions and reviews, with a data dictionary from the question framework; as CSV files in a zip or as
one JSON document.

The rows come from export_tables.py, what their columns mean from export_columns.py."""

from __future__ import annotations

import datetime as dt
import hmac
import io
import json
import zipfile
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from linkgen import cells
from vertelpunt.evolve.research_columns import (
    COLUMN_COLUMNS,
    QUESTION_COLUMNS,
    TABLES,
    Column,
    column_rows,
    question_rows,
)
from vertelpunt.evolve.research_tables import day, session_rows, story_rows
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.models import Story, Traject

__all__ = [
    "TABLES",
    "ResearchExport",
    "build",
    "column_rows",
    "filename",
    "question_rows",
    "to_json",
    "to_zip",
]

FORMAT_VERSION = 1


@dataclass
class ResearchExport:
    meta: dict
    tables: dict[str, list[dict]]
    questions: list[dict]
    columns: list[dict]


MARK = "stories "


def held_mark(traject: Traject) -> str:
    """An opaque mark of which stories the traject holds now (a keyed hash of their number and newest
    id): the same mark later means no story came or went. It says nothing of any story."""
    count, newest = db.session.execute(
        select(func.count(Story.id), func.max(Story.id)).where(Story.traject_id == traject.id)
    ).one()
    key = current_app.config["SECRET_KEY"].encode()
    return MARK + hmac.new(key, f"{traject.id}:{count}:{newest}".encode(), "sha256").hexdigest()[:16]


def build(traject: Traject, today: dt.date | None = None) -> ResearchExport:
    stories, answers = story_rows(traject)
    tables = {"stories": stories, "answers": answers, **session_rows(traject)}
    versions = sorted({s["framework_version"] for s in stories} or {get_framework().version})
    meta = {
        "format_version": FORMAT_VERSION,
        "traject": {
            "slug": traject.slug,
            "name": traject.name,
            "region": traject.region,
            "focus": traject.focus,
            "opens_on": day(traject.opens_on),
            "closes_on": day(traject.closes_on),
        },
        "exported_on": day(today or dt.date.today()),
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
