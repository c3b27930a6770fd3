"""The files in deploy/ work as docs/production.md says: nginx accepts its configuration and, in front of a
recording upstream, passes exactly one hop of client address, serves static files itself and logs no
narrator request; systemd accepts the units; every setting the code reads is in the guide's table."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
HOST = "vertel.example.nl"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_bin():
    """Debian's nginx; installed here when missing and we may (root with apt-get), as the guide does."""
    found = shutil.which("nginx") or (Path("/usr/sbin/nginx").exists() and "/usr/sbin/nginx")
    if not found and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "--no-install-recommends", "nginx-light"]
        if subprocess.run(install, env=env, capture_output=True, timeout=600).returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=600)
            subprocess.run(install, env=env, capture_output=True, timeout=600)
        found = shutil.which("nginx") or (Path("/usr/sbin/nginx").exists() and "/usr/sbin/nginx")
    if not found:
        pytest.skip("nginx is not installed and cannot be installed here (apt-get install nginx-light)")
    return str(found)


def site_config(folder: Path, https_port: int, http_port: int, upstream_port: int) -> Path:
    """deploy/nginx/storycycle.conf with the CHANGE lines, ports and log folder set for this machine."""
    text = (DEPLOY / "nginx" / "storycycle.conf").read_text()
    text = text.replace("/etc/ssl/storycycle/fullchain.pem", str(folder / "cert.pem"))
    text = text.replace("/etc/ssl/storycycle/privkey.pem", str(folder / "key.pem"))
    text = text.replace("/var/log/nginx/", f"{folder}/logs/")
    text = text.replace("/srv/storycycle/", f"{ROOT}/")
    text = text.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
    text = re.sub(r"listen \[::\]:\d+[^;]*;\n", "", text)
    text = text.replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    (folder / "logs").mkdir(exist_ok=True)
    (folder / "tmp").mkdir(exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    (folder / "site.conf").write_text(text)
    main = folder / "nginx.conf"
    main.write_text(
        f"pid {folder}/nginx.pid;\nerror_log {folder}/logs/main-error.log;\nevents {{}}\nhttp {{\n"
        f"  include /etc/nginx/mime.types;\n  access_log {folder}/logs/main-access.log;\n"
        + "".join(f"  {kind}_temp_path {folder}/tmp/{kind};\n" for kind in ("client_body", "proxy"))
        + "".join(f"  {kind}_temp_path {folder}/tmp/{kind};\n" for kind in ("fastcgi", "uwsgi", "scgi"))
        + f"  include {folder}/site.conf;\n}}\n"
    )
    return main


def test_nginx_accepts_the_configuration(nginx_bin, tmp_path):
    main = site_config(tmp_path, _free_port(), _free_port(), _free_port())
    result = subprocess.run(
        [nginx_bin, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


class _Recorder(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        _Recorder.seen.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}})
        body = json.dumps({"path": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer  # noqa: N815 - http.server's names

    def log_message(self, *args):  # the upstream keeps no log either
        pass


@pytest.fixture
def nginx_in_front(nginx_bin, tmp_path):
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    https_port, http_port = _free_port(), _free_port()
    main = site_config(tmp_path, https_port, http_port, upstream.server_address[1])
    process = subprocess.Popen(  # noqa: S603
        [nginx_bin, "-p", str(tmp_path), "-c", str(main), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    _Recorder.seen = []
    try:
        yield {"https": https_port, "http": http_port, "logs": tmp_path / "logs"}
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=10)
        upstream.shutdown()


def _get(port: int, path: str, method: str = "GET", headers: dict | None = None, tls: bool = True):
    context = ssl._create_unverified_context()  # noqa: S323 - the test's self-signed certificate
    conn = (
        http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
        if tls
        else http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    )
    conn.request(
        method, path, body=b"story=x" if method == "POST" else None, headers={"Host": HOST, **(headers or {})}
    )
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def _log_text(logs: Path) -> str:
    return "\n".join(p.read_text() for p in sorted(logs.glob("*.log")))


def test_narrator_requests_leave_no_line_and_one_hop_is_forwarded(nginx_in_front):
    token = "ABCD-EFGH-JKMN-PQ"
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Ssl": "off", "Forwarded": "for=203.0.113.9"}
    response, _ = _get(nginx_in_front["https"], f"/{token}", "POST", forged)
    assert response.status == 200
    for path in (f"/{token}/bedankt", "/intrekken", "/", "/terugkoppeling/twente"):
        assert _get(nginx_in_front["https"], path)[0].status == 200
    redirect, _ = _get(nginx_in_front["http"], f"/{token}", tls=False)
    assert redirect.status == 301 and redirect.getheader("Location") == f"https://{HOST}/{token}"
    assert _get(nginx_in_front["https"], "/staff/trajecten/twente")[0].status == 200

    story = next(seen for seen in _Recorder.seen if seen["path"] == f"/{token}")
    headers = story["headers"]
    # Exactly one hop: the address nginx saw, never what the client claimed.
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert headers["x-forwarded-proto"] == "https"
    assert headers["host"] == HOST
    assert "forwarded" not in headers and "x-forwarded-ssl" not in headers

    time.sleep(0.2)  # nginx writes its log lines after the response
    logged = _log_text(nginx_in_front["logs"])
    assert token not in logged
    assert "bedankt" not in logged and "intrekken" not in logged and "terugkoppeling" not in logged
    assert '"GET /staff/trajecten/twente" 200' in logged  # staff lines stay ...
    assert "127.0.0.1" not in logged  # ... without the client address


def test_static_files_come_from_nginx_compressed(nginx_in_front):
    response, body = _get(
        nginx_in_front["https"], "/static/narrator.css", headers={"Accept-Encoding": "gzip"}
    )
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "max-age=3600" in response.getheader("Cache-Control")
    assert not any(seen["path"].startswith("/static/") for seen in _Recorder.seen)
    assert body  # served from the checkout, not the upstream


def _units(folder: Path) -> list[Path]:
    """The units with the checkout, the service user and the settings file of this machine."""
    env = folder / "env"
    env.write_text("STORYCYCLE_ENV=production\n")
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text()
        text = text.replace("/srv/storycycle", str(ROOT)).replace("/etc/storycycle/env", str(env))
        text = text.replace("User=storycycle", "User=root").replace("Group=storycycle", "Group=root")
        (folder / unit.name).write_text(text)
        units.append(folder / unit.name)
    return units


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed on this machine (Debian package systemd)")
    units = _units(tmp_path)
    assert {u.name for u in units} >= {
        "storycycle-web.service",
        "storycycle-worker.service",
        "storycycle-digest.service",
        "storycycle-digest.timer",
        "storycycle-retention.service",
        "storycycle-retention.timer",
    }
    result = subprocess.run([analyze, "verify", "--man=no", *map(str, units)], capture_output=True, text=True)
    # Any line is a complaint (an unknown setting is only a warning, but still a mistake).
    assert result.returncode == 0 and not result.stdout.strip() and not result.stderr.strip(), result.stderr


def test_the_units_and_cron_lines_run_the_commands_of_the_guide():
    units = {p.name: p.read_text() for p in (DEPLOY / "systemd").iterdir()}
    assert "gunicorn -c gunicorn.conf.py vertelpunt:create_app()" in units["storycycle-web.service"]
    assert "flask redaction run" in units["storycycle-worker.service"]
    assert "flask digest send" in units["storycycle-digest.service"]
    assert "flask retention purge" in units["storycycle-retention.service"]
    cron = (DEPLOY / "cron" / "storycycle").read_text()
    assert "digest send" in cron and "retention purge" in cron
    guide = (ROOT / "docs" / "production.md").read_text()
    upgrade = guide.split("## Upgrading")[1]
    assert upgrade.index("db upgrade") < upgrade.index("systemctl restart")


def _settings_read_by_the_code() -> set[str]:
    names = set()
    pattern = re.compile(
        r"""(?:environ\.get|environ\[|getenv|env\.get|_int)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
    )
    for path in [*ROOT.glob("vertelpunt/**/*.py"), ROOT / "gunicorn.conf.py"]:
        names |= set(pattern.findall(path.read_text()))
    return names


def test_every_setting_the_code_reads_is_in_the_guide():
    table = (ROOT / "docs" / "production.md").read_text().split("| variable | default | meaning |")[1]
    table = table.split("\n\n")[0]
    named = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    read = _settings_read_by_the_code()
    assert {"SECRET_KEY", "DATABASE_URL", "PROXY_HOPS", "GUNICORN_BIND"} <= read  # the scan works
    missing = sorted(read - named)
    assert not missing, f"docs/production.md's settings table lacks {missing}"
