"""Monitoring figures (hard data) per traject: importing a table like the Kennispunt Twente CSV, choosing
the indicators a session shows, and their charts.

An import is all or nothing: every row is checked first, and one wrong row means nothing is stored,
with a Dutch message per row. Importing again updates the values of the same indicator, unit and
period instead of adding them twice."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, select

from vertelpunt.coalition.figures import data_block
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, IndicatorValue, SessionIndicator, Traject
from vertelpunt.text import clean_text

COLUMNS = ("indicator", "eenheid", "periode", "waarde", "bron", "peildatum")
REQUIRED = ("indicator", "eenheid", "periode", "waarde")
# A year, a half year, a quarter or a month: 2019, 2020-H1, 2020-Q3, 2020-06.
PERIOD = re.compile(r"^(19|20)\d\d(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$")
MAX_ROWS = 5000
_COLOUR = "#1f5f7a"
_FONT = {"family": "system-ui, sans-serif", "size": 13}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line number, Dutch message)

    @property
    def imported(self) -> bool:
        return not self.problems and (self.created + self.updated) > 0


@dataclass(frozen=True)
class FigureRow:
    indicator: str
    unit: str
    period: str
    value: float
    source: str
    reference_date: str


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252 (how Excel on Windows saves a CSV)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError({"file": _("This file cannot be read. Save it as CSV (UTF-8).")}) from None


def number(raw: str) -> float | None:
    """A number as people write it: 12.5, 12,5, 1.234,5, 1,234.5, 627848 or '€ 1.000'."""
    text = raw.strip().replace("€", "").replace("%", "").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def indicator_label(name: str) -> str:
    """'jeugdigen_met_indicatie' as people read it: 'Jeugdigen met indicatie'."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _lines(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:  # e.g. a cell longer than the csv module takes: not a table of figures
        raise InputError({"file": _("This file cannot be read. Save it as CSV (UTF-8).")}) from None


def read_rows(data: bytes) -> tuple[list[tuple[int, FigureRow]], list[tuple[int, str]]]:
    """The checked rows with their line numbers, and the problems (line, Dutch message)."""
    lines = _lines(decode(data))
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise InputError({"file": _("The file is empty.")})
    header = [clean_text(h).lower() for h in lines[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            {
                "file": _(
                    "The first line must name the columns %(columns)s. Missing: %(missing)s.",
                    columns=", ".join(COLUMNS),
                    missing=", ".join(missing),
                )
            }
        )
    if len(lines) - 1 > MAX_ROWS:
        raise InputError({"file": _("At most %(n)s rows at a time.", n=MAX_ROWS)})
    where = {name: header.index(name) for name in COLUMNS if name in header}
    rows: list[tuple[int, FigureRow]] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number_, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells=cells) -> str:
            i = where.get(name)
            return clean_text(cells[i]) if i is not None and i < len(cells) else ""

        row_problems = []
        indicator, unit, period = cell("indicator"), cell("eenheid"), cell("periode")
        if not indicator:
            row_problems.append(_("the indicator is empty"))
        elif len(indicator) > 120:
            row_problems.append(_("the indicator is longer than %(n)s characters", n=120))
        if not unit:
            row_problems.append(_("the unit (eenheid) is empty"))
        elif len(unit) > 40:
            row_problems.append(_("the unit (eenheid) is longer than %(n)s characters", n=40))
        if not PERIOD.match(period):
            row_problems.append(
                _("the period '%(value)s' is not a year like 2019 or 2020-H1, 2020-Q3, 2020-06", value=period)
            )
        value = number(cell("waarde"))
        if value is None:
            row_problems.append(_("the value '%(value)s' is not a number", value=cell("waarde")))
        source, reference = cell("bron"), cell("peildatum")
        if len(source) > 300:
            row_problems.append(_("the source (bron) is longer than %(n)s characters", n=300))
        if len(reference) > 20:
            row_problems.append(_("the reference date (peildatum) is longer than %(n)s characters", n=20))
        key = (indicator.casefold(), unit.casefold(), period)
        if not row_problems and key in seen:
            row_problems.append(_("the same indicator, unit and period as line %(n)s", n=seen[key]))
        if row_problems:
            problems.append((number_, _("Line %(n)s: %(what)s.", n=number_, what="; ".join(row_problems))))
            continue
        seen[key] = number_
        rows.append((number_, FigureRow(indicator, unit, period, value, source, reference)))
    if not rows and not problems:
        raise InputError({"file": _("The file has no rows with figures.")})
    return rows, problems


