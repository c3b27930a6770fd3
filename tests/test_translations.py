"""Every interface text is translated in every catalogue, and each compiled catalogue matches its .po by
message (not by bytes: the .mo header names the Babel version that wrote it)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent

CATALOGUES = sorted((ROOT / "vertelpunt" / "translations").glob("*/LC_MESSAGES"))
METHODS = [("vertelpunt/**.py", "python"), ("templates/**.html", "jinja2")]
# Babel's default keywords, and _l: lazy texts made at import (form labels and messages).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}


def source_msgids() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _key(msgid) -> str:
    # A plural message is keyed by its singular form.
    return msgid if isinstance(msgid, str) else msgid[0]


def _translated(string) -> bool:
    return bool(string) and (isinstance(string, str) or all(string))


def test_there_is_a_dutch_catalogue():
    assert any(lc.parent.name == "nl" for lc in CATALOGUES)


@pytest.mark.parametrize("LC", CATALOGUES, ids=lambda lc: lc.parent.name)
def test_every_interface_text_is_translated(LC):
    catalogue = {_key(m.id): m for m in read_po((LC / "messages.po").open("rb")) if m.id}
    missing = sorted(m for m in source_msgids() if m not in catalogue)
    assert missing == [], "run scripts/translations.sh and fill in the Dutch"
    untranslated = sorted(k for k, m in catalogue.items() if not _translated(m.string) or m.fuzzy)
    assert untranslated == []


@pytest.mark.parametrize("LC", CATALOGUES, ids=lambda lc: lc.parent.name)
def test_compiled_catalogue_is_up_to_date(LC):
    po = {
        _key(m.id): tuple(m.string) if not isinstance(m.string, str) else m.string
        for m in read_po((LC / "messages.po").open("rb"))
        if m.id
    }
    mo = {
        _key(m.id): tuple(m.string) if not isinstance(m.string, str) else m.string
        for m in read_mo(io.BytesIO((LC / "messages.mo").read_bytes()))
        if m.id
    }
    assert mo == po, "run scripts/translations.sh to compile"
