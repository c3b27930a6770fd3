"""The facilitator's board: live observations, grouping that keeps people's decisions, and the forms
that move, merge, split, rename and confirm themes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.helpers import run_jobs
from tests.sessions.board.conftest import board_url, join, staff, token_of
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import Action, AuditEntry, Observation, Theme
from vertelpunt.sessions.board import cards as board_cards
from vertelpunt.sessions.board import regroup, themes

CARDS = [
    "Ouders wachten maanden op de wachtlijst voor jeugdhulp",
    "De wachtlijst bij de jeugdhulp is veel te lang",
    "Lang wachten op hulp maakt de problemen thuis groter",
    "Wachtlijst voor hulp duurt maanden en niemand belt",
    "De mentor op school luistert goed naar de leerling",
    "School en mentor nemen tijd voor de leerling",
    "Een mentor op school die echt luistert helpt",
    "De leerling voelt zich gehoord door de mentor op school",
    "Het wijkteam kwam snel langs bij het gezin",
    "Het wijkteam regelde snel hulp voor het gezin",
    "Snel contact met het wijkteam hielp het gezin",
    "Het gezin kreeg snel hulp van het wijkteam in de wijk",
]


def add_cards(live, texts=CARDS):
    story = [live.stories[0].id]
    made = [
        board_cards.add_observation(live.session, t, story, author=live.users["facilitator"]) for t in texts
    ]
    db.session.commit()
    return made


def post(client, url, **data):
    return client.post(url, data={"csrf_token": token_of(client, "/login"), **data})


def group(client, live, **data):
    """The room asks for a grouping; the worker's job does it."""
    response = post(client, board_url(live, "bord/groeperen"), **data)
    assert response.status_code == 303
    assert run_jobs("group_session") == 1
    return response


def theme_of(text: str) -> Theme | None:
    return db.session.scalar(select(Observation).where(Observation.text == text)).theme


def test_the_board_shows_cards_and_the_join_code(app, live):
    add_cards(live, CARDS[:2])
    client = staff(app.test_client())
    page = client.get(board_url(live)).get_data(as_text=True)
    assert "Themabord" in page and "ABC 234" in page and "/sessie" in page
    assert CARDS[0] in page and 'data-live-url="' in page


def test_live_returns_the_observations_after_an_id(app, live):
    first = add_cards(live, CARDS[:2])
    participant = app.test_client()
    join(participant, "ABC234", "Sanne")
    url = f"/sessie/{live.session.id}"
    participant.post(
        f"{url}/observaties",
        data={"csrf_token": token_of(participant, url), "text": "Nieuw", "stories": [live.stories[1].id]},
    )
    client = staff(app.test_client())
    data = client.get(board_url(live, f"observaties/live?since={first[-1].id}")).get_json()
    assert [o["text"] for o in data["observations"]] == ["Nieuw"]
    assert data["observations"][0]["author"] == "Sanne"
    assert data["observations"][0]["stories"] == [{"id": live.stories[1].id, "title": "Lang wachten"}]
    assert data["last_id"] > first[-1].id and data["count"] == 3
    again = client.get(board_url(live, f"observaties/live?since={data['last_id']}")).get_json()
    assert again["observations"] == [] and again["last_id"] == data["last_id"]
    assert len(client.get(board_url(live, "observaties/live?since=nonsense")).get_json()["observations"]) == 3


def test_the_facilitator_adds_observations_and_bad_story_ids_are_refused(app, live):
    client = staff(app.test_client())
    url = board_url(live, "observaties")
    ok = post(client, url, text="Valt op", stories=[str(live.stories[0].id)])
    assert ok.status_code == 303
    observation = db.session.scalar(select(Observation))
    assert observation.author_user_id == live.users["facilitator"].id and observation.participant_id is None
    bad = post(client, url, text="Fout", stories=[str(live.extra.id)])
    assert bad.status_code == 422 and "hoort niet bij deze sessie" in bad.get_data(as_text=True)
    assert db.session.scalar(select(Observation).where(Observation.text == "Fout")) is None
    assert "Valt op" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("user", ["other_facilitator", "other_coalition"])
