"""WCAG 2.1 AA on every public page, in its empty, filled and error states: axe-core finds no serious or
critical violation, and the points axe cannot judge are checked here directly."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import AXE
from tests.browser.test_narrator_browser import fill_story

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
}"""


def _form_error(page, site):
    page.goto(site.link("general"))
    page.get_by_role("button", name="Verstuur mijn verhaal").click()
    page.wait_for_selector(".notice")


def _form_filled(page, site):
    page.goto(site.link("general"))
    fill_story(page)


def _thanks(page, site):
    _form_filled(page, site)
    page.get_by_role("button", name="Verstuur mijn verhaal").click()
    page.wait_for_selector(".receipt")


def _withdraw_error(page, site):
    page.goto(f"{site.url}/intrekken")
    page.fill("#code", "aaaa-bbbb")
    page.get_by_role("button", name="Wis mijn verhaal").click()
    page.wait_for_selector(".error")


def _login_error(page, site):
    page.goto(f"{site.url}/login")
    page.fill("#username", "niemand")
    page.fill("#password", "fout wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector(".error")


STATES = {
    "home": lambda page, site: page.goto(f"{site.url}/"),
    "form_empty": lambda page, site: page.goto(site.link("org")),
    "form_general_empty": lambda page, site: page.goto(site.link("general")),
    "form_filled": _form_filled,
    "form_error": _form_error,
    "form_english": lambda page, site: page.goto(site.link("general") + "?lang=en"),
    "thanks": _thanks,
    "withdraw_empty": lambda page, site: page.goto(f"{site.url}/intrekken"),
    "withdraw_error": _withdraw_error,
    "link_paused": lambda page, site: page.goto(site.link("paused")),
    "link_unknown": lambda page, site: page.goto(f"{site.url}/abcdefghjkmnpq"),
    "page_missing": lambda page, site: page.goto(f"{site.url}/no/such/page"),
    "login_empty": lambda page, site: page.goto(f"{site.url}/login"),
    "login_error": _login_error,
}


@pytest.mark.parametrize("state", sorted(STATES))
def test_no_serious_or_critical_axe_violations(site, phone, state):
    STATES[state](phone, site)
    phone.add_script_tag(path=str(AXE))
    violations = phone.evaluate(AXE_RUN)
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


@pytest.mark.parametrize(
    "state", ["form_error", "form_filled", "thanks", "withdraw_error", "home", "login_error"]
)
def test_reflow_at_320_pixels_without_sideways_scrolling(site, phone, state):
    phone.set_viewport_size({"width": 320, "height": 640})
    STATES[state](phone, site)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("state", ["form_error", "thanks", "withdraw_empty", "home", "link_paused"])
def test_touch_targets_are_at_least_24_pixels(site, phone, state):
    STATES[state](phone, site)
    small = phone.evaluate("""() => {
      const targets = [...document.querySelectorAll('a, button, select, textarea, input:not([type=hidden])')]
        .map(el => (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') ? el.closest('label') : el);
      return targets.filter(el => el.offsetParent !== null).map(el => {
        const r = el.getBoundingClientRect();
        return {what: el.outerHTML.slice(0, 60), w: r.width, h: r.height};
      }).filter(t => t.w < 24 || t.h < 24);
    }""")
    assert small == []


def test_every_field_has_a_label_and_errors_are_tied_and_announced(site, phone):
    _form_error(phone, site)
    unlabelled = phone.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
        .filter(el => !el.labels || el.labels.length === 0).map(el => el.name)""")
    assert unlabelled == []
    assert phone.locator(".notice[role=alert]").count() == 1
    ties = phone.evaluate("""() => [...document.querySelectorAll('[aria-invalid=true]')].map(el => ({
        id: el.id, described: (el.getAttribute('aria-describedby') || '').split(' ')
          .every(id => id && document.getElementById(id) !== null)}))""")
    assert {t["id"] for t in ties} >= {"q-prompt", "story"}
    assert all(t["described"] for t in ties)
    # The summary links jump to the fields.
    phone.locator(".notice a[href='#q-prompt']").click()
    assert phone.evaluate("location.hash") == "#q-prompt"


def test_focus_is_visible(site, phone):
    phone.goto(site.link("general"))
    outlines = []
    for _ in range(12):
        phone.keyboard.press("Tab")
        outlines.append(
            phone.evaluate("""() => {
          const s = getComputedStyle(document.activeElement);
          return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        }""")
        )
    assert all(outlines)
