"""Bytes a first visit to the coalition's response page transfers: the HTML and every script and
stylesheet it references, fetched through the Flask test client as a facilitator of a traject filled as
bench/dashboard.py fills it (on a temporary SQLite database).

Printed for the partial plotly.js that is served now (scripts/plotly_bundle.sh) and, measured in the same
run, for the full plotly.min.js of the Python plotly package served before; raw and gzip-compressed
(level 6, as a web server would send it if it compressed). Prints figures; asserts nothing.

    .venv/bin/python bench/page_weight.py [--stories 2000]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plotly  # noqa: E402
from dashboard_data import PASSWORD, fill  # noqa: E402  (beside this script)
from flask_migrate import upgrade  # noqa: E402

from vertelpunt import create_app  # noqa: E402

FULL_PLOTLY = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_URL = "/staff/assets/plotly.min.js"
PAGE = "/staff/trajecten/bench/response"


class Assets(HTMLParser):
    """The scripts and stylesheets a page references (what a browser fetches before it can draw)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.urls.append(a["href"])


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir}/weight.db",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "PUBLIC_BASE_URL": "http://vertel.test",
            }
        )
        with app.app_context():
            upgrade()
            fill(args.stories)
            client = app.test_client()
            client.post("/login", data={"username": "bench-facilitator", "password": PASSWORD})
            page = client.get(PAGE)
            assert page.status_code == 200, page.status_code
            parsed = Assets()
            parsed.feed(page.get_data(as_text=True))
            files = [(PAGE, page.data)]
            # This page may be sent compressed (core/assets.py says which pages may, and why).
            sent = {PAGE: len(client.get(PAGE, headers={"Accept-Encoding": "br, gzip"}).data)}
            fresh = {}
            for url in parsed.urls:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                files.append((url, response.data))
                squeezed = client.get(url, headers={"Accept-Encoding": "br, gzip"})
                sent[url] = len(squeezed.data)
                fresh[url] = squeezed.cache_control.max_age or 0
    assert PLOTLY_URL in parsed.urls, "the page no longer references plotly.js"
    full = FULL_PLOTLY.read_bytes()

    print(f"First visit to the response page ({args.stories} stories, as a facilitator):")
    print(f"  {'file':44} {'bytes':>10} {'gzip':>10}")
    for url, data in files:
        print(f"  {url:44} {len(data):>10,} {gz(data):>10,}")
    print(f"  {'  before: the full plotly.min.js there':44} {len(full):>10,} {gz(full):>10,}")
    now = sum(len(d) for _u, d in files)
    now_gz = sum(gz(d) for _u, d in files)
    served = dict(files)[PLOTLY_URL]
    before = now - len(served) + len(full)
    before_gz = now_gz - gz(served) + gz(full)
    print()
    print(f"  {'total':12} {'raw':>12} {'gzip':>12}")
    print(f"  {'full bundle':12} {before:>12,} {before_gz:>12,}")
    print(f"  {'partial':12} {now:>12,} {now_gz:>12,}")
    print(f"  {'saved':12} {1 - now / before:>12.0%} {1 - now_gz / before_gz:>12.0%}")
    first = sum(sent.values())
    # A second visit within the assets' max-age fetches the page only: the browser's cache is fresh.
    second = sent[PAGE] + sum(size for url, size in sent.items() if url != PAGE and fresh[url] < 3600)
    print()
    print("As the app sends it to a browser that accepts br and gzip (assets compressed, cached a week):")
    for url, size in sent.items():
        print(f"  {url:44} {size:>10,} bytes   max-age {fresh.get(url, 0):>7}")
    print(f"  first visit  {first:>10,} bytes   goal under 500,000")
    print(f"  second visit {second:>10,} bytes   goal under  50,000")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
