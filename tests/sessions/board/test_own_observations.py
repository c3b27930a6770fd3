"""A participant's own cards: stored once when the form arrives twice, changed or taken back by their author
only, and an evaluation that two tabs send at once."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.sessions.board.conftest import board_url, join, staff, token_of
from vertelpunt.extensions import db
from vertelpunt.models import Observation, SessionEvaluation, Theme
from vertelpunt.sessions.board import cards, participant


def joined(app, live, name="Sanne"):
    client = app.test_client()
    assert join(client, "ABC234", name).status_code == 302
    return client


def form_of(client, live) -> dict:
    page = client.get(f"/sessie/{live.session.id}").get_data(as_text=True)
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    return {"csrf_token": token_of(client, f"/sessie/{live.session.id}"), "form_key": key}


def observe(client, live, form: dict, text: str, stories: list[str]):
    return client.post(
        f"/sessie/{live.session.id}/observaties", data={**form, "text": text, "stories": stories}
    )


def count() -> int:
    return db.session.scalar(select(func.count(Observation.id)))


def test_the_same_form_sent_twice_makes_one_card(app, live):
    client = joined(app, live)
    form = form_of(client, live)
    story = [str(live.stories[0].id)]
    first = observe(client, live, form, "Wachten valt op", story)
    second = observe(client, live, form, "Wachten valt op", story)
    assert first.status_code == second.status_code == 302
    assert count() == 1
    # A new form (a new key) is a new card, even with the same words.
    assert observe(client, live, form_of(client, live), "Wachten valt op", story).status_code == 302
    assert count() == 2


def test_a_form_without_a_usable_key_is_still_stored(app, live):
    client = joined(app, live)
    form = {**form_of(client, live), "form_key": "<script>"}
    assert observe(client, live, form, "Zonder sleutel", [str(live.stories[0].id)]).status_code == 302
    assert db.session.scalar(select(Observation.form_key)) is None


def test_two_posts_at_the_same_moment_still_make_one_card(app, live, monkeypatch):
    """The second post passes the key check before the first one commits; the unique key stops it."""
    client = joined(app, live)
    form = form_of(client, live)
    story = [str(live.stories[0].id)]
    assert observe(client, live, form, "Tegelijk", story).status_code == 302
    real = cards.observation_by_key
    calls = []

    def not_yet_seen(duiding, key):
        calls.append(key)
        return None if len(calls) == 1 else real(duiding, key)

    monkeypatch.setattr(cards, "observation_by_key", not_yet_seen)
    again = observe(client, live, form, "Tegelijk", story)
    assert again.status_code == 302 and len(calls) == 2
    assert count() == 1


def test_the_facilitators_form_is_guarded_too(app, live):
    client = staff(app.test_client())
    url = board_url(live, "observaties")
    page = client.get(url).get_data(as_text=True)
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    data = {"csrf_token": token_of(client, url), "form_key": key, "text": "Zelf gezien"}
    data["stories"] = [str(live.stories[1].id)]
    assert client.post(url, data=data).status_code == 303
    assert client.post(url, data=data).status_code == 303
    assert count() == 1


def test_the_author_changes_a_card_and_it_keeps_its_theme(app, live):
    client = joined(app, live)
    observe(client, live, form_of(client, live), "Eerste versie", [str(live.stories[0].id)])
    card = db.session.scalar(select(Observation))
    theme = Theme(session_id=live.session.id, name="Wachten", confirmed=True)
    db.session.add(theme)
    db.session.flush()
    card.theme_id, card.placement = theme.id, "person"
    db.session.commit()
    url = f"/sessie/{live.session.id}/observaties/{card.id}"
    home = client.get(f"/sessie/{live.session.id}").get_data(as_text=True)
    assert f'href="{url}"' in home and "Aanpassen of terugnemen" in home
    page = client.get(url).get_data(as_text=True)
    assert "Eerste versie" in page and "Pas je observatie aan" in page
    stories = [str(live.stories[1].id), str(live.stories[2].id)]
    done = client.post(
        url, data={"csrf_token": token_of(client, url), "text": "Tweede versie", "stories": stories}
    )
    assert done.status_code == 302
    db.session.expire_all()
    card = db.session.get(Observation, card.id)
    assert card.text == "Tweede versie" and [s.id for s in card.stories] == [int(i) for i in stories]
    assert card.theme_id == theme.id and card.placement == "person"


def test_a_bad_change_is_refused_in_dutch_and_nothing_changes(app, live):
    client = joined(app, live)
    observe(client, live, form_of(client, live), "Blijft zo", [str(live.stories[0].id)])
    card = db.session.scalar(select(Observation))
    url = f"/sessie/{live.session.id}/observaties/{card.id}"
    for data, message in (
        ({"text": "  ", "stories": [str(live.stories[0].id)]}, "Schrijf op wat je opviel"),
        ({"text": "Nieuw", "stories": []}, "Kies minstens één verhaal"),
        ({"text": "Nieuw", "stories": [str(live.extra.id)]}, "hoort niet bij deze sessie"),
    ):
        response = client.post(url, data={"csrf_token": token_of(client, url), **data})
        assert response.status_code == 422 and message in response.get_data(as_text=True), message
    db.session.expire_all()
    card = db.session.get(Observation, card.id)
    assert card.text == "Blijft zo" and [s.id for s in card.stories] == [live.stories[0].id]


def test_someone_elses_card_cannot_be_changed_or_taken_back(app, live):
    sanne = joined(app, live, "Sanne")
    observe(sanne, live, form_of(sanne, live), "Eerste kaart hier", [str(live.stories[0].id)])
    card = db.session.scalar(select(Observation))
    ali = joined(app, live, "Ali")
    url = f"/sessie/{live.session.id}/observaties/{card.id}"
    token = token_of(ali, f"/sessie/{live.session.id}")
    assert ali.get(url).status_code == 404
    assert (
        ali.post(url, data={"csrf_token": token, "text": "Tweede kaart hier", "stories": []}).status_code
        == 404
    )
    assert ali.post(f"{url}/verwijderen", data={"csrf_token": token}).status_code == 404
    assert ali.get(f"/sessie/{live.session.id}/observaties/999999").status_code == 404
    stranger = app.test_client()
    assert stranger.get(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Observation, card.id).text == "Eerste kaart hier"


def test_taking_a_card_back_removes_an_engine_theme_left_empty(app, live):
    client = joined(app, live)
    for text in ("Weg ermee", "Blijft staan", "Ook weg"):
        observe(client, live, form_of(client, live), text, [str(live.stories[0].id)])
    gone, kept, alone = db.session.scalars(select(Observation).order_by(Observation.id)).all()
    engine = Theme(session_id=live.session.id, name="wachten, bellen")
    person = Theme(session_id=live.session.id, name="Door mensen", confirmed=True)
    db.session.add_all([engine, person])
    db.session.flush()
    gone.theme_id, kept.theme_id, alone.theme_id = engine.id, engine.id, person.id
    db.session.commit()
    engine_id, person_id = engine.id, person.id
    for card in (gone, alone):
        url = f"/sessie/{live.session.id}/observaties/{card.id}/verwijderen"
        response = client.post(url, data={"csrf_token": token_of(client, f"/sessie/{live.session.id}")})
        assert response.status_code == 302
    db.session.expire_all()
    assert [o.text for o in db.session.scalars(select(Observation))] == ["Blijft staan"]
    assert db.session.get(Theme, engine_id) is not None  # still holds a card
    assert db.session.get(Theme, person_id) is not None  # confirmed: people decide
    last = db.session.scalar(select(Observation))
    url = f"/sessie/{live.session.id}/observaties/{last.id}/verwijderen"
    client.post(url, data={"csrf_token": token_of(client, f"/sessie/{live.session.id}")})
    db.session.expire_all()
    assert db.session.get(Theme, engine_id) is None and count() == 0


def test_after_closing_cards_can_no_longer_change(app, live):
    client = joined(app, live)
    observe(client, live, form_of(client, live), "Voor sluiten", [str(live.stories[0].id)])
    card = db.session.scalar(select(Observation))
    token = token_of(client, f"/sessie/{live.session.id}")
    live.session.status = "closed"
    db.session.commit()
    url = f"/sessie/{live.session.id}/observaties/{card.id}"
    assert client.get(url).status_code == 410
    assert client.post(f"{url}/verwijderen", data={"csrf_token": token}).status_code == 410
    assert count() == 1


def test_an_evaluation_sent_from_two_tabs_at_once_is_kept_once(app, live, monkeypatch):
    """Each tab's page read no evaluation yet; both store one. One statement (insert or change) keeps
    one row, the last one sent."""
    client = joined(app, live)
    url = f"/sessie/{live.session.id}/evaluatie"
    monkeypatch.setattr(participant, "evaluation_of", lambda person: None)
    first, second = token_of(client, url), token_of(client, url)
    assert client.post(url, data={"csrf_token": first, "rating": "3"}).status_code == 302
    response = client.post(url, data={"csrf_token": second, "rating": "5", "went_well": "Goed gesprek"})
    assert response.status_code == 302
    rows = db.session.scalars(select(SessionEvaluation)).all()
    assert len(rows) == 1 and rows[0].rating == 5 and rows[0].went_well == "Goed gesprek"


def test_the_live_feed_carries_changed_cards_and_the_cards_left(app, live):
    client = joined(app, live)
    for text in ("Blijft", "Wordt anders", "Gaat weg"):
        observe(client, live, form_of(client, live), text, [str(live.stories[0].id)])
    kept, changed, gone = db.session.scalars(select(Observation).order_by(Observation.id)).all()
    ids = (kept.id, changed.id, gone.id)
    facilitator = staff(app.test_client())
    first = facilitator.get(board_url(live, f"observaties/live?since={ids[-1]}")).get_json()
    assert first["changed"] == [] and first["ids"] == list(ids) and first["count"] == 3
    url = f"/sessie/{live.session.id}/observaties/{ids[1]}"
    client.post(
        url,
        data={"csrf_token": token_of(client, url), "text": "Nu anders", "stories": [str(live.stories[1].id)]},
    )
    client.post(
        f"/sessie/{live.session.id}/observaties/{ids[2]}/verwijderen",
        data={"csrf_token": token_of(client, url)},
    )
    then = facilitator.get(
        board_url(live, f"observaties/live?since={ids[-1]}&changed_after={first['now']}")
    ).get_json()
    assert [(c["id"], c["text"]) for c in then["changed"]] == [(ids[1], "Nu anders")]
    assert then["changed"][0]["stories"] == [{"id": live.stories[1].id, "title": "Lang wachten"}]
    assert then["ids"] == [ids[0], ids[1]] and then["count"] == 2 and then["observations"] == []
    # Nonsense in changed_after is a first poll, not an error.
    odd = facilitator.get(board_url(live, "observaties/live?since=0&changed_after=gisteren")).get_json()
    assert odd["changed"] == [] and len(odd["observations"]) == 2


def test_the_facilitator_takes_a_card_off_the_board(app, live, users):
    participant = joined(app, live)
    observe(
        participant,
        live,
        form_of(participant, live),
        "Dit kaartje hoort hier niet",
        [str(live.stories[0].id)],
    )
    card = db.session.scalar(select(Observation))
    url = board_url(live, f"bord/kaarten/{card.id}/verwijderen")
    coalition = staff(app.test_client(), "coalitie")
    assert coalition.post(url, data={"csrf_token": token_of(coalition, "/login")}).status_code == 403
    facilitator = staff(app.test_client())
    board = facilitator.get(board_url(live)).get_data(as_text=True)
    assert f'action="{url}"' in board and "Haal dit kaartje van het bord" in board
    done = facilitator.post(url, data={"csrf_token": token_of(facilitator, "/login")})
    assert done.status_code == 303
    assert count() == 0
    assert "Dit kaartje hoort hier niet" not in participant.get(f"/sessie/{live.session.id}").get_data(
        as_text=True
    )
    again = facilitator.post(url, data={"csrf_token": token_of(facilitator, "/login")})
    assert again.status_code == 404
