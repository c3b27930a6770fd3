"""Submission benchmark: complete stories posted by concurrent narrators, against gunicorn.

    .venv/bin/python bench/submit.py [-n 2000] [-c 20] [--workers 4] [--pg-url URL]

For each target it starts gunicorn (with the repo's gunicorn.conf.py, access log off) on a free
port of 127.0.0.1, lets every virtual narrator open the form once (session cookie + CSRF token,
reused for its following stories, as a narrator who shares twice would), posts a warm-up that is
not timed, then posts N complete stories with C narrators at once and measures each POST.

Targets, in this order, in the same run:
  bare      bench/bare_app.py: one Flask endpoint that reads the form and returns a tiny page;
            the ceiling of gunicorn + Flask + this client on this machine.
  sqlite    StoryCycle on a migrated SQLite file in a temporary directory.
  postgres  StoryCycle on PostgreSQL (--pg-url; the database is created if missing and its
            public schema dropped and migrated again). Skipped, loudly, when not reachable.

A story counts as acknowledged when the POST answers 200 with the withdrawal receipt. Afterwards
the database itself is read: `lost` is the number of acknowledged stories (warm-up included) whose
submission key is not stored with this story's own marker in its text. The exit status is 1 when
any target lost a story, 2 when a target could not be measured at all, else 0 (or 3 with
--require-goals when a goal is missed).

The client runs on the same machine and takes CPU from the server; it does so equally for the
bare baseline, which is why `stories/s ÷ bare req/s` is the figure to compare between machines.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import http.client
import math
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(os.environ.get("BENCH_REPO") or Path(__file__).resolve().parent.parent)
GUNICORN_CONF = REPO / "gunicorn.conf.py"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_storycycle"

GOAL_RATE = 150.0
GOAL_P95_MS = 150.0
GOAL_CONCURRENCY = 20

RECEIPT = b'class="receipt"'
CSRF_RE = re.compile(rb'name="csrf_token" value="([^"]+)"')

# Every answer the general link asks, filled in: the heaviest ordinary submission.
ANSWERS = {
    "prompt": "helped",
    "feeling": "relieved",
    "tone": "75",
    "focus_of_help": "ab",
    "heard": "50",
    "who_involved": "school",
    "when": "this_month",
    "duration": "weeks",
    "perspective": "parent",
    "age_group": "age_4_12",
    "living": "home",
    "municipality": "enschede",
    "organisation_type": "school",
}
STORY_TEXT = (
    "Mijn mentor op school nam echt de tijd voor me toen het thuis moeilijk was. "
    "Ze belde mijn moeder en samen met het wijkteam vonden we een plek waar ik kon praten. "
    "Kenmerk {marker}."
)


class BenchError(RuntimeError):
    """A target could not be prepared or started."""


# --- small helpers ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list (nan when empty)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def run(cmd: list[str], env: dict, what: str, timeout: float = 180) -> str:
    try:
        done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{what}: no answer within {timeout:.0f}s") from exc
    if done.returncode != 0:
        raise BenchError(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def cpu_ticks(pid: int) -> int:
    """utime + stime of one process in clock ticks (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except (OSError, ValueError):
        return []


def machine_ticks() -> tuple[int, int, int]:
    """(busy, iowait, total) jiffies of all CPUs since boot."""
    try:
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0, 0, 0
    idle, iowait = values[3], values[4]
    total = sum(values[:8])
    return total - idle - iowait, iowait, total


# --- the server under test --------------------------------------------------------------------


class Gunicorn:
    """One gunicorn master in its own process group; stopped by its pid, never by name."""

    def __init__(self, name: str, app_spec: str, env: dict, workdir: Path, extra: list[str] | None = None):
        self.name = name
        self.port = free_port()
        self.app_spec = app_spec
        self.extra = extra or []
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.log_path = workdir / f"gunicorn-{name}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, probe_path: str, workers: int, deadline_s: float = 60) -> None:
        cmd = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), *self.extra, self.app_spec]
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                cmd, env=self.env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"gunicorn ({self.name}) exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            if self.log_path.read_text(errors="replace").count("Booting worker") >= workers:
                with contextlib.suppress(OSError, http.client.HTTPException):
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                    try:
                        conn.request("GET", probe_path)
                        resp = conn.getresponse()
                        resp.read()
                        if resp.status == 200:
                            return
                        raise BenchError(f"gunicorn ({self.name}) answered {resp.status} on {probe_path}")
                    finally:
                        conn.close()
            time.sleep(0.2)
        raise BenchError(f"gunicorn ({self.name}) not ready within {deadline_s:.0f}s:\n{self.log_tail()}")

    def cpu_ticks(self) -> int:
        if self.proc is None:
            return 0
        return cpu_ticks(self.proc.pid) + sum(cpu_ticks(c) for c in children(self.proc.pid))

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()  # graceful: the master stops its workers (graceful_timeout 20 s)
        try:
            proc.wait(timeout=25)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # our own session, started above
            proc.wait(timeout=10)


