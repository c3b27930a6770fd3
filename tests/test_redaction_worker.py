"""Stories are redacted at once by the fast rules, then fully by the worker; the originals do not stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.helpers import submit
from vertelpunt.extensions import db
from vertelpunt.models import Story
from vertelpunt.staff import services

pytest.importorskip("deduce")


def test_fast_rules_redact_before_anything_is_stored(client, traject):
    story = "Mijn zoon Daan belde naar 06-12345678 en mailde daan.devries@example.nl over het wijkteam."
    submit(client, services.general_link(traject).token, story=story, personal_checked="yes")
    stored = db.session.scalar(select(Story))
    assert stored.redaction == "rules"
    for detail in ("Daan", "06-12345678", "daan.devries@example.nl"):
        assert detail not in stored.text
    assert "[telefoonnummer]" in stored.text and "wijkteam" in stored.text


def test_worker_redacts_fully_and_leaves_no_original_in_the_files(app, client, traject):
    # A name only deduce knows (not in the fast rules' lists), in a sentence of its own.
    story = "We spraken met Kloosterhuis van de gemeente over de wachtlijst, dat hielp ons echt verder."
    submit(client, services.general_link(traject).token, story=story, personal_checked="yes")
    before = db.session.scalar(select(Story))
    assert before.redaction == "rules"
    db.session.remove()
    result = app.test_cli_runner().invoke(args=["redaction", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "redacted 1 stories" in result.output
    after = db.session.scalar(select(Story))
    assert after.redaction == "full"
    assert "Kloosterhuis" not in after.text and "wachtlijst" in after.text
    if db.engine.dialect.name == "sqlite":
        path = Path(db.engine.url.database)
        raw = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
        assert b"Kloosterhuis" not in raw
    again = app.test_cli_runner().invoke(args=["redaction", "run", "--once"])
    assert "nothing waiting; redacted 0 stories" in again.output
