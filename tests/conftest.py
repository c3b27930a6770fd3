"""Fixtures: an app on a migrated temporary SQLite file, or on PostgreSQL when TEST_DATABASE_URL is set.

The schema comes from the migrations, as in production: migrated once per run, then copied (SQLite)
or emptied (PostgreSQL) for every test."""

from __future__ import annotations

import contextvars
import datetime as dt
import os
import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from flask import current_app, has_app_context
from flask.globals import _cv_app, _cv_request
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from vertelpunt import create_app
from vertelpunt.extensions import db

# The live site and the one shared browser, for browser tests in any folder.
pytest_plugins = ["tests.browser.fixtures"]

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BASE_URL = "http://vertel.test"


def base_config(url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "PUBLIC_BASE_URL": BASE_URL,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
    }


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def set_wal_recycle(url: str, value: str) -> str:
    """Set PostgreSQL's wal_recycle as the production guide tells an operator to; returns the old value."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            before = conn.execute(text("SHOW wal_recycle")).scalar()
            conn.execute(text(f"ALTER SYSTEM SET wal_recycle = {value}"))
            conn.execute(text("SELECT pg_reload_conf()"))
            deadline = time.monotonic() + 10
            while conn.execute(text("SHOW wal_recycle")).scalar() != value:
                assert time.monotonic() < deadline, "the server did not take the new setting"
                time.sleep(0.05)
    finally:
        engine.dispose()
    return before


@pytest.fixture
def wal_recycle():
    """On PostgreSQL, set wal_recycle for one test (wal_recycle("off")), then put it back."""
    before = []

    def setter(value: str) -> None:
        if PG_URL:
            before.append(set_wal_recycle(PG_URL, value))

    yield setter
    if before:
        set_wal_recycle(PG_URL, before[0])


@pytest.fixture
def superuser(app):
    """On PostgreSQL, a superuser connection and the data directory, for tests that search its files
    (tests/test_deletion_postgres.py); skipped where that cannot be done."""
    if not PG_URL:
        pytest.skip("PostgreSQL's data directory; this run uses SQLite")
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar():
            pytest.skip("the search of the data directory needs a superuser connection")
        directory = Path(conn.execute(text("SHOW data_directory")).scalar())
        if not os.access(directory / "base", os.R_OK):
            pytest.skip(f"{directory} is not readable by this test (run it on the database machine)")
        yield conn, directory
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app(base_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    # Migrations that rebuild tables (SQLite's batch mode) leave free pages; a compact copy is what a
    # fresh database looks like, and a test that fills the disk must not find room left over.
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    conn.close()  # the last connection to close checkpoints the WAL, so the copied file holds it all
    return path


@pytest.fixture(scope="session")
def migrated_postgres():
    if not PG_URL:
        return None
    reset_postgres(PG_URL)
    app = create_app(base_config(PG_URL))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return PG_URL


@pytest.fixture
def database_url(request, tmp_path):
    """A migrated, empty database for one test."""
    if PG_URL:
        url = request.getfixturevalue("migrated_postgres")
        engine = create_engine(url)
        with engine.begin() as conn:
            tables = [t.name for t in reversed(db.metadata.sorted_tables)]
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return url
    template = request.getfixturevalue("migrated_sqlite")
    target = tmp_path / "test.db"
    shutil.copy(template, target)
    return f"sqlite:///{target}"


class RequestClient(FlaskClient):
    """A test client whose every request runs in an app context of its own, as behind a real server.

    A test may hold an app context (to read the database); Flask would let a request reuse it, and with
    it `g`: the previous request's user, CSRF token and locale. Each request here starts from none. What
    the test wrote is committed first, as another process's work would be, and what it reads after the
    request is read again (the commit expires its objects), so it sees what the request did."""

    def open(self, *args, **kwargs):
        if has_app_context() and current_app._get_current_object() is self.application:
            db.session.commit()

        def alone():
            _cv_app.set(None)
            _cv_request.set(None)
            return FlaskClient.open(self, *args, **kwargs)

        return contextvars.copy_context().run(alone)


@pytest.fixture
def make_app(database_url, tmp_path):
    created = []

    def factory(**overrides):
        local = {
            "DELETIONS_LOG": str(tmp_path / "deleted-ids.log"),
            "BACKUP_DIR": str(tmp_path / "backups"),
            "JOBS_DB": str(tmp_path / "jobs.db"),
            "JOBS_REDIS_URL": None,
            "REDIS_URL": None,
        }
        app = create_app({**base_config(database_url), **local, **overrides})
        app.test_client_class = RequestClient
        created.append(app)
        return app

    yield factory
    for app in created:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def traject(app):
    from vertelpunt.staff import services

    today = dt.date.today()
    traject = services.create_traject(
        slug="testregio",
        name="Testregio",
        region="Testregio",
        focus="Kinderen en scheiding",
        focus_prompt_nl="Een moment rond de scheiding van je ouders",
        focus_prompt_en="A moment around your parents separating",
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=30),
        municipalities=["Enschede", "Hengelo", "Almelo"],
    )
    db.session.commit()
    return traject


@pytest.fixture
def organisation(traject):
    from vertelpunt.staff import services

    org = services.create_organisation(
        traject, name="Wijkteam Zuid", organisation_type="neighbourhood_team", municipality_code="hengelo"
    )
    db.session.commit()
    return org


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in page"
    return match.group(1)


def key_from(html: str) -> str:
    match = re.search(r'name="submission_key" value="([^"]+)"', html)
    assert match, "no submission key in page"
    return match.group(1)


PASSWORD = "correct horse battery"


@pytest.fixture
def users(traject):
    """One account per staff role, plus a second traject whose members must see nothing here."""
    from vertelpunt.auth.services import create_user
    from vertelpunt.staff import services

    today = dt.date.today()
    services.create_traject(
        slug="elders",
        name="Elders",
        region="Elders",
        focus="Iets anders",
        opens_on=today,
        closes_on=today + dt.timedelta(days=5),
        municipalities=["Zwolle"],
    )
    made = {
        "admin": create_user("admin", PASSWORD, admin=True),
        "coalition": create_user("coalitie", PASSWORD, memberships=[("testregio", "coalition")]),
        "facilitator": create_user("begeleider", PASSWORD, memberships=[("testregio", "facilitator")]),
        "other_coalition": create_user("coalitie-elders", PASSWORD, memberships=[("elders", "coalition")]),
        "other_facilitator": create_user(
            "begeleider-elders", PASSWORD, memberships=[("elders", "facilitator")]
        ),
    }
    db.session.commit()
    return made


def login(client, username: str, password: str = PASSWORD):
    page = client.get("/login").get_data(as_text=True)
    return client.post(
        "/login", data={"csrf_token": csrf_from(page), "username": username, "password": password}
    )
