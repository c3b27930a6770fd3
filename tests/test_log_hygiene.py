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


def test_the_development_server_logs_no_line_for_a_narrator_page(app, traject, caplog):
    import threading
    import urllib.request

    from werkzeug.serving import make_server

    from vertelpunt.staff import services

    token = services.general_link(traject).token
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            assert urllib.request.urlopen(f"{base}/{token}").status == 200  # noqa: S310 - our own server
            assert urllib.request.urlopen(f"{base}/static/narrator.css").status == 200  # noqa: S310
    finally:
        server.shutdown()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any("narrator.css" in line for line in lines), lines  # staff and static lines stay
    assert not any(token in line for line in lines), lines
    assert not any("127.0.0.1 - -" in line for line in lines), lines


def test_gunicorn_writes_no_access_line_for_a_narrator_request():
    import runpy
    from pathlib import Path
    from types import SimpleNamespace

    from gunicorn.config import Config

    from vertelpunt.logs import UNLOGGED, GunicornLogger

    settings = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    assert settings["logger_class"] == "vertelpunt.logs.GunicornLogger"
    config = Config()
    config.set("accesslog", "-")
    logger = GunicornLogger(config)
    written = []
    logger.access_log.handle = written.append
    response = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    request = SimpleNamespace(
        headers=[], method="POST", path="/abc123", query="", version=(1, 1), uri="/abc123"
    )
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/abc123",
        "RAW_URI": "/abc123",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    import datetime as dt

    logger.access(response, request, {**environ, UNLOGGED: True}, dt.timedelta(seconds=0.01))
    assert written == []
    logger.access(response, request, environ, dt.timedelta(seconds=0.01))
    assert len(written) == 1
