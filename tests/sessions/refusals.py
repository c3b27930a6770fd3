"""How a test tells that a page refused: its messages are Dutch sentences of the catalogue, and the
session tables hold what they held before."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy import select

from vertelpunt.extensions import db

TABLES = (
    "duiding_sessions",
    "session_facilitators",
    "session_participants",
    "session_stories",
    "themes",
    "actions",
    "action_reviews",
    "dissent_rounds",
    "dissent_remarks",
    "sources",
    "session_sources",
    "session_indicators",
    "indicator_values",
)


@cache
def _dutch() -> re.Pattern:
    """Any Dutch sentence of the catalogue, its placeholders filled in with anything."""
    path = Path(__file__).resolve().parents[2] / "vertelpunt/translations/nl/LC_MESSAGES/messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    sentences = set()
    for message in catalogue:
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            if message.id and text:
                sentences.add(re.sub(r"%\\\(\w+\\\)[sd]", ".+?", re.escape(text)))
    return re.compile("|".join(sorted(sentences, key=len, reverse=True)), re.S)


def _messages(page: str) -> list[str]:
    """The refusals a page shows: the error lines, and the items of its alert's list (without the
    link to the field that a few pages put before the sentence)."""
    found = re.findall(r'<p class="error"[^>]*>(.*?)</p>', page, re.S)
    for alert in re.findall(r'<div class="notice[^"]*" role="alert">(.*?)</div>', page, re.S):
        found += re.findall(r"<li>(.*?)</li>", alert, re.S)
    cleaned = [re.sub(r"<a [^>]*>.*?</a>:\s*", "", f) for f in found]
    return [html.unescape(re.sub(r"<[^>]+>", "", f)).strip() for f in cleaned]


def assert_dutch_refusal(response, what) -> None:
    messages = _messages(response.get_data(as_text=True))
    assert messages, f"{what}: refused without a message"
    for message in messages:
        # A page may join a refusal's sentences (the figures page does): each is one of the catalogue.
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", message) if s]
        dutch = _dutch().fullmatch(message) or all(_dutch().fullmatch(s) for s in sentences)
        assert dutch, f"{what}: not a Dutch message: {message!r}"


def snapshot() -> dict:
    db.session.rollback()  # read what the requests committed, not what this session remembers
    return {
        name: sorted((tuple(row) for row in db.session.execute(select(db.metadata.tables[name]))), key=repr)
        for name in TABLES
    }
