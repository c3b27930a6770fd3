"""Hostile values in every field of every staff POST route: the form again with a Dutch message (422),
or a redirect with a Dutch message, or something stored whole; never a 500, never half of it."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, login
from tests.hostile_values import HOSTILE as SHARED_VALUES
from vertelpunt.extensions import db
from vertelpunt.models import Link, Municipality, Organisation, Traject
from vertelpunt.staff import services

MISSING = object()
HOSTILE = [*SHARED_VALUES, ["a", "b"], MISSING]
NOT_SAVED = "Nog niet opgeslagen"
_fresh = itertools.count()


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Traject, Municipality, Organisation, Link)
    )


def _with(data: dict, field: str, value) -> dict:
    data = dict(data)
    if value is MISSING:
        data.pop(field, None)
    else:
        data[field] = value
    return data


def _where(field: str, value) -> str:
    return f"{field}=" + ("missing" if value is MISSING else repr(value)[:20])


def _traject_data() -> dict:
    n = next(_fresh)
    return {
        "name": f"Vertelpunt {n}",
        "slug": f"plek-{n}",
        "region": "West",
        "focus": "Jeugd en school",
        "focus_prompt_nl": "Iets over school",
        "focus_prompt_en": "Something about school",
        "municipalities": f"Aa{n}\nBee{n}",
        "opens_on": "2026-01-01",
        "closes_on": "2026-12-31",
        "results_note": "In de bibliotheek.",
    }


@pytest.mark.parametrize("field", list(_traject_data()))
def test_hostile_values_in_the_traject_form(client, users, field):
    login(client, "admin")
    token = csrf_from(client.get("/staff/trajecten/nieuw").get_data(as_text=True))
    for value in HOSTILE:
        before = _counts()
        response = client.post(
            "/staff/trajecten/nieuw", data={**_with(_traject_data(), field, value), "csrf_token": token}
        )
        where = _where(field, value)
        assert response.status_code in (302, 422), where
        if response.status_code == 422:
            assert NOT_SAVED in response.get_data(as_text=True) and _counts() == before, where
            continue
        # Stored whole: the traject, its municipalities and its general link.
        slug = response.headers["Location"].rsplit("/", 1)[1]
        traject = db.session.scalar(select(Traject).where(Traject.slug == slug))
        assert traject.municipalities and [link.is_general for link in traject.links] == [True], where
        assert "Traject gemaakt" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_hostile_values_in_the_threshold_form(client, users, traject):
    login(client, "admin")
    page = client.get("/staff/trajecten/testregio").get_data(as_text=True)
    for value in [*HOSTILE, "0", "4", "9", "1001", "7.5", " 12 "]:
        was = db.session.scalar(select(Traject.anonymity_threshold).where(Traject.slug == "testregio"))
        data = _with({"csrf_token": csrf_from(page)}, "threshold", value)
        response = client.post("/staff/trajecten/testregio/threshold", data=data, follow_redirects=True)
        where = _where("threshold", value)
        assert response.status_code == 200, where
        body = response.get_data(as_text=True)
        now = db.session.scalar(select(Traject.anonymity_threshold).where(Traject.slug == "testregio"))
        if now == was and value != " 12 ":
            assert "Vul een" in body or "drempel" in body, where
        else:
            assert "Drempel opgeslagen" in body and 5 <= now <= 1000, where


def _organisation_data() -> dict:
    return {
        "name": f"Basisschool {next(_fresh)}",
        "organisation_type": "school",
        "municipality_code": "almelo",
        "contact_person": "de intern begeleider",
    }


@pytest.mark.parametrize("field", list(_organisation_data()))
def test_hostile_values_in_the_organisation_form(client, users, traject, field):
    login(client, "coalitie")
    url = "/staff/trajecten/testregio/organisaties/nieuw"
    token = csrf_from(client.get(url).get_data(as_text=True))
    for value in HOSTILE:
        before = _counts()
        response = client.post(url, data={**_with(_organisation_data(), field, value), "csrf_token": token})
        where = _where(field, value)
        assert response.status_code in (302, 422), where
        if response.status_code == 422:
            assert NOT_SAVED in response.get_data(as_text=True) and _counts() == before, where
        else:
            assert _counts()[2] == before[2] + 1, where


def _link_data(organisation_id: int) -> dict:
    return {
        "organisation_id": str(organisation_id),
        "audience": "parent",
        "prefill_perspective": "parent",
        "prefill_age_group": "age_4_12",
        "prefill_municipality": "",
        "prefill_organisation_type": "",
        "label": "Nieuwsbrief",
        "channel": "e-mail",
    }


@pytest.mark.parametrize("field", list(_link_data(0)))
def test_hostile_values_in_the_link_form(client, users, traject, organisation, field):
    login(client, "coalitie")
    url = "/staff/trajecten/testregio/links/nieuw"
    token = csrf_from(client.get(url).get_data(as_text=True))
    for value in HOSTILE:
        before = _counts()
        response = client.post(
            url, data={**_with(_link_data(organisation.id), field, value), "csrf_token": token}
        )
        where = _where(field, value)
        assert response.status_code in (302, 422), where
        if response.status_code == 422:
            assert NOT_SAVED in response.get_data(as_text=True) and _counts() == before, where
        else:
            assert _counts()[3] == before[3] + 1, where


@pytest.mark.parametrize("action", ["pause", "²", "１２", "-1", "x" * 5000, "%3Cscript%3E", "%00"])
def test_hostile_link_actions(client, users, traject, action):
    link = services.general_link(traject)
    login(client, "coalitie")
    token = csrf_from(client.get("/staff/trajecten/testregio").get_data(as_text=True))
    response = client.post(f"/staff/trajecten/testregio/links/{link.id}/{action}", data={"csrf_token": token})
    assert response.status_code == (302 if action == "pause" else 404)
    for bad_id in ("²", "-1", "99999999999"):
        assert (
            client.post(
                f"/staff/trajecten/testregio/links/{bad_id}/pause", data={"csrf_token": token}
            ).status_code
            == 404
        )


@pytest.mark.parametrize(
    "url",
    [
        "/staff/trajecten/nieuw",
        "/staff/trajecten/testregio/organisaties/nieuw",
        "/staff/trajecten/testregio/links/nieuw",
        "/staff/trajecten/testregio/threshold",
    ],
)
def test_a_json_body_is_no_staff_form(client, users, traject, url):
    login(client, "admin")
    token = csrf_from(client.get("/staff/").get_data(as_text=True))
    before = _counts()
    for body in (b"[1, 2]", b'"x"', b"5", b'{"name": ["a", {"b": 1}]}'):
        response = client.post(
            url, data=body, content_type="application/json", headers={"X-CSRFToken": token}
        )
        assert response.status_code in (302, 422), body
    assert _counts() == before
