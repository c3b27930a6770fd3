"""Staff login: hashed passwords, server-side logout, slowed guessing, the users command."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from tests.conftest import PASSWORD, csrf_from, login
from vertelpunt.auth import services
from vertelpunt.extensions import db
from vertelpunt.models import LoginSession, User


def test_passwords_are_hashed_with_scrypt(app, users):
    user = users["admin"]
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_login_and_logout(client, users):
    response = login(client, "admin")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/")
    assert client.get("/staff/").status_code == 200
    page = client.get("/staff/").get_data(as_text=True)
    response = client.post("/logout", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302  # back to login


def test_logout_invalidates_the_session_on_the_server(app, users):
    first = app.test_client()
    login(first, "coalitie")
    stolen_cookie = first.get_cookie("session").value
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 1
    page = first.get("/staff/").get_data(as_text=True)
    first.post("/logout", data={"csrf_token": csrf_from(page)})
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
    thief = app.test_client()
    thief.set_cookie("session", stolen_cookie)
    response = thief.get("/staff/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_is_refused_in_dutch(client, users):
    response = login(client, "admin", "wrong password!!")
    assert response.status_code == 401
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.get_data(as_text=True)


def test_repeated_failures_are_slowed_down(app, users):
    now = dt.datetime(2026, 1, 1, 12, 0, 0)
    results = [services.authenticate("admin", "nope-nope-nope", now=now) for _ in range(3)]
    assert [r.wait_seconds for r in results] == [0, 0, 2]
    # While blocked, even the right password is not checked.
    blocked = services.authenticate("admin", PASSWORD, now=now + dt.timedelta(seconds=1))
    assert blocked.user is None and blocked.wait_seconds >= 1
    later = now + dt.timedelta(seconds=3)
    assert services.authenticate("admin", "nope-nope-nope", now=later).wait_seconds == 4
    assert services.authenticate("admin", PASSWORD, now=later + dt.timedelta(seconds=5)).user is not None
    # Success resets the count.
    assert services.authenticate("admin", "nope-nope-nope", now=later).wait_seconds == 0


def test_unknown_usernames_are_throttled_too(app, users):
    now = dt.datetime(2026, 1, 1)
    waits = [services.authenticate("nobody", "x", now=now).wait_seconds for _ in range(4)]
    assert waits[-1] > 0


def test_throttled_login_page_says_how_long(client, users):
    for _ in range(3):
        response = login(client, "admin", "wrong password!!")
    assert "Wacht" in response.get_data(as_text=True)


def test_open_redirect_is_refused(client, users):
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login?next=//evil.example/x",
        data={"csrf_token": csrf_from(page), "username": "admin", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/staff/"


def test_login_form_needs_csrf(client, users):
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 400


def test_users_create_command(app, traject):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "nieuw",
            "--role",
            "facilitator",
            "--traject",
            "testregio",
            "--password",
            "een lang wachtwoord",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "nieuw"))
    assert user.roles_in(traject.id) == {"facilitator"}
    result = runner.invoke(args=["users", "create", "kort", "--admin", "--password", "kort"])
    assert result.exit_code != 0 and "at least 12" in result.output
    result = runner.invoke(args=["users", "create", "gen", "--admin", "--generate"])
    assert result.exit_code == 0 and "with password" in result.output
    result = runner.invoke(args=["users", "create", "NIEUW", "--admin", "--generate"])
    assert result.exit_code != 0 and "already exists" in result.output
