"""The live session in a real Chromium: two participants write observations on their phones, the
facilitator's board shows them without reloading, groups them, a card is dragged to another theme, a
theme is confirmed, and the session report shows the result. The facilitator's browser keeps the
site's Content-Security-Policy, so the board's script must work under it. Participant pages pass
axe-core and reflow at 320 pixels."""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import threading

import pytest
from sqlalchemy import select, update

from tests.browser.fixtures import ARTIFACTS, AXE
from tests.browser.test_accessibility import AXE_RUN
from tests.conftest import PASSWORD
from vertelpunt.auth.services import create_user
from vertelpunt.core.access import traject_by_slug
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Observation, SessionStory, Story, Theme
from vertelpunt.sessions.board import regroup
from vertelpunt.share import services as sharing
from vertelpunt.staff import services

CODE = "BRW234"
STORIES = [
    ("Lang wachten", "We stonden maanden op de wachtlijst voor jeugdhulp en niemand belde terug."),
    ("De mentor", "Mijn mentor op school nam de tijd voor me toen het thuis misging."),
]
# Written before the session by the facilitator, so that there is something to group.
EARLIER = [
    "Ouders wachten maanden op de wachtlijst voor jeugdhulp",
    "De wachtlijst bij de jeugdhulp is veel te lang",
    "Lang wachten op hulp maakt de problemen thuis groter",
    "De mentor op school luistert goed naar de leerling",
    "School en mentor nemen tijd voor de leerling",
    "Een mentor op school die echt luistert helpt",
]


@pytest.fixture
def worker(site):
    """The background worker's job threads, as `flask redaction run` starts them (the board's
    groupings run there)."""
    from vertelpunt import jobs

    consumer = jobs.consumer(1, periodic=False)
    consumer.start()
    yield
    consumer.stop(graceful=True)


@pytest.fixture
def session_site(site, worker):
    site.app.config["BOARD_GROUPING_MODELS"] = "tfidf"
    with site.app.app_context():
        traject = traject_by_slug("browser")
        create_user("begeleider-browser", PASSWORD, memberships=[("browser", "facilitator")])
        link = services.general_link(traject)
        story_ids = []
        for title, text in STORIES:
            sub = sharing.Submission(prompt="helped", title=title, text=text)
            sub.answers.append(sharing.Answer("feeling", option_id="sad"))
            story_ids.append(sharing.store_submission(sub, link, secrets.token_urlsafe(18), "nl").story_id)
        # As the redaction worker leaves them: participants read only fully redacted stories.
        db.session.execute(update(Story).where(Story.id.in_(story_ids)).values(redaction="full"))
        duiding = DuidingSession(
            traject_id=traject.id,
            title="Sessie wachten",
            held_on=dt.date.today(),
            join_code=CODE,
            status="open",
        )
        db.session.add(duiding)
        db.session.flush()
        for position, story_id in enumerate(story_ids):
            db.session.add(SessionStory(session_id=duiding.id, story_id=story_id, position=position))
        db.session.flush()
        from vertelpunt.sessions.board import cards as board

        for text in EARLIER:
            board.add_observation(duiding, text, [story_ids[0]])
        db.session.commit()
        site.session_id, site.story_ids = duiding.id, story_ids
        db.session.remove()
    site.board = f"{site.url}/staff/trajecten/browser/sessies/{site.session_id}"
    return site


def _phone(browser):
    return browser.new_context(
        viewport={"width": 360, "height": 640},
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
        bypass_csp=True,
    )


def join(page, site, name: str) -> None:
    page.goto(f"{site.url}/sessie")
    page.fill("#code", CODE.lower()[:3] + " " + CODE[3:])
    page.get_by_role("button", name="Verder").click()
    page.fill("#name", name)
    page.fill("#organisation", "Wijkteam")
    page.get_by_role("button", name="Doe mee").click()
    page.wait_for_selector("text=De verhalen van deze sessie")


def observe(page, site, text: str, story_index: int) -> None:
    page.goto(f"{site.url}/sessie/{site.session_id}/verhalen/{site.story_ids[story_index]}")
    page.fill("#text", text)
    page.get_by_role("button", name="Observatie toevoegen").click()
    page.wait_for_selector("text=Je observatie staat op het bord")


