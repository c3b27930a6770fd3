"""Attacks on the second factor: a password without the code, a code used twice, guessing codes, and
the secret read from a copy of the database."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from sqlalchemy import select

from tests.auth.conftest import logged_in
from tests.conftest import csrf_from, login
from vertelpunt import ConfigError, create_app
from vertelpunt.auth import totp
from vertelpunt.extensions import db
from vertelpunt.models import User


def _secret_on(page: str) -> str:
    match = re.search(r'id="totp-key">([A-Z2-7 ]+)<', page)
    assert match, "no key on the set-up page"
    return match.group(1).replace(" ", "")


def _code(secret: str, at: dt.datetime | None = None) -> str:
    return pyotp.TOTP(secret).at(at or dt.datetime.now(dt.UTC))


def _wrong(code: str) -> str:
    return f"{(int(code) + 500000) % 1000000:06d}"


def _post(client, url: str, code: str):
    page = client.get(url)
    token = csrf_from(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "code": code})


def _set_up(client) -> str:
    """Through the account page, as the person would."""
    secret = _secret_on(client.get("/staff/account/tweede-stap").get_data(as_text=True))
    assert _post(client, "/staff/account/tweede-stap", _code(secret)).status_code == 302
    return secret


def test_a_role_that_needs_the_second_factor_cannot_log_in_without_it(app, users, moved_clock):
    app.config["TOTP_REQUIRED_ROLES"] = ("facilitator",)
    client = app.test_client()
    response = login(client, "begeleider")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login/tweede-stap")
    assert not logged_in(client)  # the password alone gives nothing
    secret = _secret_on(client.get("/login/tweede-stap").get_data(as_text=True))
    assert _post(client, "/login/tweede-stap", _wrong(_code(secret, moved_clock.now))).status_code == 401
    assert not logged_in(client)
    assert _post(client, "/login/tweede-stap", _code(secret, moved_clock.now)).status_code == 302
    assert logged_in(client)
    # The next login: password, then the code; the password alone is refused.
    moved_clock.move(seconds=60)
    other = app.test_client()
    response = login(other, "begeleider")
    assert response.headers["Location"].endswith("/login/code")
    assert not logged_in(other)
    assert other.get("/staff/trajecten/testregio/sessies/nieuw").status_code == 302
    assert _post(other, "/login/code", _code(secret, moved_clock.now)).status_code == 302
    assert logged_in(other)
    # The role does not allow turning it off.
    page = other.get("/staff/account").get_data(as_text=True)
    response = other.post(
        "/staff/account/tweede-stap/uit",
        data={"csrf_token": csrf_from(page), "current": "correct horse battery"},
    )
    assert response.status_code == 422
    assert db.session.get(User, users["facilitator"].id).has_totp
    # A role that does not need it logs in with the password alone.
    assert login(app.test_client(), "coalitie").headers["Location"].endswith("/staff/")


def test_a_code_works_once(app, users, moved_clock):
    client = app.test_client()
    login(client, "coalitie")
    secret = _set_up(client)
    moved_clock.move(seconds=60)
    code = _code(secret, moved_clock.now)
    first = app.test_client()
    login(first, "coalitie")
    assert _post(first, "/login/code", code).status_code == 302
    seen_over_the_shoulder = app.test_client()
    login(seen_over_the_shoulder, "coalitie")
    assert _post(seen_over_the_shoulder, "/login/code", code).status_code == 401
    assert not logged_in(seen_over_the_shoulder)


def test_guessing_codes_is_slowed_down_per_account(app, users, moved_clock):
    client = app.test_client()
    login(client, "coalitie")
    secret = _set_up(client)
    moved_clock.move(seconds=60)
    right = _code(secret, moved_clock.now)
    wrong = _wrong(right)
    waits = []
    for _ in range(4):  # from many addresses: a new client each time
        guesser = app.test_client()
        login(guesser, "coalitie")
        page = _post(guesser, "/login/code", wrong)
        assert page.status_code == 401
        waits.append("Wacht" in page.get_data(as_text=True))
    assert waits[-1], "no wait after repeated wrong codes"
    # While the wait lasts even the right code is not checked.
    blocked = app.test_client()
    login(blocked, "coalitie")
    assert _post(blocked, "/login/code", right).status_code == 401
    moved_clock.move(seconds=30)
    later = app.test_client()
    login(later, "coalitie")
    assert _post(later, "/login/code", _code(secret, moved_clock.now)).status_code == 302


def test_the_step_after_the_password_runs_out(app, users, moved_clock):
    client = app.test_client()
    login(client, "coalitie")
    secret = _set_up(client)
    late = app.test_client()
    login(late, "coalitie")
    token = csrf_from(late.get("/login/code").get_data(as_text=True))
    moved_clock.move(minutes=6)
    response = late.post("/login/code", data={"csrf_token": token, "code": _code(secret, moved_clock.now)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert not logged_in(late)


def test_the_secret_is_sealed_in_the_database(app, users):
    client = app.test_client()
    login(client, "coalitie")
    secret = _set_up(client)
    stored = db.session.scalar(select(User.totp_sealed).where(User.username == "coalitie"))
    assert secret not in stored and secret.lower() not in stored.lower()
    assert totp.unseal(stored) == secret
    # Under another SECRET_KEY (a copy of the database without the key) it opens nothing.
    with app.test_request_context():
        app.config["SECRET_KEY"] = "another-secret-key"
        try:
            assert totp.unseal(stored) is None
        finally:
            app.config["SECRET_KEY"] = "test-secret"
    # Never shown again: the account page says "on" and has no key.
    page = client.get("/staff/account").get_data(as_text=True)
    assert secret not in page and 'id="totp-key"' not in page
    assert client.get("/staff/account/tweede-stap").status_code == 302


def test_an_administrator_resets_a_lost_second_factor(app, users, moved_clock):
    client = app.test_client()
    login(client, "coalitie")
    _set_up(client)
    admin = app.test_client()
    login(admin, "admin")
    page = f"/staff/accounts/{users['coalition'].id}"
    token = csrf_from(admin.get(page).get_data(as_text=True))
    assert admin.post(f"{page}/tweede-stap", data={"csrf_token": token}).status_code == 302
    assert not logged_in(client)  # whoever holds the lost phone's login is out
    assert login(app.test_client(), "coalitie").headers["Location"].endswith("/staff/")


def test_an_unknown_role_in_the_setting_is_refused():
    with pytest.raises(ConfigError):
        create_app(
            {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "TOTP_REQUIRED_ROLES": ("facilitatr",)}
        )
