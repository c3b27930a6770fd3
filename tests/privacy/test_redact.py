"""Redaction with deduce plus the rules: the product's goals on the corpus, tags, and hostile input.

All deduce-backed tests share the one process-wide instance (``get_deidentifier`` builds it once), so the
module pays deduce's start-up (several seconds, about 1 GB) a single time.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from vertelpunt.privacy import Finding, Redacted, get_deidentifier, merge_findings, redact
from vertelpunt.privacy.evaluate import load_corpus, score

CORPUS = load_corpus(Path(__file__).with_name("corpus_nl.tsv"))
GOAL_KINDS = ("name", "phone", "email", "address")
TWENTE = (
    "Almelo, Borne, Dinkelland, Enschede, Haaksbergen, Hellendoorn, Hengelo, Hof van Twente, Losser, "
    "Oldenzaal, Rijssen-Holten, Tubbergen, Twenterand en Wierden"
)


@pytest.fixture(scope="module")
def deidentifier():
    pytest.importorskip("deduce", reason="deduce is the worker's dependency (see pyproject)")
    return get_deidentifier()


def product(text):
    return [(f.kind, f.start, f.end) for f in redact(text).findings]


def test_one_instance_per_process(deidentifier):
    assert get_deidentifier() is deidentifier


@pytest.mark.parametrize("part", ["all", "held_out"])
def test_redaction_meets_the_issue_goals(deidentifier, part):
    sentences = [s for s in CORPUS if part == "all" or s.held_out]
    result = score(sentences, product)
    for kind in GOAL_KINDS:
        assert result.recall(kind) >= 0.95, (kind, result.misses)
    assert result.recall() >= 0.90, result.misses
    # Measured 98.9% on the whole corpus and 98.8% held out: deduce takes "Roos" in "Roos is mijn
    # lievelingsbloem" for a name, and both detectors take the institution "Twentse Poort" for one.
    assert result.precision() >= 0.95, result.false_positives
    assert result.clean_untouched >= 0.95 * result.clean_sentences, result.false_positives


def test_redaction_on_sentences_written_after_the_rules(deidentifier):
    result = score([s for s in CORPUS if s.fresh], product)
    # Measured: names 94.4% (34/36; the misses are two names typed in lower case, "mijn zoon kyano"), the
    # four goal kinds together 96.2%, overall 97.1%, precision 98.6%.
    assert result.recall_of(GOAL_KINDS) >= 0.95, result.misses
    assert result.recall("name") >= 0.90, result.misses
    assert result.recall() >= 0.90, result.misses
    assert result.precision() >= 0.95, result.false_positives


def test_redacted_text_no_longer_contains_the_details(deidentifier):
    # The scorer works on spans; this checks the text staff will read: every detail counted as found is
    # really gone, and what leaks is exactly the scorer's misses.
    missed = {(ident, text) for ident, _kind, text in score(CORPUS, product).misses}
    leaked = set()
    for sentence in CORPUS:
        redacted = redact(sentence.text).text
        for _kind, start, end in sentence.spans:
            detail = sentence.text[start:end]
            if len(detail) >= 4 and detail in redacted:
                leaked.add((sentence.id, detail))
    assert leaked <= missed
    assert len(leaked) <= 0.02 * sum(len(s.spans) for s in CORPUS), leaked


def test_story_is_redacted_with_dutch_tags(deidentifier):
    story = (
        "Mijn zoon Daan Jansen is geboren op 3 maart 2011. We wonen aan de Kerkstraat 12a, 7511 AB Enschede. "
        "Bel 06-12345678 of mail daan.jansen@gmail.com. Hij zit op basisschool De Regenboog, zijn insta is "
        "@daan_2011 en zijn BSN 628194821. Juf Sanne zag het als eerste, Veilig Thuis kwam in maart."
    )
    assert redact(story).text == (
        "Mijn zoon [naam] is geboren op [geboortedatum]. We wonen aan de [adres], [postcode] Enschede. "
        "Bel [telefoonnummer] of mail [e-mail]. Hij zit op basisschool [school], zijn insta is "
        "[account] en zijn BSN [bsn]. Juf [naam] zag het als eerste, Veilig Thuis kwam in maart."
    )


@pytest.mark.parametrize(
    "text",
    [
        f"De gemeenten {TWENTE} werken samen aan jeugdhulp.",
        "Ik ben 14 en in maart ging het mis; vorig jaar ook al.",
        "De Raad voor de Kinderbescherming en Veilig Thuis werkten samen met Karakter.",
        "Mijn moeder werkt in het ziekenhuis in Almelo.",
    ],
)
def test_places_ages_months_and_organisations_stay(deidentifier, text):
    assert redact(text).text == text


def test_exact_event_dates_go_but_birth_context_is_named(deidentifier):
    assert redact("Op 14 februari 2023 werd hij opgenomen.").text == "Op [datum] werd hij opgenomen."
    assert redact("Ze is geboren op 12-04-2009.").text == "Ze is geboren op [geboortedatum]."


def test_counts_and_findings_describe_what_was_removed(deidentifier):
    result = redact("Bel Sanne op 06-12345678 of 0687654321.")
    assert isinstance(result, Redacted)
    assert result.counts == {"name": 1, "phone": 2}
    assert all(isinstance(f, Finding) for f in result.findings)


def test_rules_only_redaction_needs_no_deduce():
    assert redact("Mail lisa@example.nl, juf Sanne.", use_deduce=False).text == "Mail [e-mail], juf [naam]."


def test_merge_joins_overlapping_and_adjacent_spans_of_a_kind():
    text = "Mark van den Berg woont op Kerkstraat 12a"
    merged = merge_findings(
        text,
        [
            Finding("name", 0, 4, "Mark"),
            Finding("name", 0, 17, "Mark van den Berg"),
            Finding("address", 27, 37, "Kerkstraat"),
            Finding("address", 38, 41, "12a"),
        ],
    )
    assert [(f.kind, f.text) for f in merged] == [
        ("name", "Mark van den Berg"),
        ("address", "Kerkstraat 12a"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        '<p onclick="x">Mijn zoon <b>Daan</b> belde 06-12345678</p><script>alert(1)</script>',
        "\x00\x01\x1b Daan\u202e 06-12345678\r\n\t\u200b",
        "Mijn zoon Da\u200ban belde 06-1234\u200b5678.",
        "😀 Mijn zus Noor 👨‍👩‍👧 woont op Kerkstraat 12 🏳️‍🌈",
        "",
        "   ",
    ],
)
def test_hostile_input_is_redacted_without_crashing(deidentifier, text):
    result = redact(text)
    assert (
        "06-12345678" not in result.text and "Daan" not in result.text and "Kerkstraat 12" not in result.text
    )


def test_very_long_story_is_redacted_in_reasonable_time(deidentifier):
    text = ("Mijn zoon Daan belde 06-12345678 vanuit Enschede. " * 2100)[:100_000]
    t0 = time.perf_counter()
    result = redact(text)
    assert time.perf_counter() - t0 < 30
    assert "Daan" not in result.text and "06-12345678" not in result.text
    assert "Enschede" in result.text
