"""Many machines agree: two gunicorn servers on one database, as behind a load balancer.

Both answer /healthz; a login made on one is valid on the other (one SECRET_KEY signs the session
cookie); a story told through a link on one counts on the other's response dashboard; and with Redis,
a rate limit counted on one is seen on the other. PostgreSQL when TEST_DATABASE_URL is set, else the
migrated SQLite file that both servers open."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import PASSWORD, csrf_from, key_from
from tests.helpers import full_answers
from vertelpunt.extensions import db
from vertelpunt.staff import services

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS = "redis://127.0.0.1:6379/15"
READY_WITHIN_S = 20
# Small enough to reach in a few posts; the facilitator's own login is the first of them.
LOGIN_LIMIT = 4
DASHBOARD = "/staff/trajecten/testregio/response"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _wait_ready(process: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + READY_WITHIN_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    pytest.fail(f"{base} not ready within {READY_WITHIN_S} s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def servers(database_url, tmp_path):
    """Two single-worker gunicorns with one secret key and one database; always stopped afterwards."""
    shared_limits = _redis_answers()
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(48),  # fresh per run: its rate-limit keys in Redis are too
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        "STORYCYCLE_ENV": "development",
        "STORYCYCLE_INSTANCE": str(tmp_path / "instance"),
        "RATELIMIT_STORAGE_URI": REDIS if shared_limits else "memory://",
        "LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per 10 minutes",
        "GUNICORN_ACCESSLOG": "-",
    }
    for name in ("REDIS_URL", "TRUSTED_HOSTS", "PROXY_HOPS", "TOTP_REQUIRED_ROLES", "FLASK_DEBUG"):
        env.pop(name, None)
    processes, bases = [], {}
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = tmp_path / f"gunicorn-{name}.log"
            command = [
                str(GUNICORN),
                *("-c", str(ROOT / "gunicorn.conf.py")),
                *("--bind", f"127.0.0.1:{port}", "-w", "1"),
                "vertelpunt:create_app()",
            ]
            with log.open("wb") as out:
                processes.append(
                    subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
                )
            bases[name] = f"http://127.0.0.1:{port}"
        for name, process in zip(("a", "b"), processes, strict=True):
            _wait_ready(process, bases[name], tmp_path / f"gunicorn-{name}.log")
        yield {**bases, "shared_limits": shared_limits}
    finally:
        for process in processes:
            _stop(process)


@pytest.fixture
def world(app, users, traject, organisation):
    """A facilitator of testregio and a link to tell a story through, committed for the servers."""
    link = services.create_link(traject, organisation=organisation, audience="parent")
    db.session.commit()
    token = link.token
    db.session.remove()  # the test process keeps no transaction open beside the servers
    return {"token": token, "facilitator": "begeleider"}


def _login(browser: requests.Session, base: str, username: str, password: str = PASSWORD):
    page = browser.get(f"{base}/login", timeout=10)
    return browser.post(
        f"{base}/login",
        data={"csrf_token": csrf_from(page.text), "username": username, "password": password},
        allow_redirects=False,
        timeout=10,
    )


def _total(page: str) -> str:
    match = re.search(r'<p class="total">.*?<strong>(.*?)</strong>', page, re.S)
    assert match, "no total on the response dashboard"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_two_servers_on_one_database_agree(servers, world):
    a, b = servers["a"], servers["b"]
    for base in (a, b):
        response = requests.get(f"{base}/healthz", timeout=5)
        assert response.status_code == 200 and response.json() == {"status": "ok"}
        assert "Set-Cookie" not in response.headers

    # Cookies belong to a host, not a port: one browser session stands for one behind a balancer.
    staff = requests.Session()
    assert requests.get(f"{b}{DASHBOARD}", timeout=10, allow_redirects=False).status_code == 302
    logged_in = _login(staff, a, world["facilitator"])
    assert logged_in.status_code == 302 and "/login" not in logged_in.headers["Location"]
    before = staff.get(f"{b}{DASHBOARD}", timeout=10, allow_redirects=False)
    assert before.status_code == 200, "the login made on A is not valid on B"
    assert _total(before.text) == "0"

    narrator = requests.Session()
    form = narrator.get(f"{a}/{world['token']}", timeout=10)
    assert form.status_code == 200
    hidden = {
        "csrf_token": csrf_from(form.text),
        "submission_key": key_from(form.text),
    }
    told = narrator.post(
        f"{a}/{world['token']}", data={**hidden, **full_answers()}, allow_redirects=False, timeout=10
    )
    assert told.status_code in (302, 303), told.status_code

    after = staff.get(f"{b}{DASHBOARD}", timeout=10, allow_redirects=False)
    assert after.status_code == 200 and _total(after.text) == "1"


def test_a_rate_limit_counted_on_one_server_holds_on_the_other(servers, world):
    if not servers["shared_limits"]:
        pytest.skip("Redis does not answer on 127.0.0.1:6379: each server counts on its own")
    a, b = servers["a"], servers["b"]
    guesser = requests.Session()
    # LOGIN_LIMIT posts on A, all let through; the next one, on B, is refused: they share the count.
    statuses = [_login(guesser, a, "niemand", "fout wachtwoord").status_code for _ in range(LOGIN_LIMIT)]
    assert 429 not in statuses, statuses
    assert _login(guesser, b, "niemand", "fout wachtwoord").status_code == 429
