"""The submit path reads plain link facts, redacts once and keeps the thank-you page: what it must not lose."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from sqlalchemy import event, select

from tests.helpers import full_answers, open_form, submit
from vertelpunt.extensions import db
from vertelpunt.models import Municipality, Story, StoryReceipt
from vertelpunt.share import services as sharing
from vertelpunt.staff import services

CODE = re.compile(r'class="receipt"><strong>([0-9a-z-]+)<')


@pytest.fixture
def general(traject):
    return services.general_link(traject)


def _code(page: str) -> str:
    return CODE.search(page).group(1)


def test_link_facts_carry_what_a_story_needs(traject, organisation, general):
    link = services.create_link(
        traject, organisation=organisation, audience="parent", prefill={"perspective": "parent"}
    )
    db.session.commit()
    facts = sharing.find_link_facts(link.token)
    assert (facts.id, facts.traject_id, facts.organisation_id) == (link.id, traject.id, organisation.id)
    assert facts.prefill == link.prefill and facts.prefill["perspective"] == "parent"
    assert facts.usable and facts.region == "Testregio"
    # Sorted by name, as the form lists them; the general link has no organisation.
    assert [name for _code, name in facts.municipalities] == ["Almelo", "Enschede", "Hengelo"]
    assert sharing.find_link_facts(general.token).organisation_id is None
    assert sharing.find_link_facts("abcdefghjkmnpq") is None
    assert sharing.find_link_facts("'; drop table links; --") is None


def test_link_facts_status_matches_the_link_pages(traject, general):
    today = dt.date.today()
    assert sharing.find_link_facts(general.token, today=traject.opens_on - dt.timedelta(days=1)).status == (
        "not_open"
    )
    assert sharing.find_link_facts(general.token, today=traject.closes_on + dt.timedelta(days=1)).status == (
        "ended"
    )
    for status in ("paused", "closed"):
        services.set_link_status(general, status)
        db.session.commit()
        facts = sharing.find_link_facts(general.token, today=today)
        assert facts.status == sharing.find_link(general.token, today=today).status == status
        assert not facts.usable


@pytest.mark.parametrize("status", ["paused", "closed"])
def test_posting_to_a_paused_or_closed_link_gives_the_text_back(client, general, status):
    html, hidden = open_form(client, general.token)
    services.set_link_status(general, status)
    db.session.commit()
    response = client.post(f"/{general.token}", data={**hidden, **full_answers()})
    assert response.status_code == 409
    assert "Mijn mentor op school" in response.get_data(as_text=True)
    assert db.session.scalars(select(Story)).all() == []


def test_posting_after_the_traject_ended_gives_the_text_back(client, traject, general):
    html, hidden = open_form(client, general.token)
    traject.closes_on = dt.date.today() - dt.timedelta(days=1)
    traject.opens_on = traject.closes_on - dt.timedelta(days=30)
    db.session.commit()
    response = client.post(f"/{general.token}", data={**hidden, **full_answers()})
    assert response.status_code == 409 and "Mijn mentor op school" in response.get_data(as_text=True)
    assert db.session.scalars(select(Story)).all() == []


def test_a_municipality_added_later_is_accepted_at_once(client, traject, general):
    db.session.add(Municipality(traject_id=traject.id, code="oldenzaal", name="Oldenzaal"))
    db.session.commit()
    response = submit(client, general.token, municipality="oldenzaal")
    assert response.status_code == 200
    refused = submit(client, general.token, municipality="amsterdam")
    assert refused.status_code == 422 and "Deze keuze kennen we niet." in refused.get_data(as_text=True)


def test_each_narrator_gets_their_own_code_on_the_kept_page(client, general):
    codes = [_code(submit(client, general.token).get_data(as_text=True)) for _ in range(3)]
    assert len(set(codes)) == 3
    hashes = set(db.session.scalars(select(StoryReceipt.code_hash)))
    assert hashes == {hashlib.sha256(c.encode()).hexdigest() for c in codes}
    # Every code withdraws its own story, and only that one.
    from tests.conftest import csrf_from

    form = client.get("/intrekken").get_data(as_text=True)
    done = client.post("/intrekken", data={"csrf_token": csrf_from(form), "code": codes[1], "confirm": "yes"})
    assert done.status_code == 200
    assert set(db.session.scalars(select(StoryReceipt.code_hash))) == hashes - {
        hashlib.sha256(codes[1].encode()).hexdigest()
    }


def test_kept_page_follows_the_traject_text_and_language(client, traject, general):
    first = submit(client, general.token).get_data(as_text=True)
    assert "Bedankt voor je verhaal" in first and "Testregio" in first
    traject.results_note = "In juni vertellen we in de bibliotheek wat we leerden."
    traject.region = "Twente-Noord"
    db.session.commit()
    second = submit(client, general.token).get_data(as_text=True)
    assert "In juni vertellen we in de bibliotheek" in second and "Twente-Noord" in second
    client.get(f"/{general.token}?lang=en")
    english = submit(client, general.token).get_data(as_text=True)
    assert "Thank you for your story" in english and _code(english) not in (_code(first), _code(second))
    html, hidden = open_form(client, general.token)
    data = {**hidden, **full_answers()}
    client.post(f"/{general.token}", data=data)
    again = client.post(f"/{general.token}", data=data).get_data(as_text=True)
    assert "already received" in again and 'class="receipt"' not in again


def test_rules_run_once_per_text_and_warn_about_what_is_tagged(client, general, monkeypatch):
    import importlib

    redact_module = importlib.import_module("vertelpunt.privacy.redact")  # the module, not the function

    calls = []
    real = redact_module.find_personal_details

    def counting(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(redact_module, "find_personal_details", counting)
    story = "Mijn zoon Daan belde de wijkcoach op 06-12345678, maar die nam nooit op."
    html, hidden = open_form(client, general.token)
    warned = client.post(f"/{general.token}", data={**hidden, **full_answers(story=story)})
    assert len(calls) == 2  # title and story, once each
    page = warned.get_data(as_text=True)
    assert "<mark>Daan</mark>" in page and "<mark>06-12345678</mark>" in page
    from tests.conftest import csrf_from

    data = {**hidden, **full_answers(story=story), "personal_checked": "yes", "csrf_token": csrf_from(page)}
    assert client.post(f"/{general.token}", data=data).status_code == 303
    (stored,) = db.session.scalars(select(Story)).all()
    assert "Daan" not in stored.text and "[naam]" in stored.text and "[telefoonnummer]" in stored.text


def test_a_story_costs_one_read_and_four_inserts(app, client, general):
    token = general.token  # read here: the test's own object would reload after the request's rollback
    html, hidden = open_form(client, token)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement[:200])

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        response = client.post(f"/{token}", data={**hidden, **full_answers()})
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert response.status_code == 303
    work = [s.split(None, 1)[0].upper() for s in statements]
    work = [s for s in work if s not in ("BEGIN", "COMMIT", "ROLLBACK")]
    # Story, answers, receipt, and the withdrawal code's 15-minute slot (share/slots.py) in the same
    # transaction: the slot is what lets Back and reload show the code again without it in any URL.
    assert work == ["SELECT", "INSERT", "INSERT", "INSERT", "INSERT"]
    inserts = [s for s in statements if s.upper().startswith("INSERT")]
    assert [s for s in inserts if "code_slots" in s] == inserts[-1:]  # the one extra insert, last
    # The thank-you page it redirects to reads the slot (and the link) without writing anything.
    statements.clear()
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        page = client.get(response.headers["Location"])
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert page.status_code == 200 and 'class="receipt"' in page.get_data(as_text=True)
    work = [s.split(None, 1)[0].upper() for s in statements]
    assert [s for s in work if s not in ("BEGIN", "COMMIT", "ROLLBACK")] == ["SELECT", "SELECT", "SELECT"]


def test_the_form_page_costs_one_read(app, client, general):
    token = general.token
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement.split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert client.get(f"/{token}").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    # The link, its traject and its municipalities in one query, in a read that takes no write lock.
    assert [s for s in statements if s not in ("BEGIN", "COMMIT", "ROLLBACK")] == ["SELECT"]
    assert "BEGIN IMMEDIATE" not in statements


def test_the_narrator_and_staff_pages_keep_the_form_and_transaction_rules():
    """Forms are read in vertelpunt/forms, units of work come from database.py, and the app's error
    pages know nothing of the narrator's own handling (registered on its blueprint)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "vertelpunt"
    forbidden = ("request.form", "write_intent", ".commit()", "sqlalchemy.dialects", "dialect.name")
    for path in [*root.glob("share/*.py"), *root.glob("staff/*.py")]:
        source = path.read_text(encoding="utf-8")
        assert not [word for word in forbidden if word in source], path.name
    assert "share" not in (root / "errors.py").read_text(encoding="utf-8")


def test_a_failed_or_refused_story_reads_its_link_once(app, client, general, monkeypatch):
    token = general.token
    html, hidden = open_form(client, token)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement.split(None, 1)[0].upper())

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        refused = client.post(f"/{token}", data={**hidden, **full_answers(prompt="")})
        monkeypatch.setattr(sharing, "store_submission", broken)
        failed = client.post(f"/{token}", data={**hidden, **full_answers()})
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert refused.status_code == 422 and failed.status_code == 500
    assert "Mijn mentor op school" in failed.get_data(as_text=True)
    # One read per request: the re-shown form uses the link the request read, not a second query.
    assert [s for s in statements if s not in ("BEGIN", "COMMIT", "ROLLBACK")] == ["SELECT", "SELECT"]
