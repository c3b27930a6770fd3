"""Found in review: ids that no row can have, the CSRF token on every form, and the number of queries
the live pages make with a full session."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from tests.sessions.board.conftest import board_url, join, staff, token_of
from tests.sessions.board.test_board import CARDS, add_cards
from vertelpunt.extensions import db
from vertelpunt.models import Observation, SessionParticipant, Theme
from vertelpunt.sessions.board import cards as board_cards
from vertelpunt.sessions.board import regroup, themes

# Larger than PostgreSQL's integer (an error there), larger than SQLite's (an OverflowError), and a
# digit that str.isdigit() accepts but int() refuses.
IMPOSSIBLE = ["99999999999999999999", "2147483648", "²", "١٢"]


def cards_by_theme() -> dict[int, int | None]:
    return {o.id: o.theme_id for o in db.session.scalars(select(Observation))}


@pytest.mark.parametrize("bad", IMPOSSIBLE)
def test_impossible_ids_on_the_board_are_refused_in_dutch(app, live, bad):
    cards = add_cards(live, CARDS[:4])
    theme = themes.new_theme(live.session, "Wachten")
    other = themes.new_theme(live.session, "School")
    themes.move(live.session, cards[0], theme.id)
    themes.move(live.session, cards[1], theme.id)
    db.session.commit()
    before = cards_by_theme()
    client = staff(app.test_client())
    token = token_of(client, "/login")
    json = {"Accept": "application/json"}
    for path, data, message in (
        (f"bord/kaarten/{cards[2].id}", {"target": bad}, "Kies een van de thema"),
        (f"bord/themas/{theme.id}/samenvoegen", {"into": bad}, "Kies een ander thema"),
        (f"bord/themas/{theme.id}/splitsen", {"observations": [bad], "name": "Nieuw"}, "Kies de kaartjes"),
    ):
        response = client.post(board_url(live, path), data={"csrf_token": token, **data}, headers=json)
        assert response.status_code == 422, path
        assert message in response.get_json()["message"], path
    response = client.post(
        board_url(live, "observaties"), data={"csrf_token": token, "text": "Valt op", "stories": [bad]}
    )
    assert response.status_code == 422 and "hoort niet bij deze sessie" in response.get_data(as_text=True)
    assert cards_by_theme() == before
    assert {t.name for t in db.session.scalars(select(Theme))} == {theme.name, other.name}
    live_feed = client.get(board_url(live, f"observaties/live?since={bad}"))
    assert live_feed.status_code == 200 and len(live_feed.get_json()["observations"]) == 4


@pytest.mark.parametrize("bad", IMPOSSIBLE[:2])
def test_impossible_ids_in_the_address_are_not_found(app, live, bad):
    client = staff(app.test_client())
    for page in ("bord", "observaties", "observaties/live", "evaluaties"):
        url = f"/staff/trajecten/testregio/sessies/{bad}/{page}"
        assert client.get(url).status_code == 404, url
    card = add_cards(live, CARDS[:1])[0]
    token = token_of(client, "/login")
    moved = client.post(board_url(live, f"bord/kaarten/{bad}"), data={"csrf_token": token, "target": "new"})
    renamed = client.post(board_url(live, f"bord/themas/{bad}/naam"), data={"csrf_token": token, "name": "X"})
    assert moved.status_code == 404 and renamed.status_code == 404
    assert db.session.get(Observation, card.id).theme_id is None and db.session.scalar(select(Theme)) is None
    participant = app.test_client()
    join(participant, "ABC234", "Sanne")
    assert participant.get(f"/sessie/{bad}").status_code == 404
    assert participant.get(f"/sessie/{live.session.id}/verhalen/{bad}").status_code == 404


@pytest.mark.parametrize("bad", IMPOSSIBLE)
def test_a_participant_with_an_impossible_story_id_gets_a_dutch_message(app, live, bad):
    participant = app.test_client()
    join(participant, "ABC234", "Sanne")
    url = f"/sessie/{live.session.id}"
    token = token_of(participant, url)
    for data in (
        {"text": "Valt op", "stories": [bad]},
        {"text": "", "stories": [str(live.stories[0].id)], "from_story": bad},
    ):
        response = participant.post(f"{url}/observaties", data={"csrf_token": token, **data})
        assert response.status_code == 422
        assert "Nog niet opgeslagen" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Observation.id))) == 0


def _url_for_rule(rule, live, card_id: int, theme_id: int, participant_id: int) -> str:
    values = {
        "slug": live.traject.slug,
        "session_id": live.session.id,
        "observation_id": card_id,
        "theme_id": theme_id,
        "participant_id": participant_id,
        "action_id": 1,
    }
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


def test_every_form_of_the_sessions_and_the_board_needs_the_csrf_token(app, live):
    """Posting without the token (another site's form) changes nothing, on every POST route."""
    card = add_cards(live, CARDS[:3])[0]
    theme = themes.new_theme(live.session, "Wachten")
    participant_id = live.session.participants[0].id
    db.session.commit()
    rules = [
        r
        for r in app.url_map.iter_rules()
        if "POST" in r.methods and r.endpoint.split(".")[0] in ("board", "sessions")
    ]
    assert len(rules) >= 20
    client = staff(app.test_client())
    participant = app.test_client()
    join(participant, "ABC234", "Sanne")
    for rule in rules:
        url = _url_for_rule(rule, live, card.id, theme.id, participant_id)
        who = participant if rule.rule.startswith("/sessie") else client
        response = who.post(
            url,
            data={"to": "closed", "name": "X", "target": "new", "text": "X", "stories": [live.stories[0].id]},
        )
        assert response.status_code == 400, rule.rule
    assert db.session.scalar(select(func.count(Observation.id))) == 3
    assert db.session.scalar(select(func.count(Theme.id))) == 1
    assert db.session.get(type(live.session), live.session.id).status == "open"


def _queries(client, url: str) -> int:
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def _fill(live, start: int, n: int, people: list[SessionParticipant]):
    for i in range(start, start + n):
        board_cards.add_observation(
            live.session,
            f"{CARDS[i % len(CARDS)]} ({i})",
            [live.stories[i % 3].id, live.stories[(i + 1) % 3].id],
            participant=people[i % len(people)] if i % 4 else None,
            author=None if i % 4 else live.users["facilitator"],
        )
    db.session.commit()


def test_a_full_board_does_not_query_per_card(app, live):
    """Ten cards or a hundred: the facilitator's pages make the same number of queries."""
    people = [SessionParticipant(session_id=live.session.id, name=f"Deelnemer {i}") for i in range(10)]
    db.session.add_all(people)
    db.session.commit()
    pages = ("bord", "observaties", "observaties/live?since=0", "evaluaties")
    client = staff(app.test_client())
    _fill(live, 0, 10, people)
    regroup.regroup(live.session)
    db.session.commit()
    few = {page: _queries(client, board_url(live, page)) for page in pages}
    _fill(live, 10, 90, people)
    regroup.regroup(live.session)
    db.session.commit()
    many = {page: _queries(client, board_url(live, page)) for page in pages}
    assert many == few
    assert max(many.values()) <= 15


def test_a_paused_session_says_so_and_shows_no_stories(app, live):
    """Back in preparation for a moment: no stories, and not the 'closed, thank you' goodbye."""
    participant = app.test_client()
    join(participant, "ABC234", "Sanne")
    live.session.status = "prepared"
    db.session.commit()
    page = participant.get(f"/sessie/{live.session.id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 410 and "op dit moment niet open" in body and "gesloten" not in body
    assert not any(s.text in body or s.title in body for s in live.stories)
    live.session.status = "open"
    db.session.commit()
    assert live.stories[0].title in participant.get(f"/sessie/{live.session.id}").get_data(as_text=True)


def test_control_characters_are_dropped_not_a_server_error(app, live):
    """PostgreSQL refuses NUL in text (even in a query), and direction overrides can disguise a card:
    what people type on the board is cleaned as everywhere else."""
    participant = app.test_client()
    refused = participant.post("/sessie", data={"csrf_token": token_of(participant), "code": "ABC\x00234"})
    assert refused.status_code in (302, 422)
    assert join(participant, "ABC234", "San\x00ne", "G\u202eGD").status_code == 302
    url = f"/sessie/{live.session.id}"
    observed = participant.post(
        f"{url}/observaties",
        data={
            "csrf_token": token_of(participant, url),
            "text": "Valt\x00 op\u202e",
            "stories": [live.stories[0].id],
        },
    )
    assert observed.status_code == 302
    evaluated = participant.post(
        f"{url}/evaluatie",
        data={
            "csrf_token": token_of(participant, url),
            "rating": "4",
            "went_well": "Goed\x00",
            "to_improve": "\x00",
        },
    )
    assert evaluated.status_code == 302
    client = staff(app.test_client())
    token = token_of(client, "/login")
    added = client.post(board_url(live, "bord/themas"), data={"csrf_token": token, "name": "Wach\x00ten"})
    assert added.status_code == 303
    observation = db.session.scalar(select(Observation))
    person = db.session.scalar(select(SessionParticipant).where(SessionParticipant.device_hash.is_not(None)))
    assert observation.text == "Valt op" and (person.name, person.organisation) == ("Sanne", "GGD")
    assert db.session.scalar(select(Theme.name)) == "Wachten"
    assert "Goed" in client.get(board_url(live, "evaluaties")).get_data(as_text=True)