def test_staff_of_another_traject_see_nothing(app, live, user):
    add_cards(live, CARDS[:1])
    client = staff(app.test_client(), live.users[user].username)
    for page in ("bord", "observaties", "observaties/live", "evaluaties"):
        assert client.get(board_url(live, page)).status_code == 404, page
    assert post(client, board_url(live, "bord/groeperen")).status_code == 404


def test_a_session_of_another_traject_is_not_found_under_this_traject(app, live, users):
    client = staff(app.test_client(), "admin")
    assert client.get(f"/staff/trajecten/elders/sessies/{live.session.id}/bord").status_code == 404


def test_coalition_members_may_not_run_the_board(app, live):
    client = staff(app.test_client(), "coalitie")
    assert client.get(board_url(live)).status_code == 403


def test_grouping_makes_themes_with_key_terms_and_every_card_has_a_place(app, live):
    add_cards(live)
    outcome = regroup.regroup(live.session)
    db.session.commit()
    assert outcome.grouped == len(CARDS) and outcome.themes >= 2
    found = db.session.scalars(select(Theme).where(Theme.session_id == live.session.id)).all()
    assert all(t.key_terms and t.origin == "engine" for t in found)
    for o in db.session.scalars(select(Observation)):
        assert (o.theme_id is not None) != o.unfit
        assert all(pair[0] != o.theme_id for pair in o.also_fits)
    # The same cards give the same themes.
    before = {o.id: o.theme_id for o in db.session.scalars(select(Observation))}
    regroup.regroup(live.session)
    db.session.commit()
    assert {o.id: o.theme_id for o in db.session.scalars(select(Observation))} == before


def test_too_few_cards_are_not_grouped(app, live):
    add_cards(live, CARDS[:2])
    client = staff(app.test_client())
    response = post(client, board_url(live, "bord/groeperen"))
    assert response.status_code == 303
    assert db.session.scalar(select(Theme)) is None
    assert "Nog te weinig observaties" in client.get(board_url(live)).get_data(as_text=True)


def test_regrouping_keeps_moved_cards_confirmed_themes_and_names(app, live):
    cards = add_cards(live)
    regroup.regroup(live.session)
    db.session.commit()
    client = staff(app.test_client())
    school = theme_of(CARDS[4])
    wachten = theme_of(CARDS[0])
    assert school is not None and wachten is not None and school.id != wachten.id
    # A person moves a school card to the waiting list theme, names and confirms themes.
    assert (
        post(client, board_url(live, f"bord/kaarten/{cards[5].id}"), target=str(wachten.id)).status_code
        == 303
    )
    post(client, board_url(live, f"bord/themas/{school.id}/naam"), name="Scholen die luisteren")
    members = sorted(o.id for o in theme_of(CARDS[8]).observations)
    wijk = theme_of(CARDS[8]).id
    post(client, board_url(live, f"bord/themas/{wijk}/bevestigen"), confirmed="1")
    # New cards arrive, and the group asks for a new grouping.
    extra = add_cards(
        live, ["Weer maanden op de wachtlijst voor jeugdhulp", "Het wijkteam hielp het gezin snel"]
    )
    group(client, live)
    moved = db.session.get(Observation, cards[5].id)
    assert moved.theme_id == wachten.id and moved.placement == "person"
    renamed = db.session.get(Theme, school.id)
    assert renamed is not None and renamed.name == "Scholen die luisteren" and renamed.named_by_person
    confirmed = db.session.get(Theme, wijk)
    assert confirmed.confirmed
    assert set(members) <= {o.id for o in confirmed.observations}
    # New cards go into the existing themes first.
    assert db.session.get(Observation, extra[1].id).theme_id == wijk
    assert db.session.get(Observation, extra[0].id).theme_id == wachten.id


