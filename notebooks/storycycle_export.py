"""Read a StoryCycle research export (the zip of CSV files or the JSON document) into pandas.

Column types come from the export's own data dictionary (columns.csv, or data_dictionary.columns in
the JSON): whole numbers as Int64, dates as datetime64, booleans as bool, texts as strings. Only
pandas is needed, not StoryCycle itself.

    from storycycle_export import load
    export = load("onderzoek-twente.zip")
    export.tables["stories"].dtypes
"""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

_PANDAS_TYPES = {"int": "Int64", "float": "float64", "str": "string", "bool": "boolean"}
# The export's CSV files put a ' before a text a spreadsheet would run as a formula. The same rule as
# StoryCycle's linkgen/cells.py (a test holds them equal), copied so that only pandas is needed here.
_FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


def unescape_cell(text: str) -> str:
    """A CSV cell as it was before the export escaped it: exactly the one added ' taken off."""
    if not text.startswith("'"):
        return text
    rest = text[1:].lstrip("'")
    if rest[:1] in ("\t", "\r", "\n"):
        return text[1:]
    for char in rest:
        if not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")):
            return text[1:] if char in _FORMULA_SIGNS else text
    return text


@dataclass
class Export:
    meta: dict
    tables: dict[str, pd.DataFrame]
    questions: pd.DataFrame
    columns: pd.DataFrame

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def _typed(frame: pd.DataFrame, spec: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for row in spec.itertuples():
        name = row.column
        if name not in frame:
            frame[name] = pd.Series([None] * len(frame), dtype="object")
        values = frame[name]
        if row.type != "str" or row.nullable:
            values = values.astype("object").where(values.astype("object") != "", None)
        if row.type == "date":
            frame[name] = pd.to_datetime(values, format="%Y-%m-%d")
        elif row.type == "bool":
            mapped = values.map(lambda v: v if isinstance(v, bool) or v is None else str(v).lower() == "true")
            frame[name] = mapped.astype("boolean" if row.nullable else "bool")
        elif row.type == "str":
            frame[name] = values.fillna("").astype("string") if not row.nullable else values.astype("string")
        elif row.type == "int" and not row.nullable:
            frame[name] = pd.to_numeric(values).astype("int64")
        else:
            frame[name] = pd.to_numeric(values).astype(_PANDAS_TYPES[row.type])
    return frame[list(spec["column"])]


def _columns(raw: pd.DataFrame) -> pd.DataFrame:
    raw = raw.copy()
    raw["nullable"] = raw["nullable"].map(lambda v: v if isinstance(v, bool) else str(v).lower() == "true")
    return raw


def load(path: str | Path) -> Export:
    path = Path(path)
    if path.suffix.lower() == ".json":
        document = json.loads(path.read_text(encoding="utf-8"))
        columns = _columns(pd.DataFrame(document["data_dictionary"]["columns"]))
        raw_tables = {name: pd.DataFrame(rows) for name, rows in document["tables"].items()}
        raw_questions = pd.DataFrame(document["data_dictionary"]["questions"])
        meta = document["meta"]
    else:
        with zipfile.ZipFile(path) as archive:

            def read(name: str) -> pd.DataFrame:
                data = archive.read(name).decode("utf-8")
                frame = pd.read_csv(io.StringIO(data), dtype=str, keep_default_na=False)
                return frame.map(unescape_cell)

            columns = _columns(read("columns.csv"))
            names = [n[: -len(".csv")] for n in archive.namelist() if n.endswith(".csv")]
            raw_tables = {n: read(f"{n}.csv") for n in names if n not in ("columns", "questions")}
            raw_questions = read("questions.csv")
            meta = json.loads(archive.read("meta.json"))
    spec = {table: group for table, group in columns.groupby("table", sort=False)}
    tables = {name: _typed(frame, spec[name]) for name, frame in raw_tables.items()}
    return Export(meta, tables, _typed(raw_questions, spec["questions"]), columns)


def demo_export(path: str | Path, story_count: int = 120) -> Path:
    """Write the research export of the Twente demo traject, seeded on a fresh SQLite file, to `path`.
    For trying the notebooks without a real export; needs StoryCycle itself (run from its .venv)."""
    import tempfile

    from flask_migrate import upgrade

    from vertelpunt import create_app
    from vertelpunt.core.access import traject_by_slug
    from vertelpunt.demo.seed import SLUG, seed_demo
    from vertelpunt.evolve import research_export
    from vertelpunt.extensions import db

    url = f"sqlite:///{tempfile.mkdtemp()}/demo.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "notebook-only", "TESTING": True})
    with app.app_context():
        upgrade()
        seed_demo(story_count=story_count)
        path = Path(path)
        path.write_bytes(research_export.to_zip(research_export.build(traject_by_slug(SLUG))))
        db.session.remove()
        db.engine.dispose()
    return path


def story_records(export: Export) -> list[dict]:
    """The stories as the sensemaking engine reads them, like vertelpunt.sensemaking_cli.story_records:
    an option id (single choice), a list (multi choice), a number (slider), the heaviest corner (triad)."""
    questions = export.questions
    types = dict(
        questions.loc[questions.entry == "question", ["question_id", "type"]].itertuples(
            index=False, name=None
        )
    )
    records = {
        int(s.story_id): {"id": int(s.story_id), "audience": s.audience, "prompt": s.prompt}
        for s in export["stories"].itertuples(index=False)
    }
    triads: dict[tuple[int, str], list[tuple[float, str]]] = {}
    for a in export["answers"].itertuples(index=False):
        record = records[int(a.story_id)]
        kind = types.get(a.question_id)
        option = None if pd.isna(a.option_id) else str(a.option_id)
        number = None if pd.isna(a.number) else float(a.number)
        if a.not_applicable:
            continue
        if kind == "multi_choice":
            record.setdefault(a.question_id, []).append(option)
        elif kind == "triad" and option is not None:
            triads.setdefault((int(a.story_id), a.question_id), []).append((number or 0.0, option))
        elif kind == "slider":
            record[a.question_id] = number
        elif option is not None:
            record[a.question_id] = option
    for (story_id, qid), weights in triads.items():
        records[story_id][qid] = max(weights)[1]
    return list(records.values())


def option_labels(export: Export, question_id: str, lang: str = "nl") -> dict[str, str]:
    q = export.questions
    rows = q[(q.question_id == question_id) & (q.entry == "option")]
    return dict(zip(rows.option_id, rows[f"text_{lang}"], strict=True))
