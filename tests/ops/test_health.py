"""/healthz answers a load balancer: 200 and {"status": "ok"} while the database answers, 503 and one
word when it does not; never a cookie, a rate limit or a write."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import PG_URL
from vertelpunt.extensions import limiter

UNREACHABLE = {
    # A SQLite file in a folder that does not exist cannot be opened.
    "sqlite": "sqlite:///{tmp}/missing/folder/storycycle.db",
    # Nothing listens on port 1: the connection is refused at once.
    "postgresql": "postgresql+psycopg://storycycle@127.0.0.1:1/storycycle",
}


def test_ok_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.mimetype == "application/json"
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_head_works_and_has_no_body(client):
    response = client.head("/healthz")
    assert response.status_code == 200 and response.data == b""
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("kind", sorted(UNREACHABLE))
def test_unavailable_without_details_when_the_database_does_not_answer(make_app, tmp_path, kind):
    app = make_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE[kind].format(tmp=tmp_path))
    client = app.test_client()
    for response in (client.get("/healthz"), client.head("/healthz")):
        assert response.status_code == 503
        assert "Set-Cookie" not in response.headers
    response = client.get("/healthz")
    assert response.get_json() == {"status": "unavailable"}
    body = response.get_data(as_text=True).lower()
    for detail in ("error", "sqlite", "psycopg", "select", "traceback", "127.0.0.1", str(tmp_path).lower()):
        assert detail not in body


def test_is_never_rate_limited(make_app, monkeypatch):
    # Even under a default limit for every route, the probe is exempt: a busy balancer must not see 429.
    # The limiter is one object for every app: the default limit it takes here must not outlive the test.
    manager = limiter.limit_manager
    monkeypatch.setattr(manager, "_default_limits", manager._default_limits)
    app = make_app(RATELIMIT_DEFAULT="2 per minute")
    assert {app.test_client().get("/login").status_code for _ in range(3)} == {200, 429}
    client = app.test_client()
    assert {client.get("/healthz").status_code for _ in range(6)} == {200}


@pytest.mark.skipif(bool(PG_URL), reason="SQLite's write lock")
def test_only_reads_so_a_held_write_lock_does_not_stop_it(client, database_url):
    # A writer elsewhere holds SQLite's write lock; a probe that wanted to write would wait for it.
    writer = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")
        response = client.get("/healthz")
        assert response.status_code == 200
    finally:
        writer.rollback()
        writer.close()