def log_in(page, site) -> None:
    page.goto(f"{site.url}/login")
    page.fill("#username", "begeleider-browser")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{site.url}/staff/**")


def drag(page, source: str, target: str) -> None:
    """A real mouse drag, in small steps, from the card's text onto the theme's cards."""
    page.locator(source).scroll_into_view_if_needed()
    start = page.locator(source).locator(".card-text").bounding_box()
    end = page.locator(target).bounding_box()
    page.mouse.move(start["x"] + 5, start["y"] + 5)
    page.mouse.down()
    page.mouse.move(end["x"] + 20, end["y"] + 10, steps=12)
    page.mouse.up()


def _observation(site, text: str) -> Observation:
    with site.app.app_context():
        found = db.session.scalar(select(Observation).where(Observation.text == text))
        db.session.expunge_all()
        db.session.remove()
        return found


def test_two_participants_the_live_board_grouping_dragging_confirming_and_the_report(
    session_site, browser, monkeypatch
):
    site = session_site
    # The worker waits for the test to have seen the board busy (a grouping of 8 cards is quick).
    seen_busy = threading.Event()
    run_asked = regroup.run_asked
    monkeypatch.setattr(regroup, "run_asked", lambda session: (seen_busy.wait(20), run_asked(session))[1])
    errors: list[str] = []
    staff_context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    board = staff_context.new_page()
    # The browser's own request for /favicon.ico is no error of the board.
    board.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.location["url"] else None,
    )
    log_in(board, site)
    board.goto(f"{site.board}/bord")
    board.evaluate("window.stillTheSamePage = true")
    feed = staff_context.new_page()
    feed.goto(f"{site.board}/observaties")
    phones = [_phone(browser), _phone(browser)]
    try:
        first, second = phones[0].new_page(), phones[1].new_page()
        join(first, site, "Sanne")
        join(second, site, "Ali")
        observe(first, site, "Niemand belt terug als je op de wachtlijst staat", 0)
        observe(second, site, "De mentor op school luistert en neemt tijd", 1)
        # Both arrive on the facilitator's board without a reload.
        new = board.locator("#new-cards")
        new.get_by_text("Niemand belt terug als je op de wachtlijst staat").wait_for(timeout=15000)
        new.get_by_text("De mentor op school luistert en neemt tijd").wait_for(timeout=15000)
        assert board.evaluate("window.stillTheSamePage") is True
        assert board.locator("#total").inner_text() == "8"
        # The facilitator's list of observations gets them too.
        feed.locator("#feed").get_by_text("De mentor op school luistert en neemt tijd").wait_for(
            timeout=15000
        )
        assert "Ali" in feed.locator("#feed").inner_text()

        board.get_by_role("button", name="Groepeer de observaties").click()
        # Busy while the worker groups, then the board reloads itself with the themes.
        board.locator("#grouping-state").get_by_text("Bezig met groeperen").wait_for(timeout=10000)
        seen_busy.set()
        board.wait_for_selector(".theme[data-theme-id] .terms", state="attached", timeout=20000)
        assert board.locator(".theme[data-theme-id]").count() >= 2
        assert board.locator("#grouping-state").inner_text() == ""
        shown = board.locator(".theme[data-theme-id]").count()
        from playwright.sync_api import expect  # imported here: the module loads without playwright

        # The room asks for one theme more.
        board.get_by_role("button", name="Meer thema's").click()
        expect(board.locator(".theme[data-theme-id]")).to_have_count(shown + 1, timeout=20000)
        expect(board.locator("#grouping-state")).to_have_attribute("data-state", "", timeout=20000)
        board.get_by_role("button", name="Minder thema's").click()
        expect(board.locator(".theme[data-theme-id]")).to_have_count(shown, timeout=20000)
        expect(board.locator("#grouping-state")).to_have_attribute("data-state", "", timeout=20000)

        # Drag the newest school card to the theme of the waiting-list card.
        card = _observation(site, "De mentor op school luistert en neemt tijd")
        waiting = _observation(site, "Ouders wachten maanden op de wachtlijst voor jeugdhulp")
        assert card.theme_id != waiting.theme_id
        board.evaluate("window.stillTheSamePage = true")
        drag(board, f"#card-{card.id}", f"#theme-{waiting.theme_id} .cards")
        board.locator(f"#theme-{waiting.theme_id} #card-{card.id}").wait_for(timeout=10000)
        assert board.evaluate("window.stillTheSamePage") is True
        board.locator("#board-status").get_by_text("Kaartje verplaatst").wait_for()
        moved = _observation(site, "De mentor op school luistert en neemt tijd")
        assert moved.theme_id == waiting.theme_id and moved.placement == "person"

        # Confirm that theme (a plain form).
        board.locator(f"#theme-{waiting.theme_id}").get_by_role("button", name="Bevestig thema").click()
        board.locator(f"#theme-{waiting.theme_id} .badge").wait_for()
        with site.app.app_context():
            theme = db.session.get(Theme, waiting.theme_id)
            name, confirmed = theme.name, theme.confirmed
            db.session.remove()
        assert confirmed

        # Grouping again keeps the moved card and the confirmed theme.
        with board.expect_navigation():  # the board after the post: busy, or done already
            board.get_by_role("button", name="Groepeer de observaties").click()
        expect(board.locator("#grouping-state")).to_have_attribute("data-state", "", timeout=20000)
        board.locator(f"#theme-{waiting.theme_id} #card-{card.id}").wait_for()
        ARTIFACTS.mkdir(exist_ok=True)
        board.screenshot(path=str(ARTIFACTS / "board.png"), full_page=True)
        first.screenshot(path=str(ARTIFACTS / "board-participant.png"), full_page=True)

        report = board.goto(f"{site.board}/verslag")
        assert report.status == 200
        text = board.locator("main").inner_text()
        assert name in text
        assert "De mentor op school luistert en neemt tijd" in text
        assert errors == []
    finally:
        for context in phones:
            context.close()
        staff_context.close()


def _participant_pages(page, site):
    join(page, site, "Fatima")
    observe(page, site, "Mijn eigen kaartje om aan te passen", 0)
    own = _observation(site, "Mijn eigen kaartje om aan te passen")
    return {
        "home": f"{site.url}/sessie/{site.session_id}",
        "change_own": f"{site.url}/sessie/{site.session_id}/observaties/{own.id}",
        "story": f"{site.url}/sessie/{site.session_id}/verhalen/{site.story_ids[0]}",
        "evaluation": f"{site.url}/sessie/{site.session_id}/evaluatie",
        "name": f"{site.url}/sessie/{site.session_id}/naam",
    }


def test_participant_pages_pass_axe_and_reflow_at_320_pixels(session_site, browser):
    site = session_site
    context = _phone(browser)
    try:
        page = context.new_page()
        page.goto(f"{site.url}/sessie")
        page.get_by_role("button", name="Verder").click()  # the error state of the code form
        page.wait_for_selector(".error")
        checked = {"join_error": None}
        checked.update(_participant_pages(page, site))
        for state, url in checked.items():
            if url:
                page.goto(url)
            if state == "evaluation":
                page.get_by_role("button", name="Stuur evaluatie").click()  # no mark: the error state
                page.wait_for_selector(".error")
            page.set_viewport_size({"width": 320, "height": 640})
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, state
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(AXE_RUN)
            bad = [v for v in violations if v["impact"] in ("serious", "critical")]
            assert bad == [], (state, bad)
    finally:
        context.close()


def test_the_board_and_the_observation_list_pass_axe(session_site, browser):
    site = session_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True)
    try:
        page = context.new_page()
        log_in(page, site)
        page.goto(f"{site.board}/bord")
        page.get_by_role("button", name="Groepeer de observaties").click()
        page.wait_for_selector(".theme[data-theme-id]")
        for url in (f"{site.board}/bord", f"{site.board}/observaties", f"{site.board}/evaluaties"):
            page.goto(url)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(AXE_RUN)
            bad = [v for v in violations if v["impact"] in ("serious", "critical")]
            assert bad == [], (url, bad)
    finally:
        context.close()


@contextlib.contextmanager
def board_and_phone(browser, site):
    """The facilitator's board (logged in, in a desktop window) and a participant's phone page."""
    staff_context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    phone = _phone(browser)
    try:
        board = staff_context.new_page()
        log_in(board, site)
        board.goto(f"{site.board}/bord")
        yield board, phone.new_page()
    finally:
        phone.close()
        staff_context.close()


def test_a_changed_card_and_a_card_taken_back_show_on_the_facilitators_screens(session_site, browser):
    site = session_site
    with board_and_phone(browser, site) as (board, participant):
        feed = board.context.new_page()
        feed.goto(f"{site.board}/observaties")
        join(participant, site, "Noor")
        observe(participant, site, "Eerst zo opgeschreven", 0)
        feed.locator("#feed").get_by_text("Eerst zo opgeschreven").wait_for(timeout=15000)
        board.locator("#new-cards").get_by_text("Eerst zo opgeschreven").wait_for(timeout=15000)
        for page in (board, feed):
            page.evaluate("window.stillTheSamePage = true")

        card = _observation(site, "Eerst zo opgeschreven")
        participant.goto(f"{site.url}/sessie/{site.session_id}")
        participant.get_by_role("link", name="Aanpassen of terugnemen").click()
        participant.fill("#text", "Later beter verwoord")
        participant.get_by_role("button", name="Bewaar de wijziging").click()
        participant.wait_for_selector("text=Je observatie is aangepast")
        feed.locator(f"#obs-{card.id}").get_by_text("Later beter verwoord").wait_for(timeout=15000)
        board.locator(f"#card-{card.id}").get_by_text("Later beter verwoord").wait_for(timeout=15000)

        participant.get_by_role("link", name="Aanpassen of terugnemen").click()
        participant.get_by_role("button", name="Haal mijn observatie van het bord").click()
        participant.wait_for_selector("text=Je observatie is van het bord gehaald")
        feed.locator(f"#obs-{card.id}").wait_for(state="detached", timeout=15000)
        board.locator(f"#card-{card.id}").wait_for(state="detached", timeout=15000)
        assert feed.locator("#total").inner_text() == str(len(EARLIER))
        for page in (board, feed):
            assert page.evaluate("window.stillTheSamePage") is True


def test_dragging_a_card_that_was_just_taken_back_drops_it_quietly(session_site, browser):
    site = session_site
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    try:
        board = context.new_page()
        log_in(board, site)
        board.goto(f"{site.board}/bord")
        board.get_by_role("button", name="Groepeer de observaties").click()
        board.wait_for_selector(".theme[data-theme-id] .terms", state="attached", timeout=20000)
        # No poll may tidy up first: the poll's next turn is never set, and the one set already passes.
        board.evaluate("window.setTimeout = function () { return 0; }")
        board.wait_for_timeout(4500)
        taken = _observation(site, EARLIER[0])
        other = _observation(site, EARLIER[3])
        assert taken.theme_id != other.theme_id
        with site.app.app_context():
            from vertelpunt.sessions.board import cards as board_cards

            board_cards.remove_observation(db.session.get(Observation, taken.id))
            db.session.commit()
            db.session.remove()
        board.evaluate("window.stillTheSamePage = true")
        drag(board, f"#card-{taken.id}", f"#theme-{other.theme_id} .cards")
        board.locator(f"#card-{taken.id}").wait_for(state="detached", timeout=10000)
        assert board.evaluate("window.stillTheSamePage") is True
    finally:
        context.close()


def test_a_card_that_just_arrived_can_be_dragged_and_taken_off_the_board(session_site, browser):
    """Cards that arrive while the board is open are built by the script from the page's template."""
    site = session_site
    with board_and_phone(browser, site) as (board, participant):
        board.get_by_role("button", name="Groepeer de observaties").click()
        board.wait_for_selector(".theme[data-theme-id] .terms", state="attached", timeout=20000)
        board.evaluate("window.stillTheSamePage = true")
        join(participant, site, "Daan")
        observe(participant, site, "Wachten op de wachtlijst duurt te lang", 0)
        observe(participant, site, "Dit kaartje hoort hier echt niet", 1)
        moved = board.locator("#new-cards .card", has_text="Wachten op de wachtlijst")
        moved.wait_for(timeout=15000)
        card = _observation(site, "Wachten op de wachtlijst duurt te lang")
        target = _observation(site, EARLIER[0]).theme_id
        drag(board, f"#card-{card.id}", f"#theme-{target} .cards")
        board.locator(f"#theme-{target} #card-{card.id}").wait_for(timeout=10000)
        assert board.evaluate("window.stillTheSamePage") is True
        placed = _observation(site, "Wachten op de wachtlijst duurt te lang")
        assert placed.theme_id == target and placed.placement == "person"

        named = board.locator("#new-cards .card", has_text="Dit kaartje hoort hier")
        named.wait_for(timeout=15000)
        named.locator("summary").click()
        named.get_by_role("button", name="Haal dit kaartje van het bord").click()
        board.locator(".flash").get_by_text("Kaartje van het bord gehaald").wait_for()
        assert "Dit kaartje hoort hier" not in board.locator("main").inner_text()
        assert _observation(site, "Dit kaartje hoort hier echt niet") is None
