"""The dashboard in a real browser (Debian's Chromium through Playwright), with the site's own strict
Content-Security-Policy in force: the figures are drawn, nothing is blocked, nothing leaves the site."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.fixtures import CHROMIUM, require_chromium, serving
from tests.coalition.conftest import add_stories
from tests.conftest import PASSWORD
from vertelpunt.auth.services import create_user
from vertelpunt.extensions import db
from vertelpunt.staff import services


@pytest.fixture
def live_dashboard(make_app):
    require_chromium()
    app = make_app()
    with app.app_context():
        today = dt.date.today()
        traject = services.create_traject(
            slug="grafiek",
            name="Grafiekregio",
            region="Twente",
            focus="Kinderen en scheiding",
            opens_on=today - dt.timedelta(days=20),
            closes_on=today + dt.timedelta(days=30),
            municipalities=["Enschede", "Hengelo"],
        )
        org = services.create_organisation(
            traject, name="Wijkteam Noord", organisation_type="neighbourhood_team"
        )
        link = services.create_link(traject, organisation=org, audience="parent")
        create_user("coalitie-grafiek", PASSWORD, memberships=[("grafiek", "coalition")])
        db.session.commit()
        add_stories(link, 14, day=today - dt.timedelta(days=8))
        # Three youths: a count of "minder dan 10", drawn as a pale hatched range (a plotly pattern).
        youths = services.create_link(traject, organisation=org, audience="youth")
        db.session.commit()
        add_stories(youths, 3, day=today - dt.timedelta(days=8))
        add_stories(services.general_link(traject), 12)
        db.session.remove()
    with serving(app) as base:
        yield base


def _look(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    problems, requests = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page(locale="nl-NL")
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
        page.fill("#username", "coalitie-grafiek")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{base}/staff/trajecten/grafiek/response")
        page.wait_for_selector("#fig-organisation svg.main-svg", timeout=20000)
        drawn = page.eval_on_selector_all(
            ".chart", "charts => charts.filter(c => c.querySelector('svg.main-svg')).length"
        )
        bars = page.eval_on_selector_all("#fig-organisation .bars .point", "points => points.length")
        browser.close()
    return {"problems": problems, "requests": requests, "drawn": drawn, "bars": bars}


def test_figures_are_drawn_under_the_sites_own_csp(live_dashboard):
    # Its own thread: Playwright's sync API refuses to run where another test left an event loop.
    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(_look, live_dashboard).result()
    assert seen["drawn"] == 9
    assert seen["bars"] >= 1
    assert seen["problems"] == []  # a CSP violation shows up here as a console error
    assert all(url.startswith(live_dashboard) for url in seen["requests"]), seen["requests"]


def test_the_plotly_base_stylesheet_matches_the_installed_plotly_js():
    """plotly.js would inject these rules itself; our copy must hold every rule of the installed version."""
    import re

    import plotly

    bundle = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    start = bundle.rindex("{", 0, bundle.index('"X,X div":'))
    end = bundle.index("}", bundle.index('"Y .notifier-close:hover"')) + 1
    rules = re.findall(r'"([^"]+)":(?:\'([^\']*)\'|"([^"]*)")', bundle[start:end])
    ours = (Path(__file__).resolve().parents[2] / "vertelpunt/coalition/static/plotly-base.css").read_text()
    assert len(rules) > 50
    for key, single, double in rules:
        selector = (
            re.sub(r"^,", " ,", key).replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        )
        assert f"{selector}{{{single or double}}}" in ours, selector
