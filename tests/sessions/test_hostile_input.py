"""Hostile values in every field of every POST form of the session pages, posted by the traject's
facilitator: a value the field cannot take is refused with a Dutch message from the catalogue and
nothing is stored; a value it can take is saved; never a server error.

Each field has a kind that says which of the values it can take (an optional number takes "" and no
value at all, a free text takes anything within its bound); everything else must be refused."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, login
from tests.sessions.conftest import make_session
from tests.sessions.refusals import assert_dutch_refusal, snapshot
from vertelpunt.evolve import publication
from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, Source, Theme
from vertelpunt.sessions import services

TRAJECT = "/staff/trajecten/testregio"
MISSING = object()  # the field is not sent at all
FLOOD = "x" * 100_000
HOSTILE = {
    "superscript": "²",
    "full-width": "１２",
    "negative": "-1",
    "huge": "99999999999",
    "empty": "",
    "flood": FLOOD,
    "script": "<script>alert(1)</script>",
    "nul": "a\x00b",
    "impossible date": "2026-02-30",
    "list": ["²", "1"],
    "missing": MISSING,
}
# What each kind of field takes of the hostile values; the rest must be refused. "preview" fields
# (step 9) may be shown back for checking or refused; either way nothing is stored.
TAKES = {
    "required": set(),  # a date, a choice, a row's id, a confirmation, what a button does
    "optional": {"empty", "missing"},  # a number, a date, a choice with a blank, a time, a link
    "rows": {"missing"},  # ticked boxes or chosen options: none is a choice, a blank one is not
    "default": {"missing"},  # a choice with a default when not sent (term, size, importance)
    "name": set(HOSTILE) - {"empty", "missing", "flood", "list"},  # a text that must be there
    "text": set(HOSTILE) - {"flood", "list"},  # a text within its bound, sent once
    "flag": set(HOSTILE) - {"list"},  # a checkbox: anything sent (once) means ticked
}


@dataclass
class Form:
    endpoint: str
    url: str
    sent: dict  # a valid post: each field is spoiled in turn
    fields: dict  # field -> kind


def _forms(ids: dict) -> list[Form]:
    session = f"{TRAJECT}/sessies/{ids['session']}"
    details = {
        "title": "Sessie juni",
        "held_on": "2026-06-10",
        "starts_at": "13:30",
        "duration_minutes": "120",
        "goal": "Doel",
        "focus": "Focus",
        "facilitators": str(ids["facilitator"]),
    }
    detail_kinds = {
        "title": "name",
        "held_on": "required",
        "starts_at": "optional",
        "duration_minutes": "optional",
        "goal": "text",
        "focus": "text",
        "facilitators": "rows",
    }
    action = {
        "title": "Wachtlijst delen",
        "description": "Uitleg",
        "theme_id": str(ids["theme"]),
        "term": "short",
        "size": "small",
        "owner_person": "Eva",
        "owner_organisation": "Wijkteam",
        "next_step": "Bellen",
        "due_on": "2026-09-01",
        "first_step": "1",
    }
    action_kinds = {
        "title": "name",
        "description": "text",
        "theme_id": "optional",
        "term": "default",
        "size": "default",
        "owner_person": "text",
        "owner_organisation": "text",
        "next_step": "text",
        "due_on": "optional",
        "first_step": "flag",
    }
    filters = dict.fromkeys(
        ("perspective", "audience", "age_group", "municipality", "prompt", "organisation_type"), "rows"
    )
    return [
        Form(
            "new",
            f"{TRAJECT}/sessies/nieuw",
            {**details, "participants": "Anna; Wijkteam"},
            {**detail_kinds, "participants": "text"},
        ),
        Form(
            "prepare",
            f"{session}/voorbereiden",
            {**details, "notes": "Notities"},
            {**detail_kinds, "notes": "text"},
        ),
        Form(
            "add_participants",
            f"{session}/deelnemers",
            {"participants": "Carla; GGD"},
            {"participants": "name"},
        ),
        Form(
            "remove_participant",
            f"{session}/deelnemers/{ids['participant']}/verwijderen",
            {"confirm": "1"},
            {"confirm": "required"},
        ),
        Form("status", f"{session}/status", {"to": "open"}, {"to": "required"}),
        Form(
            "stories",
            f"{session}/verhalen",
            {"kind": "filter", "perspective": ["parent"], "from": "2020-01-01", "limit": "5"},
            {"kind": "required", **filters, "from": "optional", "to": "optional", "limit": "optional"},
        ),
        Form(
            "stories",
            f"{session}/verhalen",
            {"kind": "balanced", "size": "6", "seed": "3"},
            {"size": "optional", "seed": "text"},
        ),
        Form(
            "stories",
            f"{session}/verhalen",
            {"kind": "pattern", "statement": "Iets"},
            {"statement": "required"},
        ),
        Form(
            "reviews",
            f"{TRAJECT}/sessies/{ids['later']}/terugblik",
            {
                "action_id": str(ids["action"]),
                "status": "in_progress",
                "obstacles": "Geld",
                "next_step": "Bellen",
            },
            {
                "action_id": "required",
                "status": "required",
                "obstacles": "text",
                "opportunities": "text",
                "next_step": "text",
            },
        ),
        Form("actions", f"{session}/acties", action, action_kinds),
        Form("edit_action", f"{session}/acties/{ids['action']}", action, action_kinds),
        Form(
            "delete_action",
            f"{session}/acties/{ids['action']}/verwijderen",
            {"confirm": "1"},
            {"confirm": "required"},
        ),
        Form(
            "first_steps",
            f"{session}/eerste-stappen",
            {"first_step": [str(ids["action"])]},
            {"first_step": "rows"},
        ),
        Form(
            "dissent",
            f"{session}/dissent",
            {"what": "round", "proposal": "Eén loket", "action_id": str(ids["action"])},
            {"what": "required", "proposal": "name", "action_id": "optional"},
        ),
        Form(
            "dissent",
            f"{session}/dissent",
            {"what": "critique", "round_id": str(ids["round"]), "text": "Te duur"},
            {"round_id": "required", "text": "name"},
        ),
        Form(
            "dissent",
            f"{session}/dissent",
            {"what": "revised", "round_id": str(ids["round"]), "revised_proposal": "Klein beginnen"},
            {"round_id": "required", "revised_proposal": "text"},
        ),
        Form(
            "evidence",
            f"{session}/cijfers-en-bronnen",
            {"what": "indicators", "indicator": ["jeugdigen_met_indicatie|personen"]},
            {"what": "required", "indicator": "rows"},
        ),
        Form(
            "evidence",
            f"{session}/cijfers-en-bronnen",
            {"what": "sources", "source_id": [str(ids["source"])]},
            {"source_id": "rows"},
        ),
        Form(
            "sources_page",
            f"{TRAJECT}/bronnen",
            {
                "title": "Rapport",
                "author": "GGD",
                "year": "2020",
                "url": "https://example.org",
                "notes": "Lees",
            },
            {
                "source_id": "optional",
                "title": "name",
                "author": "text",
                "year": "optional",
                "url": "optional",
                "importance": "default",
                "notes": "text",
            },
        ),
        Form(
            "delete_source",
            f"{TRAJECT}/bronnen/verwijderen",
            {"source_id": str(ids["source"])},
            {"source_id": "required"},
        ),
    ]


@pytest.fixture
def facilitator(app, users, traject, held):
    """The facilitator's client, and the ids the forms name: the held session (its themes, actions,
    a dissent round, a source and figures) and a later session that reviews its actions."""
    later = make_session(traject, "Tweede sessie", days=21)
    client = app.test_client()
    login(client, "begeleider")
    ids = {
        "session": held.id,
        "later": later.id,
        "facilitator": users["facilitator"].id,
        "participant": held.participants[0].id,
        "theme": db.session.scalar(select(Theme.id).where(Theme.session_id == held.id)),
        "action": db.session.scalar(select(Action.id).where(Action.session_id == held.id)),
        "round": held.dissent_rounds[0].id,
        "source": db.session.scalar(select(Source.id)),
    }
    token = csrf_from(client.get(f"{TRAJECT}/sessies/{held.id}").get_data(as_text=True))
    return client, ids, token


FACILITATOR_IDS = ("session", "later", "facilitator", "participant", "theme", "action", "round", "source")


def _post(client, token: str, url: str, data: dict, **kwargs):
    sent = {k: v for k, v in data.items() if v is not MISSING}
    return client.post(url, data={"csrf_token": token, **sent}, **kwargs)


# The forms' endpoints: any ids will do to list them.
ENDPOINTS = sorted({form.endpoint for form in _forms(dict.fromkeys(FACILITATOR_IDS, 1))})


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_values_in_every_field_are_refused_in_dutch_or_saved(facilitator, endpoint):
    client, ids, token = facilitator
    for form in (f for f in _forms(ids) if f.endpoint == endpoint):
        for field, kind in form.fields.items():
            for name, value in HOSTILE.items():
                what = f"{form.url} {field}={name}"
                before = snapshot()
                response = _post(client, token, form.url, {**form.sent, field: value})
                if name in TAKES[kind]:
                    assert response.status_code == 303, f"{what}: {response.status_code}, expected saved"
                    continue
                assert response.status_code == 422, f"{what}: {response.status_code}, expected refused"
                assert_dutch_refusal(response, what)
                assert snapshot() == before, f"{what}: refused, yet something was stored"


def test_hostile_figure_files_are_refused_in_dutch(facilitator):
    client, _ids, token = facilitator
    header = "indicator,eenheid,periode,waarde\n"
    files = {
        "empty": b"",
        "binary": b"\x00\xff\xfe\x00",
        "flood": FLOOD.encode(),
        "superscript": f"{header}inwoners,personen,2018,²\n".encode(),
        "words": f"{header}inwoners,personen,2018,veel\n".encode(),
        "script": f"{header}<script>,personen,2018,\n".encode(),
    }
    url = f"{TRAJECT}/cijfers"
    for name, content in files.items():
        before = snapshot()
        response = _post(client, token, url, {"file": (io.BytesIO(content), "cijfers.csv")})
        assert response.status_code == 422, name
        assert_dutch_refusal(response, name)
        assert snapshot() == before, name
    for name, value in (("text instead of a file", "cijfers.csv"), ("no file", MISSING)):
        before = snapshot()
        response = _post(client, token, url, {"file": value}, content_type="multipart/form-data")
        assert response.status_code == 422, name
        assert_dutch_refusal(response, name)
        assert snapshot() == before, name


def test_hostile_values_in_the_publish_step_store_nothing(facilitator):
    """Step 9 shows what was asked back for checking (or refuses it); only its confirmation stores."""
    client, ids, token = facilitator
    session = db.session.get(DuidingSession, ids["session"])
    services.set_status(session, "open")
    services.set_status(session, "closed")
    db.session.commit()
    url = f"{TRAJECT}/sessies/{ids['session']}/publiceren"
    current = publication.current_values(session)
    sent = {k: ("y" if v is True else v) for k, v in current.items() if v is not False}
    fields = list(current) + ["previewed"]
    for field in fields:
        for name, value in HOSTILE.items():
            what = f"publish {field}={name}"
            before = snapshot()
            response = _post(client, token, url, {**sent, "preview": "1", field: value})
            assert response.status_code in (200, 422), f"{what}: {response.status_code}"
            if response.status_code == 422:
                assert_dutch_refusal(response, what)
            assert snapshot() == before, what
    withdraw = f"{url}/intrekken"
    for name, value in HOSTILE.items():
        response = _post(client, token, withdraw, {"withdraw": "1", "sure": value})
        assert response.status_code in (303, 422), f"withdraw sure={name}: {response.status_code}"
        if response.status_code == 422:
            assert_dutch_refusal(response, f"withdraw sure={name}")


def test_every_post_form_of_the_session_pages_is_walked(app):
    posted = {
        rule.endpoint.removeprefix("sessions.")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("sessions.") and "POST" in rule.methods
    }
    assert posted == {*ENDPOINTS, "figures_page", "publish", "publish_withdraw"}
