"""Page weight and time to a usable narrator form over an emulated slow connection (400 kbit/s, 400 ms).

Runs the app on loopback with a migrated temporary SQLite database, opens the heaviest narrator form
(the general link asks every question) in Debian's Chromium, and prints the figures next to a bare
HTML page served on loopback under the same emulation (the floor that the network itself sets).

    .venv/bin/python bench/page_speed.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from tests.browser.fixtures import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.speed import SLOW, measure  # noqa: E402

GOAL_BYTES = 30 * 1024
GOAL_MS = 2000
BARE = b"<!doctype html><title>x</title><form><button type=submit style='border-radius:2px'>x</button></form>"


def serve_app(workdir: Path) -> tuple[object, str]:
    from flask_migrate import upgrade

    from vertelpunt import create_app
    from vertelpunt.demo.organisations import TWENTE_MUNICIPALITIES
    from vertelpunt.extensions import db
    from vertelpunt.staff import services

    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir}/speed.db"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    with app.app_context():
        upgrade()
        today = dt.date.today()
        traject = services.create_traject(
            slug="speed",
            name="Speed",
            region="Twente",
            focus="Scheiding",
            opens_on=today,
            closes_on=today + dt.timedelta(days=9),
            municipalities=[name for _code, name in TWENTE_MUNICIPALITIES],
        )
        token = services.general_link(traject).token
        db.session.commit()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/{token}"


def serve_bare() -> tuple[object, str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(BARE)))
            self.end_headers()
            self.wfile.write(BARE)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"no {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        app_server, form_url = serve_app(Path(tmp))
        bare_server, bare_url = serve_bare()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                measure(browser, form_url)  # warm-up: templates compiled, connections pooled
                slow = [measure(browser, form_url, SLOW) for _ in range(args.runs)]
                fast = [measure(browser, form_url) for _ in range(args.runs)]
                bare = [measure(browser, bare_url, SLOW) for _ in range(args.runs)]
                browser.close()
        finally:
            app_server.shutdown()
            bare_server.shutdown()
    last = slow[-1]
    usable = statistics.median(load.usable_ms for load in slow)
    floor = statistics.median(load.usable_ms for load in bare)
    print(
        f"narrator form (general link, every question): {last.bytes_total} bytes in {len(last.requests)} requests, "
        f"third-party requests={len(last.third_party)}, web fonts={len(last.fonts)}"
    )
    print(
        f"time to usable form at 400 kbit/s, 400 ms: median {usable:.0f} ms "
        f"(runs: {', '.join(f'{x.usable_ms:.0f}' for x in slow)})"
    )
    print(
        f"same form on loopback without emulation: median {statistics.median(x.usable_ms for x in fast):.0f} ms"
    )
    print(
        f"baseline bare page ({len(BARE)} bytes) at 400 kbit/s, 400 ms: median {floor:.0f} ms; "
        f"ratio form/bare = {usable / floor:.2f}"
    )
    ok = last.bytes_total <= GOAL_BYTES and usable <= GOAL_MS and not last.third_party and not last.fonts
    print(
        f"goals (<= {GOAL_BYTES} bytes, usable <= {GOAL_MS} ms, no third party, no font): "
        f"{'MET' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
