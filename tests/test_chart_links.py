"""Organisation names never become links in the dashboard's charts: plotly.js reads labels and titles
as HTML-like markup (<a href>, <b>, <br>), so every text of a figure reaches it as plain text."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets

import pytest

from tests.conftest import login
from vertelpunt.extensions import db
from vertelpunt.share import services as sharing
from vertelpunt.staff import services

# Organisation names that try to become links in a chart: plotly.js reads labels as HTML-like markup.
LINK_NAMES = [
    '<a href="https://evil.example/login">Klik hier</a>',
    "[Klik hier](https://evil.example/login)",
    "https://evil.example/login",
]


def _linky_traject(traject) -> None:
    for i, name in enumerate(LINK_NAMES):
        org = services.create_organisation(traject, name=name, organisation_type="school")
        link = services.create_link(traject, organisation=org, audience="parent")
        db.session.flush()
        for _ in range(3 + i):
            sub = sharing.Submission(prompt="helped", title="Titel", text="Een verhaal over de hulp.")
            sharing.store_submission(
                sub, link, secrets.token_urlsafe(18), "nl", today=dt.date.today() - dt.timedelta(days=8)
            )
    db.session.commit()


def _strings(value, key=""):
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)


def test_chart_labels_reach_plotly_as_plain_text(client, users, traject):
    _linky_traject(traject)
    login(client, "admin")
    page = client.get("/staff/trajecten/testregio/response").get_data(as_text=True)
    blocks = re.findall(r'<script type="application/json" data-chart="([^"]+)">(.*?)</script>', page, re.S)
    figures = {div: json.loads(text) for div, text in blocks}
    labels = [v for k, v in _strings(figures["fig-organisation"]) if k == "y"]
    assert any("&lt;a href=" in label for label in labels), labels
    for div, figure in figures.items():
        for key, text in _strings(figure):
            # Templates are the module's own fixed markup; no text from a person carries a tag.
            assert key in ("hovertemplate", "texttemplate") or "<" not in text, (div, key, text)


@pytest.fixture
def live_linky_dashboard(make_app):
    from tests.browser.fixtures import require_chromium, serving

    require_chromium()
    app = make_app()
    with app.app_context():
        today = dt.date.today()
        traject = services.create_traject(
            slug="testregio",
            name="Testregio",
            region="Twente",
            focus="Kinderen en scheiding",
            opens_on=today - dt.timedelta(days=20),
            closes_on=today + dt.timedelta(days=30),
            municipalities=["Enschede"],
        )
        from vertelpunt.auth.services import create_user

        create_user("beheer", "correct horse battery", admin=True)
        db.session.commit()
        _linky_traject(traject)
        db.session.remove()
    with serving(app) as base:
        yield base


def _chart_links(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser.fixtures import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page(locale="nl-NL")
        page.goto(f"{base}/login")
        page.fill("#username", "beheer")
        page.fill("#password", "correct horse battery")
        page.click("button[type=submit]")
        page.goto(f"{base}/staff/trajecten/testregio/response")
        page.wait_for_selector("#fig-organisation svg.main-svg", timeout=20000)
        seen = {
            "links": page.eval_on_selector_all(
                "a", "as => as.filter(a => a.outerHTML.includes('evil.example')).map(a => a.outerHTML)"
            ),
            "ticks": page.eval_on_selector_all(
                "#fig-organisation .ytick text", "ts => ts.map(t => t.textContent)"
            ),
        }
        browser.close()
    return seen


def test_organisation_names_never_become_links_in_the_dashboard(live_linky_dashboard):
    from concurrent.futures import ThreadPoolExecutor

    # Its own thread: Playwright's sync API refuses to run where another test left an event loop.
    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(_chart_links, live_linky_dashboard).result()
    assert seen["links"] == []
    for name in LINK_NAMES:
        assert name in seen["ticks"], seen["ticks"]
