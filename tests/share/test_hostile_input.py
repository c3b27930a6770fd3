"""Hostile values in every field of the narrator's POST routes: a 4xx or the form again with a Dutch
message, or a story stored whole; never a 500, never half a story."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.helpers import full_answers, open_form
from tests.hostile_values import HOSTILE as SHARED_VALUES
from vertelpunt.extensions import db
from vertelpunt.models import CodeSlot, Story, StoryAnswer, StoryReceipt
from vertelpunt.staff import services

MISSING = object()
HOSTILE = [*SHARED_VALUES, ["happy", "sad"], MISSING]
# Every field the narrator's form sends: the framework's questions a general link asks, and the form's own.
FIELDS = [
    *full_answers(),
    "perspective",
    "age_group",
    "municipality",
    "organisation_type",
    "submission_key",
    "personal_checked",
    "csrf_token",
]
# What each refusal says, in Dutch.
DUTCH = {
    400: "Je tekst staat er nog",
    404: "Deze link kennen we niet",
    422: "Er klopt nog iets niet",
}


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Story, StoryAnswer, StoryReceipt, CodeSlot)
    )


def _label(value) -> str:
    return "missing" if value is MISSING else repr(value)[:20]


@pytest.fixture
def token(app, traject):
    app.config["STORY_RATE_LIMIT"] = "100000 per minute"  # read per request: many posts in one test
    return services.general_link(traject).token


@pytest.mark.parametrize("field", FIELDS)
def test_hostile_values_in_every_field_of_the_story_form(client, token, field):
    html, hidden = open_form(client, token)
    for value in HOSTILE:
        data = {**hidden, **full_answers(), "submission_key": secrets.token_urlsafe(18)}
        if value is MISSING:
            data.pop(field, None)
        else:
            data[field] = value
        before = _counts()
        response = client.post(f"/{token}", data=data)
        status, page = response.status_code, response.get_data(as_text=True)
        where = f"{field}={_label(value)}"
        assert status < 500, where
        if status == 303:  # taken as it is: stored whole, with its answers, receipt and code slot
            stories, answers, receipts, slots = (a - b for a, b in zip(_counts(), before, strict=True))
            assert (stories, receipts, slots) == (1, 1, 1) and answers > 0, where
            continue
        assert _counts() == before, where
        if status == 200:  # shown again once with what looks personal, never a refusal
            assert "Dit lijkt persoonlijk" in page, where
        else:
            assert DUTCH[status] in page, where
        assert "Traceback" not in page


@pytest.mark.parametrize(
    "body", [b"[1, 2, 3]", b'"story"', b"5", b"null", b'{"story": ["a", {"b": 1}]}', b"{not json"]
)
def test_a_json_body_is_no_story(client, token, body):
    open_form(client, token)
    before = _counts()
    response = client.post(f"/{token}", data=body, content_type="application/json")
    assert response.status_code == 400 and "Je tekst staat er nog" in response.get_data(as_text=True)
    assert _counts() == before


@pytest.mark.parametrize("bad", ["²²²²²²²²²²²²²²", "１２３４５６７８９０abcd", "x" * 5000, "%00", "<script>"])
def test_hostile_tokens_in_the_address(client, token, bad):
    html, hidden = open_form(client, token)
    response = client.post(f"/{bad}", data={**hidden, **full_answers()})
    assert response.status_code in (404, 405) and _counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("field", ["code", "confirm", "csrf_token"])
def test_hostile_values_in_the_withdrawal_form(client, token, field):
    page = client.get("/intrekken").get_data(as_text=True)
    for value in HOSTILE:
        data = {"csrf_token": csrf_from(page), "code": "abcd-efgh-jkmn-pqrs", "confirm": "yes"}
        if value is MISSING:
            data.pop(field)
        else:
            data[field] = value
        response = client.post("/intrekken", data=data)
        where = f"{field}={_label(value)}"
        assert response.status_code in (400, 422), where
        body = response.get_data(as_text=True)
        assert any(
            dutch in body
            for dutch in (
                "We vinden geen verhaal",
                "Vul je intrekcode in",
                "Vink het vakje aan",
                "De pagina stond te lang open",
                "Vul hier één antwoord in",
            )
        ), where


def test_a_json_body_is_no_withdrawal(client, token):
    page = client.get("/intrekken").get_data(as_text=True)
    response = client.post(
        "/intrekken",
        data=b"[1, 2]",
        content_type="application/json",
        headers={"X-CSRFToken": csrf_from(page)},
    )
    assert response.status_code == 422 and "Vink het vakje aan" in response.get_data(as_text=True)
