"""Keep client addresses out of the logs: a narrator's IP address next to a story time is identifying."""

from __future__ import annotations

import logging
import re

# Werkzeug's development server starts each access line with the client address.
_LEADING_ADDRESS = re.compile(r"^\S+ - - ")


class DropClientAddress(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _LEADING_ADDRESS.sub("- - - ", message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install_log_filters() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropClientAddress) for f in logger.filters):
        logger.addFilter(DropClientAddress())