def test_a_card_put_aside_by_a_person_stays_aside(app, live):
    cards = add_cards(live)
    regroup.regroup(live.session)
    db.session.commit()
    themes.move(live.session, cards[0], "unfit")
    db.session.commit()
    regroup.regroup(live.session)
    db.session.commit()
    card = db.session.get(Observation, cards[0].id)
    assert card.theme_id is None and card.unfit and card.placement == "person"
    assert CARDS[0] in staff(app.test_client()).get(board_url(live)).get_data(as_text=True)


def test_merge_moves_the_cards_and_the_actions(app, live):
    cards = add_cards(live, CARDS[:4])
    client = staff(app.test_client())
    one, two = themes.new_theme(live.session, "Een"), themes.new_theme(live.session, "Twee")
    for card in cards[:2]:
        themes.move(live.session, card, one.id)
    themes.move(live.session, cards[2], two.id)
    action = Action(traject_id=live.traject.id, session_id=live.session.id, theme_id=one.id, title="Bellen")
    db.session.add(action)
    db.session.commit()
    one_id, two_id = one.id, two.id
    assert (
        post(client, board_url(live, f"bord/themas/{one_id}/samenvoegen"), into=str(two_id)).status_code
        == 303
    )
    db.session.expire_all()
    assert db.session.get(Theme, one_id) is None
    assert {o.id for o in db.session.get(Theme, two_id).observations} == {c.id for c in cards[:3]}
    assert db.session.get(Action, action.id).theme_id == two_id
    refused = post(client, board_url(live, f"bord/themas/{two_id}/samenvoegen"), into=str(two_id))
    assert refused.status_code == 303
    assert "Kies een ander thema" in client.get(board_url(live)).get_data(as_text=True)


def test_split_makes_a_new_theme_of_the_chosen_cards(app, live):
    cards = add_cards(live, CARDS[:3])
    theme = themes.new_theme(live.session, "Alles")
    for card in cards:
        themes.move(live.session, card, theme.id)
    db.session.commit()
    client = staff(app.test_client())
    url = board_url(live, f"bord/themas/{theme.id}/splitsen")
    assert post(client, url, observations=[str(cards[2].id)], name="Apart").status_code == 303
    part = db.session.scalar(select(Theme).where(Theme.name == "Apart"))
    assert part.origin == "person" and part.named_by_person
    assert [o.id for o in part.observations] == [cards[2].id]
    # All cards, or none, or no name: refused, nothing changes.
    before = db.session.scalar(select(Theme.id).order_by(Theme.id.desc()))
    post(client, url, observations=[str(cards[0].id), str(cards[1].id)], name="Alles weg")
    post(client, url, name="Leeg")
    post(client, url, observations=[str(cards[0].id)], name=" ")
    assert db.session.scalar(select(Theme.id).order_by(Theme.id.desc())) == before


def test_rename_and_confirm_through_the_forms(app, live):
    theme = themes.new_theme(live.session, "Eerst")
    db.session.commit()
    client = staff(app.test_client())
    post(client, board_url(live, f"bord/themas/{theme.id}/naam"), name="  Daarna  ")
    post(client, board_url(live, f"bord/themas/{theme.id}/bevestigen"), confirmed="1")
    db.session.expire_all()
    theme = db.session.get(Theme, theme.id)
    assert theme.name == "Daarna" and theme.named_by_person and theme.confirmed
    post(client, board_url(live, f"bord/themas/{theme.id}/bevestigen"), confirmed="0")
    post(client, board_url(live, f"bord/themas/{theme.id}/naam"), name="")
    db.session.expire_all()
    theme = db.session.get(Theme, theme.id)
    assert theme.name == "Daarna" and not theme.confirmed


def test_moves_answer_the_script_with_json(app, live):
    cards = add_cards(live, CARDS[:1])
    theme = themes.new_theme(live.session, "Doel")
    db.session.commit()
    client = staff(app.test_client())
    url = board_url(live, f"bord/kaarten/{cards[0].id}")
    headers = {"Accept": "application/json"}
    data = {"csrf_token": token_of(client, "/login"), "target": str(theme.id)}
    response = client.post(url, data=data, headers=headers)
    assert response.get_json() == {
        "ok": True,
        "message": "Kaartje verplaatst.",
        "theme_id": theme.id,
        "theme_name": "Doel",
    }
    refused = client.post(url, data={**data, "target": "999"}, headers=headers)
    assert refused.status_code == 422 and refused.get_json()["ok"] is False


