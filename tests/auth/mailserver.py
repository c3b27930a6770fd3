"""A real SMTP server on loopback (aiosmtpd) that can refuse chosen addresses, refuse a whole message,
or answer slowly: what a mail server does to the platform."""

from __future__ import annotations

import asyncio
import email
import re
import socket
from email import policy

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.refuse: set[str] = set()  # refused at RCPT, one address at a time
        self.refuse_data: set[str] = set()  # the whole message refused at DATA when one of these is in it
        self.delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse_data & set(envelope.rcpt_tos):
            return "554 5.7.1 Message refused by policy"
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for rcpt, m in self.messages if address in rcpt]

    def link(self, address: str, path: str) -> str:
        """The path of the last link to ``path`` mailed to ``address``."""
        (message, *_) = reversed(self.to(address))
        found = re.findall(r"https?://[^/\s]+(" + re.escape(path) + r"[^\s]+)", message.get_content())
        assert found, message.get_content()
        return found[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(inbox: Inbox) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller
