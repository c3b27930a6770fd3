"""The report and the projector code in a real browser (Debian's Chromium through Playwright), under the
site's own Content-Security-Policy: figures are drawn, nothing is blocked, nothing leaves the site."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.browser.fixtures import ARTIFACTS, CHROMIUM, require_chromium, serving
from tests.conftest import PASSWORD
from vertelpunt.auth.services import create_user
from vertelpunt.extensions import db


@pytest.fixture
def live_session(make_app):
    require_chromium()
    import datetime as dt

    from tests.sessions.conftest import fill_session, make_session
    from vertelpunt.staff import services

    app = make_app()
    with app.app_context():
        from tests.coalition.conftest import add_story

        today = dt.date.today()
        traject = services.create_traject(
            slug="testregio",
            name="Testregio",
            region="Twente",
            focus="Kinderen en scheiding",
            opens_on=today - dt.timedelta(days=20),
            closes_on=today + dt.timedelta(days=30),
            municipalities=["Enschede", "Hengelo"],
        )
        org = services.create_organisation(traject, name="Wijkteam", organisation_type="neighbourhood_team")
        link = services.create_link(traject, organisation=org, audience="youth")
        create_user("begeleider-live", PASSWORD, memberships=[("testregio", "facilitator")])
        db.session.commit()
        stories = [add_story(link, perspective="youth") for _ in range(12)]
        for story in stories:
            story.redaction = "full"  # as the redaction worker leaves it: only such stories go in a set
        db.session.commit()
        session = make_session(traject)
        fill_session(traject, session, stories)
        session_id = session.id
        db.session.remove()
    with serving(app) as base:
        yield base, session_id


def _look(base: str, session_id: int) -> dict:
    from playwright.sync_api import sync_playwright

    problems, requests = [], []
    url = f"{base}/staff/trajecten/testregio/sessies/{session_id}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page(locale="nl-NL", viewport={"width": 1100, "height": 800})
        page.on(
            "console",
            lambda m: (
                problems.append(m.text)
                if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
                else None
            ),
        )
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/login")
        page.fill("#username", "begeleider-live")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        ARTIFACTS.mkdir(exist_ok=True)
        page.goto(url)
        page.screenshot(path=str(ARTIFACTS / "session_overview.png"), full_page=True)
        page.click("button:has-text('Sessie openen')")
        page.wait_for_selector(".code-big")
        code = page.inner_text(".code-big")
        page.screenshot(path=str(ARTIFACTS / "session_code.png"), full_page=True)
        page.goto(f"{url}/verslag")
        page.wait_for_selector("#fig-0 svg.main-svg", timeout=20000)
        print_visible = page.is_visible("button[data-print]")
        page.screenshot(path=str(ARTIFACTS / "session_report.png"), full_page=True)
        page.emulate_media(media="print")
        nav_hidden = not page.is_visible("nav.subnav")
        page.emulate_media(media="screen")
        page.goto(f"{url}/acties")
        page.screenshot(path=str(ARTIFACTS / "session_actions.png"), full_page=True)
        violations = _axe(browser, page.context.cookies(), base, url)
        browser.close()
    return {
        "problems": problems,
        "requests": requests,
        "code": code,
        "print_visible": print_visible,
        "nav_hidden_in_print": nav_hidden,
        "violations": violations,
    }


PAGES = (
    "",
    "/voorbereiden",
    "/verhalen",
    "/terugblik",
    "/acties",
    "/dissent",
    "/cijfers-en-bronnen",
    "/verslag",
)


def _axe(browser, cookies, base: str, url: str) -> dict:
    """Serious or critical axe-core findings per page (axe is injected, so this context skips the CSP)."""
    from tests.browser.fixtures import AXE
    from tests.browser.test_accessibility import AXE_RUN

    context = browser.new_context(bypass_csp=True, locale="nl-NL")
    context.add_cookies(cookies)
    page = context.new_page()
    found = {}
    for path in (*PAGES, "/../../nieuw", "/../../../cijfers", "/../../../bronnen"):
        page.goto(f"{url}{path}")
        page.add_script_tag(path=str(AXE))
        bad = [v for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]
        if bad:
            found[path] = bad
    context.close()
    return found


def test_report_figures_draw_under_the_csp_and_the_code_shows_large(live_session):
    base, session_id = live_session
    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(_look, base, session_id).result()
    assert len(seen["code"].replace(" ", "")) == 6
    assert seen["print_visible"] and seen["nav_hidden_in_print"]
    assert seen["violations"] == {}
    assert seen["problems"] == []  # a CSP violation shows up here as a console error
    assert all(url.startswith(base) for url in seen["requests"]), seen["requests"]
