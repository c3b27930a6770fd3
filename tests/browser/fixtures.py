"""A live server on a migrated test database, and Debian's Chromium driven by Playwright.

Loaded for the whole suite by tests/conftest.py (pytest_plugins), so that every folder shares the one
browser: a second Playwright started in the same thread would fail."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from vertelpunt.extensions import db

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _why_no_browser() -> str | None:
    return os.environ.get("STORYCYCLE_NO_BROWSER")


def require_chromium() -> None:
    """Skipped only when scripts/test.sh found no way to install Chromium (it says so loudly then);
    otherwise a missing browser is a failure, not a silent skip."""
    reason = _why_no_browser()
    if reason:
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run the tests through scripts/test.sh"


@contextlib.contextmanager
def serving(app):
    """The app on a free loopback port, in a thread, for as long as the block runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class LiveSite:
    def __init__(self, app, base_url: str):
        self.app = app
        self.url = base_url
        self.tokens: dict[str, str] = {}

    def link(self, kind: str) -> str:
        return f"{self.url}/{self.tokens[kind]}"


@pytest.fixture
def site(make_app):
    """The app served on a free loopback port, with a traject and a link of each kind."""
    app = make_app(PUBLIC_BASE_URL="http://127.0.0.1")
    with serving(app) as base:
        app.config["PUBLIC_BASE_URL"] = base
        yield _fill_site(LiveSite(app, base))


def _fill_site(live: LiveSite) -> LiveSite:
    import datetime as dt

    from vertelpunt.staff import services

    with live.app.app_context():
        today = dt.date.today()
        traject = services.create_traject(
            slug="browser",
            name="Browserregio",
            region="Twente",
            focus="Kinderen en scheiding",
            focus_prompt_nl="Een moment rond de scheiding van je ouders",
            focus_prompt_en="A moment around your parents separating",
            opens_on=today - dt.timedelta(days=1),
            closes_on=today + dt.timedelta(days=30),
            municipalities=["Enschede", "Hengelo"],
        )
        org = services.create_organisation(
            traject,
            name="Wijkteam Noord",
            organisation_type="neighbourhood_team",
            municipality_code="enschede",
        )
        live.tokens["general"] = services.general_link(traject).token
        live.tokens["org"] = services.create_link(
            traject,
            organisation=org,
            audience="parent",
            prefill={"perspective": "parent", "age_group": "age_4_12"},
        ).token
        paused = services.create_link(traject, organisation=org, audience="youth")
        services.set_link_status(paused, "paused")
        live.tokens["paused"] = paused.token
        db.session.commit()
        db.session.remove()
    return live


@pytest.fixture
def phone(browser, request):
    """A 360x640 phone with JavaScript on; screenshots of each test land in test-artifacts/."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
        bypass_csp=True,
    )
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def phone_without_js(browser, request):
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, java_script_enabled=False, locale="nl-NL"
    )
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()
