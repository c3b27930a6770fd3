"""The account commands, for when no administrator can log in (a lost phone, a lost password)."""

from __future__ import annotations

import pyotp
from sqlalchemy import select

from tests.auth.conftest import logged_in
from tests.conftest import login
from vertelpunt.auth import totp
from vertelpunt.extensions import db
from vertelpunt.models import User


def _run(app, *args):
    db.session.rollback()
    return app.test_cli_runner().invoke(args=["users", *args])


def test_deactivate_ends_the_login_and_activate_undoes_it(app, users):
    client = app.test_client()
    login(client, "begeleider")
    assert _run(app, "deactivate", "Begeleider").exit_code == 0
    assert not logged_in(client)
    assert login(app.test_client(), "begeleider").status_code == 401
    assert _run(app, "activate", "begeleider").exit_code == 0
    assert login(app.test_client(), "begeleider").status_code == 302
    assert _run(app, "deactivate", "niemand").exit_code != 0


def test_an_administrator_who_lost_their_phone_gets_back_in(app, users):
    admin = db.session.get(User, users["admin"].id)
    secret = totp.new_secret()
    assert totp.enable(admin, secret, pyotp.TOTP(secret).now())
    db.session.commit()
    assert login(app.test_client(), "admin").headers["Location"].endswith("/login/code")
    result = _run(app, "reset-second-factor", "admin")
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), "admin").headers["Location"].endswith("/staff/")


def test_create_takes_an_address(app, traject):
    result = _run(app, "create", "met-adres", "--generate", "--email", "Met.Adres@Example.org")
    assert result.exit_code == 0, result.output
    assert (
        db.session.scalar(select(User.email).where(User.username == "met-adres")) == "met.adres@example.org"
    )
