"""Attacks on invitation and reset links: use one twice, after it expired, guess one, find out through
the reset form which addresses have an account."""

from __future__ import annotations

import hashlib
import re
import time

from flask import request, request_finished
from sqlalchemy import select

from tests.auth.conftest import logged_in, post_page
from tests.conftest import PASSWORD, csrf_from, login
from vertelpunt import mail
from vertelpunt.extensions import db
from vertelpunt.logs import UNLOGGED
from vertelpunt.models import AccountToken, LoginSession, SentMail, User

NEW = "een nieuw wachtwoord van mij"


def _invite(client, username="nieuwe", email="nieuwe@example.org", **roles):
    assert login(client, "admin").status_code == 302
    data = {"username": username, "email": email, **roles}
    response = post_page(client, "/staff/accounts/uitnodigen", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def _user(name: str) -> User:
    db.session.rollback()
    return db.session.scalar(select(User).where(User.username == name))


def test_an_invitation_works_once_and_the_invitee_chooses_the_password(app, users, traject, inbox):
    admin = app.test_client()
    _invite(admin, **{f"t{traject.id}_facilitator": "y"})
    invited = _user("nieuwe")
    assert invited.invited and invited.roles_in(traject.id) == {"facilitator"}
    # Before choosing a password, no password opens the account: not even an empty one.
    assert login(app.test_client(), "nieuwe", "").status_code == 401
    path = inbox.link("nieuwe@example.org", "/uitnodiging/")
    guest = app.test_client()
    page = guest.get(path)
    assert page.status_code == 200 and "nieuwe" in page.get_data(as_text=True)
    # A password that is too short is refused and does not use the link up.
    short = post_page(guest, path, {"password": "kort", "repeat": "kort"})
    assert short.status_code == 422
    done = post_page(guest, path, {"password": NEW, "repeat": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert login(guest, "nieuwe", NEW).status_code == 302 and logged_in(guest)
    # Used: the link is gone, for reading and for setting a password of the attacker's choice.
    thief = app.test_client()
    assert thief.get(path).status_code == 404
    token = csrf_from(thief.get("/login").get_data(as_text=True))
    again = thief.post(
        path, data={"csrf_token": token, "password": "van de aanvaller!", "repeat": "van de aanvaller!"}
    )
    assert again.status_code == 404
    assert login(app.test_client(), "nieuwe", "van de aanvaller!").status_code == 401


def test_an_invitation_expires(app, users, inbox, moved_clock):
    _invite(app.test_client())
    path = inbox.link("nieuwe@example.org", "/uitnodiging/")
    moved_clock.move(hours=app.config["INVITE_VALID_HOURS"], seconds=1)
    assert app.test_client().get(path).status_code == 404


def test_a_new_invitation_replaces_the_old_one(app, users, inbox):
    admin = app.test_client()
    _invite(admin)
    first = inbox.link("nieuwe@example.org", "/uitnodiging/")
    user = _user("nieuwe")
    url = f"/staff/accounts/{user.id}/uitnodiging"
    assert post_page(admin, url, {}, page=f"/staff/accounts/{user.id}").status_code == 302
    second = inbox.link("nieuwe@example.org", "/uitnodiging/")
    assert first != second
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200


def test_links_are_long_random_and_stored_only_as_a_hash(app, users, inbox):
    _invite(app.test_client())
    path = inbox.link("nieuwe@example.org", "/uitnodiging/")
    secret = path.rsplit("/", 1)[1]
    assert len(secret) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", secret)  # 256 bits
    (row,) = db.session.scalars(select(AccountToken)).all()
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(v) for v in row.__dict__.values())
    assert secret not in stored
    # A near miss is no key: one character changed, the secret cut short, or far too long.
    other = "A" if secret[-1] != "A" else "B"
    for guess in (secret[:-1] + other, secret[:20], secret + "x" * 200):
        assert app.test_client().get(f"/uitnodiging/{guess}").status_code == 404


def _forgot(client, email: str):
    page = client.get("/wachtwoord-vergeten").get_data(as_text=True)
    response = client.post("/wachtwoord-vergeten", data={"csrf_token": csrf_from(page), "email": email})
    followed = client.get(response.headers["Location"]) if response.status_code == 302 else response
    return response, re.sub(r'name="csrf_token" value="[^"]+"', "", followed.get_data(as_text=True))


def test_the_reset_form_tells_no_one_which_addresses_have_an_account(app, users, inbox):
    accounts = {
        "begeleider": "begeleider@example.org",
        "coalitie": "coalitie@example.org",
        "coalitie-elders": "weg@example.org",
    }
    db.session.rollback()
    for name, address in accounts.items():
        user = db.session.scalar(select(User).where(User.username == name))
        user.email, user.active = address, name != "coalitie-elders"
    db.session.commit()
    _invite(app.test_client(), username="uitgenodigd", email="uitgenodigd@example.org")
    inbox.messages.clear()
    inbox.delay = 1.5  # a slow mail server must not make the answer for a real account slower
    answers = {}
    for address in (
        "begeleider@example.org",  # an account
        "Coalitie@Example.org",  # an account, typed differently
        "niemand@example.org",  # no account
        "weg@example.org",  # a deactivated account
        "uitgenodigd@example.org",  # invited, no password yet
    ):
        started = time.monotonic()
        response, page = _forgot(app.test_client(), address)
        answers[address] = (response.status_code, response.headers.get("Location"), page)
        assert time.monotonic() - started < 1.0, address
    assert len(set(answers.values())) == 1, "the answer differs between addresses"
    mail.wait()
    assert sorted(a for rcpt, _ in inbox.messages for a in rcpt) == [
        "begeleider@example.org",
        "coalitie@example.org",
    ]
    db.session.rollback()
    recorded = db.session.scalars(select(SentMail.recipient).where(SentMail.kind == "reset")).all()
    assert sorted(recorded) == ["begeleider@example.org", "coalitie@example.org"]  # nothing of strangers


def test_a_reset_link_works_once_ends_every_login_and_expires(app, users, inbox, moved_clock):
    _user("begeleider").email = "begeleider@example.org"
    db.session.commit()
    elsewhere = app.test_client()
    assert login(elsewhere, "begeleider").status_code == 302  # e.g. someone who stole the password
    _forgot(app.test_client(), "begeleider@example.org")
    mail.wait()
    path = inbox.link("begeleider@example.org", "/wachtwoord-vergeten/")
    owner = app.test_client()
    assert post_page(owner, path, {"password": NEW, "repeat": NEW}).status_code == 302
    assert not logged_in(elsewhere)  # the old password's logins have ended
    assert login(app.test_client(), "begeleider", PASSWORD).status_code == 401
    assert login(app.test_client(), "begeleider", NEW).status_code == 302
    assert app.test_client().get(path).status_code == 404  # used
    # A burst of requests sends one mail, not a mail bomb; a minute later another link can be asked for.
    sent = len(inbox.to("begeleider@example.org"))
    _forgot(app.test_client(), "begeleider@example.org")
    mail.wait()
    assert len(inbox.to("begeleider@example.org")) == sent
    moved_clock.move(minutes=1, seconds=1)
    _forgot(app.test_client(), "begeleider@example.org")
    mail.wait()
    assert len(inbox.to("begeleider@example.org")) == sent + 1
    # This second link expires unused.
    later = inbox.link("begeleider@example.org", "/wachtwoord-vergeten/")
    assert later != path and app.test_client().get(later).status_code == 200
    moved_clock.move(minutes=app.config["RESET_VALID_MINUTES"], seconds=1)
    assert app.test_client().get(later).status_code == 404


def test_a_reset_link_stops_when_the_account_is_deactivated(app, users, inbox):
    target = _user("coalitie")
    target.email = "coalitie@example.org"
    db.session.commit()
    _forgot(app.test_client(), "coalitie@example.org")
    mail.wait()
    path = inbox.link("coalitie@example.org", "/wachtwoord-vergeten/")
    admin = app.test_client()
    login(admin, "admin")
    url = f"/staff/accounts/{target.id}/actief"
    assert post_page(admin, url, {"active": "0"}, page=f"/staff/accounts/{target.id}").status_code == 302
    assert app.test_client().get(path).status_code == 404
    db.session.rollback()
    assert db.session.scalar(select(LoginSession).where(LoginSession.user_id == target.id)) is None


def test_secret_addresses_get_no_access_log_line(app, users, inbox):
    """The access log would keep the secret next to a time: the request is marked to be left out."""
    _invite(app.test_client())
    path = inbox.link("nieuwe@example.org", "/uitnodiging/")
    seen = {}

    def served(sender, response, **extra):
        seen[request.path] = request.environ.get(UNLOGGED)

    with request_finished.connected_to(served, app):
        app.test_client().get(path)
        app.test_client().get("/login")
    assert seen == {path: True, "/login": None}
