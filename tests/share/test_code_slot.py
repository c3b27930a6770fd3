"""The withdrawal code after Back or reload, attacked: it comes back for 15 minutes on the sending phone
only, never travels in a URL, a log line, a Referer or the database in the clear, and its slot row ties
nothing to a story."""

from __future__ import annotations

import hashlib
import logging
import re

import pytest
from sqlalchemy import event, func, inspect, select

from tests.conftest import csrf_from
from tests.helpers import full_answers, open_form
from vertelpunt.extensions import db
from vertelpunt.models import CodeSlot, StoryReceipt
from vertelpunt.share import slots
from vertelpunt.staff import services

CODE = re.compile(r'class="receipt"><strong>([0-9a-z-]+)<')
GONE = "De intrekcode staat hier niet meer"
T0 = 1_900_000_000  # a fixed moment; the slots go by slots.now()


@pytest.fixture
def clock(monkeypatch):
    """The slots' clock, moved by the test: clock.at = seconds."""

    class Clock:
        at = T0

    monkeypatch.setattr(slots, "now", lambda: Clock.at)
    return Clock


@pytest.fixture
def token(traject):
    return services.general_link(traject).token


def send(client, token: str, **answers):
    """Post a story as the phone does; the 303 answer itself, not followed."""
    _html, hidden = open_form(client, token)
    return client.post(f"/{token}", data={**hidden, **full_answers(**answers)})


def code_in(response) -> str | None:
    found = CODE.search(response.get_data(as_text=True))
    return found.group(1) if found else None


def slot_count() -> int:
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(CodeSlot))


def test_the_code_never_travels_in_a_url_and_the_page_is_not_kept(client, token, clock):
    sent = send(client, token)
    assert sent.status_code == 303 and sent.headers["Location"] == f"/{token}/bedankt"
    assert CODE.search(sent.get_data(as_text=True)) is None  # the redirect carries no code
    page = client.get(sent.headers["Location"])
    code = code_in(page)
    assert code and re.fullmatch(r"[0-9a-z]{4}(-[0-9a-z]{4}){3}", code)
    assert code not in sent.headers["Location"] and code not in sent.headers["Set-Cookie"]
    assert code.replace("-", "") not in sent.headers["Set-Cookie"]
    # No cache, no Back-Forward cache, no Referer to anyone the narrator passes the link on to.
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    html = page.get_data(as_text=True)
    outward = re.findall(r'<a [^>]*href="(?:https://wa\.me|mailto:|/terugkoppeling)[^>]*>', html)
    assert len(outward) == 3
    assert all('target="_blank"' in a and 'rel="noopener noreferrer"' in a for a in outward)
    assert code not in "".join(re.findall(r'href="([^"]*)"', html))
    # The withdrawal code from the reloaded page is the real one.
    receipt = db.session.scalars(select(StoryReceipt)).one()
    assert receipt.code_hash == hashlib.sha256(code.encode()).hexdigest()


def test_the_cookie_is_locked_to_the_thank_you_page(client, token, clock):
    cookie = send(client, token).headers["Set-Cookie"]
    parts = {p.strip().split("=", 1)[0].lower() for p in cookie.split(";")}
    assert {"httponly", "path", "max-age"} <= parts
    assert f"Path=/{token}/bedankt" in cookie and "SameSite=Strict" in cookie and "Max-Age=900" in cookie
    assert "Secure" not in cookie  # plain http in this test; see the https test below


def test_over_https_the_cookie_is_secure_and_prefixed(client, token, clock):
    _html, hidden = open_form(client, token)
    sent = client.post(f"/{token}", data={**hidden, **full_answers()}, base_url="https://localhost")
    cookie = sent.headers["Set-Cookie"]
    assert cookie.startswith("__Secure-bedankt=") and "; Secure" in cookie
    page = client.get(sent.headers["Location"], base_url="https://localhost")
    assert code_in(page)


def test_reload_shows_the_code_for_15_minutes_then_it_is_gone_and_purged(client, token, clock):
    location = send(client, token).headers["Location"]
    first = code_in(client.get(location))
    clock.at = T0 + 14 * 60 + 59
    assert code_in(client.get(location)) == first  # Back, reload, forward: the same code
    assert slot_count() == 1
    clock.at = T0 + 15 * 60
    late = client.get(location)
    assert code_in(late) is None and GONE in late.get_data(as_text=True)
    assert slot_count() == 0  # purged, not only hidden
    assert "bedankt=;" in late.headers["Set-Cookie"]  # and the phone forgets its cookie
    clock.at = T0  # a clock set back brings nothing back
    assert code_in(client.get(location)) is None


