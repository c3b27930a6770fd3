"""A login left open on a shared computer: it ends after a while without use, and in any case some
hours after it began, also for whoever copied its cookie."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.auth.conftest import logged_in
from tests.conftest import login
from vertelpunt.extensions import db
from vertelpunt.models import LoginSession


def _rows() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(LoginSession))


def test_a_login_ends_after_the_idle_limit(app, users, moved_clock):
    client = app.test_client()
    login(client, "coalitie")
    stolen = client.get_cookie("session").value
    moved_clock.move(minutes=app.config["SESSION_IDLE_MINUTES"] - 1)
    assert logged_in(client)
    moved_clock.move(minutes=app.config["SESSION_IDLE_MINUTES"], seconds=1)
    response = client.get("/staff/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "uitgelogd" in client.get("/login").get_data(as_text=True)
    assert _rows() == 0  # ended on the server, so the copied cookie is worthless too
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert not logged_in(thief)


def test_use_keeps_a_login_alive_until_the_absolute_limit(app, users, moved_clock):
    app.config.update(SESSION_IDLE_MINUTES=30, SESSION_MAX_HOURS=4)
    client = app.test_client()
    login(client, "begeleider")
    for _ in range(9):  # a request every 25 minutes: 3 h 45 in all
        moved_clock.move(minutes=25)
        assert logged_in(client)
    moved_clock.move(minutes=15)  # four hours after logging in
    assert not logged_in(client)
    assert _rows() == 0


def test_the_limits_are_settings(make_app, users, moved_clock):
    app = make_app(SESSION_IDLE_MINUTES=5, SESSION_MAX_HOURS=1)
    with app.app_context():
        client = app.test_client()
        login(client, "coalitie")
        moved_clock.move(minutes=4)
        assert logged_in(client)
        moved_clock.move(minutes=5, seconds=1)
        assert not logged_in(client)


def test_a_page_view_writes_at_most_once_a_minute(app, users, moved_clock):
    """Keeping a login alive must not make every page view a writer (SQLite has one write lock)."""
    client = app.test_client()
    login(client, "coalitie")
    statements = []

    from sqlalchemy import event

    def seen(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("UPDATE", "DELETE", "INSERT")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        for _ in range(5):
            moved_clock.move(seconds=10)
            client.get("/staff/")
        assert statements == []
        moved_clock.move(seconds=20)
        client.get("/staff/")
        assert len(statements) == 1 and "login_sessions" in statements[0]
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
