"""Attacks on account administration: a non-admin at the admin pages, a deactivated person who keeps
a login open, an administrator who locks everyone out."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.auth.conftest import logged_in, post_page
from tests.conftest import csrf_from, login
from vertelpunt.extensions import db
from vertelpunt.models import LoginSession, User

ADMIN_PAGES = ("/staff/accounts", "/staff/accounts/uitnodigen", "/staff/accounts/{id}")
ADMIN_POSTS = (
    ("/staff/accounts/uitnodigen", {"username": "indringer", "email": "x@example.org", "is_admin": "y"}),
    ("/staff/accounts/{id}", {"is_admin": "y", "email": "x@example.org"}),
    ("/staff/accounts/{id}/actief", {"active": "0"}),
    ("/staff/accounts/{id}/tweede-stap", {}),
    ("/staff/accounts/{id}/uitnodiging", {}),
)


def _fresh(user: User) -> User:
    db.session.rollback()
    return db.session.get(User, user.id)


def test_no_one_but_an_administrator_reaches_the_account_pages(app, users):
    victim = users["coalition"]
    for name in ("coalitie", "begeleider", "coalitie-elders", None):
        client = app.test_client()
        if name:
            assert login(client, name).status_code == 302
        token = csrf_from(client.get("/login").get_data(as_text=True))
        for page in ADMIN_PAGES:
            response = client.get(page.format(id=victim.id))
            assert response.status_code == (403 if name else 302), (name, page)
        for url, data in ADMIN_POSTS:
            response = client.post(url.format(id=victim.id), data={"csrf_token": token, **data})
            assert response.status_code == (403 if name else 302), (name, url)
    # Nothing changed: no new account, no admin role, the victim still active.
    assert db.session.scalar(select(User).where(User.username == "indringer")) is None
    victim = _fresh(victim)
    assert victim.active and not victim.is_admin and victim.email is None


def test_a_deactivated_person_cannot_log_in_and_their_open_login_ends(app, users):
    person = app.test_client()
    assert login(person, "begeleider").status_code == 302 and logged_in(person)
    admin = app.test_client()
    login(admin, "admin")
    target = users["facilitator"]
    page = f"/staff/accounts/{target.id}"
    response = post_page(admin, f"{page}/actief", {"active": "0"}, page=page)
    assert response.status_code == 302
    assert not logged_in(person)  # the open login ended at once
    assert login(app.test_client(), "begeleider").status_code == 401
    count = select(func.count()).select_from(LoginSession).where(LoginSession.user_id == target.id)
    assert db.session.scalar(count) == 0
    # Active again: the password works again.
    assert post_page(admin, f"{page}/actief", {"active": "1"}, page=page).status_code == 302
    assert login(app.test_client(), "begeleider").status_code == 302


def test_an_administrator_changes_roles_in_the_web_interface(app, users, traject):
    target = users["coalition"]
    person = app.test_client()
    login(person, "coalitie")
    assert person.get("/staff/trajecten/testregio/sessies/nieuw").status_code == 403
    admin = app.test_client()
    login(admin, "admin")
    page = f"/staff/accounts/{target.id}"
    data = {f"t{traject.id}_facilitator": "y", "email": "coalitie@example.org"}
    assert post_page(admin, page, data).status_code == 302
    target = _fresh(target)
    assert target.roles_in(traject.id) == {"facilitator"} and target.email == "coalitie@example.org"
    assert person.get("/staff/trajecten/testregio/sessies/nieuw").status_code == 200
    # Every role taken away: the traject is no longer theirs at all.
    assert post_page(admin, page, {}).status_code == 302
    assert person.get("/staff/trajecten/testregio").status_code == 404


def test_an_address_belongs_to_one_account(app, users):
    admin = app.test_client()
    login(admin, "admin")
    first, second = users["coalition"], users["facilitator"]
    assert post_page(admin, f"/staff/accounts/{first.id}", {"email": "Een@Example.org"}).status_code == 302
    response = post_page(admin, f"/staff/accounts/{second.id}", {"email": "een@example.org"})
    assert response.status_code == 422
    assert _fresh(second).email is None and _fresh(first).email == "een@example.org"


def test_the_last_administrator_cannot_lock_everyone_out(app, users):
    admin = app.test_client()
    login(admin, "admin")
    me = users["admin"]
    page = f"/staff/accounts/{me.id}"
    assert post_page(admin, f"{page}/actief", {"active": "0"}, page=page).status_code == 422
    assert post_page(admin, page, {}).status_code == 422  # taking away one's own admin role
    me = _fresh(me)
    assert me.active and me.is_admin and logged_in(admin)
