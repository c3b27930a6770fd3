"""The narrator page over a slow connection: light, nothing from elsewhere, no web font.

The time is recorded in test-artifacts/page_speed.txt and judged by bench/page_speed.py, not here."""

from __future__ import annotations

from tests.browser.fixtures import ARTIFACTS
from tests.browser.speed import SLOW, measure

BUDGET = 30 * 1024


def test_form_over_a_slow_connection(site, browser):
    slow = measure(browser, site.link("general"), SLOW)
    assert slow.bytes_total <= BUDGET, slow
    assert slow.third_party == [] and slow.fonts == []
    assert len(slow.requests) <= 4  # page, stylesheet, script (and at most a favicon)
    fast = measure(browser, site.link("general"))
    assert slow.usable_ms > fast.usable_ms  # the emulation really slowed it down
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page_speed.txt").write_text(
        f"bytes={slow.bytes_total} requests={len(slow.requests)} usable_ms_slow={slow.usable_ms:.0f} "
        f"usable_ms_fast={fast.usable_ms:.0f}\n",
        encoding="utf-8",
    )
