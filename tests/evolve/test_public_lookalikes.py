"""Variations an independent attacker found after issue 13: letters from another alphabet and full-width
forms slipped a name past the publication check, and the public page ignored a traject's raised threshold."""

from __future__ import annotations

import html

import pytest

from vertelpunt.evolve.public_check import Context, problems
from vertelpunt.extensions import db


@pytest.mark.parametrize(
    "text",
    [
        "Samenvatting: S\u0430nne W\u043elters vertelde dat school nooit belt.",  # Cyrillic а and о
        "Bel J\u0430nsen als het misgaat.",
        "\uff33\uff41\uff4e\uff4e\uff45 \uff37\uff4f\uff4c\uff54\uff45\uff52\uff53 belde.",  # full-width
    ],
)
def test_a_name_in_lookalike_or_full_width_letters_is_refused(app, text):
    with app.test_request_context():
        found = problems(text, Context(allowed=[], people=["Jan Jansen"]))
    assert found, text


def test_ordinary_dutch_and_other_alphabets_on_their_own_pass(app):
    with app.test_request_context():
        for text in (
            "Ouders wachten maanden op hulp; de wijkcoördinator belt nu elke week.",
            "Jongeren schreven ook in het Arabisch: \u0634\u0643\u0631\u0627 voor het luisteren.",
        ):
            assert problems(text, Context(allowed=[])) == [], text


def test_the_public_page_counts_with_the_trajects_own_raised_threshold(app, world):
    world.traject.anonymity_threshold = 20
    db.session.commit()
    page = html.unescape(app.test_client().get("/terugkoppeling/testregio").get_data(as_text=True))
    assert "11 observaties" not in page and "minder dan 20" in page and "minder dan 10" not in page
    text = app.test_client().get("/terugkoppeling/testregio/nieuwsbrief.txt").get_data(as_text=True)
    assert " 11 " not in text
