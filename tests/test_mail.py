"""One failure stops nothing else: a mail server that refuses an address, a whole message, or is not
there at all, and every other traject's digest and every other recipient still gets their mail; each
recipient is recorded, and a failure is reported."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.auth import mailserver
from tests.auth.conftest import post_page
from tests.conftest import login
from vertelpunt.coalition import services as coalition
from vertelpunt.extensions import db
from vertelpunt.models import Digest, SentMail, Traject, User
from vertelpunt.staff import services as staff

TODAY = dt.date.today()
# Sent in order of slug: the ones that fail come before the ones that must still get their mail.
RECIPIENTS = {
    "a-weigert": "weigeraar@example.org",
    "b-gemengd": "eerste@example.org, weigeraar@example.org, tweede@example.org",
    "c-beleid": "beleid-weigert@example.org, derde@example.org",
    "testregio": "vierde@example.org",
}


@pytest.fixture
def server():
    inbox = mailserver.Inbox()
    inbox.refuse = {"weigeraar@example.org"}
    inbox.refuse_data = {"beleid-weigert@example.org"}
    controller = mailserver.start(inbox)
    yield controller, inbox
    controller.stop()


@pytest.fixture
def trajecten(traject):
    for slug in ("a-weigert", "b-gemengd", "c-beleid"):
        staff.create_traject(
            slug=slug,
            name=slug.title(),
            region="Overijssel",
            focus="Jeugdhulp",
            opens_on=TODAY - dt.timedelta(days=10),
            closes_on=TODAY + dt.timedelta(days=30),
            municipalities=["Zwolle"],
        )
    db.session.flush()
    for slug, recipients in RECIPIENTS.items():
        found = db.session.scalar(select(Traject).where(Traject.slug == slug))
        coalition.save_settings(found, recipients=recipients, quiet_days="14")
    db.session.commit()


def _send_digests(app):
    db.session.rollback()
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["digest", "send", "--today", TODAY.isoformat()])
        db.session.remove()
    return result


def _records(kind: str) -> dict[str, list[tuple[str, str]]]:
    db.session.rollback()
    rows = db.session.scalars(select(SentMail).where(SentMail.kind == kind).order_by(SentMail.id))
    found: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        found.setdefault(row.recipient, []).append((row.status, row.error))
    return found


def test_a_refused_address_stops_no_other_digest_and_no_other_recipient(
    make_app, trajecten, server, tmp_path
):
    controller, inbox = server
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, DIGEST_OUTBOX=str(tmp_path / "outbox"))
    result = _send_digests(app)
    # Every traject had its turn; the failures are reported, and the exit status says so.
    for slug in RECIPIENTS:
        assert f"DIGEST {slug} smtp" in result.stdout, result.output
    assert "MAIL FAILED a-weigert weigeraar@example.org: 550" in result.stderr
    assert "MAIL FAILED b-gemengd weigeraar@example.org: 550" in result.stderr
    assert "MAIL FAILED c-beleid beleid-weigert@example.org: 554" in result.stderr
    assert result.exit_code == 1
    delivered = sorted(a for rcpt, _ in inbox.messages for a in rcpt)
    assert delivered == [
        "derde@example.org",
        "eerste@example.org",
        "tweede@example.org",
        "vierde@example.org",
    ]
    for address in ("eerste@example.org", "derde@example.org", "vierde@example.org"):
        assert len(inbox.to(address)) == 1
    records = _records("digest")
    assert records["weigeraar@example.org"] == [("failed", records["weigeraar@example.org"][0][1])] * 2
    assert records["weigeraar@example.org"][0][1].startswith("550")
    assert records["beleid-weigert@example.org"][0][0] == "failed"
    for address in ("eerste@example.org", "tweede@example.org", "derde@example.org", "vierde@example.org"):
        assert records[address] == [("sent", "")]
    assert db.session.scalar(select(Digest.id).join(Traject).where(Traject.slug == "testregio"))


def test_no_mail_server_at_all_is_reported_for_every_recipient(make_app, trajecten, tmp_path):
    app = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=mailserver.free_port(), DIGEST_OUTBOX=str(tmp_path))
    result = _send_digests(app)
    assert result.exit_code == 1
    for slug in RECIPIENTS:
        assert f"DIGEST {slug} smtp" in result.stdout
    records = _records("digest")
    assert len(records) == 6 and all(status == "failed" for rows in records.values() for status, _ in rows)
    assert "ConnectionRefusedError" in records["vierde@example.org"][0][1]


def test_a_refused_invitation_is_reported_and_the_next_one_goes(app, users, server, tmp_path):
    controller, inbox = server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, DIGEST_OUTBOX=str(tmp_path))
    admin = app.test_client()
    login(admin, "admin")
    refused = post_page(
        admin, "/staff/accounts/uitnodigen", {"username": "eerste", "email": "weigeraar@example.org"}
    )
    assert refused.status_code == 302
    page = admin.get(refused.headers["Location"]).get_data(as_text=True)
    assert "kon niet naar weigeraar@example.org" in page and "550" in page
    sent = post_page(
        admin, "/staff/accounts/uitnodigen", {"username": "tweede", "email": "tweede@example.org"}
    )
    assert sent.status_code == 302
    assert len(inbox.to("tweede@example.org")) == 1
    assert _records("invitation") == {
        "weigeraar@example.org": [("failed", _records("invitation")["weigeraar@example.org"][0][1])],
        "tweede@example.org": [("sent", "")],
    }
    # The administrator sees the failure on the accounts page; the account waits for a new invitation.
    overview = admin.get("/staff/accounts").get_data(as_text=True)
    assert "weigeraar@example.org" in overview.split('id="failed-mail"')[1]
    assert db.session.scalar(select(User).where(User.username == "eerste")).invited
