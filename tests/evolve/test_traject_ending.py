"""Ending a traject for good: close, export, then delete everything it holds, for real.

The attacks: ending it before the export or with a mistyped name, a story arriving after the export, a
non-administrator trying, and looking afterwards in every table (and on SQLite in the files) for any
word of its stories, participants, observations, themes, actions and names."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import func, select, text

from tests.conftest import csrf_from
from vertelpunt.auth.services import create_user
from vertelpunt.extensions import db
from vertelpunt.models import AuditEntry, Link, ReleasedQuote, Story, Traject, User

WORDS = ("unieke verhaal", "Mevrouw Deelnemer", "Wachttijden", "Maanden op de wachtlijst")


def _post(client, url: str, **data):
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(page), **data})


def _everything_as_text() -> str:
    """Every row of every table but the audit trail (which names the ended traject), as one text."""
    rows = []
    for table in db.metadata.sorted_tables:
        if table.name != "audit_entries":
            rows.extend(str(tuple(row)) for row in db.session.execute(select(table)))
    return "\n".join(rows)


def test_ending_a_traject_closes_exports_then_deletes_everything(world, as_user, client, traject, users):
    url = f"/staff/trajecten/{traject.slug}/beeindigen"
    only_here = create_user("alleen-hier", "x" * 16, memberships=[("testregio", "coalition")])
    also_elsewhere = create_user(
        "ook-elders", "x" * 16, memberships=[("testregio", "facilitator"), ("elders", "coalition")]
    )
    db.session.add(
        ReleasedQuote(traject_id=traject.id, story_id=world.stories[0].id, text="Maanden op de wachtlijst")
    )
    db.session.commit()
    traject_id = traject.id
    only_here_id, also_id, admin_id = only_here.id, also_elsewhere.id, users["admin"].id
    assert all(word in _everything_as_text() for word in WORDS)
    as_user("admin")

    page = client.get(url).get_data(as_text=True)
    assert "14 stories" in page or "14 verhalen" in page
    refused = _post(client, url, op="end", confirm=traject.slug)
    assert refused.status_code == 422 and db.session.scalar(select(func.count(Story.id))) == 14

    assert _post(client, url, op="close").status_code == 302
    assert (
        db.session.scalar(
            select(func.count(Link.id)).where(Link.traject_id == traject.id, Link.status != "closed")
        )
        == 0
    )
    assert client.get(f"/{world.link.token}").status_code == 410  # no story arrives after the export
    client.post(f"/{world.link.token}", data={"story": "Nog een verhaal na het sluiten.", "title": "Laat"})
    assert db.session.scalar(select(func.count(Story.id))) == 14
    refused = _post(client, url, op="end", confirm=traject.slug)
    assert refused.status_code == 422  # no export yet

    assert client.get(f"/staff/trajecten/{traject.slug}/onderzoek.zip").status_code == 200
    assert _post(client, url, op="end", confirm="testregi0").status_code == 422
    assert _post(client, url, op="end", confirm="").status_code == 422
    assert db.session.scalar(select(func.count(Story.id))) == 14

    done = _post(client, url, op="end", confirm=traject.slug)
    assert done.status_code == 302, done.get_data(as_text=True)
    db.session.remove()
    assert db.session.scalar(select(func.count(Traject.id)).where(Traject.slug == "testregio")) == 0
    assert db.session.scalar(select(func.count(Story.id))) == 0
    leftover = _everything_as_text()
    assert not [word for word in WORDS if word in leftover]
    assert db.session.get(User, only_here_id) is None
    assert db.session.get(User, also_id) is not None and db.session.get(User, admin_id) is not None
    for table in db.metadata.sorted_tables:
        if "traject_id" in table.c and table.name != "audit_entries":
            assert not db.session.execute(select(table).where(table.c.traject_id == traject_id)).first()
    ended = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "traject_ended"))
    assert ended.who == "admin" and "14 stories" in ended.detail
    if db.engine.dialect.name == "sqlite":  # PostgreSQL's files: tests/test_deletion_postgres.py
        path = Path(db.engine.url.database)
        files = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
        assert not [word for word in WORDS if word.encode() in files]


def test_only_administrators_end_a_traject_and_nothing_half_happens(world, as_user, client, traject):
    url = f"/staff/trajecten/{traject.slug}/beeindigen"
    as_user("begeleider")
    assert client.get(url).status_code == 403
    client.get("/logout")
    as_user("admin")
    for hostile in ({"op": "drop"}, {"op": ["close", "end"]}, {"op": "end", "confirm": "x" * 5000}, {}):
        response = _post(client, url, **hostile)
        assert response.status_code == 422, hostile
    assert db.session.scalar(select(func.count(Link.id)).where(Link.status == "closed")) == 0
    assert db.session.scalar(text("SELECT count(*) FROM stories")) == 14


def test_an_ended_traject_is_gone_from_postgresql_data_directory(
    world, as_user, client, traject, wal_recycle, superuser
):
    """The same guarantee as a withdrawn story (tests/test_deletion_postgres.py), for all it held; on
    SQLite the superuser fixture skips it, and the test above searches SQLite's files."""
    from tests.test_deletion_postgres import files_holding
    from vertelpunt import retention
    from vertelpunt.models import Observation, SessionParticipant

    conn, directory = superuser
    wal_recycle("off")
    marks = {kind: f"{kind}{secrets.token_hex(5)}" for kind in ("story", "person", "card")}
    world.stories[0].text += f" {marks['story']}"
    first = world.sessions["first"]
    db.session.add(SessionParticipant(session_id=first.id, name=f"Naam {marks['person']}"))
    db.session.add(Observation(session_id=first.id, text=f"Kaart {marks['card']}"))
    db.session.commit()
    conn.execute(text("CHECKPOINT"))
    assert all(files_holding(directory, m.encode()) for m in marks.values())
    as_user("admin")
    url = f"/staff/trajecten/{traject.slug}/beeindigen"
    _post(client, url, op="close")
    client.get(f"/staff/trajecten/{traject.slug}/onderzoek.zip")
    assert _post(client, url, op="end", confirm=traject.slug).status_code == 302
    db.session.remove()
    assert retention.scrub_requested() == []
    assert {m: files_holding(directory, m.encode()) for m in marks.values()} == {
        m: [] for m in marks.values()
    }


