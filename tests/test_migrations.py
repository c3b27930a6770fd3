"""The schema comes from migrations only: up from empty, down to base, up again, and no drift."""

from __future__ import annotations

from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect

from tests.conftest import PG_URL, base_config, reset_postgres
from vertelpunt import create_app
from vertelpunt.extensions import db


def test_upgrade_downgrade_upgrade_and_no_drift(tmp_path):
    url = PG_URL or f"sqlite:///{tmp_path}/roundtrip.db"
    if PG_URL:
        reset_postgres(url)
    app = create_app(base_config(url))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"trajecten", "links", "stories", "story_answers", "users"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        check()  # raises when the models and the migrations differ
        db.engine.dispose()


def test_no_code_outside_tests_creates_tables():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for package in ("vertelpunt", "sensemaking", "linkgen"):
        for path in (root / package).rglob("*.py"):
            assert "create_all(" not in path.read_text(encoding="utf-8"), path


def test_the_latest_migrations_keep_every_row_both_ways(tmp_path):
    """On SQLite a migration that rebuilds a table drops the old one, and with foreign keys on that
    deletes every row that cascades from it: a traject's stories, sessions and actions. Up and down over
    the latest migrations with data in place must keep them all."""
    import datetime as dt

    from sqlalchemy import text

    from tests.helpers import submit
    from vertelpunt.staff import services

    url = PG_URL or f"sqlite:///{tmp_path}/rows.db"
    if PG_URL:
        reset_postgres(url)
    app = create_app({**base_config(url), "JOBS_DB": str(tmp_path / "jobs.db")})
    with app.app_context():
        upgrade()
        today = dt.date.today()
        traject = services.create_traject(
            slug="rij",
            name="Rij",
            region="R",
            focus="F",
            opens_on=today,
            closes_on=today,
            municipalities=["Hengelo"],
        )
        token = services.general_link(traject).token
        db.session.commit()
        submit(app.test_client(), token, story="Een verhaal dat elke migratie moet overleven.")
        counts = "SELECT (SELECT count(*) FROM trajecten), (SELECT count(*) FROM stories), (SELECT count(*) FROM links)"
        before = tuple(db.session.execute(text(counts)).one())
        assert before == (1, 1, 1)
        db.session.remove()
        downgrade(revision="0013")
        assert tuple(db.session.execute(text(counts)).one()) == before
        db.session.remove()
        upgrade()
        assert tuple(db.session.execute(text(counts)).one()) == before
        db.session.remove()
        db.engine.dispose()
