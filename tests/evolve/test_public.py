"""The public feedback page: logged out, no cookie, no story, small counts hidden, only what was published."""

from __future__ import annotations

import html
import re

from tests.conftest import BASE_URL
from tests.evolve.conftest import story
from vertelpunt.evolve import public, publication, quotes
from vertelpunt.extensions import db
from vertelpunt.models import Story


def _page(client, url="/terugkoppeling/testregio"):
    response = client.get(url)
    assert response.status_code == 200
    return response, html.unescape(response.get_data(as_text=True))


def test_page_works_logged_out_and_sets_no_cookie(app, world):
    client = app.test_client()
    response, page = _page(client)
    assert "Set-Cookie" not in response.headers
    assert "Wat we leerden en wat we ermee doen" in page
    response, _ = _page(client, "/terugkoppeling/testregio?lang=en")
    assert "Set-Cookie" not in response.headers
    assert "What we learned" in response.get_data(as_text=True)


def test_page_never_shows_a_story_text_or_title(app, world):
    quotes.release(world.traject, text="het ging over de wachtlijst", story_id=world.stories[0].id)
    db.session.commit()
    _, page = _page(app.test_client())
    for s in db.session.query(Story).all():
        assert s.text not in page
        assert s.title not in page
    _, text = _page(app.test_client(), "/terugkoppeling/testregio/nieuwsbrief.txt")
    for s in db.session.query(Story).all():
        assert s.text not in text and s.title not in text


def test_published_themes_of_closed_sessions_with_suppression(app, world):
    _, page = _page(app.test_client())
    # Each published theme with the name and summary a person wrote, newest session first.
    assert page.count("<h3>Wachttijden</h3>") == 2 and "<h3>wachttijden" not in page
    later, earlier = "Ook na een half jaar is wachten", "Gezinnen wachten maanden op hulp"
    assert later in page and earlier in page and page.index(later) < page.index(earlier)
    assert "11 observaties over 11 verhalen" in page
    # The later session's theme rests on one observation: fewer than the threshold, so no number.
    assert "minder dan 10 observaties over minder dan 10 verhalen" in page
    # The engine's key terms are never public, and neither is a theme nobody published.
    for term in ("wachtlijst", "rechter", "mentor", "Belangrijke woorden"):
        assert term not in page
    assert "School" not in page
    assert "Nog geheim thema" not in page  # the session is still open
    assert "Mevrouw Deelnemer" not in page


def test_threshold_follows_the_configuration(make_app, world):
    from vertelpunt.models import Traject

    other = make_app(ANONYMITY_THRESHOLD=13)
    with other.app_context():
        traject = db.session.query(Traject).filter_by(slug="testregio").one()
        data = public.feedback(traject)
        assert data.threshold == 13
        _, page = _page(other.test_client())
    assert "minder dan 13 observaties over minder dan 13 verhalen" in page
    assert "12 observaties" not in page


def test_only_public_actions_with_their_status(app, world):
    _, page = _page(app.test_client())
    assert "Wachtlijst korter maken" in page and "(open)" in page
    assert "Folder over wachttijd" in page and "(klaar)" in page
    assert "Interne afspraak scholen" not in page
    assert "Jan Jansen" not in page  # the owner's organisation, never a person


def test_released_quote_is_shown_and_withdrawn_quote_is_gone(app, world):
    quote = quotes.release(
        world.traject,
        text="We wachtten maanden",
        story_id=world.stories[1].id,
        theme_id=world.themes["waiting"].id,
    )
    db.session.commit()
    # Released means asked: hidden until the redaction worker's check passed.
    _, page = _page(app.test_client())
    assert "We wachtten maanden" not in page
    publication.check_requested(use_deduce=False)
    db.session.commit()
    _, page = _page(app.test_client())
    assert "We wachtten maanden" in page
    quotes.withdraw(world.traject, quote.id)
    db.session.commit()
    _, page = _page(app.test_client())
    assert "We wachtten maanden" not in page


def test_newsletter_text_to_copy_and_download(app, world):
    client = app.test_client()
    _, page = _page(client)
    area = re.search(r'<textarea id="newsletter-text"[^>]*readonly>(.*?)</textarea>', page, re.S)
    assert area and "Wachtlijst korter maken" in area.group(1)
    assert f"{BASE_URL}/terugkoppeling/testregio" in area.group(1)
    response = client.get("/terugkoppeling/testregio/nieuwsbrief.txt")
    assert response.mimetype == "text/plain"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Set-Cookie" not in response.headers
    text = response.get_data(as_text=True)
    assert "- Wachttijden: Gezinnen wachten maanden op hulp en horen in die tijd niets." in text
    assert "wachtlijst" not in text and "rechter" not in text  # never the engine's key terms


def test_no_third_party_requests(app, world):
    _, page = _page(app.test_client())
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    external = [s for s in sources if s.startswith(("http:", "https:", "//")) and not s.startswith(BASE_URL)]
    assert external == []
    assert "<script>" not in page and " onclick=" not in page


def test_empty_traject_says_nothing_learned_yet(app, traject):
    _, page = _page(app.test_client())
    assert "We hebben de verhalen nog niet samen besproken" in page
    assert "Er zijn nog geen acties." in page


def test_unknown_traject_is_404(app, traject):
    assert app.test_client().get("/terugkoppeling/bestaat-niet").status_code == 404


def test_reachable_from_the_thank_you_page(app, world):
    from tests.conftest import csrf_from, key_from

    client = app.test_client()
    form = client.get(f"/{world.link.token}").get_data(as_text=True)
    response = client.post(
        f"/{world.link.token}",
        data={
            "csrf_token": csrf_from(form),
            "submission_key": key_from(form),
            "prompt": "helped",
            "title": "Een nieuwe titel",
            "story": "Het ging eigenlijk best goed met de hulp.",
            "personal_checked": "yes",
        },
        follow_redirects=True,
    )
    thanks = response.get_data(as_text=True)
    href = re.search(r'href="(/terugkoppeling/link/[^"]+)"', thanks)
    assert href, thanks[-800:]
    _, page = _page(app.test_client(), href.group(1))
    assert "Wachttijden" in page
    assert app.test_client().get("/terugkoppeling/link/abcdefghjkmnpq").status_code == 404


def test_share_kit_shows_the_public_address(app, world, as_user):
    client = as_user("coalitie")
    page = client.get(f"/staff/trajecten/testregio/kit/{world.link.id}").get_data(as_text=True)
    assert f"{BASE_URL}/terugkoppeling/testregio" in page


def test_story_added_later_does_not_leak(app, world):
    late = story(world.link, "Een late titel", "Een laat verhaal dat niemand mag zien.")
    db.session.commit()
    _, page = _page(app.test_client())
    assert late.text not in page and late.title not in page
