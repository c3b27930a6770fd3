"""Load with faults: concurrent narrators while gunicorn workers are killed with SIGKILL.

    .venv/bin/python bench/load.py [-n 1500] [-c 20] [--workers 4] [--kills 2] [--pg-url URL]

Each narrator posts complete stories with a unique marker; a post that fails on the wire (its worker
was killed mid-request) is retried with the same form key, as a browser's retry or a double tap
would. During the run, --kills workers are killed with SIGKILL at even steps; gunicorn starts new
ones. Afterwards the database is read and the run prints, per database:

    lost=<acknowledged stories not stored>  duplicated=<markers stored more than once>
    integrity=<PRAGMA integrity_check on SQLite>

next to the same load without kills (the baseline, in the same run). Exit status 1 when anything
acknowledged was lost, anything was stored twice, or the SQLite file is damaged.

The machinery (gunicorn, the narrators, reading the database back) is shared with bench/submit.py.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import os
import re
import secrets
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import submit as sb  # noqa: E402 - bench/submit.py, beside this file

ALREADY = b"al ontvangen"
MARKER = re.compile(r"bench-[0-9a-f]{8}-[mw][0-9-]+")


class RetryingNarrators(sb.Narrators):
    """Narrators whose failed posts are retried with the same form key (at most three tries)."""

    def _post(self, conn, cookie: str, csrf: str, seq: str, phase: sb.Phase) -> str:
        key = secrets.token_urlsafe(18)
        marker = f"bench-{self.run_id}-{seq}"
        fields = {
            "csrf_token": csrf,
            "submission_key": key,
            "title": f"Verhaal {seq}",
            "story": sb.STORY_TEXT.format(marker=marker),
            **sb.ANSWERS,
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if cookie:
            headers["Cookie"] = cookie
        body = urllib.parse.urlencode(fields)
        for _attempt in range(3):
            began = time.perf_counter()
            try:
                resp, data = self._request(conn, "POST", body, headers)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                with self.lock:
                    phase.errors[f"retried_{type(exc).__name__}"] += 1
                continue
            with self.lock:
                phase.latencies.append(time.perf_counter() - began)
                if resp.status == 200 and (sb.RECEIPT in data or ALREADY in data):
                    phase.acknowledged += 1
                    self.acked[key] = marker
                else:
                    phase.errors[f"http_{resp.status}"] += 1
            return cookie
        return cookie


def killer(server: sb.Gunicorn, narrators: RetryingNarrators, kills: int, total: int, done: list) -> None:
    """SIGKILL one worker each time another share of the stories has been taken."""
    for step in range(1, kills + 1):
        threshold = total * step // (kills + 1)
        while narrators.next_index < threshold and not narrators.stop.is_set():
            time.sleep(0.01)
        workers = sb.children(server.proc.pid) if server.proc else []
        if not workers or narrators.stop.is_set():
            return
        victim = workers[step % len(workers)]
        try:
            os.kill(victim, signal.SIGKILL)
            done.append(victim)
        except ProcessLookupError:
            pass


def duplicated(stored: sb.Stored) -> int:
    markers = collections.Counter(m for text in stored.by_key.values() for m in MARKER.findall(text))
    return sum(n - 1 for n in markers.values() if n > 1)


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path, timeout=30)
    try:
        return ",".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def run_once(name: str, url: str, db_path: Path | None, args, workdir: Path, kills: int) -> tuple[str, bool]:
    env = sb.app_env(url, workdir, args)
    path = sb.migrate_and_seed(env)
    server = sb.Gunicorn(f"{name}-{kills}", "vertelpunt:create_app()", env, workdir)
    server.start(path, args.workers)
    narrators = RetryingNarrators(
        server.port,
        path,
        args.submissions,
        args.concurrency,
        args.warmup,
        args.timeout,
        args.max_seconds,
        server,
    )
    killed: list[int] = []
    thread = threading.Thread(
        target=killer, args=(server, narrators, kills, args.submissions, killed), daemon=True
    )
    thread.start()
    try:
        load = narrators.run()
    finally:
        thread.join(timeout=5)
        server.stop()
    stored = sb.read_sqlite(db_path) if db_path else sb.read_postgres(url)
    result = sb.check(load.acked, stored)
    dup = duplicated(stored)
    state = integrity(db_path) if db_path else "n/a"
    errors = load.warmup.errors + load.measured.errors
    rate = load.measured.acknowledged / load.elapsed if load.elapsed else 0.0
    line = (
        f"{name:<9} kills={len(killed)} stories/s={rate:.1f} acknowledged={result.acknowledged} "
        f"stored={result.stored} lost={result.lost} duplicated={dup} incomplete={result.incomplete} "
        f"integrity={state} errors={dict(errors) or 0}"
    )
    ok = result.lost == 0 and dup == 0 and result.incomplete == 0 and state in ("ok", "n/a")
    return line, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--submissions", type=int, default=1500)
    parser.add_argument("-c", "--concurrency", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--pg-url", default=sb.DEFAULT_PG_URL)
    parser.add_argument("--targets", default="sqlite,postgres")
    args = parser.parse_args()
    all_ok = True
    with tempfile.TemporaryDirectory(prefix="storycycle-load-") as tmp:
        workdir = Path(tmp)
        for name in args.targets.split(","):
            for kills in (0, args.kills):
                run_dir = workdir / f"{name}-{kills}"
                run_dir.mkdir()
                if name == "sqlite":
                    db_path = run_dir / "load.db"
                    line, ok = run_once(name, f"sqlite:///{db_path}", db_path, args, run_dir, kills)
                else:
                    try:
                        guard = sb.pg_prepare(args.pg_url)
                    except sb.BenchError as exc:
                        print(f"{name:<9} SKIPPED: {exc}", flush=True)
                        continue
                    try:
                        line, ok = run_once(name, args.pg_url, None, args, run_dir, kills)
                    finally:
                        guard.close()
                print(line + ("" if kills else "   (baseline, no kills)"), flush=True)
                all_ok &= ok
    print(f"lost=0 duplicated=0 intact after kill -9: {'MET' if all_ok else 'MISSED'}")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
