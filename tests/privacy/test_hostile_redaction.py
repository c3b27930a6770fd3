"""A hostile narrator cannot stop redaction: stored text fits whatever redaction does, and the worker
isolates a story it cannot redact (marks it, reports it, carries on with the rest)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from tests.helpers import submit
from vertelpunt import redaction_worker
from vertelpunt.extensions import db
from vertelpunt.models import Story
from vertelpunt.staff import services

pytest.importorskip("deduce")

# Each name becomes a tag longer than itself: the fast rules lengthen the first, only deduce the second.
RULES_LENGTHEN = ("Bo," * 40)[:120]
DEDUCE_LENGTHENS = ("Jo," * 40)[:120]
STORY = "Op school werd eindelijk naar me geluisterd, en dat hielp me echt verder dit jaar."


def _run_worker(app):
    db.session.remove()
    result = app.test_cli_runner().invoke(args=["redaction", "run", "--once"])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("title", [RULES_LENGTHEN, DEDUCE_LENGTHENS])
def test_a_title_of_names_is_stored_and_redacted_without_an_error(app, client, traject, title):
    response = submit(
        client, services.general_link(traject).token, title=title, story=STORY, personal_checked="yes"
    )
    assert response.status_code == 200
    assert "Bedankt" in response.get_data(as_text=True)
    _run_worker(app)
    stored = db.session.scalar(select(Story))
    assert stored.redaction == "full"
    assert "Bo," not in stored.title and "Jo," not in stored.title


def test_a_story_the_worker_cannot_redact_is_set_aside_and_the_rest_still_redacted(
    app, client, traject, monkeypatch, caplog
):
    token = services.general_link(traject).token
    poison = "Een verhaal waar de redactie op vastloopt, over de wachtlijst bij het wijkteam hier."
    later = "We spraken met Kloosterhuis van de gemeente over de wachtlijst, dat hielp ons echt verder."
    submit(client, token, story=poison, personal_checked="yes")
    submit(client, token, story=later, personal_checked="yes")
    real = redaction_worker.redact

    def crashing(text, *args, **kwargs):
        if "vastloopt" in text:
            raise RecursionError("deduce gave up")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(redaction_worker, "redact", crashing)
    logger = logging.getLogger(redaction_worker.__name__)
    logger.addHandler(caplog.handler)  # the app's logging may not propagate to the root logger
    try:
        result = _run_worker(app)
    finally:
        logger.removeHandler(caplog.handler)
    assert "1 stories could not be redacted" in result.output
    stories = {s.text: s for s in db.session.scalars(select(Story))}
    failed = next(s for t, s in stories.items() if "vastloopt" in t)
    done = next(s for t, s in stories.items() if "wachtlijst, dat hielp" in t)
    assert failed.redaction == "failed"
    assert done.redaction == "full" and "Kloosterhuis" not in done.text
    # The log names the story and the kind of error, never its text.
    assert any(str(failed.id) in r.getMessage() for r in caplog.records)
    assert not any("vastloopt" in r.getMessage() for r in caplog.records)
    # The failed story is not retried on every run, so it cannot stall the queue again.
    again = _run_worker(app)
    assert "nothing waiting" in again.output

    status = app.test_cli_runner().invoke(args=["redaction", "status"])
    assert f"failed: 1 (story ids {failed.id})" in status.output
    monkeypatch.setattr(redaction_worker, "redact", real)
    retry = app.test_cli_runner().invoke(args=["redaction", "retry"])
    assert "1 stories back in the queue" in retry.output
    _run_worker(app)
    db.session.expire_all()
    assert db.session.get(Story, failed.id).redaction == "full"
