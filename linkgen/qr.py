"""QR codes for a link, as SVG for print and PNG for messages and slides."""

from __future__ import annotations

import io

import segno

# Level M survives a fold or a coffee stain on a flyer and still fits a short URL in a small code.
ERROR_LEVEL = "m"


def make(url: str) -> segno.QRCode:
    return segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)


def svg(url: str, scale: int = 8, title: str = "") -> str:
    out = io.BytesIO()
    make(url).save(out, kind="svg", scale=scale, border=4, xmldecl=False, title=title or None, dark="#000")
    return out.getvalue().decode("utf-8")


def png(url: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    make(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def matrix(url: str) -> list[list[bool]]:
    """The modules without the quiet zone, dark is True."""
    return [[bool(cell) for cell in row] for row in make(url).matrix]
