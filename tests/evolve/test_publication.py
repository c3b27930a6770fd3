"""Publishing is a deliberate act (issue 13, point 1), tested as the attacks that worked before: closing a
session put every theme with the engine's key terms and every action on the public page, actions were
public from the moment they were typed, and a card naming "Sanne Wolters" reached the page and the
newsletter text as "sanne · wolters · school". Now nothing is public until a facilitator previews and
confirms it in the Publiceren step and the redaction worker's check passed."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import csrf_from
from tests.evolve.conftest import check, close, form_of, previewed_of, public_texts, publish, publish_post
from vertelpunt.evolve import publication
from vertelpunt.extensions import db
from vertelpunt.models import Action, Theme

ENGINE_WORDS = re.compile(r"sanne|wolters", re.IGNORECASE)  # the page title uses "·" itself
SUMMARY = "Gezinnen wachten maanden op hulp en horen in die tijd niets."


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _states(held) -> tuple[str, str, str]:
    db.session.expire_all()
    return (
        db.session.get(Theme, held.engine.id).publication,
        db.session.get(Theme, held.named.id).publication,
        db.session.get(Action, held.action.id).publication,
    )


def test_closing_a_session_publishes_nothing(app, held, as_user):
    client = as_user("begeleider")
    page = client.get(f"/staff/trajecten/testregio/sessies/{held.session.id}").get_data(as_text=True)
    closed = client.post(
        f"/staff/trajecten/testregio/sessies/{held.session.id}/status",
        data={"csrf_token": csrf_from(page), "to": "closed"},
        follow_redirects=True,
    )
    assert closed.status_code == 200
    assert "Er is niets van openbaar" in _page(closed) and "Publiceren" in _page(closed)
    assert db.session.get(type(held.session), held.session.id).status == "closed"
    shown = public_texts(app)
    for secret in (
        "Wachten op hulp",
        "wachtlijst",
        "Wachtenden elke maand bellen",
        "Wijkteam Zuid",
        "Jan Jansen",
    ):
        assert secret not in shown
    assert not ENGINE_WORDS.search(shown)
    assert "Wat we leerden, staat hier binnenkort" in shown
    assert _states(held) == ("private", "private", "private")


def test_an_action_typed_in_a_session_is_not_public(app, held, as_user):
    client = as_user("begeleider")
    url = f"/staff/trajecten/testregio/sessies/{held.session.id}/acties"
    token = csrf_from(client.get(url).get_data(as_text=True))
    typed = {"title": "Ouderavond over wachten", "owner_organisation": "Wijkteam Zuid", "term": "short"}
    # A hand-made form field cannot make it public either.
    response = client.post(url, data={"csrf_token": token, **typed, "size": "small", "public": "1"})
    assert response.status_code == 303
    action = db.session.query(Action).filter_by(title="Ouderavond over wachten").one()
    assert (action.public, action.publication) == (False, "private")
    assert "Ouderavond" not in public_texts(app)
    close(held)
    check()
    assert "Ouderavond" not in public_texts(app) and "Wachtenden" not in public_texts(app)


def test_publishing_needs_the_preview_of_exactly_what_becomes_public(app, held, as_user):
    close(held)
    client = as_user("begeleider")
    data = form_of(held, named_public=True, named_summary=SUMMARY, action_public=True)
    preview = publish_post(client, held, data, preview="1")
    page = _page(preview)
    assert preview.status_code == 200 and "Dit laat de openbare pagina zien" in page
    assert SUMMARY in page and "Wachtenden elke maand bellen" in page and "Ja, publiceer dit" in page
    assert _states(held) == ("private", "private", "private")  # a preview stores nothing
    previewed = previewed_of(page)
    # Confirming without a preview, or a preview of other words, shows the preview again.
    changed = {**data, form_key(held.named, "summary"): SUMMARY + " Soms een half jaar."}
    for sent in (
        publish_post(client, held, data, confirm="1"),
        publish_post(client, held, changed, confirm="1", previewed=previewed),
    ):
        assert sent.status_code == 200 and "Dit laat de openbare pagina zien" in _page(sent)
        assert _states(held) == ("private", "private", "private")
    assert "Soms een half jaar." in _page(
        publish_post(client, held, changed, confirm="1", previewed=previewed)
    )
    done = publish_post(client, held, data, follow=True, confirm="1", previewed=previewed)
    assert done.status_code == 200 and "Gevraagd om te publiceren: 2" in _page(done)
    assert _states(held) == ("private", "requested", "requested")
    # Asked is not public: the redaction worker's check comes first.
    assert SUMMARY not in public_texts(app)
    check()
    shown = public_texts(app)
    assert SUMMARY in shown and "Wachtenden elke maand bellen" in shown
    assert "Wachten op hulp" in shown  # the name a person gave, as the action's theme too
    assert _states(held) == ("private", "public", "public")


def form_key(theme, field_name: str) -> str:
    return f"theme_{theme.id}_{field_name}"


def test_withdraw_takes_everything_off_the_public_page(app, held, as_user):
    close(held)
    client = as_user("begeleider")
    publish(client, held, form_of(held, named_public=True, named_summary=SUMMARY, action_public=True))
    check()
    assert SUMMARY in public_texts(app)
    withdraw = held.step + "/intrekken"
    token = csrf_from(client.get(held.step).get_data(as_text=True))
    unsure = client.post(withdraw, data={"csrf_token": token, "withdraw": "1"})
    assert unsure.status_code == 422 and "Vink het vakje aan om te bevestigen" in _page(unsure)
    assert SUMMARY in public_texts(app)
    done = client.post(
        withdraw, data={"csrf_token": token, "sure": "y", "withdraw": "1"}, follow_redirects=True
    )
    assert "Van de openbare pagina gehaald: 2" in _page(done)
    shown = public_texts(app)
    assert SUMMARY not in shown and "Wachtenden" not in shown and "Wachten op hulp" not in shown
    assert _states(held) == ("private", "private", "private")
    assert db.session.get(Action, held.action.id).public is False
    # Unticking in the step takes an item off as well, after its own preview.
    publish(client, held, form_of(held, named_public=True, named_summary=SUMMARY, action_public=True))
    check()
    publish(client, held, form_of(held, action_public=False))
    assert "Wachtenden" not in public_texts(app) and SUMMARY in public_texts(app)


def test_engine_made_names_and_key_terms_never_become_public(app, held, as_user):
    close(held)
    client = as_user("begeleider")
    step = _page(client.get(held.step))
    # The engine's name is never offered as the public name: the field is empty.
    assert re.search(rf'id="theme_{held.engine.id}_name" name="theme_{held.engine.id}_name" value=""', step)
    about = "Kinderen merken dat school en thuis langs elkaar heen praten."
    for name, message in (
        ("", "Geef het thema een eigen naam"),
        ("sanne · wolters · school", "Dit lijkt"),
        ("Sanne Wolters", "Dit lijkt een naam: “Sanne Wolters”"),
        ("Over sanne", "“sanne”"),  # an engine word that reads as a name
        ("Wolters", "“Wolters”"),  # a part of a name on a card, which the rules would miss alone
        ("School en mentor", ""),
    ):
        data = form_of(held, engine_public=True, engine_name=name, engine_summary=about)
        sent = publish_post(client, held, data, preview="1")
        if message:
            assert sent.status_code == 422 and message in _page(sent), name
        else:
            assert sent.status_code == 200, name
    # Key terms strung together are the engine's, also for a theme a person named.
    data = form_of(held, named_public=True, named_name="Wachtlijst maanden", named_summary=SUMMARY)
    sent = publish_post(client, held, data, preview="1")
    assert sent.status_code == 422 and "Deze naam maakte de computer uit kernwoorden" in _page(sent)
    data = form_of(
        held, engine_public=True, engine_name="School en thuis", engine_summary="Wolters zei het al."
    )
    sent = publish_post(client, held, data, preview="1")
    assert sent.status_code == 422 and "“Wolters”" in _page(sent)
    assert _states(held) == ("private", "private", "private")
    # A name and summary of a person's own go public; the engine's words never do.
    publish(
        client, held, form_of(held, engine_public=True, engine_name="School en thuis", engine_summary=about)
    )
    publish(
        client,
        held,
        form_of(
            held,
            engine_public=True,
            engine_name="School en thuis",
            engine_summary=about,
            named_public=True,
            named_summary=SUMMARY,
        ),
    )
    check()
    shown = public_texts(app)
    assert "School en thuis" in shown and about in shown and SUMMARY in shown
    assert not ENGINE_WORDS.search(shown)
    assert "wachtlijst" not in shown and "maanden," not in shown  # key terms of the named theme


def test_owner_person_never_public_owner_organisation_only_when_chosen(app, held, as_user):
    close(held)
    client = as_user("begeleider")
    step = _page(client.get(held.step))
    assert "De actiehouder zelf (Jan Jansen) wordt nooit openbaar." in step
    publish(client, held, form_of(held, action_public=True))
    check()
    shown = public_texts(app)
    assert "Wachtenden elke maand bellen" in shown
    assert "Wijkteam Zuid" not in shown and "Jan Jansen" not in shown and "Jansen" not in shown
    publish(client, held, form_of(held, action_public=True, action_organisation=True))
    check()
    shown = public_texts(app)
    assert "Wie doet dit: Wijkteam Zuid" in shown and "Jansen" not in shown
    # The owner person typed into the public text is refused by name.
    sent = publish_post(
        client, held, form_of(held, action_public=True, action_description="Jan Jansen belt."), preview="1"
    )
    assert sent.status_code == 422 and "Dit lijkt een naam: “Jan Jansen”" in _page(sent)
    sent = publish_post(
        client, held, form_of(held, action_public=True, action_title="Bellen met jansen"), preview="1"
    )
    assert sent.status_code == 422 and "Dit lijkt de naam van iemand uit deze sessie: “jansen”" in _page(sent)
    # So is a participant of the session.
    sent = publish_post(
        client, held, form_of(held, action_public=True, action_description="Bakker regelt het."), preview="1"
    )
    assert sent.status_code == 422 and "Dit lijkt de naam van iemand uit deze sessie: “Bakker”" in _page(sent)
    assert "Jansen" not in public_texts(app)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Sanne Wolters wacht al maanden.", "Dit lijkt een naam: “Sanne Wolters”"),
        ("Bel 06-12345678 voor vragen.", "Dit lijkt een telefoonnummer: “06-12345678”"),
        ("Mail naar ouder@voorbeeld.nl voor vragen.", "Dit lijkt een e-mailadres: “ouder@voorbeeld.nl”"),
        ("Op Basisschool De Wilg merken ze het.", "Dit lijkt de naam van een school: “De Wilg”"),
    ],
)
def test_personal_details_are_refused_at_once_with_a_dutch_message(app, held, as_user, text, message):
    close(held)
    client = as_user("begeleider")
    sent = publish_post(client, held, form_of(held, named_public=True, named_summary=text), preview="1")
    page = _page(sent)
    assert sent.status_code == 422 and message in page
    assert "Er is nog niets gepubliceerd" in page and "Dit laat de openbare pagina zien" not in page
    assert _states(held) == ("private", "private", "private")


def test_the_trajects_own_organisation_and_municipality_names_are_allowed(app, held, as_user):
    close(held)
    client = as_user("begeleider")
    summary = "Basisschool De Esch en het wijkteam in Hengelo merken het als eersten."
    data = form_of(
        held,
        named_public=True,
        named_summary=summary,
        action_public=True,
        action_title="Gemeente Enschede belt gezinnen",
    )
    assert publish(client, held, data).status_code == 303
    check()
    shown = public_texts(app)
    assert summary in shown and "Gemeente Enschede belt gezinnen" in shown


@pytest.mark.parametrize("who", ["coalitie", "begeleider-elders", "coalitie-elders"])
def test_only_facilitators_of_the_traject_reach_the_step(app, held, as_user, who):
    close(held)
    client = as_user(who)
    assert client.get(held.step).status_code in (403, 404)
    token = csrf_from(client.get("/login").get_data(as_text=True))
    data = {"csrf_token": token, **form_of(held, named_public=True, named_summary=SUMMARY), "confirm": "1"}
    assert client.post(held.step, data=data).status_code in (403, 404)
    withdraw = {"csrf_token": token, "sure": "y", "withdraw": "1"}
    assert client.post(held.step + "/intrekken", data=withdraw).status_code in (403, 404)
    assert _states(held) == ("private", "private", "private")
    logged_out = app.test_client().get(held.step)
    assert logged_out.status_code == 302 and "/login" in logged_out.headers["Location"]


def test_only_a_closed_session_can_be_published(app, held, as_user):
    client = as_user("begeleider")
    assert "Sluit eerst de sessie" in _page(client.get(held.step))
    sent = publish_post(client, held, form_of(held, named_public=True, named_summary=SUMMARY), preview="1")
    assert sent.status_code == 422 and "Sluit eerst de sessie" in _page(sent)
    assert _states(held) == ("private", "private", "private")


def test_what_is_public_is_a_copy_the_board_does_not_change(app, held, as_user):
    close(held)
    client = as_user("begeleider")
    publish(client, held, form_of(held, named_public=True, named_summary=SUMMARY, action_public=True))
    check()
    theme = db.session.get(Theme, held.named.id)
    action = db.session.get(Action, held.action.id)
    theme.name, action.title, action.description = "Sanne Wolters", "Jan Jansen belt", "Bel 06-12345678"
    db.session.commit()
    shown = public_texts(app)
    assert "Wachten op hulp" in shown and "Wachtenden elke maand bellen" in shown
    assert "Sanne" not in shown and "Jansen" not in shown and "06-12345678" not in shown


HOSTILE = [
    ("named_summary", "Wachten " * 2000, "Gebruik hoogstens 600 tekens"),
    ("named_name", "W" * 5000, "Gebruik hoogstens 160 tekens"),
    ("action_title", "<script>alert(1)</script>", "Schrijf gewone tekst"),
    ("named_summary", 'Wacht <a href="https://evil.example">hier</a>', "Schrijf gewone tekst"),
    ("named_summary", "Sanne\u200b Wol\u202eters wacht.", "Dit lijkt een naam"),
    ("named_summary", "\u202eSanne Wolters", "Dit lijkt een naam"),
    ("action_title", "\x00\x00", "Geef de actie een titel"),
    ("named_summary", " \x00 \u200b ", "Schrijf een korte samenvatting"),
]


@pytest.mark.parametrize(("field_name", "value", "message"), HOSTILE)
def test_hostile_input_gives_a_dutch_message_and_saves_nothing(
    app, held, as_user, field_name, value, message
):
    close(held)
    client = as_user("begeleider")
    changes = {"named_public": True, "named_summary": SUMMARY, "action_public": True, field_name: value}
    data = form_of(held, **changes)
    for step in ({"preview": "1"}, {"confirm": "1", "previewed": "0" * 64}):
        sent = publish_post(client, held, data, **step)
        assert sent.status_code == 422 and message in _page(sent), _page(sent)[-1500:]
    assert _states(held) == ("private", "private", "private")
    assert SUMMARY not in public_texts(app)


def test_nul_and_direction_marks_are_removed_before_anything_is_stored(app, held, as_user):
    close(held)
    client = as_user("begeleider")
    sneaky = "Gezinnen\x00 wachten\u202e lang\u200b op hulp."
    assert publish(client, held, form_of(held, named_public=True, named_summary=sneaky)).status_code == 303
    theme = db.session.get(Theme, held.named.id)
    assert theme.public_summary == "Gezinnen wachten lang op hulp."
    check()
    assert "Gezinnen wachten lang op hulp." in public_texts(app)


def test_items_of_another_session_cannot_be_published_from_this_one(app, held, world, as_user):
    close(held)
    client = as_user("begeleider")
    school = world.themes["school"]  # a closed session's theme nobody published
    data = {**form_of(held), f"theme_{school.id}_public": "y", f"theme_{school.id}_name": "School"}
    data[f"theme_{school.id}_summary"] = "Een eigen samenvatting."
    preview = publish_post(client, held, data, preview="1")
    publish_post(client, held, data, confirm="1", previewed=previewed_of(_page(preview)))
    check()
    assert db.session.get(Theme, school.id).publication == "private"
    assert "Een eigen samenvatting." not in public_texts(app)


def test_the_step_is_in_the_stepper_and_says_what_it_shows(app, held, as_user):
    close(held)
    client = as_user("begeleider")
    overview = _page(client.get(f"/staff/trajecten/testregio/sessies/{held.session.id}"))
    assert "Publiceren" in overview and "Kies wat openbaar wordt" in overview
    assert f'href="{held.step}"' in overview
    publish(client, held, form_of(held, named_public=True, named_summary=SUMMARY))
    assert publication.state_labels()["requested"] in _page(client.get(held.step))


def test_a_body_too_large_is_refused_in_dutch_and_saves_nothing(app, held, as_user):
    close(held)
    client = as_user("begeleider")
    huge = form_of(held, named_public=True, named_summary="Wachten " * 40_000, action_public=True)
    sent = publish_post(client, held, huge, confirm="1", previewed="0" * 64)
    assert sent.status_code == 413 and "Te veel tekst" in _page(sent)
    assert _states(held) == ("private", "private", "private")
