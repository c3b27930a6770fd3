"""Logs and files keep no narrator data: SQL errors never show statement parameters."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, StatementError

from vertelpunt.extensions import db


def test_a_failing_statement_does_not_carry_its_parameters(app, caplog):
    secret = "Sanne Wolters woont op de Dorpsstraat 12"
    with pytest.raises((DBAPIError, StatementError)) as failure:
        db.session.execute(text("INSERT INTO no_such_table (x) VALUES (:x)"), {"x": secret})
    db.session.rollback()
    assert "Sanne" not in str(failure.value)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").exception("as an error handler would log it", exc_info=failure.value)
    assert "Sanne" not in caplog.text
