"""Text cells that stay text when a spreadsheet opens them: the one escaping rule for every CSV and XLSX
this platform writes, and its exact inverse for the tables it reads back.

A spreadsheet runs a cell that starts with =, +, - or @ as a formula (=HYPERLINK(...) sends data away,
=cmd|... ran programs in old Excel). As OWASP recommends, such a cell gets a single quote in front; so
does a cell starting with a tab or a line break, and one whose first visible character is a formula
sign after spaces or control characters (some programs trim those before they look). The full-width
signs count too: Excel in East Asian locales reads them as the ASCII ones.

The quote must come off again on import, and only the quote the export added: a name that itself starts
with quotes followed by a formula sign gets one more quote, so `unescape(escape(text)) == text` for every
text, however often a table goes out and comes back."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

QUOTE = "'"
FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_ALWAYS = frozenset("\t\r\n")


def _invisible(char: str) -> bool:
    # Whitespace, control and format characters (zero-width space, BOM) come before what a reader sees;
    # so may code points this Python does not know yet (Cn) or private ones (Co), which a spreadsheet
    # with another Unicode version or font may skip: a quote too many is harmless, one too few is not.
    return char.isspace() or unicodedata.category(char)[0] in "CZ"


def _formula_start(text: str) -> bool:
    if text[:1] in _ALWAYS:
        return True
    for char in text:
        if not _invisible(char):
            return char in FORMULA_SIGNS
    return False


def needs_escape(text: str) -> bool:
    """Whether a spreadsheet could read this text (after any quotes it starts with) as a formula."""
    return _formula_start(text.lstrip(QUOTE))


def escape(value: Any) -> Any:
    """A CSV cell: text that could run as a formula gets a quote in front; numbers and None stay."""
    if isinstance(value, str) and needs_escape(value):
        return QUOTE + value
    return value


def unescape(text: str) -> str:
    """Exactly the quote that escape() added, taken off again; any other text stays as it is."""
    if text.startswith(QUOTE) and needs_escape(text[1:]):
        return text[1:]
    return text


def xlsx_text(value: str) -> tuple[str, bool]:
    """The text of an XLSX string cell, and whether it should carry Excel's quote-prefix style.

    A typed string cell is never run as a formula, so it needs no quote in its text; the quote-prefix
    style keeps it text when someone edits the cell. Only a text that already starts with a quote gets
    one more, so that unescape() on import (which also undoes a CSV escape pasted into a workbook)
    gives back exactly this text."""
    risky = needs_escape(value)
    return (QUOTE + value if risky and value.startswith(QUOTE) else value), risky


# Control characters an XLSX file cannot hold (openpyxl refuses them). Names are cleaned on the way in,
# so only text from elsewhere could carry one.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_cell(cell, value: object) -> None:
    """The only way this platform puts a text in a workbook: an openpyxl cell set to a typed string
    (openpyxl itself would store a text starting with = as a formula), with the quote-prefix style
    when the text looks like a formula. An empty value leaves the cell empty (an empty typed string
    makes Excel repair the file)."""
    text, risky = xlsx_text(_XLSX_ILLEGAL.sub("", "" if value is None else str(value)))
    if not text:
        return
    cell.value = text
    cell.data_type = "s"
    if risky:
        cell.quotePrefix = True


class SafeWriter:
    """csv.writer with every cell passed through escape(), and every line break inside a cell quoted.

    csv.writer quotes only the line-end characters of its own lineterminator: with "\n" a cell holding
    a lone "\r" goes out bare, a reader starts a new row there, and the text after it (say "=1+1")
    becomes a cell of its own that no escape saw. A row with such a cell is written fully quoted."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)
        self._quoted = csv.writer(stream, **{**kwargs, "quoting": csv.QUOTE_ALL})
        self._bare_breaks = tuple({"\r", "\n"} - set(self._writer.dialect.lineterminator))

    def _bare_break(self, value: Any) -> bool:
        return isinstance(value, str) and any(b in value for b in self._bare_breaks)

    def writerow(self, row: Iterable[Any]):
        cells = [escape(v) for v in row]
        if any(self._bare_break(v) for v in cells):
            return self._quoted.writerow(cells)
        return self._writer.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **kwargs) -> SafeWriter:
    """The only way this platform writes CSV: like csv.writer(stream, **kwargs), with escaped cells."""
    return SafeWriter(stream, **kwargs)