# --- the narrators ----------------------------------------------------------------------------


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)
    acknowledged: int = 0
    errors: collections.Counter = field(default_factory=collections.Counter)


@dataclass
class LoadResult:
    warmup: Phase
    measured: Phase
    elapsed: float
    acked: dict[str, str]  # submission_key -> marker, warm-up included
    client_cpu: float
    server_cpu: float
    machine_busy: float
    machine_iowait: float
    finished: bool


class Narrators:
    """C threads, each a narrator with its own connection, sharing a bounded pool of N stories."""

    def __init__(
        self,
        port: int,
        path: str,
        total: int,
        concurrency: int,
        warmup_each: int,
        timeout: float,
        max_seconds: float,
        server: Gunicorn,
    ):
        self.port, self.path = port, path
        self.total, self.concurrency, self.warmup_each = total, concurrency, warmup_each
        self.timeout, self.max_seconds = timeout, max_seconds
        self.server = server
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.next_index = 0
        self.run_id = secrets.token_hex(4)
        self.warmup, self.measured = Phase(), Phase()
        self.acked: dict[str, str] = {}
        self.started_at = 0.0
        self.finished_at: list[float] = []
        self.marks: dict[str, tuple] = {}
        self.barrier = threading.Barrier(concurrency, action=self._start_clock)

    def _start_clock(self) -> None:
        self.marks["start"] = (time.process_time(), self.server.cpu_ticks(), machine_ticks())
        self.started_at = time.perf_counter()

    def _take(self) -> int | None:
        with self.lock:
            if self.stop.is_set() or self.next_index >= self.total:
                return None
            self.next_index += 1
            return self.next_index

    def _request(
        self, conn: http.client.HTTPConnection, method: str, body: str | None, headers: dict, path=None
    ):
        conn.request(method, path or self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()  # read fully: the connection is reused (or reopened after Connection: close)
        return resp, data

    def _open_form(self, conn) -> tuple[str, str]:
        for _attempt in range(3):
            try:
                resp, data = self._request(conn, "GET", None, {})
            except (OSError, http.client.HTTPException):
                conn.close()
                continue
            match = CSRF_RE.search(data)
            cookie = "; ".join(c.split(";", 1)[0] for c in resp.headers.get_all("Set-Cookie") or [])
            if resp.status == 200 and match:
                return cookie, match.group(1).decode()
        return "", ""

    def _post(self, conn, cookie: str, csrf: str, seq: str, phase: Phase) -> str:
        key = secrets.token_urlsafe(18)  # 24 characters, a distinct story every time
        marker = f"bench-{self.run_id}-{seq}"
        fields = {
            "csrf_token": csrf,
            "submission_key": key,
            "title": f"Verhaal {seq}",
            "story": STORY_TEXT.format(marker=marker),
            **ANSWERS,
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if cookie:
            headers["Cookie"] = cookie
        body = urllib.parse.urlencode(fields)
        began = time.perf_counter()
        try:
            resp, data = self._request(conn, "POST", body, headers)
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            with self.lock:
                phase.errors[type(exc).__name__] += 1
            return cookie
        jar = dict(c.split("=", 1) for c in cookie.split("; ") if "=" in c)
        for c in resp.headers.get_all("Set-Cookie") or []:
            name, value = c.split(";", 1)[0].split("=", 1)
            jar[name] = value
        cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        if resp.status == 303:  # post/redirect/get: the receipt is on the thank-you page
            location = urllib.parse.urlsplit(resp.headers["Location"]).path
            try:
                resp, data = self._request(conn, "GET", None, {"Cookie": cookie}, path=location)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                with self.lock:
                    phase.errors[type(exc).__name__] += 1
                return cookie
        took = time.perf_counter() - began
        with self.lock:
            phase.latencies.append(took)
            if resp.status == 200 and RECEIPT in data:
                phase.acknowledged += 1
                self.acked[key] = marker
            else:
                phase.errors[f"http_{resp.status}"] += 1
        return cookie

    def _crashed(self, phase: Phase, exc: Exception) -> None:
        with self.lock:
            phase.errors[f"client_{type(exc).__name__}"] += 1

    def _narrator(self, number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        cookie, csrf = "", ""
        try:
            try:
                cookie, csrf = self._open_form(conn)
                if not csrf:
                    with self.lock:
                        self.warmup.errors["form_unavailable"] += 1
                for i in range(self.warmup_each):
                    if self.stop.is_set():
                        break
                    cookie = self._post(conn, cookie, csrf, f"w{number}-{i}", self.warmup)
            except Exception as exc:  # noqa: BLE001 - a crashed narrator is counted, not fatal
                self._crashed(self.warmup, exc)
            # Every narrator reaches the start line, or the run is called off for all of them.
            try:
                self.barrier.wait(timeout=self.max_seconds)
            except threading.BrokenBarrierError:
                return
            try:
                while (index := self._take()) is not None:
                    cookie = self._post(conn, cookie, csrf, f"m{index}", self.measured)
            except Exception as exc:  # noqa: BLE001
                self._crashed(self.measured, exc)
        finally:
            conn.close()
            with self.lock:
                self.finished_at.append(time.perf_counter())

    def run(self) -> LoadResult:
        threads = [
            threading.Thread(target=self._narrator, args=(n,), name=f"narrator-{n}", daemon=True)
            for n in range(self.concurrency)
        ]
        for t in threads:
            t.start()
        deadline = time.monotonic() + self.max_seconds
        try:
            for t in threads:
                while t.is_alive() and time.monotonic() < deadline:
                    t.join(timeout=0.5)
        finally:
            finished = all(not t.is_alive() for t in threads)
            if not finished:
                self.stop.set()
                self.barrier.abort()
                for t in threads:
                    t.join(timeout=self.timeout + 1)
        end = (time.process_time(), self.server.cpu_ticks(), machine_ticks())
        start = self.marks.get("start", end)
        elapsed = (max(self.finished_at) - self.started_at) if self.started_at else 0.0
        tick = os.sysconf("SC_CLK_TCK")
        busy = end[2][0] - start[2][0]
        iowait = end[2][1] - start[2][1]
        total = end[2][2] - start[2][2]
        return LoadResult(
            warmup=self.warmup,
            measured=self.measured,
            elapsed=elapsed,
            acked=dict(self.acked),
            client_cpu=(end[0] - start[0]) / elapsed if elapsed else 0.0,
            server_cpu=(end[1] - start[1]) / tick / elapsed if elapsed else 0.0,
            machine_busy=busy / total if total else 0.0,
            machine_iowait=iowait / total if total else 0.0,
            finished=finished,
        )


# --- databases --------------------------------------------------------------------------------


def app_env(database_url: str, workdir: Path, args) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "FLASK_APP", "STORYCYCLE_ENV"}}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(32),
        DATABASE_URL=database_url,
        PUBLIC_BASE_URL="http://127.0.0.1",
        STORY_RATE_LIMIT="1000000 per minute",
        RATELIMIT_ENABLED="1",
        RATELIMIT_STORAGE_URI="memory://",
        STORYCYCLE_INSTANCE=str(workdir / "instance"),
        GUNICORN_WORKERS=str(args.workers),
        GUNICORN_ACCESSLOG="/dev/null",
        PYTHONUNBUFFERED="1",
    )
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    return env


