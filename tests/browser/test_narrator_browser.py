"""The narrator's whole way through in a real Chromium, on a phone-sized screen."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.browser.fixtures import ARTIFACTS
from vertelpunt.extensions import db
from vertelpunt.models import Story

STORY = "Toen mijn ouders gingen scheiden, luisterde de juf echt naar mij. Dat hielp."


def fill_story(page, story: str = STORY) -> None:
    page.locator('input[name="prompt"][value="focus"]').check()
    page.fill("#title", "De juf luisterde")
    page.fill("#story", story)
    page.locator('input[name="feeling"][value="relieved"]').check()
    page.locator('input[name="tone"][value="75"]').check()
    page.locator('input[name="focus_of_help"][value="a"]').check()
    page.locator('input[name="who_involved"][value="school"]').check()


def stored(site) -> list[Story]:
    with site.app.app_context():
        stories = db.session.scalars(select(Story)).all()
        db.session.expunge_all()
        db.session.remove()
        return stories


def test_whole_flow_with_javascript(site, phone):
    phone.goto(site.link("org"))
    assert phone.title() == "Deel je ervaring"
    assert phone.locator('input[name="perspective"]').count() == 0  # prefilled by the link
    fill_story(phone)
    phone.locator('input[name="living"][value="home"]').check()
    phone.get_by_role("button", name="Verstuur mijn verhaal").click()
    phone.wait_for_selector("text=Bedankt voor je verhaal")
    code = phone.locator(".receipt strong").inner_text()
    assert re.fullmatch(r"[0-9a-z]{4}(-[0-9a-z]{4}){3}", code)
    (story,) = stored(site)
    assert story.text == STORY and story.prompt == "focus"
    # The draft is gone once the story is sent.
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('draft:')).length") == 0
    phone.get_by_role("link", name="Deel nog een ervaring").click()
    assert phone.locator("#story").input_value() == ""


def test_whole_flow_without_javascript(site, phone_without_js):
    page = phone_without_js
    page.goto(site.link("general"))
    fill_story(page)
    page.locator('input[name="perspective"][value="youth"]').check()
    page.locator('input[name="municipality"][value="hengelo"]').check()
    page.get_by_role("button", name="Verstuur mijn verhaal").click()
    page.wait_for_selector("text=Bedankt voor je verhaal")
    assert len(stored(site)) == 1


def test_validation_error_without_javascript_keeps_the_text(site, phone_without_js):
    page = phone_without_js
    page.goto(site.link("general"))
    page.fill("#story", STORY)
    page.get_by_role("button", name="Verstuur mijn verhaal").click()
    page.wait_for_selector("text=Kies waar je verhaal over gaat.")
    assert page.locator("#story").input_value() == STORY
    assert stored(site) == []


def test_draft_survives_a_reload(site, phone):
    phone.goto(site.link("general"))
    fill_story(phone)
    phone.wait_for_timeout(500)  # the draft is saved a moment after typing stops
    phone.reload()
    assert phone.locator("#story").input_value() == STORY
    assert phone.locator("#title").input_value() == "De juf luisterde"
    assert phone.locator('input[name="feeling"][value="relieved"]').is_checked()
    assert phone.locator("#draft-note").is_visible()


def test_draft_survives_a_failed_submit(site, phone):
    url = site.link("general")

    def no_network_for_posts(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    phone.route(url, no_network_for_posts)
    phone.goto(url)
    fill_story(phone)
    phone.get_by_role("button", name="Verstuur mijn verhaal").click()
    phone.wait_for_timeout(300)
    phone.unroute(url)
    phone.goto(url)
    assert phone.locator("#story").input_value() == STORY
    assert stored(site) == []
    phone.get_by_role("button", name="Verstuur mijn verhaal").click()
    phone.wait_for_selector("text=Bedankt voor je verhaal")
    assert len(stored(site)) == 1


def test_keyboard_only(site, phone):
    phone.goto(site.link("org"))
    keyboard = phone.keyboard
    focused = "document.activeElement && (document.activeElement.name || document.activeElement.textContent)"
    for _ in range(10):  # to the first prompt
        keyboard.press("Tab")
        if phone.evaluate(focused) == "prompt":
            break
    keyboard.press("Space")
    keyboard.press("ArrowDown")  # moves to, and picks, the second prompt
    keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.id") == "title"
    keyboard.type("Met het toetsenbord")
    keyboard.press("Tab")
    keyboard.type(STORY)
    for _ in range(200):
        keyboard.press("Tab")
        if phone.evaluate("document.activeElement.type") == "submit":
            break
    keyboard.press("Enter")
    phone.wait_for_selector("text=Bedankt voor je verhaal")
    (story,) = stored(site)
    assert story.prompt == "safe" and story.title == "Met het toetsenbord"


def test_paused_link_page(site, phone):
    response = phone.goto(site.link("paused"))
    assert response.status == 410
    assert "pauze" in phone.locator("main").inner_text()


def test_language_switch(site, phone):
    phone.goto(site.link("general"))
    phone.get_by_role("link", name="English").click()
    phone.wait_for_selector("text=Share your experience")
    assert phone.locator("html").get_attribute("lang") == "en"
    phone.get_by_role("link", name="Nederlands").click()
    phone.wait_for_selector("text=Deel je ervaring")


# The narrator's own things on a shared phone: the draft, and the withdrawal code after Back or reload.

DRAFT_KEYS = "Object.keys(localStorage).filter(k => k.startsWith('draft:'))"
CODE_FORMAT = re.compile(r"[0-9a-z]{4}(-[0-9a-z]{4}){3}")


def test_a_second_person_a_day_later_finds_no_draft(site, phone):
    import datetime as dt

    start = dt.datetime.now(dt.UTC)
    phone.clock.install(time=start)
    phone.goto(site.link("general"))
    fill_story(phone)
    phone.clock.run_for(1000)  # past the moment the draft is saved
    assert len(phone.evaluate(DRAFT_KEYS)) == 1
    phone.reload()
    assert phone.locator("#story").input_value() == STORY  # the narrator, an hour later, gets it back
    # The next person picks up the phone a day later.
    phone.clock.set_system_time(start + dt.timedelta(hours=24, minutes=1))
    phone.reload()
    assert phone.locator("#story").input_value() == ""
    assert phone.locator("#title").input_value() == ""
    assert not phone.locator('input[name="feeling"][value="relieved"]').is_checked()
    assert not phone.locator("#draft-note").is_visible()
    assert phone.evaluate(DRAFT_KEYS) == []  # discarded, not only left unshown
    assert STORY not in phone.evaluate("JSON.stringify(localStorage)")


def test_a_clock_set_back_does_not_bring_an_old_draft_back(site, phone):
    import datetime as dt

    start = dt.datetime.now(dt.UTC)
    phone.clock.install(time=start)
    phone.goto(site.link("general"))
    fill_story(phone)
    phone.clock.run_for(1000)
    phone.clock.set_system_time(start - dt.timedelta(days=2))
    phone.reload()
    assert phone.locator("#story").input_value() == ""
    assert phone.evaluate(DRAFT_KEYS) == []


def test_a_page_left_open_for_a_day_is_emptied_when_the_phone_is_picked_up(site, phone):
    import datetime as dt

    start = dt.datetime.now(dt.UTC)
    phone.clock.install(time=start)
    phone.goto(site.link("general"))
    fill_story(phone)
    phone.clock.run_for(1000)
    wake = "document.dispatchEvent(new Event('visibilitychange'))"  # the screen comes back on
    phone.clock.set_system_time(start + dt.timedelta(hours=23))
    phone.evaluate(wake)
    assert phone.locator("#story").input_value() == STORY  # within the day: still there
    phone.clock.set_system_time(start + dt.timedelta(hours=24, minutes=1))
    phone.evaluate(wake)
    assert phone.locator("#story").input_value() == "" and phone.locator("#title").input_value() == ""
    assert phone.locator("input:checked").count() == 0
    assert phone.evaluate(DRAFT_KEYS) == []


def test_the_clear_button_removes_the_draft(site, phone):
    phone.goto(site.link("general"))
    clear = phone.get_by_role("button", name="Wis wat ik typte")
    assert clear.is_visible()
    assert phone.get_by_text("blijft alleen op deze telefoon staan").is_visible()
    fill_story(phone)
    phone.wait_for_timeout(500)
    assert len(phone.evaluate(DRAFT_KEYS)) == 1
    phone.screenshot(path=str(ARTIFACTS / "phone-form-clear-button.png"))  # 360x640, as the phone shows it
    asked = []
    phone.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    clear.click()
    assert asked and phone.locator("#story").input_value() == STORY  # "no" keeps everything
    phone.once("dialog", lambda dialog: dialog.accept())
    clear.click()
    phone.wait_for_selector("text=Gewist.")
    assert phone.locator("#story").input_value() == "" and phone.locator("#title").input_value() == ""
    assert phone.locator("input:checked").count() == 0
    assert phone.evaluate(DRAFT_KEYS) == []
    phone.reload()  # the next person opens the link again
    assert phone.locator("#story").input_value() == "" and not phone.locator("#draft-note").is_visible()
    assert phone.evaluate(DRAFT_KEYS) == []


def test_clearing_after_the_personal_warning_leaves_no_quote_of_the_story(site, phone):
    phone.goto(site.link("general"))
    fill_story(phone, "Mijn zoon Daan belde 06-12345678 maar niemand nam ooit de telefoon op.")
    phone.locator('input[name="perspective"][value="parent"]').check()
    phone.get_by_role("button", name="Verstuur mijn verhaal").click()
    phone.wait_for_selector("#personal")
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Wis wat ik typte").click()
    assert "Daan" not in phone.locator("main").inner_text()
    assert phone.locator("#personal").count() == 0
    assert phone.locator('input[name="personal_checked"]').count() == 0  # the next text is checked again
    assert "Daan" not in phone.evaluate("document.querySelector('form').outerHTML")
    assert phone.evaluate(DRAFT_KEYS) == []


def test_without_javascript_nothing_is_kept_and_no_clear_button_is_shown(site, phone_without_js):
    page = phone_without_js
    page.goto(site.link("general"))
    assert not page.get_by_role("button", name="Wis wat ik typte").is_visible()
    page.fill("#story", STORY)
    page.reload()
    assert page.locator("#story").input_value() == ""


def test_back_after_sending_shows_no_story(site, phone):
    phone.goto(site.link("general"))
    fill_story(phone)
    phone.locator('input[name="perspective"][value="youth"]').check()
    phone.locator('input[name="municipality"][value="hengelo"]').check()
    phone.get_by_role("button", name="Verstuur mijn verhaal").click()
    phone.wait_for_selector(".receipt")
    phone.go_back()
    phone.wait_for_selector("#story")
    assert phone.locator("#story").input_value() == ""
    assert phone.locator("#title").input_value() == ""


def test_the_code_survives_reload_and_back_but_stays_out_of_urls_storage_and_logs(
    site, phone, caplog, monkeypatch
):
    import logging

    from vertelpunt.share import slots

    caplog.set_level(logging.INFO)
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    urls, referers = [], []
    phone.on("request", lambda r: (urls.append(r.url), referers.append(r.headers.get("referer", ""))))
    phone.on("framenavigated", lambda frame: urls.append(frame.url))
    phone.goto(site.link("org"))
    fill_story(phone)
    phone.get_by_role("button", name="Verstuur mijn verhaal").click()
    phone.wait_for_selector(".receipt")
    code = phone.locator(".receipt strong").inner_text()
    assert CODE_FORMAT.fullmatch(code)
    assert phone.url == f"{site.link('org')}/bedankt"
    phone.screenshot(path=str(ARTIFACTS / "phone-thanks-code.png"))

    phone.reload()
    assert phone.locator(".receipt strong").inner_text() == code
    phone.go_back()
    phone.wait_for_selector("#story")
    phone.go_forward()
    phone.wait_for_selector(".receipt")
    assert phone.locator(".receipt strong").inner_text() == code

    # The copy button puts exactly the code on the clipboard and says so.
    phone.get_by_role("button", name="Kopieer de code").click()
    phone.wait_for_selector("text=De code is gekopieerd.")
    assert phone.evaluate("navigator.clipboard.readText()") == code

    # Links open beside the page, so the code stays on screen.
    for name in ("Stuur via WhatsApp", "Stuur per e-mail", "Lees wat we leerden"):
        link = phone.get_by_role("link", name=name)
        assert link.get_attribute("target") == "_blank"
        assert link.get_attribute("rel") == "noopener noreferrer"
    with phone.context.expect_page() as opened:
        phone.get_by_role("link", name="Lees wat we leerden").click()
    opened.value.close()
    assert phone.locator(".receipt strong").inner_text() == code

    kept = phone.evaluate(
        "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie,"
        " history.length])"
    )
    for trace in (code, code.replace("-", "")):
        assert trace not in kept
        assert not [u for u in urls if trace in u] and not [r for r in referers if trace in r]
        assert trace not in caplog.text  # the server's access lines
    # The check sees the access lines at all, and a narrator's pages have none (vertelpunt/logs.py).
    assert "GET /static/narrator.js" in caplog.text and "bedankt" not in caplog.text

    # Fifteen minutes later the code is gone for good.
    later = slots.now() + 15 * 60
    monkeypatch.setattr(slots, "now", lambda: later)
    phone.reload()
    phone.wait_for_selector("text=De intrekcode staat hier niet meer")
    assert phone.locator(".receipt").count() == 0 and code not in phone.content()


def test_the_code_without_javascript_is_one_tap_to_select(site, phone_without_js):
    page = phone_without_js
    page.goto(site.link("general"))
    fill_story(page)
    page.locator('input[name="perspective"][value="youth"]').check()
    page.locator('input[name="municipality"][value="hengelo"]').check()
    page.get_by_role("button", name="Verstuur mijn verhaal").click()
    page.wait_for_selector(".receipt")
    code = page.locator(".receipt strong").inner_text()
    assert not page.get_by_role("button", name="Kopieer de code").is_visible()
    assert page.locator(".receipt").evaluate("el => getComputedStyle(el).userSelect") == "all"
    page.reload()
    assert page.locator(".receipt strong").inner_text() == code


def test_another_phone_with_the_thank_you_address_gets_no_code(site, phone, browser):
    phone.goto(site.link("general"))
    fill_story(phone)
    phone.locator('input[name="perspective"][value="youth"]').check()
    phone.locator('input[name="municipality"][value="hengelo"]').check()
    phone.get_by_role("button", name="Verstuur mijn verhaal").click()
    phone.wait_for_selector(".receipt")
    code = phone.locator(".receipt strong").inner_text()
    other = browser.new_context(viewport={"width": 360, "height": 640}, locale="nl-NL")
    try:
        page = other.new_page()
        page.goto(phone.url)
        page.wait_for_selector("text=De intrekcode staat hier niet meer")
        assert code not in page.content()
    finally:
        other.close()


def test_the_draft_box_and_the_code_less_thank_you_page_are_accessible(site, phone):
    """axe-core on the states this work added (tests/browser/test_accessibility.py has the others)."""
    from tests.browser.fixtures import AXE
    from tests.browser.test_accessibility import AXE_RUN

    def serious() -> list:
        phone.add_script_tag(path=str(AXE))
        return [v for v in phone.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]

    phone.set_viewport_size({"width": 320, "height": 640})
    phone.goto(site.link("general"))
    fill_story(phone)
    phone.wait_for_timeout(500)
    phone.reload()  # the draft comes back, with its note
    assert phone.locator("#draft-note").is_visible()
    assert serious() == []
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Wis wat ik typte").click()
    phone.wait_for_selector("text=Gewist.")
    assert serious() == []
    phone.goto(f"{site.link('general')}/bedankt")  # no cookie: the page without a code
    phone.wait_for_selector("text=De intrekcode staat hier niet meer")
    assert serious() == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
