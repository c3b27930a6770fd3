"""Hostile values in every field of every POST route of the accounts, each as the person who may use
the route: a 4xx with a Dutch message, never a server error, and nothing stored.

Each route has a valid post, sent last to show that it was the hostile field that was refused.
A failed login or code is counted (that is the point of counting), so the throttle is left out of
"nothing stored"."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pyotp
import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, csrf_from, login
from tests.hostile_values import EVERYTHING, MISSING, TWO
from vertelpunt.auth import tokens, totp
from vertelpunt.extensions import db
from vertelpunt.models import AccountToken, LoginSession, Membership, SentMail, User

NEW = "een nieuw en lang wachtwoord"

ONE = "Vul hier één antwoord in"
FILL = "Vul dit in"
WRONG_LOGIN = ("Gebruikersnaam of wachtwoord klopt niet",)
WRONG_CODE = ("Deze code klopt niet", FILL, "Gebruik hoogstens 20 tekens", ONE)
NEW_PASSWORD = ("Gebruik minstens 12 tekens", "Gebruik hoogstens 200 tekens", FILL, ONE)
REPEAT = ("De twee wachtwoorden zijn niet hetzelfde", FILL, ONE)
# A hostile password of a good length differs from its repetition.
PASSWORD_AND_REPEAT = (*NEW_PASSWORD, REPEAT[0])
CURRENT = ("Dit is niet je huidige wachtwoord", FILL, ONE)
EMAIL = ("Dit is geen e-mailadres", FILL, "Gebruik hoogstens 254 tekens", ONE)
TRY_AGAIN = ("Probeer het opnieuw",)


@pytest.fixture
def app(make_app):
    # Dozens of refused posts in a row: neither the rate limit nor the growing wait may answer them.
    app = make_app(RATELIMIT_ENABLED=False, LOGIN_FREE_TRIES=100_000)
    with app.app_context():
        yield app


@dataclass
class Route:
    url: str
    data: dict
    fields: dict  # field: (values it refuses, Dutch fragments one of which the answer holds)
    page: str = ""  # where the form is, when not at url
    valid: int = 302  # the answer to the valid post
    client: object = field(default=None)


def _with_totp(user: User) -> None:
    secret = totp.new_secret()
    assert totp.enable(user, secret, pyotp.TOTP(secret).now())
    db.session.commit()


def _logged_in(app, username: str):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _routes(app, users, traject) -> dict:
    """Made lazily per route: each needs its own accounts, links and logins."""
    admin, person = users["admin"], users["coalition"]
    role = f"t{traject.id}_coalition"

    def login_page():
        return Route(
            "/login",
            {"username": "admin", "password": PASSWORD},
            {"username": (EVERYTHING, WRONG_LOGIN), "password": (EVERYTHING, WRONG_LOGIN)},
            client=app.test_client(),
        )

    def login_code():
        _with_totp(person)
        client = app.test_client()
        assert login(client, "coalitie").headers["Location"].endswith("/login/code")
        return Route("/login/code", {}, {"code": (EVERYTHING, WRONG_CODE)}, valid=0, client=client)

    def login_setup():
        app.config["TOTP_REQUIRED_ROLES"] = ("facilitator",)
        client = app.test_client()
        assert login(client, "begeleider").headers["Location"].endswith("/login/tweede-stap")
        return Route("/login/tweede-stap", {}, {"code": (EVERYTHING, WRONG_CODE)}, valid=0, client=client)

    def forgot():
        person.email = "coalitie@example.org"
        db.session.commit()
        data = {"email": "coalitie@example.org"}
        return Route("/wachtwoord-vergeten", data, {"email": (EVERYTHING, EMAIL)}, client=app.test_client())

    def new_password(kind: str, prefix: str):
        def make():
            link = tokens.issue(person, kind)
            db.session.commit()
            fields = {"password": (EVERYTHING, PASSWORD_AND_REPEAT), "repeat": (EVERYTHING, REPEAT)}
            data = {"password": NEW, "repeat": NEW}
            return Route(f"{prefix}{link}", data, fields, client=app.test_client())

        return make

    def change_password():
        fields = {
            "current": (EVERYTHING, CURRENT),
            "password": (EVERYTHING, PASSWORD_AND_REPEAT),
            "repeat": (EVERYTHING, REPEAT),
        }
        data = {"current": PASSWORD, "password": NEW, "repeat": NEW}
        client = _logged_in(app, "coalitie")
        return Route("/staff/account/wachtwoord", data, fields, page="/staff/account", client=client)

    def totp_setup():
        client = _logged_in(app, "coalitie")
        return Route(
            "/staff/account/tweede-stap", {}, {"code": (EVERYTHING, WRONG_CODE)}, valid=0, client=client
        )

    def totp_off():
        client = _logged_in(app, "coalitie")
        _with_totp(person)
        fields = {"current": (EVERYTHING, CURRENT)}
        return Route(
            "/staff/account/tweede-stap/uit", {"current": PASSWORD}, fields, "/staff/account", client=client
        )

    def invite():
        username = ("", "x" * 100_000, "\x00", TWO, MISSING)
        fields = {
            "username": (username, ("Gebruik 1 tot 80 tekens", FILL, ONE)),
            "email": (EVERYTHING, EMAIL),
            "is_admin": ([TWO], (ONE,)),
            role: ([TWO], (ONE,)),
        }
        data = {"username": "nieuwe", "email": "nieuwe@example.org", role: "y"}
        return Route("/staff/accounts/uitnodigen", data, fields, client=_logged_in(app, "admin"))

    def edit_account():
        # An empty or absent address is no refusal: it takes the address away.
        email = [v for v in EVERYTHING if v not in ("", MISSING)]
        fields = {"email": (email, EMAIL), "is_admin": ([TWO], (ONE,)), role: ([TWO], (ONE,))}
        data = {"email": "coalitie@example.org", role: "y"}
        return Route(f"/staff/accounts/{person.id}", data, fields, client=_logged_in(app, "admin"))

    def set_active():
        url = f"/staff/accounts/{person.id}"
        fields = {"active": (EVERYTHING, TRY_AGAIN)}
        return Route(f"{url}/actief", {"active": "0"}, fields, page=url, client=_logged_in(app, "admin"))

    def resend_invitation():
        invited = User(username="uitgenodigd", password_hash="", email="uitgenodigd@example.org")
        db.session.add(invited)
        db.session.commit()
        url = f"/staff/accounts/{invited.id}"
        return Route(
            f"{url}/uitnodiging", {}, {"submit": ([TWO], TRY_AGAIN)}, url, client=_logged_in(app, "admin")
        )

    def reset_totp():
        _with_totp(person)
        url = f"/staff/accounts/{person.id}"
        return Route(
            f"{url}/tweede-stap", {}, {"submit": ([TWO], TRY_AGAIN)}, url, client=_logged_in(app, "admin")
        )

    assert admin.is_admin
    return {
        "auth.login": login_page,
        "auth.login_code": login_code,
        "auth.login_setup": login_setup,
        "auth.forgot_password": forgot,
        "auth.reset_password": new_password("reset", "/wachtwoord-vergeten/"),
        "auth.accept_invitation": new_password("invite", "/uitnodiging/"),
        "auth.change_password": change_password,
        "auth.totp_setup": totp_setup,
        "auth.totp_off": totp_off,
        "auth.invite": invite,
        "auth.edit_account": edit_account,
        "auth.set_active": set_active,
        "auth.resend_invitation": resend_invitation,
        "auth.reset_totp": reset_totp,
    }


ENDPOINTS = [
    "auth.login",
    "auth.login_code",
    "auth.login_setup",
    "auth.forgot_password",
    "auth.reset_password",
    "auth.accept_invitation",
    "auth.change_password",
    "auth.totp_setup",
    "auth.totp_off",
    "auth.invite",
    "auth.edit_account",
    "auth.set_active",
    "auth.resend_invitation",
    "auth.reset_totp",
]


def _state():
    """Everything a refused post could have changed, but the throttle (see the module's text)."""
    db.session.rollback()
    state = (
        db.session.execute(
            select(
                User.id,
                User.username,
                User.email,
                User.is_admin,
                User.active,
                User.password_hash,
                User.totp_sealed,
                User.totp_last_step,
            ).order_by(User.id)
        ).all(),
        db.session.execute(select(Membership.user_id, Membership.traject_id, Membership.role)).all(),
        db.session.execute(select(AccountToken.id, AccountToken.used_at).order_by(AccountToken.id)).all(),
        db.session.scalars(select(LoginSession.id_hash).order_by(LoginSession.id_hash)).all(),
        db.session.scalar(select(func.count()).select_from(SentMail)),
    )
    db.session.rollback()
    return state


def _post(route: Route, name: str | None = None, value=None):
    """The route's valid post, with ``name`` set to ``value`` (or left out, or sent twice)."""
    page = route.client.get(route.page or route.url)
    assert page.status_code == 200, (route.url, page.status_code)
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), **route.data}
    if name is None:
        pass
    elif value == MISSING:
        data.pop(name, None)
    elif value == TWO:
        data[name] = [route.data.get(name, "y")] * 2
    else:
        data[name] = value
    return route.client.post(route.url, data=data)


def _shown(value) -> str:
    return repr(value if len(value) < 40 else value[:20] + "...")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_values_are_refused_in_dutch_and_store_nothing(app, users, traject, inbox, endpoint):
    route = _routes(app, users, traject)[endpoint]()
    for name, (values, fragments) in route.fields.items():
        for value in values:
            before = _state()
            response = _post(route, name, value)
            what = (endpoint, name, _shown(value))
            assert 400 <= response.status_code < 500, (*what, response.status_code)
            text = html.unescape(response.get_data(as_text=True))
            assert any(f in text for f in fragments), (*what, fragments)
            assert _state() == before, what
    if route.valid:
        assert _post(route).status_code == route.valid, endpoint


def test_every_post_route_of_the_accounts_is_tried(app):
    posts = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("auth.") and "POST" in (rule.methods or ())
    }
    # Logging out has no field to be hostile with.
    assert posts - {"auth.logout"} == set(ENDPOINTS)
