"""The narrator page stays light: at most 30 KB with everything it loads, nothing from elsewhere."""

from __future__ import annotations

import re

from vertelpunt.staff import services

BUDGET = 30 * 1024
ASSET = re.compile(r'(?:src|href)="([^"#?][^"]*)"')


def test_form_page_with_everything_it_loads_fits_the_budget(client, traject):
    # The general link asks every question: the heaviest form there is.
    page = client.get(f"/{services.general_link(traject).token}")
    html = page.get_data()
    total = len(html)
    for url in ASSET.findall(html.decode()):
        if url.startswith("/static/"):
            total += len(client.get(url).get_data())
    assert total <= BUDGET, f"{total} bytes"


def test_form_page_makes_no_third_party_request_and_loads_no_font_or_script(client, traject):
    html = client.get(f"/{services.general_link(traject).token}").get_data(as_text=True)
    loaded = re.findall(r'<(?:link|script|img|iframe|source)[^>]+(?:src|href)="([^"]+)"', html)
    assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded)
    # Scripts only from the platform itself, never inline.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/narrator.js" defer>']
    assert "@import" not in html and "<style" not in html
    css = client.get("/static/narrator.css").get_data(as_text=True)
    assert "@font-face" not in css and "url(" not in css and "@import" not in css
