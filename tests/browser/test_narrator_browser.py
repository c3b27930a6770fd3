"""The narrator's whole way through in a real Chromium, on a phone-sized screen."""

from __future__ import annotations

import re

from sqlalchemy import select

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
