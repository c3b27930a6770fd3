"""The thank-you page after a story, rendered once per link, language, traject text and state.

It is the answer to every stored story; only the withdrawal code differs between two narrators on the
same link, so the page is kept with a slot for the code instead of being rendered again each time.
States: "code" (the code from the narrator's slot), "duplicate" (a form sent twice: stored once, no
code), "gone" (no slot for this phone: expired, another browser, or never there)."""

from __future__ import annotations

import secrets

from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from linkgen import share as share_urls
from vertelpunt.share.slots import KEEP_SECONDS

# A slot no narrator can type into the page: the only text put into it is a code we generated.
_CODE_SLOT = "code-slot-" + secrets.token_hex(12)
MAX_KEPT = 512
STATES = ("code", "duplicate", "gone")


def thanks_page(facts, receipt_code: str | None, state: str) -> str:
    """``facts`` needs token, region and results_note (services.LinkFacts or an equivalent)."""
    assert state in STATES and (state == "code") == bool(receipt_code)
    locale = str(get_locale())
    base_url = current_app.config["PUBLIC_BASE_URL"]
    key = (locale, facts.token, facts.region, facts.results_note, state, base_url, request.script_root)
    kept = current_app.extensions.setdefault("storycycle_thanks_pages", {})
    page = kept.get(key)
    if page is None:
        page = _render(facts, base_url, state)
        if len(kept) >= MAX_KEPT:
            kept.clear()
        kept[key] = page
    return page.replace(_CODE_SLOT, receipt_code) if receipt_code else page


def _render(facts, base_url: str, state: str) -> str:
    url = share_urls.link_url(base_url, facts.token)
    message = _(
        "I shared an experience about youth care in %(region)s. You can share yours too: %(url)s",
        region=facts.region,
        url=url,
    )
    return render_template(
        "share/thanks.html",
        token=facts.token,
        traject={"region": facts.region},  # the layout's header names the region
        results_note=facts.results_note,
        state=state,
        receipt_code=_CODE_SLOT,
        minutes=KEEP_SECONDS // 60,
        url=url,
        whatsapp=share_urls.whatsapp_url(message),
        mailto=share_urls.mailto_url(_("Share your experience"), message),
    )
