"""Fixtures for the account tests: a mail server the app sends through, and a clock to move."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.auth import mailserver
from tests.conftest import csrf_from
from vertelpunt.auth import clock


@pytest.fixture
def inbox(app, tmp_path):
    box = mailserver.Inbox()
    controller = mailserver.start(box)
    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=controller.port,
        MAIL_FROM="storycycle@example.org",
        DIGEST_OUTBOX=str(tmp_path / "outbox"),
    )
    yield box
    controller.stop()


class Clock:
    def __init__(self):
        self.now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)

    def __call__(self) -> dt.datetime:
        return self.now

    def move(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def moved_clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


def post_page(client, url: str, data: dict, page: str | None = None):
    """Post a form the way a browser does: with the CSRF token of the page it is on."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(html), **data})


def logged_in(client) -> bool:
    response = client.get("/staff/")
    return response.status_code == 200
