"""The session report: every part in Markdown, on the printable page and as PDF; no story text."""

from __future__ import annotations

import pytest

from tests.sessions.conftest import make_session
from vertelpunt.extensions import db
from vertelpunt.sessions import actions, pdf, report


def test_markdown_has_every_section_with_its_content(app, traject, held, stories):
    later = make_session(traject, "Tweede sessie", days=14)
    action = actions.session_actions(held)[0]
    actions.record_review(
        later, action.id, status="in_progress", obstacles="Geen budget", next_step="Wethouder"
    )
    db.session.commit()
    with app.test_request_context("/?lang=nl"):
        text = report.markdown(report.build(held))
        second = report.markdown(report.build(later))
    for heading in (
        "## Deelnemers",
        "## Stappen",
        "## Verhalenset",
        "## Terugblik op eerdere acties",
        "## Observaties per thema",
        "## Acties",
        "## Eerste stappen",
        "## Ritual dissent",
        "## Bronnen en cijfers",
        "## Evaluatie",
    ):
        assert heading in text, heading
    assert "# Eerste sessie" in text
    assert "- Anna (Wijkteam Hengelo)" in text
    assert "### School als vangnet" in text and "- De mentor merkt het als eerste" in text
    assert "### Niet in een thema" in text and "Opa en oma worden vergeten" in text
    assert "Mevrouw Jansen, Basisschool De Linde" in text
    assert "| Vast aanspreekpunt op school | School als vangnet |" in text
    assert "Wie betaalt dat?" in text and "Twee scholen beginnen" in text
    assert "Scheiding op school" in text and "| 2019 | 15.570 |" in text
    assert "Evaluaties: 2, gemiddeld 4,5 van de 5" in text and "Goede sfeer" in text and "Meer tijd" in text
    assert "2 uur 30 min" in text or "2 u 30 min" in text
    # Never a story's text or title: only how many and how they were chosen.
    for story in stories:
        assert story.text not in text
    assert "Geen budget" in second and "bezig" in second


def test_people_cannot_inject_markdown():
    assert report.md("# kop *vet* [link](x) <b>") == "\\# kop \\*vet\\* \\[link\\](x) \\<b\\>"
    assert report.md("- lijst") == "\\- lijst"
    assert report.md("1. punt") == "1\\. punt"
    assert report.md("regel\nnieuw") == "regel nieuw"


def test_an_empty_session_still_gives_a_report(app, duiding):
    with app.test_request_context("/?lang=nl"):
        text = report.markdown(report.build(duiding))
    assert "Er zijn geen acties vastgelegd." in text and "Nog geen evaluaties." in text


@pytest.mark.skipif(not pdf.available(), reason="fpdf2 is not installed")
def test_pdf_is_made_from_the_same_report(app, held):
    with app.test_request_context("/?lang=nl"):
        body = pdf.render(report.build(held))
    assert body.startswith(b"%PDF") and len(body) > 1000