def test_another_browser_and_forged_cookies_get_nothing(app, client, traject, token, clock):
    location = send(client, token).headers["Location"]
    code = code_in(client.get(location))
    (row,) = db.session.execute(select(CodeSlot.__table__)).all()
    (secret,) = [c.value for c in client._cookies.values() if c.key == "bedankt"]
    other_token = services.create_link(traject, organisation=None, audience="youth").token
    db.session.commit()

    stranger = app.test_client()
    assert code_in(stranger.get(location)) is None  # no cookie: a page without a code
    forged = [
        "A" * 43,  # well-formed, guessed
        secret[:-1] + ("A" if secret[-1] != "A" else "B"),  # one character off
        row.id,  # what a database reader sees
        row.sealed,
        code,  # the code itself as a cookie
        "' OR 1=1 --",
        "x" * 4000,
    ]
    for value in forged:
        stranger.set_cookie("bedankt", value, path=location)
        page = stranger.get(location)
        assert page.status_code == 200 and code_in(page) is None, value
        assert code not in page.get_data(as_text=True)
        assert page.headers["Cache-Control"] == "no-store"
        assert page.headers["Referrer-Policy"] == "no-referrer"
    # The real cookie sent to another link's thank-you page opens nothing there.
    stranger.set_cookie("bedankt", secret, path=f"/{other_token}/bedankt")
    assert code_in(stranger.get(f"/{other_token}/bedankt")) is None
    # An unknown link has no thank-you page at all.
    assert client.get("/abcdefghjkmnpq/bedankt").status_code == 404
    # The narrator's own phone still has it.
    assert code_in(client.get(location)) == code


def test_the_slot_row_ties_no_code_to_a_story(client, token, clock):
    location = send(client, token).headers["Location"]
    code = code_in(client.get(location))
    receipt_hash = db.session.scalars(select(StoryReceipt.code_hash)).one()
    (row,) = db.session.execute(select(CodeSlot.__table__)).all()
    db.session.commit()  # the test's own reads hold SQLite's write lock otherwise
    table = inspect(db.engine)
    assert {c["name"] for c in table.get_columns("code_slots")} == {"id", "sealed", "expires_at"}
    assert table.get_foreign_keys("code_slots") == []
    blob = " ".join(str(v) for v in row)
    for trace in (code, code.replace("-", ""), receipt_hash, hashlib.sha256(code.encode()).hexdigest()):
        assert trace not in blob
    # Without the cookie's secret the row opens nothing, even for someone who knows the code: the same
    # code sealed twice looks different, so sealed values cannot be matched against a known code either.
    conn = db.session.connection()
    a = slots.keep(conn, token, code, at=T0)
    b = slots.keep(conn, token, code, at=T0)
    sealed = db.session.scalars(select(CodeSlot.sealed).where(CodeSlot.id != row.id)).all()
    assert len(set(sealed)) == 2 and row.sealed not in sealed
    assert slots.open_slot(conn, token, a) == slots.open_slot(conn, token, b) == code
    assert slots.open_slot(conn, "abcdefghjkmnpq", a) is None


def test_the_code_reaches_no_log_line_and_no_sql_in_the_clear(client, token, clock, caplog):
    caplog.set_level(logging.DEBUG)
    sent: list[str] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many):
        sent.append(f"{statement} {parameters!r}")

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        location = send(client, token).headers["Location"]
        code = code_in(client.get(location))
        code_in(client.get(location))
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert code and any("code_slots" in s for s in sent)
    for text in (caplog.text, *sent):
        assert code not in text and code.replace("-", "") not in text


def test_a_form_sent_twice_keeps_one_slot_and_says_so(client, token, clock):
    _html, hidden = open_form(client, token)
    data = {**hidden, **full_answers()}
    first = client.post(f"/{token}", data=data)
    again = client.post(f"/{token}", data=data)
    assert first.status_code == 303 and again.status_code == 200
    assert "al ontvangen" in again.get_data(as_text=True) and code_in(again) is None
    assert again.headers["Cache-Control"] == "no-store"
    assert slot_count() == 1
    assert code_in(client.get(first.headers["Location"]))  # the first answer's slot still works


def test_expired_slots_go_at_anyone_s_next_thank_you_page_and_with_the_daily_purge(app, client, token, clock):
    for _ in range(3):
        send(app.test_client(), token)
    assert slot_count() == 3
    clock.at = T0 + 16 * 60
    fresh = send(client, token).headers["Location"]
    assert slot_count() == 4  # a new story does not wait for the purge
    code_in(client.get(fresh))
    assert slot_count() == 1  # the three old ones went when this narrator's page opened
    clock.at = T0 + 40 * 60
    result = app.test_cli_runner().invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    assert slot_count() == 0


def test_withdrawing_with_the_reloaded_code_works(client, token, clock):
    location = send(client, token).headers["Location"]
    code = code_in(client.get(location))
    form = client.get("/intrekken").get_data(as_text=True)
    done = client.post("/intrekken", data={"csrf_token": csrf_from(form), "code": code, "confirm": "yes"})
    assert done.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(StoryReceipt)) == 0
