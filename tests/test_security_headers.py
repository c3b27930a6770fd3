"""Headers, cookies and hosts of the hardened web layer."""

from __future__ import annotations

import pytest

from tests.conftest import base_config, login
from vertelpunt import create_app


def test_content_security_policy_allows_only_this_site(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "http" not in csp
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp


def test_other_headers(client):
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # plain http in development
    assert (
        client.get("/", base_url="https://vertel.test")
        .headers["Strict-Transport-Security"]
        .startswith("max-age=")
    )


def test_static_files_may_be_cached(client):
    response = client.get("/static/narrator.css")
    assert "max-age=3600" in response.headers["Cache-Control"]


def test_no_inline_script_in_any_template():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, f"{path}: {tag}"
        assert not re.search(r"\son[a-z]+=\"", text), f"{path}: inline event handler"


def test_production_cookies_and_hosts(database_url, monkeypatch):
    monkeypatch.setenv("STORYCYCLE_ENV", "production")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://vertel.example.nl")
    monkeypatch.setenv("SECRET_KEY", "p" * 40)
    config = {k: v for k, v in base_config(database_url).items() if k not in ("TESTING", "SECRET_KEY")}
    app = create_app(config)
    assert app.config["TRUSTED_HOSTS"] == ["vertel.example.nl"]
    client = app.test_client()
    assert client.get("/", base_url="https://evil.example").status_code == 400
    response = client.get("/login", base_url="https://vertel.example.nl")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=") and "Secure" in cookie and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie and "Path=/" in cookie and "Domain" not in cookie


@pytest.mark.parametrize("path", ["/", "/login", "/intrekken"])
def test_generic_error_pages_hide_details(client, path, monkeypatch):
    from vertelpunt.share import routes

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(routes, "render_template", boom) if path != "/login" else None
    response = client.get(path)
    body = response.get_data(as_text=True)
    assert "secret internals" not in body and "Traceback" not in body


def test_logged_in_pages_are_not_cached(client, users):
    login(client, "admin")
    assert client.get("/staff/").headers["Cache-Control"] == "no-store"