def migrate_and_seed(env: dict) -> str:
    """Schema by the migrations, a traject through the CLI; returns the general link's path."""
    flask = [sys.executable, "-m", "flask", "--app", "vertelpunt"]
    run([*flask, "db", "upgrade"], env, "flask db upgrade")
    out = run(
        [
            *flask,
            "traject",
            "create",
            "--slug",
            "bench",
            "--name",
            "Bench",
            "--region",
            "Bench",
            "--focus",
            "Bench",
            "--opens",
            "2020-01-01",
            "--closes",
            "2099-12-31",
            "--municipality",
            "Enschede",
            "--municipality",
            "Hengelo",
        ],
        env,
        "flask traject create",
    )
    match = re.search(r"general link (\S+)", out)
    if not match:
        raise BenchError(f"no general link in: {out!r}")
    return "/" + match.group(1).rstrip("/").rsplit("/", 1)[1]


def pg_params(url: str) -> dict:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise BenchError(f"--pg-url is not a PostgreSQL URL: {url}")
    host = parsed.host or "127.0.0.1"
    if host not in LOCAL_HOSTS:
        raise BenchError(f"--pg-url must point at this machine (127.0.0.1), not {host}")
    params = {
        "host": host,
        "port": parsed.port or 5432,
        "user": parsed.username or "postgres",
        "dbname": parsed.database or "bench_storycycle",
        "connect_timeout": 5,
    }
    if parsed.password:
        params["password"] = parsed.password
    return params


