"""Public files and the number-heavy response page are sent compressed; nothing else is (BREACH: a
compressed page holding a secret beside text an attacker can put in it leaks the secret by its length)."""

from __future__ import annotations

import gzip
import time

import brotli
import pytest

from tests.conftest import csrf_from, login
from vertelpunt.staff import services

BOTH = {"Accept-Encoding": "br, gzip"}


@pytest.mark.parametrize(
    "url", ["/static/narrator.css", "/static/narrator.js", "/staff/assets/plotly.min.js"]
)
def test_public_files_are_sent_compressed_and_whole(client, url):
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    squeezed = client.get(url, headers=BOTH)
    assert squeezed.headers["Content-Encoding"] == "br" and "Accept-Encoding" in squeezed.headers["Vary"]
    assert brotli.decompress(squeezed.data) == plain.data
    assert len(squeezed.data) < len(plain.data) / 2
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(zipped.data) == plain.data
    assert client.get(url, headers=BOTH).data == squeezed.data  # kept, not made again


def test_pages_with_secrets_are_never_compressed(client, traject, users):
    token = services.general_link(traject).token
    assert "Content-Encoding" not in client.get(f"/{token}", headers=BOTH).headers  # a narrator's form
    assert "Content-Encoding" not in client.get("/login", headers=BOTH).headers
    login(client, "admin")
    for url in ("/staff/", f"/staff/trajecten/{traject.slug}", "/staff/account"):
        response = client.get(url, headers=BOTH)
        assert response.status_code == 200 and "Content-Encoding" not in response.headers, url


def test_the_response_page_is_compressed_and_its_token_differs_every_second(client, traject, users):
    login(client, "coalitie")
    first = client.get(f"/staff/trajecten/{traject.slug}/response", headers=BOTH)
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "br"
    html = brotli.decompress(first.data).decode()
    assert "csrf_token" in html
    time.sleep(1.1)
    again = brotli.decompress(client.get(f"/staff/trajecten/{traject.slug}/response", headers=BOTH).data)
    assert csrf_from(html) != csrf_from(again.decode())  # the secret BREACH would need is never the same
    other = client.get(f"/staff/trajecten/{traject.slug}/response", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in other.headers


def test_a_compressed_page_is_never_served_to_someone_else(app, traject, users):
    """The files' cache is keyed by address: a page, made for one person, must never land in it."""
    url = f"/staff/trajecten/{traject.slug}/response"
    facilitator, coalition = app.test_client(), app.test_client()
    login(facilitator, "begeleider")
    login(coalition, "coalitie")
    first = brotli.decompress(facilitator.get(url, headers=BOTH).data).decode()
    second = brotli.decompress(coalition.get(url, headers=BOTH).data).decode()
    assert "begeleider" in first and "begeleider" not in second and "coalitie" in second
