"""The application factory and the database settings it applies."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from vertelpunt import ConfigError, create_app
from vertelpunt.database import write_intent
from vertelpunt.extensions import db


def test_secret_key_is_required_outside_tests(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_production_refuses_debug_and_short_keys(tmp_path):
    url = f"sqlite:///{tmp_path}/x.db"
    with pytest.raises(ConfigError, match="DEBUG"):
        create_app(
            {"PRODUCTION": True, "DEBUG": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": url}
        )
    with pytest.raises(ConfigError, match="32"):
        create_app({"PRODUCTION": True, "SECRET_KEY": "short", "SQLALCHEMY_DATABASE_URI": url})


def test_anonymity_threshold_never_below_five(tmp_path):
    with pytest.raises(ConfigError):
        create_app({"TESTING": True, "ANONYMITY_THRESHOLD": 4, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_create_app_has_no_side_effects(tmp_path):
    target = tmp_path / "never.db"
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{target}"})
    assert not target.exists()


def test_config_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://vertel.example/")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    assert app.config["PUBLIC_BASE_URL"] == "https://vertel.example"
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_cookies(monkeypatch):
    monkeypatch.setenv("STORYCYCLE_ENV", "production")
    app = create_app({"SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_sqlite_pragmas(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings; this run uses PostgreSQL")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA secure_delete")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_writes_begin_immediate_and_reads_do_not(app, client, traject):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings; this run uses PostgreSQL")
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    from vertelpunt.staff.services import general_link

    token = general_link(traject).token
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        db.session.remove()
        seen.clear()
        client.get(f"/{token}")
        assert seen and all(s == "BEGIN" for s in seen)
        seen.clear()
        from tests.helpers import full_answers, open_form

        _html, hidden = open_form(client, token)
        seen.clear()
        response = client.post(f"/{token}", data={**hidden, **full_answers()})
        assert response.status_code == 303  # stored: on to the thank-you page
        # Reading the link and checking the form take no write lock; only the inserts do.
        assert seen == ["BEGIN", "BEGIN IMMEDIATE"]
        seen.clear()
        # The thank-you page (and each reload of it) reads the code's slot without the write lock.
        page = client.get(response.headers["Location"])
        assert page.status_code == 200 and 'class="receipt"' in page.get_data(as_text=True)
        assert seen == ["BEGIN"]
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
        write_intent.set(True)


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_oversized_post_is_refused_kindly(client, traject):
    from vertelpunt.staff.services import general_link

    token = general_link(traject).token
    response = client.post(f"/{token}", data={"story": "x" * (300 * 1024)})
    assert response.status_code == 413
    assert "Te veel tekst" in response.get_data(as_text=True)
