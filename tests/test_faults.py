"""When the disk is full or the database is gone, the narrator gets a clear message and their text back,
never a false thank-you, and nothing is half-saved."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from tests.helpers import full_answers, open_form
from vertelpunt.extensions import db
from vertelpunt.models import Story, StoryAnswer
from vertelpunt.staff import services


def test_disk_full_reshows_the_story(app, client, traject):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("uses SQLite's max_page_count to fill the 'disk'")
    token = services.general_link(traject).token
    html, hidden = open_form(client, token)
    pages = db.session.execute(db.text("PRAGMA page_count")).scalar()
    db.session.remove()

    def full_disk(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    db.engine.dispose()
    event.listen(db.engine, "connect", full_disk)
    try:
        story = "Een lang verhaal dat niet meer past omdat de schijf vol is. " * 200
        response = client.post(f"/{token}", data={**hidden, **full_answers(story=story)})
    finally:
        event.remove(db.engine, "connect", full_disk)
        db.engine.dispose()
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Er is nog niets verstuurd" in page and "niet meer past omdat de schijf vol is" in page
    assert "Bedankt" not in page
    assert db.session.scalar(select(func.count(Story.id))) == 0
    assert db.session.scalar(select(func.count(StoryAnswer.id))) == 0


def test_database_unavailable_keeps_every_answer(make_app, traject):
    token = services.general_link(traject).token
    app = make_app(
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2"
    )
    client = app.test_client()
    data = {
        **full_answers(story="Mijn verhaal over de wachtlijst, terwijl de database plat lag."),
        "csrf_token": "x",
    }
    with app.app_context():
        response = client.post(f"/{token}", data=data)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Je verhaal is nog niet verstuurd" in page and "terwijl de database plat lag" in page
    assert 'name="feeling" value="relieved"' in page and 'name="tone" value="75"' in page
    assert "Bedankt" not in page
