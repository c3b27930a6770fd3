"""What a participant reads and writes: only this session's stories, only while it is open."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.sessions.board.conftest import join, token_of
from vertelpunt.extensions import db
from vertelpunt.models import Observation, SessionEvaluation


def joined(app, live, name="Sanne"):
    client = app.test_client()
    assert join(client, "ABC234", name).status_code == 302
    return client


def observe(client, live, text, stories, token=None, **extra):
    token = token or token_of(client, f"/sessie/{live.session.id}")
    data = {"csrf_token": token, "text": text, "stories": stories, **extra}
    return client.post(f"/sessie/{live.session.id}/observaties", data=data)


def test_a_story_shows_its_redacted_text_and_answers_with_the_frameworks_questions(app, live):
    client = joined(app, live)
    page = client.get(f"/sessie/{live.session.id}/verhalen/{live.stories[0].id}").get_data(as_text=True)
    assert "Mijn mentor op school" in page
    assert "Hoe voelde je je erover?" in page and "Opgelucht" in page
    assert "75 van 100" in page and "Heel slecht" in page
    assert "Het kind of de jongere 50%" in page
    assert "Hengelo" in page


def test_another_sessions_story_is_not_found(app, live):
    client = joined(app, live)
    assert client.get(f"/sessie/{live.session.id}/verhalen/{live.extra.id}").status_code == 404
    assert client.get(f"/sessie/{live.session.id}/verhalen/99999").status_code == 404


def test_a_device_that_did_not_join_is_sent_to_the_code_form(app, live):
    client = joined(app, live)
    # Joined to the first session, not to the other one (nor to one that does not exist).
    for url in (
        f"/sessie/{live.other.id}",
        f"/sessie/{live.other.id}/verhalen/{live.extra.id}",
        "/sessie/999",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/sessie"), url
    stranger = app.test_client()
    assert stranger.get(f"/sessie/{live.session.id}").status_code == 302


def test_after_closing_a_participant_sees_a_friendly_page_without_stories(app, live):
    client = joined(app, live)
    token = token_of(client, f"/sessie/{live.session.id}")
    live.session.status = "closed"
    db.session.commit()
    for url in (f"/sessie/{live.session.id}", f"/sessie/{live.session.id}/verhalen/{live.stories[0].id}"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 410
        assert "Deze sessie is gesloten" in page and "mentor" not in page
    assert observe(client, live, "Te laat", [str(live.stories[0].id)], token).status_code == 410
    assert db.session.scalar(select(func.count(Observation.id))) == 0


def test_an_observation_is_linked_to_the_chosen_stories(app, live):
    client = joined(app, live)
    ids = [str(live.stories[0].id), str(live.stories[1].id)]
    response = observe(client, live, "Wachten komt steeds terug", ids)
    assert response.status_code == 302
    observation = db.session.scalar(select(Observation))
    assert observation.text == "Wachten komt steeds terug"
    assert [s.id for s in observation.stories] == [live.stories[0].id, live.stories[1].id]
    assert observation.participant.name == "Sanne" and observation.placement == "engine"
    assert "Wachten komt steeds terug" in client.get(f"/sessie/{live.session.id}").get_data(as_text=True)


def test_from_a_story_page_the_participant_returns_to_it(app, live):
    client = joined(app, live)
    story = live.stories[2].id
    response = observe(client, live, "Snelle hulp", [str(story)], from_story=str(story))
    assert response.headers["Location"].endswith(f"/verhalen/{story}")


def test_bad_story_ids_are_refused_in_dutch_and_nothing_is_saved(app, live):
    client = joined(app, live)
    cases = {
        "Een van de gekozen verhalen hoort niet bij deze sessie": [str(live.extra.id)],
        "hoort niet bij deze sessie": [str(live.stories[0].id), "abc"],
        "Kies minstens één verhaal": [],
    }
    for message, ids in cases.items():
        response = observe(client, live, "Iets", ids)
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and message in page, message
        assert "Iets" in page  # the typed text is kept
    assert observe(client, live, "   ", [str(live.stories[0].id)]).status_code == 422
    assert db.session.scalar(select(func.count(Observation.id))) == 0


def test_an_evaluation_is_saved_once_and_updated_by_a_second_submit(app, live):
    client = joined(app, live)
    url = f"/sessie/{live.session.id}/evaluatie"
    post = {"rating": "4", "went_well": "Fijne groep", "to_improve": ""}
    assert client.post(url, data={"csrf_token": token_of(client, url), **post}).status_code == 302
    post = {"rating": "5", "went_well": "Fijne groep", "to_improve": "Meer tijd"}
    assert client.post(url, data={"csrf_token": token_of(client, url), **post}).status_code == 302
    rows = db.session.scalars(select(SessionEvaluation)).all()
    assert len(rows) == 1 and rows[0].rating == 5 and rows[0].to_improve == "Meer tijd"
    assert "Meer tijd" in client.get(url).get_data(as_text=True)


def test_an_evaluation_needs_a_mark_from_1_to_5(app, live):
    client = joined(app, live)
    url = f"/sessie/{live.session.id}/evaluatie"
    for rating in ("", "0", "6", "drie"):
        response = client.post(url, data={"csrf_token": token_of(client, url), "rating": rating})
        assert response.status_code == 422
        assert "Kies een cijfer van 1 tot 5" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SessionEvaluation.id))) == 0


def test_two_participants_each_have_their_own_evaluation(app, live):
    for name in ("Sanne", "Ali"):
        client = joined(app, live, name)
        url = f"/sessie/{live.session.id}/evaluatie"
        client.post(url, data={"csrf_token": token_of(client, url), "rating": "3"})
    assert db.session.scalar(select(func.count(SessionEvaluation.id))) == 2
