"""Ways of writing a name that an independent attacker found the fast rules missed (cards are stored with
the rules' redaction only, so these reached the board): lower case after a title, all capitals, a surname
after particles in lower case, "fam." before a surname."""

from __future__ import annotations

import pytest

from vertelpunt.privacy import redact


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("juf annemiek zei niks", "juf [naam] zei niks", "annemiek"),
        ("mijn mentor meneer de jong belde niet", "meneer [naam] belde", "jong"),
        ("de zoon van fam. Wolters", "fam. [naam]", "Wolters"),
        ("SANNE BELT NIET", "[naam] BELT NIET", "SANNE"),
        ("ik heb jolijn gebeld", "ik heb [naam] gebeld", "jolijn"),
    ],
)
def test_a_name_written_another_way_is_redacted(text, kept, gone):
    out = redact(text, use_deduce=False).text
    assert kept in out and gone not in out, out


@pytest.mark.parametrize(
    "text",
    [
        "WOLTERS BELT NIET",  # the verbs after a surname in capitals are not taken for a name
        "IK WAS BOOS OP DE SCHOOL",
        "ik zag een merel in de tuin",
        "Mijn juf van groep 6 hielp me",
        "ik ging naar de familie van mijn vader",
    ],
)
def test_ordinary_words_in_capitals_or_lower_case_stay(text):
    out = redact(text, use_deduce=False).text
    assert "BELT" in out or "[naam]" not in out, out