def _closed_and_exported(client, traject) -> str:
    url = f"/staff/trajecten/{traject.slug}/beeindigen"
    assert _post(client, url, op="close").status_code == 302
    assert client.get(f"/staff/trajecten/{traject.slug}/onderzoek.zip").status_code == 200
    return url


def test_no_story_can_arrive_after_the_export_and_be_deleted_unexported(world, as_user, client, traject):
    """Attacks replayed from an independent attacker: a closed link replaced, a new link made after the
    export, and a story in flight while the links closed. Each means stories the export lacks: refused
    until it is downloaded again."""
    from vertelpunt.share import services as sharing
    from vertelpunt.staff import services

    as_user("admin")
    url = _closed_and_exported(client, traject)
    token = csrf_from(client.get(f"/staff/trajecten/{traject.slug}").get_data(as_text=True))
    links_before = db.session.scalar(select(func.count(Link.id)))
    replaced = client.post(
        f"/staff/trajecten/{traject.slug}/links/{world.link.id}/replace", data={"csrf_token": token}
    )
    assert replaced.status_code == 302 and db.session.scalar(select(func.count(Link.id))) == links_before

    # A story whose request checked the link before it closed, stored after the export.
    sub = sharing.Submission(prompt="helped", title="Laat", text="Een verhaal dat onderweg was.")
    sharing.store_submission(sub, world.link, "in-flight", "nl")
    db.session.commit()
    refused = _post(client, url, op="end", confirm=traject.slug)
    assert refused.status_code == 422 and "opnieuw" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Story.id))) == 15

    # A new link after the export: the vertelpunt is open again, step 1 comes back.
    services.create_link(traject, organisation=world.link.organisation, audience="parent")
    db.session.commit()
    assert _post(client, url, op="end", confirm=traject.slug).status_code == 422
    assert _post(client, url, op="close").status_code == 302
    assert _post(client, url, op="end", confirm=traject.slug).status_code == 422  # the export is stale
    client.get(f"/staff/trajecten/{traject.slug}/onderzoek.zip")
    assert _post(client, url, op="end", confirm=traject.slug).status_code == 302
    assert db.session.scalar(select(func.count(Story.id))) == 0


def test_the_record_of_mail_to_its_people_goes_with_the_traject(
    world, as_user, client, traject, users, app, tmp_path
):
    from vertelpunt.models import CoalitionSettings, SentMail

    invited = create_user("uitgenodigd", "x" * 16, memberships=[("testregio", "coalition")])
    invited.email = "uniek.adres@voorbeeld.nl"
    db.session.add(
        CoalitionSettings(traject_id=traject.id, recipients="digest@voorbeeld.nl, gedeeld@voorbeeld.nl")
    )
    db.session.add(
        CoalitionSettings(
            traject_id=users["other_coalition"].memberships[0].traject_id, recipients="gedeeld@voorbeeld.nl"
        )
    )
    for address in ("uniek.adres@voorbeeld.nl", "digest@voorbeeld.nl", "gedeeld@voorbeeld.nl"):
        db.session.add(SentMail(kind="digest", recipient=address, status="sent"))
    db.session.commit()
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    app.config["DIGEST_OUTBOX"] = str(outbox)
    (outbox / "invitation-2.eml").write_text("To: uniek.adres@voorbeeld.nl\n\nWelkom")
    (outbox / "testregio-2026-12-01.eml").write_text("To: digest@voorbeeld.nl\n\n14 verhalen")
    (outbox / "elders-2026-12-01.eml").write_text("To: gedeeld@voorbeeld.nl\n\nElders")
    as_user("admin")
    url = _closed_and_exported(client, traject)
    assert _post(client, url, op="end", confirm=traject.slug).status_code == 302
    assert set(db.session.scalars(select(SentMail.recipient))) == {"gedeeld@voorbeeld.nl"}
    assert sorted(p.name for p in outbox.iterdir()) == ["elders-2026-12-01.eml"]
