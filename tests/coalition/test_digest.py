"""The twice-weekly digest: through a real SMTP server on loopback, or into the outbox; and its page."""

from __future__ import annotations

import datetime as dt
import email
import re
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from tests.coalition.conftest import add_stories, post_form
from tests.conftest import login
from vertelpunt.coalition import services
from vertelpunt.extensions import db
from vertelpunt.models import Digest
from vertelpunt.staff import services as staff

TODAY = dt.date.today()


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def running(traject, organisation):
    parents = staff.create_link(
        traject, organisation=organisation, audience="parent", prefill={"perspective": "parent"}
    )
    youths = staff.create_link(traject, organisation=organisation, audience="youth")
    quiet = staff.create_link(traject, organisation=organisation, audience="professional", channel="intranet")
    quiet.created_on = TODAY - dt.timedelta(days=40)
    services.save_settings(traject, recipients="lead@example.org; gemeente@example.org", quiet_days="14")
    services.add_target(traject, dimension="perspective", value="youth", min_count=10)
    db.session.commit()
    add_stories(parents, 25, day=TODAY - dt.timedelta(days=3))
    return {"parents": parents, "youths": youths, "quiet": quiet}


def plain_counts(html: str) -> str:
    """The page or mail with every count as its words only (counts carry their bounds as data)."""
    return re.sub(r'<span class="count[^"]*"[^>]*>([^<]*)</span>', r"\1", html)


def html_of(message) -> str:
    return plain_counts(message.get_body(preferencelist=("html",)).get_content())


def send_command(app, *args):
    """Run `flask digest send` in this app (the fixtures' app context belongs to another app)."""
    db.session.rollback()
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["digest", "send", *args])
        db.session.remove()
    return result


def test_digest_goes_through_smtp_and_the_next_one_counts_only_what_is_new(
    make_app, traject, running, smtp_server, tmp_path
):
    controller, inbox = smtp_server
    app = make_app(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=controller.port,
        MAIL_FROM="storycycle@example.org",
        DIGEST_OUTBOX=str(tmp_path / "outbox"),
    )
    result = send_command(app, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "DIGEST testregio smtp lead@example.org, gemeente@example.org" in result.output
    (recipients, message), *_ = [m for m in inbox.messages if "Testregio" in m[1]["Subject"]]
    assert recipients == ["lead@example.org", "gemeente@example.org"]
    assert message["From"] == "storycycle@example.org"
    first = html_of(message)
    assert "Verhalen tot nu toe (eerste overzicht)" in first
    assert "<strong>25</strong>" in first and "Wijkteam Zuid" in first
    assert "Jongere (12 tot 18)" in first  # the target that is not met
    assert "Wijkteam Zuid · Professionals · intranet" in first  # the quiet link
    # Three days later: 12 new stories through the parents' link, 2 through the youths' link.
    add_stories(running["parents"], 12)
    add_stories(running["youths"], 2, perspective="youth")
    later = (TODAY + dt.timedelta(days=3)).isoformat()
    result = send_command(app, "--traject", "testregio", "--today", later)
    assert result.exit_code == 0, result.output
    second = html_of(inbox.messages[-1][1])
    assert f"{TODAY.isoformat()}: <strong>14</strong>" in second  # new since the first digest
    assert "<strong>39</strong>" in second  # in total
    assert '<td style="text-align:right">2</td>' not in second  # the two youth stories stay hidden
    digests = db.session.query(Digest).filter_by(traject_id=traject.id).order_by(Digest.id).all()
    assert [d.delivery for d in digests] == ["smtp", "smtp"]
    assert digests[1].counts["total"] == 39


def test_without_smtp_the_digest_goes_to_the_outbox(make_app, traject, running, tmp_path):
    app = make_app(SMTP_HOST="", DIGEST_OUTBOX=str(tmp_path / "outbox"))
    result = send_command(app, "--traject", "testregio")
    assert result.exit_code == 0 and "DIGEST testregio outbox" in result.output
    (written,) = (tmp_path / "outbox").glob("testregio-*.eml")
    message = email.message_from_bytes(written.read_bytes(), policy=policy.default)
    assert message["To"] == "lead@example.org, gemeente@example.org"
    assert "<strong>25</strong>" in html_of(message)


def test_closed_trajecten_get_no_digest(app, traject, tmp_path):
    app.config.update(SMTP_HOST="", DIGEST_OUTBOX=str(tmp_path / "outbox"))
    result = app.test_cli_runner().invoke(args=["digest", "send", "--today", "2001-01-01"])
    assert result.exit_code == 0 and "no digest sent" in result.output
    assert not (tmp_path / "outbox").exists()


def test_the_page_shows_the_latest_digest_and_its_settings(client, users, traject, running, tmp_path):
    from vertelpunt.coalition import digest

    client.application.config.update(SMTP_HOST="", DIGEST_OUTBOX=str(tmp_path))
    login(client, "coalitie")
    assert "Er is nog geen overzicht" in client.get("/staff/trajecten/testregio/digest").get_data(
        as_text=True
    )
    digest.send(traject, TODAY)
    db.session.commit()
    page = plain_counts(client.get("/staff/trajecten/testregio/digest").get_data(as_text=True))
    assert "<strong>25</strong>" in page and "lead@example.org" in page
    response = post_form(
        client, "/staff/trajecten/testregio/digest", {"recipients": "geen-adres", "quiet_days": "10"}
    )
    assert response.status_code == 422
    assert services.settings_for(traject).recipients == "lead@example.org, gemeente@example.org"
    response = post_form(
        client, "/staff/trajecten/testregio/digest", {"recipients": "a@b.nl", "quiet_days": "7"}
    )
    assert response.status_code == 302 and services.settings_for(traject).quiet_days == 7