def import_figures(traject: Traject, data: bytes) -> ImportReport:
    """Check every row; store them only when all are right (created or updated in place)."""
    rows, problems = read_rows(data)
    report = ImportReport(problems=problems)
    if problems:
        return report
    existing = {
        (v.indicator, v.unit, v.period): v
        for v in db.session.scalars(select(IndicatorValue).where(IndicatorValue.traject_id == traject.id))
    }
    for _line, row in rows:
        value = existing.get((row.indicator, row.unit, row.period))
        if value is None:
            value = IndicatorValue(
                traject_id=traject.id,
                indicator=row.indicator,
                unit=row.unit,
                period=row.period,
                value=row.value,
            )
            db.session.add(value)
            existing[(row.indicator, row.unit, row.period)] = value
            report.created += 1
        else:
            report.updated += 1
        value.value = row.value
        value.source = row.source
        value.reference_date = row.reference_date
    db.session.flush()
    return report


def _period_key(period: str) -> tuple:
    return (period[:4], period[4:])


def indicators(traject: Traject) -> list[dict]:
    """Every indicator of the traject with its values in period order."""
    values = db.session.scalars(
        select(IndicatorValue)
        .where(IndicatorValue.traject_id == traject.id)
        .order_by(IndicatorValue.indicator, IndicatorValue.unit)
    )
    found: dict[tuple[str, str], dict] = {}
    for v in values:
        entry = found.setdefault(
            (v.indicator, v.unit),
            {"indicator": v.indicator, "unit": v.unit, "label": indicator_label(v.indicator), "values": []},
        )
        entry["values"].append(v)
    for entry in found.values():
        entry["values"].sort(key=lambda v: _period_key(v.period))
        entry["key"] = f"{entry['indicator']}|{entry['unit']}"
        entry["sources"] = sorted({v.source for v in entry["values"] if v.source})
    return list(found.values())


def set_session_indicators(session: DuidingSession, keys: Iterable[str]) -> int:
    """The indicators the session shows: exactly the chosen ones ("indicator|unit")."""
    known = {e["key"]: e for e in indicators(session.traject)}
    chosen = []
    for key in keys:
        if key not in known:
            raise InputError({"indicators": _("Choose indicators of this traject.")})
        if key not in chosen:
            chosen.append(key)
    db.session.execute(delete(SessionIndicator).where(SessionIndicator.session_id == session.id))
    db.session.add_all(
        SessionIndicator(session_id=session.id, indicator=known[k]["indicator"], unit=known[k]["unit"])
        for k in chosen
    )
    db.session.flush()
    db.session.expire(session, ["indicators"])
    return len(chosen)


def session_indicators(session: DuidingSession) -> list[dict]:
    chosen = {(i.indicator, i.unit) for i in session.indicators}
    return [e for e in indicators(session.traject) if (e["indicator"], e["unit"]) in chosen]


def format_value(value: float) -> str:
    """Dutch digit grouping: 627.848 and 12,5."""
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".").rstrip("0").rstrip(",")


def chart_spec(entry: dict) -> dict:
    periods = [v.period for v in entry["values"]]
    return {
        "data": [
            {
                "type": "bar",
                "x": periods,
                "y": [v.value for v in entry["values"]],
                "marker": {"color": _COLOUR},
                "hovertemplate": "%{x}: %{y:,}<extra></extra>",
            }
        ],
        "layout": {
            "height": 300,
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "title": {"text": f"{entry['label']} ({entry['unit']})"},
            "xaxis": {"type": "category", "title": {"text": _("Period")}, "automargin": True},
            "yaxis": {"title": {"text": entry["unit"]}, "rangemode": "tozero", "automargin": True},
            "separators": ",.",
            "font": _FONT,
        },
    }


def chart(entry: dict, div_id: str) -> Markup:
    """An empty chart element and the figure as a JSON data block that coalition.js draws (indicator
    names come from an uploaded file: the block escapes them)."""
    return data_block(chart_spec(entry), div_id)
