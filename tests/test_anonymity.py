"""Nothing that identifies a narrator is stored with a story or written to a log."""

from __future__ import annotations

import logging
import re

from sqlalchemy import DateTime, Time, inspect

from tests.helpers import submit
from vertelpunt.extensions import db
from vertelpunt.logs import DropClientAddress
from vertelpunt.staff import services

STORY_TABLES = ("stories", "story_answers", "story_receipts")
FORBIDDEN = re.compile(
    r"name|e_?mail|phone|telef|ip(_|$)|addr|remote|agent|browser|device|cookie|session|created_at|"
    r"updated_at|time|hour|minute|second|location|lat|lon",
    re.IGNORECASE,
)


def test_story_tables_have_no_identifying_or_time_of_day_columns(app):
    inspector = inspect(db.engine)
    for table in STORY_TABLES:
        for column in inspector.get_columns(table):
            assert not FORBIDDEN.search(column["name"]), f"{table}.{column['name']}"
            assert not isinstance(column["type"], DateTime | Time), f"{table}.{column['name']} holds a time"


def test_story_keeps_only_its_date(client, traject):
    from vertelpunt.models import Story

    submit(client, services.general_link(traject).token)
    story = db.session.query(Story).one()
    assert type(story.submitted_on).__name__ == "date"


def test_submission_writes_no_client_address_to_any_log(client, traject, caplog):
    caplog.set_level(logging.DEBUG)
    address = "203.0.113.77"
    token = services.general_link(traject).token
    env = {"REMOTE_ADDR": address, "HTTP_USER_AGENT": "Mozilla/5.0 UniqueAgent/9.9"}
    client.get(f"/{token}", environ_base=env)
    submit(client, token)
    response = client.post(f"/{token}", data={"story": "x"}, environ_base=env)
    assert response.status_code == 400
    assert address not in caplog.text and "UniqueAgent" not in caplog.text
    for table in STORY_TABLES:
        for row in db.session.execute(db.text(f"SELECT * FROM {table}")):  # noqa: S608 - fixed names
            assert address not in str(row) and "UniqueAgent" not in str(row)


def test_development_server_access_lines_lose_the_address():
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - [22/Nov/2026 10:00:00] "%s" %s %s',
        ("198.51.100.4", "POST /abc HTTP/1.1", "200", "-"),
        None,
    )
    DropClientAddress().filter(record)
    assert "198.51.100.4" not in record.getMessage()
    assert '"POST /abc HTTP/1.1" 200' in record.getMessage()


def test_gunicorn_access_log_has_no_client_address():
    import runpy
    from pathlib import Path

    settings = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    for field in ("%(h)s", "%(a)s", "%(f)s", "{x-forwarded-for}i", "%(u)s"):
        assert field not in settings["access_log_format"]
