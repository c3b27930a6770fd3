"""Every POST route of the URL map, as a role that may use it, with hostile values in every field its
pages show (and some they do not): a clear refusal or a success, never a server error. The areas' own
hostile-input tests check the messages and that nothing was stored; this walk makes sure no route and
no field is forgotten, including the ones added later."""

from __future__ import annotations

import re

import pytest
from werkzeug.datastructures import MultiDict

from tests.conftest import csrf_from, login
from tests.test_access_matrix import LOGINS, POLICY, _join_session, _session_objects, _values, routes
from vertelpunt.extensions import db
from vertelpunt.staff import services

HOSTILE = [
    "²",
    "１２",
    "-1",
    "99999999999999999999999",
    "",
    "x" * 20_000,
    "<script>alert(1)</script>",
    "a\x00b",
    "2026-02-30",
    "1e9",
    "NaN",
    "../../etc/passwd",
    "🙂",
]
# Who tries each kind of route: the role that is allowed in (access itself is test_access_matrix's).
ACTOR = {
    "public": "anonymous",
    "staff": "coalition",
    "traject_view": "coalition",
    "traject_manage": "coalition",
    "traject_facilitate": "facilitator",
    "admin": "admin",
    "session_participant": "participant",
    "participant_own": "participant",
    "secret_link": "anonymous",
    "login_step": "anonymous",
}
NAME = re.compile(r"""<(?:input|select|textarea|button)\b[^>]*\bname=["']([^"']+)["']""", re.I)
# Fields no page shows but that handlers might read.
EXTRA = ("id", "ids", "to", "status", "confirm", "target", "into", "stories", "observations", "value")


def _field_names(client, urls) -> set[str]:
    names = set(EXTRA)
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            names.update(NAME.findall(response.get_data(as_text=True)))
    names.discard("csrf_token")
    return names


@pytest.mark.parametrize("actor", sorted(set(ACTOR.values())))
def test_no_post_route_fails_on_hostile_values(app, users, traject, organisation, actor):
    link = services.create_link(traject, organisation=organisation, audience="parent")
    db.session.commit()
    objects = _session_objects(traject, link)
    objects["user_id"] = users["coalition"].id
    client = app.test_client()
    if actor in LOGINS:
        assert login(client, LOGINS[actor]).status_code == 302
    if actor == "participant":
        _join_session(client, objects)
    mine = []
    pages = []
    for rule, method in routes(app):
        if ACTOR.get(POLICY.get(rule.endpoint, ""), None) != actor or rule.endpoint == "auth.logout":
            continue
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **_values(rule, link, objects, app))
        (mine if method == "POST" else pages).append(url)
    assert actor == "anonymous" or mine, f"no POST routes found for {actor}"
    names = _field_names(client, pages + mine)
    failures = []
    for url in mine:
        for value in HOSTILE:
            token = csrf_from(client.get("/login").get_data(as_text=True))
            data = {name: value for name in names}
            data["csrf_token"] = token
            response = client.post(url, data=data)
            if response.status_code >= 500:
                failures.append(f"POST {url} with {value[:20]!r}: {response.status_code}")
        # The same field twice, where one value is expected.
        token = csrf_from(client.get("/login").get_data(as_text=True))
        doubled = [(name, v) for name in names for v in ("1", "2")] + [("csrf_token", token)]
        response = client.post(url, data=MultiDict(doubled))
        if response.status_code >= 500:
            failures.append(f"POST {url} with every field twice: {response.status_code}")
    assert failures == []