def pg_prepare(url: str, wait_s: float = 120):
    """Create the database if missing and give it an empty public schema.

    Returns an open connection that holds an advisory lock for this database until it is closed,
    so that two bench runs at once do not drop the schema under each other."""
    import psycopg
    from psycopg import sql

    params = pg_params(url)
    dbname = params["dbname"]
    try:
        guard = psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True)
    except psycopg.OperationalError as exc:
        raise BenchError(f"PostgreSQL not reachable at {params['host']}:{params['port']}: {exc}") from exc
    try:
        lock_key = ("storycycle-bench:" + dbname,)
        deadline = time.monotonic() + wait_s
        while not guard.execute("SELECT pg_try_advisory_lock(hashtext(%s))", lock_key).fetchone()[0]:
            if time.monotonic() > deadline:
                raise BenchError(f"another bench run holds {dbname} for more than {wait_s:.0f}s")
            print(f"  waiting: another bench run is using {dbname}", flush=True)
            time.sleep(5)
        exists = guard.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            guard.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
            print(f"  created database {dbname}")
        with psycopg.connect(**params, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
    except BaseException:
        guard.close()
        raise
    return guard


@dataclass
class Stored:
    rows: int
    by_key: dict[str, str]  # submission_key -> text
    answers: dict[int, int]  # story id -> number of answers
    receipts: set[int]
    ids: dict[str, int]  # submission_key -> story id


QUERIES = (
    "SELECT id, submission_key, text FROM stories",
    "SELECT story_id, count(*) FROM story_answers GROUP BY story_id",
    "SELECT story_id FROM story_receipts",
)


def _stored(stories, answers, receipts) -> Stored:
    return Stored(
        rows=len(stories),
        by_key={key: text for _id, key, text in stories},
        answers={sid: n for sid, n in answers},
        receipts={sid for (sid,) in receipts},
        ids={key: sid for sid, key, _text in stories},
    )


def read_sqlite(path: Path) -> Stored:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return _stored(*(conn.execute(q).fetchall() for q in QUERIES))
    finally:
        conn.close()


def read_postgres(url: str) -> Stored:
    import psycopg

    with psycopg.connect(**pg_params(url)) as conn:
        return _stored(*(conn.execute(q).fetchall() for q in QUERIES))


@dataclass
class Check:
    acknowledged: int
    stored: int
    stored_acked: int
    incomplete: int
    answers_per_story: int

    @property
    def lost(self) -> int:
        return self.acknowledged - self.stored_acked


def check(acked: dict[str, str], stored: Stored) -> Check:
    ok = [key for key, marker in acked.items() if marker in stored.by_key.get(key, "")]
    counts = collections.Counter(stored.answers.get(stored.ids[k], 0) for k in ok)
    usual = counts.most_common(1)[0][0] if counts else 0
    incomplete = sum(
        1 for k in ok if stored.answers.get(stored.ids[k], 0) != usual or stored.ids[k] not in stored.receipts
    )
    return Check(len(acked), stored.rows, len(ok), incomplete, usual)


# --- one target -------------------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    load: LoadResult | None = None
    check: Check | None = None
    skipped: str = ""
    log_tail: str = ""

    @property
    def rate(self) -> float:
        if not self.load or not self.load.elapsed:
            return 0.0
        return self.load.measured.acknowledged / self.load.elapsed

    def pct(self, p: float) -> float:
        return percentile(sorted(self.load.measured.latencies), p) * 1000 if self.load else math.nan


def measure(server: Gunicorn, path: str, args) -> LoadResult:
    server.start(path, args.workers)
    narrators = Narrators(
        server.port,
        path,
        args.submissions,
        args.concurrency,
        args.warmup,
        args.timeout,
        args.max_seconds,
        server,
    )
    return narrators.run()


def run_target(name: str, args, workdir: Path, servers: list[Gunicorn]) -> Outcome:
    print(f"[{name}] preparing ...", flush=True)
    if name == "bare":
        env = app_env("sqlite://", workdir, args)
        server = Gunicorn(name, "bare_app:app", env, workdir, ["--pythonpath", str(REPO / "bench")])
        servers.append(server)
        try:
            load = measure(server, "/bench", args)
        finally:
            server.stop()
        return Outcome(name, load, log_tail=errors_tail(load, server))

    if name == "sqlite-nogate":
        # The same SQLite target without the write gate: waiters rely on SQLite's busy handler alone.
        db_path = workdir / "bench-nogate.db"
        os.environ["SQLITE_WRITE_GATE"] = "0"
        try:
            return measure_app(name, f"sqlite:///{db_path}", db_path, args, workdir, servers)
        finally:
            os.environ.pop("SQLITE_WRITE_GATE", None)
    if name == "sqlite":
        db_path = workdir / "bench.db"
        url = f"sqlite:///{db_path}"
    else:
        url = args.pg_url
        try:
            guard = pg_prepare(url)
        except BenchError as exc:
            return Outcome(name, skipped=str(exc))
        try:
            return measure_app(name, url, None, args, workdir, servers)
        finally:
            guard.close()
    return measure_app(name, url, db_path, args, workdir, servers)


def measure_app(name: str, url: str, db_path: Path | None, args, workdir: Path, servers: list) -> Outcome:
    env = app_env(url, workdir, args)
    path = migrate_and_seed(env)
    extra = ["--pythonpath", args.pythonpath] if args.pythonpath else []
    server = Gunicorn(name, args.app, env, workdir, extra)
    servers.append(server)
    print(f"[{name}] gunicorn on 127.0.0.1:{server.port}, link {path} ...", flush=True)
    try:
        load = measure(server, path, args)
    finally:
        server.stop()  # every acknowledged story must be in the database after a clean stop
    stored = read_sqlite(db_path) if db_path else read_postgres(url)
    return Outcome(name, load, check(load.acked, stored), log_tail=errors_tail(load, server))


def errors_tail(load: LoadResult, server: Gunicorn) -> str:
    if not (load.warmup.errors or load.measured.errors):
        return ""
    return f"gunicorn log {server.log_path} ends with:\n{server.log_tail(20)}"


# --- report -----------------------------------------------------------------------------------


def fmt_errors(errors: collections.Counter) -> str:
    total = sum(errors.values())
    if not total:
        return "0"
    return f"{total} ({', '.join(f'{k}={v}' for k, v in errors.most_common())})"


def line(o: Outcome, bare: Outcome | None) -> str:
    if o.skipped:
        return f"{o.name}: SKIPPED - {o.skipped}"
    load = o.load
    unit = "req/s" if o.name == "bare" else "stories/s"
    parts = [
        f"{o.name}: {unit}={o.rate:.1f}",
        f"p50={o.pct(50):.1f}ms p95={o.pct(95):.1f}ms p99={o.pct(99):.1f}ms",
    ]
    if o.check:
        c = o.check
        parts.append(f"acknowledged={c.acknowledged} stored={c.stored} lost={c.lost}")
    else:
        parts.append(f"acknowledged={load.warmup.acknowledged + load.measured.acknowledged}")
    parts.append(f"errors={fmt_errors(load.warmup.errors + load.measured.errors)}")
    if bare and bare.rate and o.name != "bare":
        parts.append(f"ratio={o.rate / bare.rate:.3f}")
    return " ".join(parts)


def detail(o: Outcome, args) -> str:
    load = o.load
    ms_cpu = load.server_cpu * load.elapsed / max(1, load.measured.acknowledged) * 1000
    # The database server (PostgreSQL), the kernel, and anything else running on the machine.
    rest = max(0.0, load.machine_busy * (os.cpu_count() or 1) - load.server_cpu - load.client_cpu)
    text = (
        f"    measured {load.measured.acknowledged}/{args.submissions} in {load.elapsed:.2f}s "
        f"(+{load.warmup.acknowledged} warm-up), max={o.pct(100):.1f}ms; "
        f"cpu: gunicorn {load.server_cpu:.2f} cores ({ms_cpu:.2f} ms/req), client {load.client_cpu:.2f} cores, "
        f"rest of machine {rest:.2f} cores (busy {load.machine_busy:.0%}, iowait {load.machine_iowait:.0%})"
    )
    if rest > 0.25 and o.name != "postgres":
        text += "\n    NOISY: other processes used CPU during this phase; its figures are low"
    if o.check:
        text += (
            f"\n    every acknowledged story stored with its marker: {o.check.stored_acked}/"
            f"{o.check.acknowledged}; answers per story {o.check.answers_per_story}, "
            f"incomplete {o.check.incomplete}"
        )
    if not load.finished:
        text += f"\n    STOPPED at --max-seconds={args.max_seconds:.0f}: figures are partial"
    return text


def goals(o: Outcome, args) -> tuple[str, bool]:
    rate_ok = o.rate >= GOAL_RATE
    p95_ok = o.pct(95) < GOAL_P95_MS
    lost_ok = o.check is not None and o.check.lost == 0
    mark = {True: "MET", False: "MISSED"}
    note = (
        ""
        if args.concurrency == GOAL_CONCURRENCY
        else (
            f"  (goal is set for {GOAL_CONCURRENCY} concurrent narrators; this run used {args.concurrency})"
        )
    )
    text = (
        f"goals (sqlite, {args.concurrency} concurrent, {args.workers} workers, {os.cpu_count()} cores): "
        f"stories/s>={GOAL_RATE:.0f} {mark[rate_ok]} ({o.rate:.1f}); "
        f"p95<{GOAL_P95_MS:.0f}ms {mark[p95_ok]} ({o.pct(95):.1f}ms); "
        f"lost=0 {mark[lost_ok]}{note}"
    )
    return text, rate_ok and p95_ok and lost_ok


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", "--submissions", type=int, default=2000, help="timed stories per target (2000)")
    p.add_argument("-c", "--concurrency", type=int, default=20, help="narrators at once (20)")
    p.add_argument("--warmup", type=int, default=5, help="untimed stories per narrator first (5)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (one per core)")
    p.add_argument("--threads", type=int, default=0, help="gunicorn threads per worker (conf default)")
    p.add_argument("--pg-url", default=DEFAULT_PG_URL, help=f"PostgreSQL on 127.0.0.1 ({DEFAULT_PG_URL})")
    p.add_argument(
        "--targets", default="bare,sqlite,postgres", help="comma list of bare,sqlite,sqlite-nogate,postgres"
    )
    p.add_argument("--app", default="vertelpunt:create_app()", help="gunicorn app spec for sqlite/postgres")
    p.add_argument("--pythonpath", default="", help="extra import path for --app (to try a variant)")
    p.add_argument("--timeout", type=float, default=30, help="seconds per request before it is an error")
    p.add_argument("--max-seconds", type=float, default=600, help="bound on one target's load phase")
    p.add_argument("--tmpdir", default=None, help="where the SQLite file and logs go (system temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, SQLite file)")
    p.add_argument("--require-goals", action="store_true", help="exit 3 when a SQLite goal is missed")
    args = p.parse_args(argv)
    args.targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = set(args.targets) - {"bare", "sqlite", "sqlite-nogate", "postgres"}
    if unknown:
        p.error(f"unknown targets: {', '.join(sorted(unknown))}")
    for name in ("submissions", "concurrency", "workers"):
        if getattr(args, name) < 1:
            p.error(f"--{name} must be at least 1")
    if args.warmup < 0:
        p.error("--warmup must be 0 or more")
    return args


def _interrupt(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # a kill ends the run like Ctrl-C: gunicorn is stopped
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # started in the background by a shell
        signal.signal(signal.SIGINT, signal.default_int_handler)
    workdir = Path(tempfile.mkdtemp(prefix="storycycle-bench-", dir=args.tmpdir))
    print(
        f"StoryCycle submission bench: n={args.submissions} concurrency={args.concurrency} "
        f"warm-up={args.warmup}/narrator workers={args.workers} threads={args.threads or 'conf'} "
        f"cores={os.cpu_count()} workdir={workdir}",
        flush=True,
    )
    before = machine_ticks()
    time.sleep(1)
    after = machine_ticks()
    idle_busy = (after[0] - before[0]) / max(1, after[2] - before[2])
    print(
        f"machine busy before the run: {idle_busy:.0%} of {os.cpu_count()} cores"
        + ("  <- other work is running; figures will be low" if idle_busy > 0.1 else ""),
        flush=True,
    )
    servers: list[Gunicorn] = []
    outcomes: dict[str, Outcome] = {}
    failed = False
    try:
        for name in args.targets:
            try:
                outcomes[name] = run_target(name, args, workdir, servers)
            except BenchError as exc:
                print(f"[{name}] FAILED: {exc}", file=sys.stderr, flush=True)
                outcomes[name] = Outcome(name, skipped=f"failed: {str(exc).splitlines()[0]}")
                failed = True
            o = outcomes[name]
            if o.skipped and name == "postgres":
                print(
                    "\n" + "!" * 78 + f"\n!! PostgreSQL SKIPPED: {o.skipped}\n" + "!" * 78 + "\n",
                    file=sys.stderr,
                    flush=True,
                )
            elif o.load:
                print(f"[{name}] done in {o.load.elapsed:.1f}s", flush=True)
    except KeyboardInterrupt:
        print("\ninterrupted; stopping gunicorn", file=sys.stderr)
        return 130
    finally:
        for server in servers:
            server.stop()
        if args.keep or failed or any(o.log_tail for o in outcomes.values()):
            print(f"(kept {workdir})")
        else:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)

    bare = outcomes.get("bare")
    print("\n=== results ===")
    for o in outcomes.values():
        print(line(o, bare))
        if o.load:
            print(detail(o, args))
        if o.log_tail:
            print(textwrap.indent(o.log_tail, "    | "))
    status = 0
    lost = [o.name for o in outcomes.values() if o.check and o.check.lost]
    if lost:
        print(f"LOST STORIES on {', '.join(lost)}: acknowledged to the narrator but not stored")
        status = 1
    sqlite = outcomes.get("sqlite")
    if sqlite and sqlite.load:
        text, met = goals(sqlite, args)
        print(text)
        if not met and args.require_goals and not status:
            status = 3
    if failed and not status:
        status = 2
    return status


if __name__ == "__main__":
    sys.exit(main())
