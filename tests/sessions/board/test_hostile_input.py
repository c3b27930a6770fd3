"""Hostile values in every field of every POST route of the board, as the facilitator and as a
participant: a 4xx with a Dutch message, never a server error, and nothing stored.

Each route has a valid post (checked to work first); then one field at a time gets a value it must
refuse. Free text may hold "<script>" or "-1" (it is shown escaped); ids, marks and hours may not."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tests.hostile_values import EVERYTHING, HOSTILE, MISSING, TWO
from tests.sessions.board.conftest import board_url, join, staff, token_of
from tests.sessions.board.test_board import CARDS, add_cards
from vertelpunt.extensions import db
from vertelpunt.models import (
    Observation,
    PresenterLink,
    SessionEvaluation,
    SessionParticipant,
    Theme,
)
from vertelpunt.models.sessions import observation_stories
from vertelpunt.sessions.board import presenter, themes

TOO_LONG = "x" * 100_000
TEXT = ["", TOO_LONG, "\x00", "  ", TWO, MISSING]  # what a required text field refuses
OPTIONAL_TEXT = [TOO_LONG, TWO]
IDS = [*HOSTILE, MISSING]  # for a field of many ids: each hostile value as the only one sent

ONE = "Vul hier één antwoord in"
THEME_NAME = ("Geef het thema een naam", "Maak de naam korter", ONE)
OBSERVATION = ("Schrijf op wat je opviel", "Maak je observatie korter", ONE)
STORIES = ("hoort niet bij deze sessie", "Kies minstens één verhaal")
NOT_SAVED = ("Nog niet opgeslagen",)

# endpoint: (field: (values it refuses, Dutch fragments one of which the answer holds))
FACILITATOR = {
    "board.add_theme": {"name": (TEXT, THEME_NAME)},
    "board.rename": {"name": (TEXT, THEME_NAME)},
    "board.move": {"target": (EVERYTHING, ("Kies een van de thema", ONE))},
    "board.confirm": {"confirmed": ([*HOSTILE, TWO], ("Kies ja of nee", ONE))},
    "board.merge": {"into": (EVERYTHING, ("Kies een ander thema", ONE))},
    "board.split": {
        "observations": (IDS, ("Kies de kaartjes",)),
        "name": (TEXT, THEME_NAME),
    },
    "board.observations": {
        "text": (TEXT, OBSERVATION),
        "stories": (IDS, STORIES),
        "form_key": ([TWO], NOT_SAVED),  # any other key is ignored: then there is no double-post guard
        "personal_checked": ([TWO], NOT_SAVED),
    },
    "board.presenter_links": {
        "hours": (EVERYTHING, ("Vul een heel getal in", "Vul een getal in van 1 tot", "Vul dit in", ONE)),
        "label": (OPTIONAL_TEXT, ("Gebruik hoogstens 80 tekens", ONE)),
    },
    "board.revoke_presenter": {"link_id": (EVERYTHING, ("Kies een van de schermlinks", ONE))},
}
PARTICIPANT = {
    "board.join": {"code": (EVERYTHING, ("Vul de sessiecode in", "Deze code werkt niet", ONE))},
    "board.join_name": {
        "name": (OPTIONAL_TEXT, ("Maak je naam korter", ONE)),
        "organisation": (OPTIONAL_TEXT, ("Maak de naam van je organisatie korter", ONE)),
    },
    "board.participant_observe": {
        "text": (TEXT, OBSERVATION),
        "stories": (IDS, STORIES),
        "from_story": ([v for v in HOSTILE if v] + [TWO], NOT_SAVED),  # "" or none: back to the home page
        "form_key": ([TWO], NOT_SAVED),
        "personal_checked": ([TWO], NOT_SAVED),
    },
    "board.participant_edit": {
        "text": (TEXT, OBSERVATION),
        "stories": (IDS, STORIES),
        "personal_checked": ([TWO], NOT_SAVED),
    },
    "board.participant_evaluation": {
        "rating": (EVERYTHING, ("Kies een cijfer van 1 tot 5", ONE)),
        "went_well": (OPTIONAL_TEXT, ("Maak deze tekst korter", ONE)),
        "to_improve": (OPTIONAL_TEXT, ("Maak deze tekst korter", ONE)),
    },
}
# Routes that take no field: only their address can be hostile (an id no row has, or someone else's).
WITHOUT_FIELDS = {"board.group", "board.remove", "board.participant_remove"}


@pytest.fixture
def app(make_app):
    # Wrong codes are what the join limit counts; here they must all reach the form.
    app = make_app(BOARD_GROUPING_MODELS="tfidf", RATELIMIT_ENABLED=False)
    with app.app_context():
        yield app


@pytest.fixture
def room(app, live):
    """A board with two themes and a card in each, a participant with a card and an evaluation, and a
    projector link: something for every field to point at."""
    cards = add_cards(live, CARDS[:3])
    one, two = themes.new_theme(live.session, "Wachten"), themes.new_theme(live.session, "School")
    themes.move(live.session, cards[0], one.id)
    themes.move(live.session, cards[1], one.id)
    themes.move(live.session, cards[2], two.id)
    presenter.create(live.session, 4, "Zaal", live.users["facilitator"])
    db.session.commit()
    person = app.test_client()
    assert join(person, "ABC234", "Sanne").status_code == 302
    home = f"/sessie/{live.session.id}"
    story = str(live.stories[0].id)
    sent = person.post(
        f"{home}/observaties",
        data={"csrf_token": token_of(person, home), "text": "Eigen", "stories": [story]},
    )
    assert sent.status_code == 302
    own = db.session.scalar(select(Observation).where(Observation.participant_id.is_not(None)))
    link = db.session.scalar(select(PresenterLink))
    valid_facilitator = {
        "board.add_theme": ("bord/themas", {"name": "Nieuw"}),
        "board.rename": (f"bord/themas/{one.id}/naam", {"name": "Anders"}),
        "board.move": (f"bord/kaarten/{cards[2].id}", {"target": str(one.id)}),
        "board.confirm": (f"bord/themas/{one.id}/bevestigen", {"confirmed": "1"}),
        "board.split": (
            f"bord/themas/{one.id}/splitsen",
            {"observations": [str(cards[0].id)], "name": "Apart"},
        ),
        "board.merge": (f"bord/themas/{one.id}/samenvoegen", {"into": str(two.id)}),
        "board.observations": ("observaties", {"text": "Valt op", "stories": [story], "form_key": "k" * 24}),
        "board.presenter_links": ("scherm", {"label": "Zaal 2", "hours": "4"}),
        "board.revoke_presenter": ("scherm/intrekken", {"link_id": str(link.id)}),
    }
    valid_participant = {
        "board.join": ("/sessie", {"code": "ABC234"}),
        "board.join_name": (f"{home}/naam", {"name": "Kees", "organisation": "GGD"}),
        "board.participant_observe": (
            f"{home}/observaties",
            {"text": "Valt op", "stories": [story], "form_key": "p" * 24, "from_story": story},
        ),
        "board.participant_edit": (f"{home}/observaties/{own.id}", {"text": "Anders", "stories": [story]}),
        "board.participant_evaluation": (f"{home}/evaluatie", {"rating": "4", "went_well": "Goed"}),
    }
    return SimpleNamespace(
        live=live,
        person=person,
        own=own,
        cards=cards,
        facilitator=valid_facilitator,
        participant=valid_participant,
    )


def stored() -> tuple:
    """Everything a board post could change."""
    db.session.expire_all()

    def rows(*columns):
        return sorted(tuple(r) for r in db.session.execute(select(*columns)))

    return (
        rows(
            Observation.id,
            Observation.text,
            Observation.theme_id,
            Observation.placement,
            Observation.edited_at,
        ),
        rows(observation_stories.c.observation_id, observation_stories.c.story_id),
        rows(Theme.id, Theme.name, Theme.confirmed, Theme.named_by_person),
        rows(
            SessionEvaluation.id,
            SessionEvaluation.rating,
            SessionEvaluation.went_well,
            SessionEvaluation.to_improve,
        ),
        rows(
            SessionParticipant.id,
            SessionParticipant.name,
            SessionParticipant.organisation,
            SessionParticipant.device_hash,
        ),
        rows(PresenterLink.id, PresenterLink.label, PresenterLink.revoked_at),
    )


def with_value(valid: dict, field: str, value) -> dict:
    data = dict(valid)
    if value == MISSING:
        data.pop(field, None)
    elif value == TWO:
        one = valid.get(field, "")
        data[field] = [*one, *one] if isinstance(one, list) else [one, one]
    else:
        data[field] = [value] if isinstance(valid.get(field), list) else value
    return data


def answer_text(response) -> str:
    if response.is_json:
        return response.get_json()["message"]
    return response.get_data(as_text=True)


def refused(response, fragments, context):
    assert 400 <= response.status_code < 500, (context, response.status_code)
    text = answer_text(response)
    assert any(f in text for f in fragments), (
        context,
        text[:300] if response.is_json else re.findall(r'class="(?:flash )?error"[^>]*>([^<]*)', text),
    )


def test_the_valid_posts_are_taken(app, room):
    """The table's valid values work, so a refusal below is the hostile value's doing."""
    client = staff(app.test_client())
    token = token_of(client, "/login")
    for endpoint, (path, data) in room.facilitator.items():
        response = client.post(board_url(room.live, path), data={"csrf_token": token, **data})
        assert response.status_code in (200, 303), endpoint
    for endpoint, (url, data) in room.participant.items():
        who = app.test_client() if endpoint == "board.join" else room.person
        if endpoint == "board.join_name":
            who = app.test_client()
            who.post("/sessie", data={"csrf_token": token_of(who), "code": "ABC234"})
        response = who.post(url, data={"csrf_token": token_of(who, "/sessie"), **data})
        assert response.status_code == 302, endpoint


def test_every_post_route_of_the_board_is_covered(app):
    routes = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if "POST" in r.methods and r.endpoint.startswith("board.")
    }
    assert routes == set(FACILITATOR) | set(PARTICIPANT) | WITHOUT_FIELDS


@pytest.mark.parametrize("endpoint", sorted(FACILITATOR))
def test_the_facilitator_gets_a_dutch_refusal_and_nothing_changes(app, room, endpoint):
    client = staff(app.test_client())
    token = token_of(client, "/login")
    path, valid = room.facilitator[endpoint]
    script = {"Accept": "application/json"}
    before = stored()
    for field, (values, fragments) in FACILITATOR[endpoint].items():
        for value in values:
            data = {"csrf_token": token, **with_value(valid, field, value)}
            response = client.post(board_url(room.live, path), data=data, headers=script)
            refused(response, fragments, (endpoint, field, value[:20]))
            assert stored() == before, (endpoint, field, value[:20])
    # Without the script, the board page comes back with the reason, and nothing is kept either.
    if path.startswith("bord/"):
        field, (values, fragments) = next(iter(FACILITATOR[endpoint].items()))
        data = {"csrf_token": token, **with_value(valid, field, values[0])}
        response = client.post(board_url(room.live, path), data=data)
        assert response.status_code == 303 and stored() == before
        refused_page = client.get(board_url(room.live))
        assert any(f in refused_page.get_data(as_text=True) for f in fragments)


@pytest.mark.parametrize("endpoint", sorted(PARTICIPANT))
def test_a_participant_gets_a_dutch_refusal_and_nothing_changes(app, room, endpoint):
    url, valid = room.participant[endpoint]
    if endpoint == "board.join_name":
        who = app.test_client()  # typed the code, not yet named
        who.post("/sessie", data={"csrf_token": token_of(who), "code": "ABC234"})
    else:
        who = app.test_client() if endpoint == "board.join" else room.person
    token = token_of(who, "/sessie")
    before = stored()
    for field, (values, fragments) in PARTICIPANT[endpoint].items():
        for value in values:
            response = who.post(url, data={"csrf_token": token, **with_value(valid, field, value)})
            refused(response, fragments, (endpoint, field, value[:20]))
            assert stored() == before, (endpoint, field, value[:20])


def test_addresses_with_ids_no_row_has_are_not_found(app, room):
    """The routes without fields: their ids, and another participant's card."""
    live = room.live
    client = staff(app.test_client())
    token = token_of(client, "/login")
    before = stored()
    for bad in ("99999999999", "2147483648", "0"):
        base = f"/staff/trajecten/{live.traject.slug}/sessies/{bad}"
        assert client.post(f"{base}/bord/groeperen", data={"csrf_token": token}).status_code == 404
        assert (
            client.post(
                board_url(live, f"bord/kaarten/{bad}/verwijderen"), data={"csrf_token": token}
            ).status_code
            == 404
        )
        url = f"/sessie/{live.session.id}/observaties/{bad}/verwijderen"
        assert room.person.post(url, data={"csrf_token": token_of(room.person, "/sessie")}).status_code == 404
    theirs = room.cards[0]  # the facilitator's card, not the participant's
    url = f"/sessie/{live.session.id}/observaties/{theirs.id}/verwijderen"
    assert room.person.post(url, data={"csrf_token": token_of(room.person, "/sessie")}).status_code == 404
    assert stored() == before
