"""Loading a page over an emulated slow mobile connection, as the browser test and bench/page_speed.py do."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

# 400 kbit/s both ways and 400 ms round trips: a weak 3G signal, or a cheap phone on a crowded cell.
SLOW = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}


@dataclass
class Load:
    url: str
    usable_ms: float
    bytes_total: int
    requests: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)


def measure(browser, url: str, conditions: dict | None = None, ready: str = "button[type=submit]") -> Load:
    """Open url on a fresh phone-sized page and time it until `ready` is visible and styled."""
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if conditions:
        cdp.send("Network.emulateNetworkConditions", conditions)
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    kinds: dict[str, str] = {}
    cdp.on(
        "Network.responseReceived",
        lambda e: (
            urls.__setitem__(e["requestId"], e["response"]["url"]),
            kinds.__setitem__(e["requestId"], e["type"]),
        ),
    )
    cdp.on(
        "Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"]))
    )
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready, state="visible")
    page.wait_for_load_state("load")
    # Usable: the document is parsed and its stylesheet is in, counted from the start of navigation
    # by the page's own clock (not by this script's polling).
    usable = page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const css = performance.getEntriesByType('resource').filter(r => r.initiatorType === 'link');
        return Math.max(nav.domContentLoadedEventEnd, ...css.map(r => r.responseEnd));
    }""")
    origin = urlsplit(url).netloc
    requests = list(urls.values())
    load = Load(
        url=url,
        usable_ms=usable,
        bytes_total=sum(sizes.values()),
        requests=requests,
        third_party=[u for u in requests if urlsplit(u).netloc not in ("", origin)],
        fonts=[urls[r] for r, kind in kinds.items() if kind == "Font"],
    )
    context.close()
    return load
