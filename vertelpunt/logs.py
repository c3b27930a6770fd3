"""Keep narrators out of the logs: a client address, or a link token next to a time of day, can tell
who told a story and when.

The access log of either server never has a line for a narrator's page (the share blueprint): even
without an address, "POST /<link> at 14:32" joined with a story's date narrows who told it, and
journald or docker stamp every line with the time. Staff pages and static files are logged, without
the client address."""

from __future__ import annotations

import logging
import re
import threading

from flask import request
from gunicorn import glogging

# Werkzeug's development server starts each access line with the client address.
_LEADING_ADDRESS = re.compile(r"^\S+ - - ")
UNLOGGED = "storycycle.unlogged"
# The development server writes its access line in the thread that served the request.
_served = threading.local()


def mark_request(narrator: bool) -> None:
    """Called before every request: is it a narrator's, to be left out of the access log?"""
    _served.unlogged = narrator
    if narrator:
        request.environ[UNLOGGED] = True


class DropClientAddress(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _LEADING_ADDRESS.sub("- - - ", message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
            if getattr(_served, "unlogged", False):  # the access line of a narrator's request
                _served.unlogged = False
                return False
        return True


def install_log_filters() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropClientAddress) for f in logger.filters):
        logger.addFilter(DropClientAddress())


class GunicornLogger(glogging.Logger):
    """gunicorn's logger without access lines for narrator requests (gunicorn.conf.py uses it)."""

    def access(self, resp, req, environ, request_time):
        if environ.get(UNLOGGED):
            return
        super().access(resp, req, environ, request_time)
