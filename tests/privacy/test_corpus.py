"""The project's Dutch test corpus itself, and the fast rules measured on it (no deduce needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vertelpunt.privacy import KINDS, find_personal_details
from vertelpunt.privacy.evaluate import load_corpus, parse_marked, score

CORPUS = load_corpus(Path(__file__).with_name("corpus_nl.tsv"))


def rules(text):
    return [(f.kind, f.start, f.end) for f in find_personal_details(text)]


def test_markup_is_parsed_into_plain_text_and_spans():
    text, spans = parse_marked("Bel [[phone|06-12345678]] of [[name|Daan]].")
    assert text == "Bel 06-12345678 of Daan."
    assert spans == (("phone", 4, 15), ("name", 19, 23))


def test_corpus_is_large_and_varied_enough():
    with_details = [s for s in CORPUS if s.spans]
    clean = [s for s in CORPUS if not s.spans]
    assert len(with_details) >= 150 and len(clean) >= 50
    assert {kind for s in CORPUS for kind, _, _ in s.spans} == set(KINDS)
    assert {s.voice for s in CORPUS} == {"j", "o", "p"}
    assert len({s.id for s in CORPUS}) == len(CORPUS)
    held_out = sum(s.held_out for s in CORPUS) / len(CORPUS)
    assert 0.25 <= held_out <= 0.35
    for s in CORPUS:
        assert "[[" not in s.text and "]]" not in s.text, s.id


@pytest.mark.parametrize("part", ["all", "held_out"])
def test_fast_rules_alone_reach_the_warning_floor(part):
    sentences = [s for s in CORPUS if part == "all" or s.held_out]
    result = score(sentences, rules)
    # The warning needs no deduce; these floors sit below what bench/redaction.py measures, with margin.
    assert result.recall() >= 0.85, result.misses
    assert result.precision() >= 0.9, result.false_positives
    assert result.clean_untouched >= 0.9 * result.clean_sentences