def test_a_card_of_another_session_is_not_found(app, live):
    from tests.sessions.board.conftest import make_session

    other = make_session(live.traject, [live.extra], "QRS345")
    db.session.commit()
    observation = board_cards.add_observation(other, "Elders", [live.extra.id])
    db.session.commit()
    client = staff(app.test_client())
    assert post(client, board_url(live, f"bord/kaarten/{observation.id}"), target="unfit").status_code == 404


def test_moving_to_a_theme_of_another_session_is_refused(app, live):
    from tests.sessions.board.conftest import make_session

    cards = add_cards(live, CARDS[:1])
    other = make_session(live.traject, [live.extra], "QRS345")
    foreign = themes.new_theme(other, "Elders")
    db.session.commit()
    with pytest.raises(InputError):
        themes.move(live.session, cards[0], foreign.id)


def test_the_evaluations_page_shows_marks_without_names(app, live):
    participant = app.test_client()
    join(participant, "ABC234", "Sanne")
    url = f"/sessie/{live.session.id}/evaluatie"
    participant.post(url, data={"csrf_token": token_of(participant, url), "rating": "4", "went_well": "Goed"})
    page = staff(app.test_client()).get(board_url(live, "evaluaties")).get_data(as_text=True)
    assert "Goed" in page and "Gemiddeld cijfer: 4" in page and "Sanne" not in page


def test_a_closed_sessions_board_is_read_only_until_it_is_reopened(app, live):
    """Closing keeps the record as the group left it: no card, theme or grouping changes, from the
    board's buttons or a crafted post; reopening (recorded) makes it editable again."""
    add_cards(live)
    theme = themes.new_theme(live.session, "Eerst")
    card = db.session.scalar(select(Observation))
    live.session.status = "closed"
    db.session.commit()
    client = staff(app.test_client())
    attempts = [
        ("observaties", {"text": "Na sluiten", "stories": [str(live.stories[0].id)]}),
        ("bord/groeperen", {}),
        ("bord/themas", {"name": "Nieuw"}),
        (f"bord/themas/{theme.id}/naam", {"name": "Anders"}),
        (f"bord/kaarten/{card.id}", {"target": "new"}),
        (f"bord/kaarten/{card.id}/verwijderen", {}),
    ]
    for path, data in attempts:
        response = post(client, board_url(live, path), **data)
        assert response.status_code in (303, 422), path
        if response.status_code == 303:
            page = client.get(response.headers["Location"]).get_data(as_text=True)
            assert "Deze sessie is gesloten" in page, path
    db.session.expire_all()
    assert db.session.scalar(select(Observation).where(Observation.text == "Na sluiten")) is None
    assert db.session.get(Theme, theme.id).name == "Eerst"
    assert db.session.get(Observation, card.id).theme_id is None
    assert len(db.session.scalars(select(Theme)).all()) == 1
    # Reopened from the overview, the board changes again, and the reopening is in the audit log.
    url = board_url(live, "").rstrip("/")
    assert post(client, f"{url}/status", to="open").status_code == 303
    assert post(client, board_url(live, f"bord/themas/{theme.id}/naam"), name="Anders").status_code == 303
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).name == "Anders"
    assert [e.action for e in db.session.scalars(select(AuditEntry))] == ["session_reopened"]


def test_a_closed_sessions_board_shows_no_controls(app, live):
    add_cards(live)
    themes.new_theme(live.session, "Eerst")
    live.session.status = "closed"
    db.session.commit()
    page = staff(app.test_client()).get(board_url(live)).get_data(as_text=True)
    assert 'id="read-only"' in page and "Deze sessie is gesloten" in page
    assert "/bord/groeperen" not in page and "/verwijderen" not in page and 'draggable="true"' not in page
    assert "Eerst" in page and CARDS[0] in page
