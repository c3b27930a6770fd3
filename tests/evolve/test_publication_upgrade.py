"""Upgrading publishes nothing: before migration 0009 every action was public from the moment it was
typed and every theme of a closed session was on the public page; after it nothing is, until a
facilitator publishes it again, and a quote released before waits for the worker's check."""

from __future__ import annotations

import datetime as dt

from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from tests.conftest import PG_URL, base_config
from vertelpunt import create_app
from vertelpunt.core.access import traject_by_slug
from vertelpunt.evolve import public
from vertelpunt.extensions import db

SCHEMA = "upgrade_publication"
NOW = dt.datetime(2026, 1, 5, 12, 0)
ROWS = [
    (
        "INSERT INTO trajecten (id, slug, name, region, focus, focus_prompt_nl, focus_prompt_en, opens_on,"
        " closes_on, retention_days, results_note) VALUES (1, 'oud', 'Oud', 'Oud', 'f', '', '', :day, :day,"
        " 365, '')"
    ),
    (
        "INSERT INTO duiding_sessions (id, traject_id, title, held_on, starts_at, duration_minutes, goal, focus,"
        " status, join_code, selection, notes, created_at) VALUES (1, 1, 'Sessie', :day, '10:00', 120, '', '',"
        " 'closed', 'OUD00001', '{}', '', :now)"
    ),
    (
        "INSERT INTO themes (id, session_id, name, key_terms, confirmed, named_by_person, origin, position,"
        " created_at) VALUES (1, 1, 'sanne · wolters · school', '[\"sanne\", \"wolters\"]', :no, :no,"
        " 'engine', 0, :now)"
    ),
    (
        "INSERT INTO actions (id, traject_id, session_id, title, description, term, size, owner_organisation,"
        " owner_person, next_step, first_step, status, public, created_at) VALUES (1, 1, 1, 'Oude actie', '',"
        " 'short', 'small', 'Wijkteam', 'Jan Jansen', '', :no, 'open', :yes, :now)"
    ),
    "INSERT INTO released_quotes (id, traject_id, text, released_at) VALUES (1, 1, 'Een oud citaat', :now)",
]


def _url(tmp_path) -> str:
    if not PG_URL:
        return f"sqlite:///{tmp_path}/upgrade.db"
    # A schema of its own, so the suite's migrated database is left as it is.
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()
    return f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{SCHEMA}"


def test_upgrading_makes_nothing_public(tmp_path):
    app = create_app(base_config(_url(tmp_path)))
    try:
        with app.app_context():
            upgrade(revision="0008")
            values = {"day": dt.date(2026, 1, 5), "now": NOW, "yes": True, "no": False}
            for row in ROWS:
                db.session.execute(text(row), values)
            db.session.commit()
            # Before: the old page read exactly these columns.
            assert bool(db.session.execute(text("SELECT public FROM actions")).scalar()) is True
            db.session.remove()  # the migration runs on a connection of its own
            upgrade()
            action = db.session.execute(text("SELECT public, publication FROM actions")).one()
            assert (bool(action.public), action.publication) == (False, "private")
            assert db.session.execute(text("SELECT publication FROM themes")).scalar() == "private"
            assert db.session.execute(text("SELECT publication FROM released_quotes")).scalar() == "requested"
            data = public.feedback(traject_by_slug("oud"))
            assert (data.themes, data.actions, data.quotes) == ([], [], [])
            db.session.remove()
            db.engine.dispose()
    finally:
        if PG_URL:
            engine = create_engine(PG_URL)
            with engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            engine.dispose()
