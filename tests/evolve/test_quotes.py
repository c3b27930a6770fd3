"""Releasing a quote: typed by a facilitator, checked by the privacy rules at once and by the redaction
worker before it is public, never a whole story."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_from
from tests.evolve.conftest import story
from vertelpunt.core.errors import InputError
from vertelpunt.evolve import publication, quotes
from vertelpunt.extensions import db
from vertelpunt.models import ReleasedQuote


def _post(client, data):
    page = client.get("/staff/trajecten/testregio/citaten").get_data(as_text=True)
    return client.post("/staff/trajecten/testregio/citaten", data={"csrf_token": csrf_from(page), **data})


def test_facilitator_sees_stories_behind_themes_and_releases_a_quote(app, world, as_user):
    client = as_user("begeleider")
    page = client.get("/staff/trajecten/testregio/citaten").get_data(as_text=True)
    assert world.stories[12].text in page  # behind "School"
    response = _post(
        client,
        {
            "op": "release",
            "story_id": world.stories[12].id,
            "theme_id": world.themes["school"].id,
            "text": "De school belde nooit terug",
        },
    )
    assert response.status_code == 302
    quote = db.session.query(ReleasedQuote).one()
    assert quote.text == "De school belde nooit terug" and quote.released_by is not None
    # Released means asked: the public page shows it only after the redaction worker's check.
    public_page = app.test_client().get("/terugkoppeling/testregio")
    assert "De school belde nooit terug" not in public_page.get_data(as_text=True)
    assert "wacht op de privacycheck" in client.get("/staff/trajecten/testregio/citaten").get_data(
        as_text=True
    )
    publication.check_requested(use_deduce=False)
    db.session.commit()
    public_page = app.test_client().get("/terugkoppeling/testregio")
    assert "De school belde nooit terug" in public_page.get_data(as_text=True)


def test_personal_details_are_refused_with_a_dutch_message(app, world, as_user):
    client = as_user("begeleider")
    response = _post(
        client,
        {"op": "release", "story_id": world.stories[0].id, "text": "Bel me op 06-12345678 als het kan"},
    )
    assert response.status_code == 422
    assert "Dit lijkt een telefoonnummer: “06-12345678”" in response.get_data(as_text=True)
    assert db.session.query(ReleasedQuote).count() == 0


@pytest.mark.parametrize("which", ["text", "title"])
def test_the_whole_story_or_its_title_is_refused(app, world, which):
    s = world.stories[3]
    with pytest.raises(InputError):
        quotes.release(world.traject, text=getattr(s, which), story_id=s.id)


def test_a_story_of_another_traject_is_refused(app, world, users):
    from vertelpunt.core.access import traject_by_slug
    from vertelpunt.staff import services

    elders = traject_by_slug("elders")
    other = story(services.general_link(elders), "Elders titel", "Een verhaal van elders over iets.")
    db.session.commit()
    with pytest.raises(InputError):
        quotes.release(world.traject, text="een stukje", story_id=other.id)
    with pytest.raises(InputError):
        quotes.release(world.traject, text="een stukje", story_id=world.stories[0].id, theme_id=999999)


def test_edit_and_withdraw(app, world, as_user):
    quote = quotes.release(world.traject, text="Het duurde zo lang", story_id=world.stories[0].id)
    db.session.commit()
    client = as_user("begeleider")
    assert (
        _post(client, {"op": "edit", "quote_id": quote.id, "text": "Het duurde heel lang"}).status_code == 302
    )
    assert db.session.get(ReleasedQuote, quote.id).text == "Het duurde heel lang"
    refused = _post(client, {"op": "edit", "quote_id": quote.id, "text": "Mail naar jan@example.nl"})
    assert refused.status_code == 422
    db.session.expire_all()
    assert db.session.get(ReleasedQuote, quote.id).text == "Het duurde heel lang"
    assert _post(client, {"op": "withdraw", "quote_id": quote.id}).status_code == 302
    assert db.session.query(ReleasedQuote).count() == 0


def test_withdrawn_story_takes_its_quote_along(app, world):
    quotes.release(world.traject, text="Het duurde zo lang", story_id=world.stories[0].id)
    db.session.commit()
    db.session.delete(world.stories[0])
    db.session.commit()
    assert db.session.query(ReleasedQuote).count() == 0


def test_coalition_cannot_release_or_see_stories(app, world, as_user):
    client = as_user("coalitie")
    assert client.get("/staff/trajecten/testregio/citaten").status_code == 403
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/staff/trajecten/testregio/citaten",
        data={"csrf_token": csrf_from(page), "op": "release", "story_id": world.stories[0].id, "text": "x y"},
    )
    assert response.status_code == 403
    assert db.session.query(ReleasedQuote).count() == 0
