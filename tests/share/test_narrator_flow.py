"""The narrator's way through, for every kind of link, through the Flask test client."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.helpers import full_answers, open_form, submit
from vertelpunt.core.access import traject_by_slug
from vertelpunt.extensions import db
from vertelpunt.framework import CURRENT_VERSION
from vertelpunt.models import Story, StoryAnswer
from vertelpunt.staff import services


@pytest.fixture
def org_link(traject, organisation):
    """An organisation link that prefills everything it may."""
    link = services.create_link(
        traject,
        organisation=organisation,
        audience="parent",
        prefill={"perspective": "parent", "age_group": "age_4_12"},
    )
    db.session.commit()
    return link


@pytest.fixture
def unknown_age_link(traject, organisation):
    link = services.create_link(
        traject, organisation=organisation, audience="youth", prefill={"age_group": "unknown"}
    )
    db.session.commit()
    return link


@pytest.fixture
def general(traject):
    return services.general_link(traject)


def stories():
    return db.session.scalars(select(Story)).all()


def answers(story) -> dict[str, list]:
    result: dict[str, list] = {}
    for a in db.session.scalars(select(StoryAnswer).where(StoryAnswer.story_id == story.id)):
        result.setdefault(a.question_id, []).append(a)
    return result


def test_form_explains_anonymity_and_lists_prompts(client, org_link):
    html, _ = open_form(client, org_link.token)
    assert "anoniem" in html and "Wat we leren, laten we je weten" in html
    for prompt in ("helped", "safe", "ordinary_life", "school", "focus", "other"):
        assert html.count(f'name="prompt" value="{prompt}"') == 1
    # Every field of the form appears once: no question is asked twice.
    names = re.findall(r'<(?:input|textarea)[^>]* name="([a-z_]+)"(?: value="([^"]*)")?', html)
    assert len(names) == len(set(names))
    # The traject's own focus prompt stands in for the generic one.
    assert "Een moment rond de scheiding van je ouders" in html
    assert 'name="story"' in html and 'name="title"' in html


def test_full_prefill_link_hides_prefilled_context_questions(client, org_link):
    html, _ = open_form(client, org_link.token)
    for asked in (
        "feeling",
        "tone",
        "focus_of_help",
        "heard",
        "who_involved",
        "should_know",
        "when",
        "duration",
        "living",
    ):
        assert f'name="{asked}"' in html, asked
    # perspective and age group by the link; type and municipality from the organisation.
    for hidden in ("perspective", "age_group", "organisation_type", "municipality", "organisation"):
        assert f'name="{hidden}"' not in html, hidden


def test_full_prefill_link_stores_story_with_prefilled_answers(client, org_link, organisation):
    response = submit(client, org_link.token)
    assert response.status_code == 200
    (story,) = stories()
    assert story.link_id == org_link.id and story.organisation_id == organisation.id
    assert story.framework_version == CURRENT_VERSION
    assert story.prompt == "helped" and story.title == "De mentor die luisterde"
    got = answers(story)
    assert {a.option_id for a in got["feeling"]} == {"relieved", "happy"}
    assert got["tone"][0].number == 75 and got["heard"][0].number == 100
    assert {(a.option_id, round(a.number, 2)) for a in got["focus_of_help"]} == {
        ("child", 0.5),
        ("family", 0.5),
        ("professionals", 0.0),
    }
    for question, option in (
        ("perspective", "parent"),
        ("age_group", "age_4_12"),
        ("organisation_type", "neighbourhood_team"),
        ("municipality", "hengelo"),
    ):
        (answer,) = got[question]
        assert answer.option_id == option and answer.prefilled, question
    assert not got["living"][0].prefilled


def test_unknown_age_link_asks_the_age(client, unknown_age_link):
    html, _ = open_form(client, unknown_age_link.token)
    assert 'name="age_group"' in html and 'name="perspective"' in html
    submit(client, unknown_age_link.token, age_group="age_12_18", perspective="youth")
    got = answers(stories()[0])
    assert got["age_group"][0].option_id == "age_12_18" and not got["age_group"][0].prefilled
    assert got["perspective"][0].option_id == "youth"


def test_unknown_age_link_keeps_unknown_when_skipped(client, unknown_age_link):
    submit(client, unknown_age_link.token)
    (age,) = answers(stories()[0])["age_group"]
    assert age.option_id == "unknown" and age.prefilled


def test_general_link_asks_every_context_question(client, general, traject):
    html, _ = open_form(client, general.token)
    for asked in ("perspective", "age_group", "living", "municipality", "organisation_type"):
        assert f'name="{asked}"' in html
    assert 'value="enschede"' in html and 'value="elsewhere"' in html
    submit(client, general.token, municipality="almelo", perspective="pro_care")
    story = stories()[0]
    assert story.organisation_id is None and story.link_id == general.id
    got = answers(story)
    assert got["municipality"][0].option_id == "almelo" and not got["municipality"][0].prefilled


def test_only_prompt_and_story_are_needed(client, general):
    html, hidden = open_form(client, general.token)
    text = "Ik wil alleen dit kwijt over de wachtlijst bij de jeugdhulp."
    response = client.post(f"/{general.token}", data={**hidden, "prompt": "other", "story": text})
    assert response.status_code == 303  # stored: on to the thank-you page
    (story,) = stories()
    assert story.text == text and story.title.startswith("Ik wil alleen dit kwijt")
    assert answers(story) == {}


@pytest.mark.parametrize("kind", ["paused", "closed"])
def test_paused_and_closed_links_get_a_friendly_page(client, org_link, kind):
    services.set_link_status(org_link, kind)
    db.session.commit()
    response = client.get(f"/{org_link.token}")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "pauze" in html if kind == "paused" else "gesloten" in html
    assert 'name="story"' not in html and "Traceback" not in html


@pytest.mark.parametrize("token", ["abcdefghjkmnpq", "0000", "x" * 300, "%27%3B--", "..%2F..%2Fetc"])
def test_unknown_tokens_get_a_friendly_page(client, traject, token):
    response = client.get(f"/{token}")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Deze link kennen we niet" in page or "Deze pagina bestaat niet" in page
    assert "Traceback" not in page


def test_token_typed_from_a_flyer_is_understood(client, org_link):
    from linkgen.tokens import display

    typed = display(org_link.token).upper()
    assert client.get(f"/{typed}").status_code == 200


def test_traject_not_open_or_ended(client, traject, general):
    import datetime as dt

    traject.opens_on = dt.date.today() + dt.timedelta(days=3)
    traject.closes_on = traject.opens_on + dt.timedelta(days=3)
    db.session.commit()
    assert "nog niet begonnen" in client.get(f"/{general.token}").get_data(as_text=True)
    traject.opens_on = dt.date.today() - dt.timedelta(days=30)
    traject.closes_on = dt.date.today() - dt.timedelta(days=1)
    db.session.commit()
    assert "afgelopen" in client.get(f"/{general.token}").get_data(as_text=True)


ERROR_CASES = [
    ({"prompt": ""}, "prompt", "Kies waar je verhaal over gaat."),
    ({"prompt": "made_up"}, "prompt", "Deze keuze kennen we niet."),
    ({"story": ""}, "story", "Schrijf je verhaal."),
    ({"story": "   \n  "}, "story", "Schrijf je verhaal."),
    ({"story": "Te kort."}, "story", "Je verhaal is erg kort."),
    ({"story": "lang " * 5000}, "story", "Dit is te lang."),
    ({"title": "t" * 121}, "title", "Dit is te lang."),
    ({"feeling": ["happy", "sad", "angry"]}, "feeling", "Kies er hoogstens twee."),
    ({"feeling": ["joyful"]}, "feeling", "Deze keuze kennen we niet."),
    ({"tone": "150"}, "tone", "Deze keuze kennen we niet."),
    ({"tone": "nan"}, "tone", "Deze keuze kennen we niet."),
    ({"tone": "vijftig"}, "tone", "Deze keuze kennen we niet."),
    ({"focus_of_help": "abcd"}, "focus_of_help", "Deze keuze kennen we niet."),
    ({"when": "tomorrow"}, "when", "Deze keuze kennen we niet."),
    ({"municipality": "amsterdam"}, "municipality", "Deze keuze kennen we niet."),
    ({"who_involved": ["school", "aliens"]}, "who_involved", "Deze keuze kennen we niet."),
]


@pytest.mark.parametrize(("change", "field", "message"), ERROR_CASES)
def test_validation_errors_reshow_everything_typed(client, general, change, field, message):
    html, hidden = open_form(client, general.token)
    data = {**hidden, **full_answers(**change)}
    response = client.post(f"/{general.token}", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page and f'href="#q-{field}"' in page
    # Everything typed comes back.
    if field != "story":
        assert "Mijn mentor op school nam echt de tijd voor me" in page
    if field != "title":
        assert 'value="De mentor die luisterde"' in page
    if field != "feeling":
        assert 'value="relieved" checked' in page
    assert stories() == []


def test_unknown_prefilled_question_cannot_be_posted_over(client, org_link):
    """A narrator cannot overwrite what the link fills in by posting the field anyway."""
    submit(client, org_link.token, perspective="pro_care")
    (perspective,) = answers(stories()[0])["perspective"]
    assert perspective.option_id == "parent" and perspective.prefilled


def test_expired_or_missing_csrf_token_reshows_the_story(client, general):
    html, hidden = open_form(client, general.token)
    data = {**hidden, **full_answers(), "csrf_token": "expired"}
    response = client.post(f"/{general.token}", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Je tekst staat er nog" in page and "Mijn mentor op school" in page
    assert stories() == []
    # The re-shown form carries a fresh token that works.
    from tests.conftest import csrf_from

    data["csrf_token"] = csrf_from(page)
    assert client.post(f"/{general.token}", data=data).status_code == 303
    assert len(stories()) == 1


def test_csrf_token_that_really_expired(make_app, traject):
    import time

    app = make_app(WTF_CSRF_TIME_LIMIT=1)
    with app.app_context():
        token = services.general_link(traject_by_slug("testregio")).token
        client = app.test_client()
        html, hidden = open_form(client, token)
        time.sleep(2.1)
        response = client.post(f"/{token}", data={**hidden, **full_answers()})
        assert response.status_code == 400
        assert "Mijn mentor op school" in response.get_data(as_text=True)


def test_rate_limit_reshows_the_story(make_app, traject):
    app = make_app(STORY_RATE_LIMIT="2 per minute")
    with app.app_context():
        token = services.general_link(traject_by_slug("testregio")).token
        client = app.test_client()
        assert submit(client, token).status_code == 200
        assert submit(client, token).status_code == 200
        response = submit(client, token, story="Derde verhaal dat even moet wachten op zijn beurt.")
        assert response.status_code == 429
        page = response.get_data(as_text=True)
        assert "Derde verhaal dat even moet wachten" in page and "Wacht een minuut" in page
        assert db.session.scalar(select(func.count(Story.id))) == 2


def test_link_closed_while_typing(client, org_link):
    html, hidden = open_form(client, org_link.token)
    services.set_link_status(org_link, "closed")
    db.session.commit()
    response = client.post(f"/{org_link.token}", data={**hidden, **full_answers()})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Mijn mentor op school" in page and "Kopieer" in page
    assert "Verstuur mijn verhaal" not in page
    assert stories() == []


def test_server_error_during_submit_reshows_the_story(client, general, monkeypatch):
    from vertelpunt.share import services as share_services

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(share_services, "store_submission", broken)
    html, hidden = open_form(client, general.token)
    response = client.post(f"/{general.token}", data={**hidden, **full_answers()})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Mijn mentor op school" in page and "disk on fire" not in page and "Traceback" not in page
    assert stories() == []


def test_thank_you_page_offers_another_story_passing_on_and_a_code_once(client, org_link):
    response = submit(client, org_link.token)
    page = response.get_data(as_text=True)
    assert "Bedankt voor je verhaal" in page
    assert f'href="/{org_link.token}"' in page  # another story, same link and prefill
    assert f"http://vertel.test/{org_link.token}" in page
    assert "https://wa.me/?text=" in page and "mailto:?subject=" in page
    code = re.search(r'class="receipt"><strong>([0-9a-z-]+)<', page).group(1)
    assert len(code.replace("-", "")) == 16
    # The code is stored only as a hash, and the story page never shows it again.
    from vertelpunt.models import StoryReceipt

    receipt = db.session.scalars(select(StoryReceipt)).one()
    assert code not in receipt.code_hash and receipt.code_hash != code
    assert code not in client.get(f"/{org_link.token}").get_data(as_text=True)


def test_same_form_posted_twice_is_stored_once(client, general):
    html, hidden = open_form(client, general.token)
    data = {**hidden, **full_answers()}
    first = client.post(f"/{general.token}", data=data)
    second = client.post(f"/{general.token}", data=data)
    assert (first.status_code, second.status_code) == (303, 200)
    assert "al ontvangen" in second.get_data(as_text=True)
    assert len(stories()) == 1


def test_withdrawal_with_the_code(client, general):
    page = submit(client, general.token).get_data(as_text=True)
    code = re.search(r'class="receipt"><strong>([0-9a-z-]+)<', page).group(1)
    form = client.get("/intrekken").get_data(as_text=True)
    from tests.conftest import csrf_from

    token = csrf_from(form)
    wrong = client.post(
        "/intrekken", data={"csrf_token": token, "code": "aaaa-bbbb-cccc-dddd", "confirm": "yes"}
    )
    assert wrong.status_code == 422 and "We vinden geen verhaal" in wrong.get_data(as_text=True)
    unconfirmed = client.post("/intrekken", data={"csrf_token": token, "code": code})
    assert unconfirmed.status_code == 422 and len(stories()) == 1
    done = client.post(
        "/intrekken", data={"csrf_token": token, "code": f" {code.upper()} ", "confirm": "yes"}
    )
    assert done.status_code == 200 and "gewist" in done.get_data(as_text=True)
    assert stories() == []
    assert db.session.scalar(select(func.count(StoryAnswer.id))) == 0


def test_english_is_available(client, general):
    page = client.get(f"/{general.token}?lang=en").get_data(as_text=True)
    assert "Share your experience" in page and "What is your story about?" in page
    assert 'lang="en"' in page
    # The choice sticks for the rest of the visit.
    assert "Send my story" in client.get(f"/{general.token}").get_data(as_text=True)
    assert "Verstuur mijn verhaal" in client.get(f"/{general.token}?lang=nl").get_data(as_text=True)


def test_form_sets_no_cookie_beyond_the_csrf_session(client, general):
    response = client.get(f"/{general.token}")
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) <= 1
    assert all(c.startswith("session=") and "HttpOnly" in c for c in cookies)


def test_home_page(client):
    page = client.get("/").get_data(as_text=True)
    assert "Vertelpunt" in page and "link" in page


def test_personal_details_are_shown_before_sending_and_never_refused(client, general):
    html, hidden = open_form(client, general.token)
    story = "Mijn zoon Daan belde de wijkcoach op 06-12345678, maar die nam nooit op."
    first = client.post(f"/{general.token}", data={**hidden, **full_answers(story=story)})
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    assert (
        "Dit lijkt persoonlijk" in page and "<mark>06-12345678</mark>" in page and "<mark>Daan</mark>" in page
    )
    assert 'name="personal_checked" value="yes"' in page and story in page
    assert stories() == []
    # Sending again as it is: accepted, the narrator decides.
    from tests.conftest import csrf_from

    data = {**hidden, **full_answers(story=story), "personal_checked": "yes", "csrf_token": csrf_from(page)}
    second = client.post(f"/{general.token}", data=data, follow_redirects=True)
    assert second.status_code == 200 and "Bedankt voor je verhaal" in second.get_data(as_text=True)
    assert len(stories()) == 1


def test_story_without_personal_details_goes_straight_through(client, general):
    response = submit(client, general.token)
    assert "Dit lijkt persoonlijk" not in response.get_data(as_text=True)
    assert len(stories()) == 1
