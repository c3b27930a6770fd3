"""Every mail the platform sends goes through here: digests, invitations, password resets.

Each recipient is recorded with what became of their copy (sent, failed with the server's answer, or
written to the outbox), and a failure is logged and recorded, never raised: one address the server
refuses must not stop the mail to anyone else. One message goes to its recipients in one SMTP
transaction; the server answers per recipient. When it refuses the whole transaction instead (a
policy rejection at DATA, a refused sender), each recipient is tried on their own, so one bad address
cannot take the others down with it.

Without SMTP_HOST, messages are written as .eml files to the outbox folder (DIGEST_OUTBOX)."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import smtplib
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import Flask, current_app

from vertelpunt.extensions import db
from vertelpunt.models import SentMail

log = logging.getLogger(__name__)
ERROR_LENGTH = 300
_collected: contextvars.ContextVar[list[SentMail] | None] = contextvars.ContextVar(
    "mail_collected", default=None
)
_threads: list[threading.Thread] = []
_threads_lock = threading.Lock()


@dataclass
class Delivery:
    how: str  # "smtp" or "outbox"
    records: list[SentMail] = field(default_factory=list)

    @property
    def failures(self) -> list[SentMail]:
        return [r for r in self.records if r.status == "failed"]


def message(recipients: list[str], subject: str, text: str, html: str | None = None) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = current_app.config.get("MAIL_FROM") or "storycycle@localhost"
    mail["To"] = ", ".join(recipients)
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain="storycycle")
    mail.set_content(text)
    if html is not None:
        mail.add_alternative(html, subtype="html")
    return mail


def _describe(error) -> str:
    """The server's answer (code and text) or the error's name and text; never the message."""
    if isinstance(error, tuple) and len(error) == 2:
        code, text = error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{code} {text}"[:ERROR_LENGTH]
    if isinstance(error, smtplib.SMTPResponseException):
        return _describe((error.smtp_code, error.smtp_error))
    return f"{type(error).__name__}: {error}"[:ERROR_LENGTH]


@contextlib.contextmanager
def _connection():
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25), timeout=30) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
        yield smtp


def _one_by_one(smtp: smtplib.SMTP, mail: EmailMessage, recipients: list[str]) -> dict[str, str]:
    outcome = {}
    for address in recipients:
        try:
            smtp.rset()
            refused = smtp.send_message(mail, to_addrs=[address])
            outcome[address] = _describe(refused[address]) if address in refused else ""
        except smtplib.SMTPRecipientsRefused as exc:
            outcome[address] = _describe(exc.recipients.get(address, exc))
        except smtplib.SMTPServerDisconnected as exc:
            outcome[address] = _describe(exc)
            break
        except smtplib.SMTPException as exc:
            outcome[address] = _describe(exc)
    lost = "SMTPServerDisconnected: the server closed the connection"
    return {a: outcome.get(a, lost) for a in recipients}


def _smtp(mail: EmailMessage, recipients: list[str]) -> dict[str, str]:
    """Address -> "" when the server took it, else why not."""
    try:
        with _connection() as smtp:
            try:
                refused = smtp.send_message(mail, to_addrs=recipients)
            except smtplib.SMTPRecipientsRefused as exc:
                return {a: _describe(exc.recipients.get(a, exc)) for a in recipients}
            except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                if len(recipients) == 1:
                    return {recipients[0]: _describe(exc)}
                return _one_by_one(smtp, mail, recipients)
            return {a: _describe(refused[a]) if a in refused else "" for a in recipients}
    except (OSError, smtplib.SMTPException) as exc:  # no connection, TLS or login refused, dropped
        return {a: _describe(exc) for a in recipients}


def _outbox(mail: EmailMessage, name: str) -> str:
    """Write the message to the outbox; "" or why it could not be written."""
    try:
        outbox = Path(current_app.config["DIGEST_OUTBOX"])
        outbox.mkdir(parents=True, exist_ok=True)
        path, number = outbox / f"{name}.eml", 1
        while path.exists():
            number += 1
            path = outbox / f"{name}-{number}.eml"
        path.write_bytes(bytes(mail))
        path.chmod(0o600)  # an invitation or reset link is a key to an account
        return ""
    except OSError as exc:
        return _describe(exc)


def forget_in_outbox(digest_prefix: str, addresses: set[str]) -> int:
    """Delete the outbox's copies of a traject's digests (named "<prefix><date>") and of every message
    to these addresses: what an ended traject leaves behind there. Returns how many went."""
    outbox = Path(current_app.config["DIGEST_OUTBOX"])
    gone = 0
    for path in outbox.glob("*.eml") if outbox.is_dir() else ():
        text = path.read_bytes().decode("utf-8", "replace").lower()
        if path.name.startswith(digest_prefix) or any(a in text for a in addresses):
            path.unlink(missing_ok=True)
            gone += 1
    return gone


def deliver(mail: EmailMessage, recipients: list[str], kind: str, outbox_name: str = "") -> Delivery:
    """Send one message to its recipients and record each (added to the session; the caller commits).
    Without SMTP_HOST, or without recipients, it goes to the outbox."""
    if current_app.config.get("SMTP_HOST") and recipients:
        delivery, outcome = Delivery("smtp"), _smtp(mail, recipients)
        statuses = {a: ("failed" if error else "sent", error) for a, error in outcome.items()}
    else:
        delivery = Delivery("outbox")
        error = _outbox(mail, outbox_name or kind)
        statuses = {a: ("failed" if error else "outbox", error) for a in recipients}
        if error and not recipients:
            log.warning("mail %s could not be written to the outbox: %s", kind, error)
    for address, (status, error) in statuses.items():
        if status == "failed":
            log.warning("mail %s to %s failed: %s", kind, address, error)
        record = SentMail(kind=kind, recipient=address[:254], status=status, error=error)
        db.session.add(record)
        delivery.records.append(record)
        collected = _collected.get()
        if collected is not None:
            collected.append(record)
    db.session.flush()
    return delivery


@contextlib.contextmanager
def collect():
    """The records of every mail delivered inside the block (for a command's report)."""
    records: list[SentMail] = []
    token = _collected.set(records)
    try:
        yield records
    finally:
        _collected.reset(token)


def _deliver_in_thread(app: Flask, mail: EmailMessage, recipients: list[str], kind: str) -> None:
    with app.app_context():
        try:
            deliver(mail, recipients, kind)
            db.session.commit()
        except Exception:  # a failure here must not pass unseen, nor take the worker down
            log.exception("mail %s could not be recorded", kind)
            db.session.rollback()
        finally:
            db.session.remove()


def deliver_later(mail: EmailMessage, recipients: list[str], kind: str) -> None:
    """Deliver after the response, in a thread: how long the mail server takes must not show in how
    long the page took (a password reset would tell whether an account exists). The caller commits
    what the mail refers to before calling this."""
    app = current_app._get_current_object()  # noqa: SLF001 - the thread needs the app, not the proxy
    thread = threading.Thread(target=_deliver_in_thread, args=(app, mail, recipients, kind), name="mail")
    with _threads_lock:
        _threads[:] = [t for t in _threads if t.is_alive()]
        _threads.append(thread)
    thread.start()


def wait(timeout: float = 60) -> None:
    """Until every mail handed to deliver_later is delivered (tests, and a command before it exits)."""
    with _threads_lock:
        pending = list(_threads)
    for thread in pending:
        thread.join(timeout)
