"""Addresses for passing a link on. They are followed by the narrator's own click, never loaded by a page."""

from __future__ import annotations

from urllib.parse import quote


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/{token}"


def whatsapp_url(message: str) -> str:
    return "https://wa.me/?text=" + quote(message, safe="")


def mailto_url(subject: str, body: str) -> str:
    return f"mailto:?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
