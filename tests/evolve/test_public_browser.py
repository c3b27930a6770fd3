"""The public feedback page in a real browser: no serious accessibility problem (axe-core), no cookie,
no request to another site, readable at 320 pixels, and a copy button when JavaScript runs."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.fixtures import AXE
from tests.browser.test_accessibility import AXE_RUN
from tests.evolve.conftest import published
from vertelpunt.core.access import traject_by_slug
from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, Observation, Theme


@pytest.fixture
def feedback_site(site):
    with site.app.app_context():
        traject = traject_by_slug("browser")
        session = DuidingSession(
            traject_id=traject.id,
            title="Sessie",
            held_on=dt.date.today(),
            join_code="BROWSER1",
            status="closed",
        )
        db.session.add(session)
        db.session.flush()
        theme = Theme(
            session_id=session.id,
            name="wachtlijst · lang",
            key_terms=["wachtlijst", "lang"],
            **published("Wachttijden", "Gezinnen wachten lang op hulp en horen in die tijd weinig."),
        )
        db.session.add(theme)
        db.session.flush()
        db.session.add(Observation(session_id=session.id, theme_id=theme.id, text="Lang wachten"))
        db.session.add(
            Action(
                traject_id=traject.id,
                session_id=session.id,
                theme_id=theme.id,
                title="Wachtlijst korter",
                owner_organisation="Gemeente",
                owner_person="Jan Jansen",
                public=True,
                publication="public",
                public_title="Wachtlijst korter",
                public_organisation="Gemeente",
            )
        )
        db.session.commit()
        db.session.remove()
    site.feedback = f"{site.url}/terugkoppeling/browser"
    return site


def test_no_serious_axe_violations_no_cookie_no_other_host(feedback_site, phone):
    requests = []
    phone.on("request", lambda r: requests.append(r.url))
    phone.goto(feedback_site.feedback)
    phone.wait_for_selector("textarea.copy-source + button")
    phone.add_script_tag(path=str(AXE))
    violations = phone.evaluate(AXE_RUN)
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
    assert phone.context.cookies() == []
    assert all(url.startswith(feedback_site.url) for url in requests), requests


def test_readable_at_320_pixels_and_without_javascript(feedback_site, phone_without_js):
    phone_without_js.set_viewport_size({"width": 320, "height": 640})
    phone_without_js.goto(feedback_site.feedback)
    assert phone_without_js.evaluate("document.documentElement.scrollWidth") <= 320
    newsletter = phone_without_js.locator("textarea.copy-source").input_value()
    assert "Wachtlijst korter" in newsletter and "Gezinnen wachten lang op hulp" in newsletter
    shown = phone_without_js.locator("main").inner_text()
    assert "Wachttijden" in shown and "wachtlijst · lang" not in shown and "Jan Jansen" not in shown
    assert phone_without_js.locator("textarea.copy-source + button").count() == 0
