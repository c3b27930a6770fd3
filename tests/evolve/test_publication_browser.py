"""The Publiceren step in a real browser on a phone: no serious accessibility problem (axe-core) in the
form, its error and its preview, no sideways scrolling at 320 pixels, and publishing works end to end
without JavaScript of its own."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.fixtures import AXE
from tests.browser.test_accessibility import AXE_RUN
from tests.conftest import PASSWORD
from vertelpunt.auth.services import create_user
from vertelpunt.core.access import traject_by_slug
from vertelpunt.extensions import db
from vertelpunt.models import Observation, Theme
from vertelpunt.sessions import actions
from vertelpunt.sessions import services as sessions


@pytest.fixture
def step(site):
    with site.app.app_context():
        traject = traject_by_slug("browser")
        create_user("begeleider-pub", PASSWORD, memberships=[("browser", "facilitator")])
        session = sessions.create_session(
            traject,
            {"title": "Duiding", "held_on": dt.date.today()},
            participants="Anna Bakker; Wijkteam",
        )
        sessions.set_status(session, "open")
        engine = Theme(session_id=session.id, name="sanne · wolters · school", key_terms=["sanne", "wolters"])
        named = Theme(session_id=session.id, name="Wachten op hulp", named_by_person=True, position=1)
        db.session.add_all([engine, named])
        db.session.flush()
        db.session.add(Observation(session_id=session.id, theme_id=named.id, text="Lang wachten"))
        actions.create_action(
            session,
            {
                "title": "Wachtenden bellen",
                "owner_organisation": "Wijkteam Noord",
                "owner_person": "Jan Jansen",
            },
        )
        sessions.set_status(session, "closed")
        db.session.commit()
        site.step = f"{site.url}/staff/trajecten/browser/sessies/{session.id}/publiceren"
        site.named = f"theme_{named.id}"
        site.engine = f"theme_{engine.id}"
        db.session.remove()
    return site


def _serious(page) -> list:
    page.add_script_tag(path=str(AXE))
    return [v["id"] for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]


def test_the_step_is_accessible_and_fits_a_small_phone(step, phone):
    phone.set_viewport_size({"width": 320, "height": 640})
    phone.goto(f"{step.url}/login")
    phone.fill("#username", "begeleider-pub")
    phone.fill("#password", PASSWORD)
    phone.click("button[type=submit]")
    phone.goto(step.step)
    assert _serious(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    # An engine-made name is refused, with the reason tied to the field.
    phone.check(f"#{step.engine}_public")
    phone.fill(f"#{step.engine}_name", "Sanne Wolters")
    phone.fill(f"#{step.engine}_summary", "Kinderen praten op school.")
    phone.click("button[name=preview]")
    assert "Dit lijkt een naam" in phone.locator(f"#{step.engine}_name-error").inner_text()
    assert phone.get_attribute(f"#{step.engine}_name", "aria-invalid") == "true"
    assert _serious(phone) == []
    phone.uncheck(f"#{step.engine}_public")
    phone.check(f"#{step.named}_public")
    phone.fill(f"#{step.named}_summary", "Gezinnen wachten lang op hulp.")
    phone.click("button[name=preview]")
    preview = phone.locator(".preview").inner_text()
    assert "Gezinnen wachten lang op hulp." in preview and "Sanne" not in preview and "Jansen" not in preview
    assert _serious(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    phone.click("button[name=confirm]")
    assert "Gevraagd om te publiceren: 1" in phone.locator(".flash").inner_text()
    assert "wacht op de privacycheck" in phone.locator(f"#theme-{step.named.split('_')[1]}").inner_text()
