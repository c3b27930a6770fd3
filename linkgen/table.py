"""The coalition's organisation table: read it (CSV or XLSX), check every row, and write it back with links.

Allowed values come from the caller (audiences, age groups, municipalities, organisation types, each as
id -> names people may type), so this module knows nothing of the framework or the database. Problems
are returned as codes per row and column; the caller turns them into sentences."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from linkgen import cells as escaping
from linkgen import tokens

COLUMNS = (
    "organisation",
    "contact_person",
    "audience",
    "age_group",
    "municipality",
    "organisation_type",
    "channel",
    "link",
)
HEADERS = {
    "organisation": "Organisatie",
    "contact_person": "Contactpersoon",
    "audience": "Doelgroep",
    "age_group": "Leeftijdsgroep",
    "municipality": "Gemeente",
    "organisation_type": "Soort organisatie",
    "channel": "Kanaal",
    "link": "Link",
}
_ALIASES = {
    "organisation": ("organisatie", "organisation", "organization", "naam organisatie", "naam"),
    "contact_person": ("contactpersoon", "contact", "contact person", "contactperson"),
    "audience": ("doelgroep", "audience", "publiek"),
    "age_group": ("leeftijdsgroep", "leeftijd", "age group", "age"),
    "municipality": ("gemeente", "municipality"),
    "organisation_type": (
        "soort organisatie",
        "type organisatie",
        "organisatietype",
        "organisation type",
        "organization type",
        "type",
    ),
    "channel": ("kanaal", "channel"),
    "link": ("link", "url", "unieke link", "code"),
}
REQUIRED_COLUMNS = ("organisation", "audience", "organisation_type")
# A row without an audience lists an organisation without asking for a link (yet).
REQUIRED_CELLS = ("organisation", "organisation_type")
MAX_ROWS = 2000
MAX_CELL = 300


class TableError(ValueError):
    """The file as a whole cannot be read as an organisation table."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code  # encoding | not_a_table | no_header | missing_columns | too_many_rows | empty
        self.detail = detail


@dataclass(frozen=True)
class RawRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[str, str]


@dataclass(frozen=True)
class Allowed:
    audiences: Mapping[str, Iterable[str]]
    age_groups: Mapping[str, Iterable[str]]
    municipalities: Mapping[str, Iterable[str]]
    organisation_types: Mapping[str, Iterable[str]]


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    code: str  # required | unknown_value | too_long | duplicate_row | conflict | bad_link
    value: str = ""
    other_row: int | None = None


@dataclass
class TableRow:
    number: int
    organisation: str
    contact_person: str = ""
    audience: str = ""
    age_group: str = ""
    municipality: str = ""
    organisation_type: str = ""
    channel: str = ""
    token: str | None = None
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def link_key(self) -> tuple[str, str, str, str]:
        """Rows with the same key ask for the same link."""
        return (_norm(self.organisation), self.audience, self.age_group, _norm(self.channel))


def _norm(value: str) -> str:
    return " ".join(value.split()).casefold()


