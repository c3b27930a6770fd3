"""The access matrix for the evolve routes alone, so it can run while other packages add routes."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_from, login
from tests.test_access_matrix import LOGINS, POLICY, ROLES, _outcome, _session_objects, _values, expected
from vertelpunt.extensions import db
from vertelpunt.staff import services


def _evolve_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("evolve."):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def test_every_evolve_route_has_a_policy(app):
    assert {r.endpoint for r, _ in _evolve_routes(app)} <= set(POLICY)


@pytest.mark.parametrize("role", ROLES)
def test_evolve_access(app, users, traject, organisation, role):
    link = services.create_link(traject, organisation=organisation, audience="parent")
    db.session.commit()
    objects = _session_objects(traject, link)
    client = app.test_client()
    if role in LOGINS:
        assert login(client, LOGINS[role]).status_code == 302
    if role == "narrator":
        client.get(f"/{link.token}")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    failures = []
    for rule, method in _evolve_routes(app):
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **_values(rule, link, objects, app))
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        got, want = _outcome(response), expected(POLICY[rule.endpoint], role)
        if method == "POST" and want == "ok":
            ok = got in ("ok", "redirect", 422)
        else:
            ok = got == want
        if not ok:
            failures.append(f"{method} {url}: got {got}, expected {want}")
    assert failures == []
