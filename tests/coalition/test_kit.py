"""The share kit: QR codes that decode to the link, the flyer, and ready texts per audience."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, unquote, urlparse

import numpy as np
import zxingcpp
from PIL import Image

from linkgen import qr, texts
from tests.coalition.conftest import post_form
from tests.conftest import login
from vertelpunt.core.access import traject_by_slug
from vertelpunt.extensions import db
from vertelpunt.models import ShareText
from vertelpunt.staff import services

URL = "http://vertel.test/abcdefghjkmnpq"


def decode_image(pixels: np.ndarray) -> str:
    (found,) = zxingcpp.read_barcodes(pixels)
    assert found.format == zxingcpp.BarcodeFormat.QRCode
    return found.text


def svg_modules(svg: str) -> list[list[bool]]:
    """The dark modules drawn by an SVG path of horizontal runs (M/m moves, h runs), quiet zone included."""
    scale = float(re.search(r"scale\(([\d.]+)\)", svg).group(1))
    size = int(float(re.search(r'width="([\d.]+)"', svg).group(1)) / scale)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHh])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            length = float(a)
            row = int(y - 0.5)
            for column in range(int(x), int(x + length)):
                grid[row][column] = True
            x += length
    return grid


def render(grid: list[list[bool]], scale: int = 8) -> np.ndarray:
    pixels = np.where(np.array(grid), 0, 255).astype(np.uint8)
    return np.kron(pixels, np.ones((scale, scale), dtype=np.uint8))


def test_png_qr_code_decodes_to_the_link():
    image = Image.open(io.BytesIO(qr.png(URL))).convert("L")
    assert decode_image(np.array(image)) == URL


def test_svg_qr_code_draws_the_segno_matrix_and_decodes_to_the_link():
    grid = svg_modules(qr.svg(URL, scale=8))
    inner = [row[4:-4] for row in grid[4:-4]]
    assert inner == qr.matrix(URL)
    assert decode_image(render(grid)) == URL


def test_default_texts_exist_for_every_audience_and_pass_their_own_check():
    for audience in texts.AUDIENCES:
        for kind in texts.KINDS:
            body = texts.default(audience, kind)
            assert texts.check(kind, body) == []
    filled = texts.render(texts.default("youth", "whatsapp"), {"link": URL, "regio": "Twente"})
    assert URL in filled and "Twente" in filled and "{" not in filled


def test_placeholders_cannot_reach_python_objects():
    assert texts.render("{link.__class__} {link}", {"link": URL}) == "{link.__class__} " + URL
    assert texts.check("whatsapp", "Deel je verhaal") == [("no_link", "{link}")]
    assert texts.check("newsletter", "{link} {naam}") == [("unknown_placeholder", "{naam}")]


def make_link(traject, organisation, audience="parent"):
    link = services.create_link(traject, organisation=organisation, audience=audience)
    db.session.commit()
    return link


def test_kit_page_has_qr_downloads_and_texts_per_audience_with_the_link(client, users, traject, organisation):
    link = make_link(traject, organisation, "parent")
    url = f"http://vertel.test/{link.token}"
    login(client, "coalitie")
    page = client.get(f"/staff/trajecten/testregio/kit/{link.id}").get_data(as_text=True)
    assert "<svg" in page and url in page
    whatsapp = re.findall(r'href="(https://wa\.me/\?text=[^"]+)"', page)
    assert len(whatsapp) == 1  # only the link's own audience (tests/coalition/test_kit_audiences.py)
    messages = [unquote(parse_qs(urlparse(w.replace("&amp;", "&")).query)["text"][0]) for w in whatsapp]
    assert all(url in m for m in messages)
    assert "ouders en verzorgers" in messages[0]
    assert page.count("mailto:?subject=") == 1 and "Uw ervaring telt" in page
    png = client.get(f"/staff/trajecten/testregio/kit/{link.id}/qr.png")
    assert png.mimetype == "image/png"
    assert decode_image(np.array(Image.open(io.BytesIO(png.data)).convert("L"))) == url
    svg = client.get(f"/staff/trajecten/testregio/kit/{link.id}/qr.svg")
    assert svg.mimetype == "image/svg+xml"
    assert decode_image(render(svg_modules(svg.get_data(as_text=True)))) == url
    flyer = client.get(f"/staff/trajecten/testregio/kit/{link.id}/flyer").get_data(as_text=True)
    assert (
        "/staff/assets/coalition/flyer.css" in flyer
        and "<svg" in flyer
        and f"vertel.test/{link.token}" in flyer
    )
    assert "size:A4" in client.get("/staff/assets/coalition/flyer.css").get_data(as_text=True)
    assert "Vertel uw ervaring" in flyer and "Wijkteam Zuid" in flyer  # parents are addressed with "u"


def test_texts_are_editable_per_traject_and_checked(client, users, traject, organisation):
    link = make_link(traject, organisation, "parent")
    login(client, "coalitie")
    url = "/staff/trajecten/testregio/texts?audience=parent"
    own = "Beste ouder, vertel ons hoe het ging in {regio}: {link}"
    response = post_form(
        client, url, {"audience": "parent", "whatsapp": "Zonder link", "newsletter": "{link} {naam}"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Zet {link} in de tekst" in page and "{naam} is geen" in page
    assert db.session.query(ShareText).count() == 0
    defaults = {k: texts.default("parent", k) for k in texts.KINDS}
    response = post_form(client, url, {**defaults, "audience": "parent", "whatsapp": own})
    assert response.status_code == 302
    (stored,) = db.session.query(ShareText).all()
    assert (stored.audience, stored.kind) == ("parent", "whatsapp")  # defaults are not copied
    page = client.get(f"/staff/trajecten/testregio/kit/{link.id}").get_data(as_text=True)
    assert f"Beste ouder, vertel ons hoe het ging in Testregio: http://vertel.test/{link.token}" in page
    # Emptying a text brings the project's text back.
    post_form(client, url, {**defaults, "audience": "parent", "whatsapp": ""})
    assert db.session.query(ShareText).count() == 0


def test_other_traject_members_get_404_and_facilitators_403_on_the_kit(
    app, client, users, traject, organisation
):
    link = make_link(traject, organisation)
    login(client, "coalitie-elders")
    for path in ("", "/qr.png", "/qr.svg", "/flyer"):
        assert client.get(f"/staff/trajecten/testregio/kit/{link.id}{path}").status_code == 404
    elders_general = services.general_link(traject_by_slug("elders"))
    assert client.get(f"/staff/trajecten/elders/kit/{link.id}").status_code == 404
    assert client.get(f"/staff/trajecten/elders/kit/{elders_general.id}").status_code == 200
    facilitator = app.test_client()
    login(facilitator, "begeleider")
    assert facilitator.get(f"/staff/trajecten/testregio/kit/{link.id}").status_code == 403
