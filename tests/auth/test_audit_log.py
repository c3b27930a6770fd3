"""The audit trail: what administrators must be able to account for is recorded with who and when,
a refused change leaves no entry, only administrators read it, and no narrator text ever enters it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.coalition.conftest import add_story
from tests.conftest import csrf_from, login
from vertelpunt import audit
from vertelpunt.extensions import db
from vertelpunt.models import AuditEntry, Traject
from vertelpunt.retention import purge_expired
from vertelpunt.staff import services

URL = "/staff/trajecten/testregio"
MARKER = "Zoutvaatje-verhaal-4417"  # a narrator's words that must never reach the trail


def entries() -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_an_export_and_a_threshold_change_are_recorded_with_who_and_when(client, users, traject):
    add_story(services.general_link(traject), text=f"{MARKER} over de hulp die we kregen.")
    login(client, "admin")
    assert client.get(f"{URL}/onderzoek.zip").status_code == 200
    page = client.get(URL).get_data(as_text=True)
    assert (
        client.post(f"{URL}/threshold", data={"csrf_token": csrf_from(page), "threshold": "30"}).status_code
        == 302
    )
    made = entries()
    assert [(e.action, e.who, e.traject_id) for e in made] == [
        ("research_export", "admin", traject.id),
        ("threshold_changed", "admin", traject.id),
    ]
    assert made[1].detail == "10 -> 30"
    assert all(
        abs(e.at - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=5) for e in made
    )
    # A refused change (lowering after the opening) leaves no entry.
    client.post(f"{URL}/threshold", data={"csrf_token": csrf_from(page), "threshold": "12"})
    client.post(f"{URL}/threshold", data={"csrf_token": csrf_from(page), "threshold": "²"})
    assert len(entries()) == 2
    # The page shows them, in Dutch; nothing of the story is in the trail or on the page.
    shown = client.get("/staff/logboek").get_data(as_text=True)
    assert "Onderzoeksgegevens geëxporteerd" in shown and "Anonimiteitsdrempel gewijzigd" in shown
    assert MARKER not in shown
    assert all(MARKER not in f"{e.who} {e.detail}" for e in entries())


def test_only_administrators_read_the_trail(client, users, traject):
    audit.record("threshold_changed", traject, "10 -> 12")
    db.session.commit()
    assert client.get("/staff/logboek").status_code == 302  # to the login
    for name in ("coalitie", "begeleider", "coalitie-elders"):
        login(client, name)
        assert client.get("/staff/logboek").status_code == 403
        client.get("/logout")


def test_deleting_and_the_retention_purge_are_recorded(client, users, traject):
    link = services.general_link(traject)
    add_story(
        link, day=dt.date.today() - dt.timedelta(days=400), text=f"{MARKER} oud verhaal van lang geleden."
    )
    db.session.get(Traject, traject.id).retention_days = 30
    db.session.commit()
    assert purge_expired() == 1
    db.session.commit()
    (entry,) = entries()
    assert (entry.action, entry.who, entry.detail) == ("stories_purged", "system", "1 stories")
    assert MARKER not in entry.detail


def test_a_deactivation_is_recorded_under_the_administrators_name(client, users):
    login(client, "admin")
    target = users["facilitator"]
    page = client.get(f"/staff/accounts/{target.id}").get_data(as_text=True)
    response = client.post(
        f"/staff/accounts/{target.id}/actief", data={"csrf_token": csrf_from(page), "active": "0"}
    )
    assert response.status_code in (302, 303)
    (entry,) = entries()
    assert (entry.action, entry.who, entry.detail) == ("account_deactivated", "admin", "account begeleider")
