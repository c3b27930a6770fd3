"""Joining a session with its code: right, wrong and closed codes, names, and the rate limit."""

from __future__ import annotations

from sqlalchemy import select

from tests.sessions.board.conftest import join, token_of
from vertelpunt.extensions import db
from vertelpunt.models import SessionParticipant
from vertelpunt.sessions.board import devices


def test_the_right_code_in_any_case_and_with_spaces_joins(app, live):
    client = app.test_client()
    response = join(client, " abc 234 ", "Sanne", "Wijkteam Zuid")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessie/{live.session.id}")
    person = db.session.scalar(select(SessionParticipant).where(SessionParticipant.name == "Sanne"))
    assert person.organisation == "Wijkteam Zuid"
    assert person.session_id == live.session.id
    assert len(person.device_hash) == 64 and person.joined_at is not None
    page = client.get(f"/sessie/{live.session.id}").get_data(as_text=True)
    assert "De mentor luisterde" in page and "Niet in deze sessie" not in page


def test_a_code_typed_with_dashes_as_shown_on_screen_joins(app, live):
    assert join(app.test_client(), "abc-234", "Sanne").status_code == 302


def test_the_cookie_holds_a_key_whose_hash_only_is_stored(app, live):
    client = app.test_client()
    join(client, "ABC234", "Sanne")
    with client.session_transaction() as cookie:
        key = cookie[devices.DEVICES][str(live.session.id)]
    person = db.session.scalar(select(SessionParticipant).where(SessionParticipant.name == "Sanne"))
    assert person.device_hash == devices.device_hash(key) != key


def test_a_wrong_code_is_refused_in_dutch(app, live):
    client = app.test_client()
    response = join(client, "ZZZ999")
    assert response.status_code == 422
    assert "Deze code werkt niet" in response.get_data(as_text=True)
    assert client.get(f"/sessie/{live.session.id}").status_code == 302


def test_an_empty_code_asks_for_one(app, live):
    response = join(app.test_client(), "   ")
    assert response.status_code == 422
    assert "Vul de sessiecode in" in response.get_data(as_text=True)


def test_the_code_of_a_closed_or_prepared_session_does_not_work(app, live):
    for status in ("closed", "prepared"):
        live.session.status = status
        db.session.commit()
        assert join(app.test_client(), "ABC234", "Sanne").status_code == 422


def test_a_listed_participant_is_matched_by_name_once(app, live):
    first = app.test_client()
    join(first, "ABC234", "fatima", "GGD Twente")
    rows = db.session.scalars(select(SessionParticipant).where(SessionParticipant.name.ilike("fatima"))).all()
    assert len(rows) == 1 and rows[0].device_hash and rows[0].organisation == "GGD Twente"
    # A second device with the same name cannot take over the first one's place.
    second = app.test_client()
    join(second, "ABC234", "Fatima")
    db.session.expire_all()
    rows = db.session.scalars(select(SessionParticipant).where(SessionParticipant.name.ilike("fatima"))).all()
    assert len(rows) == 2 and len({r.device_hash for r in rows}) == 2


def test_without_a_name_one_is_anonymous(app, live):
    join(app.test_client(), "ABC234")
    assert db.session.scalar(select(SessionParticipant).where(SessionParticipant.name == "anoniem"))


def test_the_name_step_needs_the_code_first(app, live):
    client = app.test_client()
    response = client.get(f"/sessie/{live.session.id}/naam")
    assert response.status_code == 302 and response.headers["Location"].endswith("/sessie")


def test_a_joined_device_can_change_its_name_without_a_second_row(app, live):
    client = app.test_client()
    join(client, "ABC234", "Sanne")
    url = f"/sessie/{live.session.id}/naam"
    client.post(url, data={"csrf_token": token_of(client, url), "name": "Sanne B.", "organisation": "X"})
    names = db.session.scalars(select(SessionParticipant.name)).all()
    assert "Sanne B." in names and "Sanne" not in names


def test_a_too_long_name_is_refused_and_nothing_is_saved(app, live):
    response = join(app.test_client(), "ABC234", "x" * 200)
    assert response.status_code == 422
    assert "Maak je naam korter" in response.get_data(as_text=True)
    assert (
        db.session.scalar(select(SessionParticipant).where(SessionParticipant.device_hash.isnot(None)))
        is None
    )


def test_wrong_codes_are_rate_limited_but_right_ones_are_not_counted(make_app, live):
    app = make_app(JOIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        client = app.test_client()
        for _ in range(5):
            assert join(client, "ABC234", "Sanne").status_code == 302
        for _ in range(3):
            assert join(client, "QQQ777").status_code == 422
        assert join(client, "QQQ777").status_code == 429
        blocked = client.post("/sessie", data={"csrf_token": token_of(client), "code": "ABC234"})
        assert blocked.status_code == 429


def test_one_guesser_behind_a_school_address_never_locks_the_room_out(make_app, live):
    """Wrong codes count per device: the whole room shares one address (behind the school's router)."""
    app = make_app(JOIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        guesser = app.test_client()
        for _ in range(3):
            assert join(guesser, "QQQ777").status_code == 422
        assert join(guesser, "QQQ777").status_code == 429
        for name in ("Sanne", "Ali", "Fatma", "Daan"):
            # Each phone loads the form (and gets its device name), one mistypes once, all get in.
            phone = app.test_client()
            assert join(phone, "QQQ778").status_code == 422
            assert join(phone, "ABC234", name).status_code == 302
        # The guesser stays blocked, even with the right code: a blocked device learns nothing.
        blocked = guesser.post("/sessie", data={"csrf_token": token_of(guesser), "code": "ABC234"})
        assert blocked.status_code == 429


def test_throwing_the_cookie_away_gives_fresh_tries_only_a_room_full_of_times(make_app, live):
    """A guesser who starts a fresh browser for every few tries needs a new device name each time; an
    address gets JOIN_DEVICE_LIMIT of those, so guessing stays bounded."""
    app = make_app(JOIN_RATE_LIMIT="3 per minute", JOIN_DEVICE_LIMIT="5 per minute")
    with app.app_context():
        tries = 0
        for _ in range(5):
            fresh = app.test_client()
            for _ in range(3):
                assert join(fresh, "QQQ777").status_code == 422
                tries += 1
        assert tries == 15
        assert app.test_client().get("/sessie").status_code == 429  # no sixth device name
        # A device that already has its name keeps working, so a room that joined is not affected.
        # A phone that already has its name is not counted again, so a room that is in stays in.
        assert fresh.get("/sessie").status_code == 200
