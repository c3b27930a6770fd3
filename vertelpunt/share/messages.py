"""Narrator-facing sentences for the service's error and status codes (B1 Dutch through the catalogue)."""

from __future__ import annotations

from flask_babel import gettext as _

from vertelpunt.framework import Framework
from vertelpunt.share import services


def field_error(code: str, framework: Framework) -> str:
    if code == services.E_REQUIRED_PROMPT:
        return _("Choose what your story is about.")
    if code == services.E_REQUIRED_STORY:
        return _("Write your story. This is the only thing you must fill in.")
    if code == services.E_STORY_SHORT:
        return _(
            "Your story is very short. Tell a little more, at least %(n)s letters.",
            n=services.MIN_STORY_CHARS,
        )
    if code == services.E_TOO_LONG:
        return _("This is too long. Make it a bit shorter.")
    if code == services.E_TOO_MANY:
        return _("Choose two at most.")
    return _("We do not know this choice. Choose again.")


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
