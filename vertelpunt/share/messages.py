"""Narrator-facing sentences for a link's status codes (B1 Dutch through the catalogue). The form's own
messages are in forms/narrator.py."""

from __future__ import annotations

from flask_babel import gettext as _


def unavailable_reason(status: str) -> str:
    if status == "paused":
        return _("This link is paused for a while. Try again later, or ask the person who sent it to you.")
    if status == "closed":
        return _(
            "This link is closed. You can no longer share a story through it. Thank you for your interest."
        )
    if status == "not_open":
        return _("Sharing stories has not started yet. Try again later.")
    if status == "ended":
        return _("Sharing stories has ended in this region. Thank you for your interest.")
    return _(
        "We do not know this link. Check that you typed it correctly, or ask the person who sent it to you."
    )
