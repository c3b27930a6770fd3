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