def decode(data: bytes) -> str:
    """Text of a CSV as Excel and other programs save it: UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise TableError("encoding", str(exc)) from None


def _header_map(header: Sequence[str]) -> dict[int, str]:
    wanted = {alias: column for column, aliases in _ALIASES.items() for alias in aliases}
    found: dict[int, str] = {}
    for position, name in enumerate(header):
        column = wanted.get(_norm(re.sub(r"[_*:]", " ", str(name or ""))))
        if column and column not in found.values():
            found[position] = column
    missing = [c for c in REQUIRED_COLUMNS if c not in found.values()]
    if not found:
        raise TableError("no_header")
    if missing:
        raise TableError("missing_columns", ", ".join(HEADERS[c] for c in missing))
    return found


def _rows(lines: Iterable[Sequence[object]]) -> list[RawRow]:
    iterator = iter(lines)
    header = None
    header_row = 0
    for position, line in enumerate(iterator, start=1):
        if any(str(c or "").strip() for c in line):
            header, header_row = line, position
            break
    if header is None:
        raise TableError("empty")
    columns = _header_map([str(c or "") for c in header])
    rows = []
    for number, line in enumerate(iterator, start=header_row + 1):
        cells = {column: _unescape(line[i]) if i < len(line) else "" for i, column in columns.items()}
        if not any(cells.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise TableError("too_many_rows", str(MAX_ROWS))
        rows.append(RawRow(number, cells))
    if not rows:
        raise TableError("empty")
    return rows


def _csv_lines(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_lines(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TableError("not_a_table", str(exc)) from None
    sheet = book.worksheets[0]
    lines = []
    for line in sheet.iter_rows(values_only=True):
        lines.append(
            tuple(
                "" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                for v in line
            )
        )
        if len(lines) > MAX_ROWS + 50:
            break
    book.close()
    return lines


def read_table(data: bytes, filename: str = "") -> list[RawRow]:
    """The non-empty rows of the first sheet (XLSX) or of the CSV, keyed by column."""
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        return _rows(_xlsx_lines(data))
    if b"\x00" in data[:2000] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError("not_a_table")
    return _rows(_csv_lines(decode(data)))


def _lookup(options: Mapping[str, Iterable[str]]) -> dict[str, str]:
    table = {}
    for option_id, names in options.items():
        table[_norm(option_id)] = option_id
        for name in names:
            table.setdefault(_norm(name), option_id)
    return table


def token_from(cell: str) -> str | None:
    """The link token in a cell holding a full address, a token with dashes, or nothing (None)."""
    cell = cell.strip().rstrip("/")
    if not cell:
        return None
    return tokens.normalise(cell.rsplit("/", 1)[-1])


def validate_rows(rows: Sequence[RawRow], allowed: Allowed) -> list[TableRow]:
    """Every row checked on its own and against the others; rows with problems carry them."""
    lookups = {
        "audience": _lookup(allowed.audiences),
        "age_group": _lookup(allowed.age_groups),
        "municipality": _lookup(allowed.municipalities),
        "organisation_type": _lookup(allowed.organisation_types),
    }
    checked: list[TableRow] = []
    for raw in rows:
        cells = raw.cells
        row = TableRow(raw.number, organisation=cells.get("organisation", ""))
        row.contact_person = cells.get("contact_person", "")
        row.channel = cells.get("channel", "")
        for column in ("organisation", "contact_person", "channel"):
            if len(cells.get(column, "")) > MAX_CELL:
                row.problems.append(RowProblem(raw.number, column, "too_long", cells[column][:40]))
        for column in REQUIRED_CELLS:
            if not cells.get(column, ""):
                row.problems.append(RowProblem(raw.number, column, "required"))
        for column, lookup in lookups.items():
            value = cells.get(column, "")
            if not value:
                continue
            option_id = lookup.get(_norm(value))
            if option_id is None:
                row.problems.append(RowProblem(raw.number, column, "unknown_value", value))
            else:
                setattr(row, column, option_id)
        link_cell = cells.get("link", "")
        if link_cell:
            row.token = token_from(link_cell)
            if row.token is None:
                row.problems.append(RowProblem(raw.number, "link", "bad_link", link_cell))
        checked.append(row)
    _check_across(checked)
    return checked


def _check_across(rows: list[TableRow]) -> None:
    """Two rows may not ask for the same link, and one organisation has one type, municipality and contact."""
    first_of_key: dict[tuple, TableRow] = {}
    first_of_token: dict[str, TableRow] = {}
    first_of_org: dict[str, TableRow] = {}
    for row in rows:
        if row.problems:
            continue
        earlier = first_of_key.setdefault(row.link_key, row)
        if earlier is not row:
            row.problems.append(
                RowProblem(row.number, "organisation", "duplicate_row", row.organisation, earlier.number)
            )
        if row.token:
            earlier = first_of_token.setdefault(row.token, row)
            if earlier is not row:
                row.problems.append(
                    RowProblem(row.number, "link", "duplicate_row", row.token, earlier.number)
                )
        earlier = first_of_org.setdefault(_norm(row.organisation), row)
        if earlier is not row:
            for column in ("organisation_type", "municipality", "contact_person"):
                mine, theirs = getattr(row, column), getattr(earlier, column)
                if column == "contact_person" and (not mine or not theirs):
                    continue
                if _norm(mine) != _norm(theirs):
                    row.problems.append(RowProblem(row.number, column, "conflict", mine, earlier.number))


def write_csv(rows: Sequence[Mapping[str, str]]) -> bytes:
    """Semicolons and a byte-order mark, so Dutch Excel opens it in columns and with the right accents."""
    out = io.StringIO()
    writer = escaping.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([HEADERS[c] for c in COLUMNS])
    for row in rows:
        writer.writerow([str(row.get(c) or "") for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(rows: Sequence[Mapping[str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Organisaties"
    # Every cell, the header too, goes through the one helper for text in a workbook.
    for column, name in enumerate(COLUMNS, start=1):
        escaping.xlsx_cell(sheet.cell(row=1, column=column), HEADERS[name])
    for number, row in enumerate(rows, start=2):
        for column, name in enumerate(COLUMNS, start=1):
            escaping.xlsx_cell(sheet.cell(row=number, column=column), row.get(name))
    for letter, width in zip("ABCDEFGH", (34, 24, 14, 16, 16, 22, 14, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _unescape(value: object) -> str:
    """A cell as read: control characters out, whitespace collapsed, and exactly the export's escape off."""
    text = " ".join(_CONTROL.sub("", str(value if value is not None else "")).split())
    return " ".join(escaping.unescape(text).split())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
