"""`flask backup` under load and `flask restore` after a wipe: every story acknowledged before the
backup comes back, and nothing withdrawn, purged or ended after it does."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select
from sqlalchemy import text as sql

from tests.conftest import PG_URL, base_config, reset_postgres
from tests.helpers import submit
from vertelpunt import create_app
from vertelpunt.extensions import db
from vertelpunt.models import Story, Traject
from vertelpunt.ops import backup as backups
from vertelpunt.staff import ending, services
from vertelpunt.stories import delete_stories


def _traject(slug: str = "backupregio") -> Traject:
    today = dt.date.today()
    traject = services.create_traject(
        slug=slug,
        name=slug.title(),
        region="Regio",
        focus="Iets",
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=5),
        municipalities=["Enschede"],
    )
    db.session.commit()
    return traject


def _wipe(app) -> None:
    """The database is lost: the SQLite file and its WAL deleted, or PostgreSQL's schema dropped."""
    db.session.remove()
    db.engine.dispose()
    if PG_URL:
        reset_postgres(PG_URL)
    else:
        path = Path(db.engine.url.database)
        for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            name.unlink(missing_ok=True)


def _texts() -> set[str]:
    return set(db.session.scalars(select(Story.text)))


def test_a_backup_under_load_restores_every_acknowledged_story_and_no_withdrawn_one(make_app):
    app = make_app(RATELIMIT_ENABLED=False)
    with app.app_context():
        token = services.general_link(_traject()).token
        db.session.remove()
    acknowledged: list[tuple[float, str]] = []
    failures: list[str] = []
    stop = threading.Event()

    def narrator(number: int) -> None:
        client = app.test_client()
        n = 0
        while not stop.is_set():
            text = f"Belastingverhaal {number}-{n}: het ging over de wachtlijst."
            try:
                page = submit(client, token, story=text).get_data(as_text=True)
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append(repr(error))
                return
            if 'class="receipt"' in page:
                acknowledged.append((time.monotonic(), text))
            n += 1

    threads = [threading.Thread(target=narrator, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    with app.app_context():
        started = time.monotonic()
        made = backups.backup()
    time.sleep(1.0)
    stop.set()
    for thread in threads:
        thread.join(30)
    assert failures == []
    before = {text for moment, text in acknowledged if moment < started}
    after = {text for moment, text in acknowledged if moment > started}
    assert len(before) >= 5 and after, (len(before), len(after))
    assert os.stat(made).st_mode & 0o777 == 0o600

    with app.app_context():
        withdrawn = sorted(before)[0]
        delete_stories(db.session.scalars(select(Story.id).where(Story.text.contains(withdrawn))))
        db.session.commit()
        _wipe(app)
        counts = backups.restore(made)
        kept = _texts()
    assert counts["stories"] == 1
    assert before - {withdrawn} <= kept  # every acknowledged story came back...
    assert withdrawn not in kept  # ...but not the one withdrawn after the backup


def test_an_ended_traject_and_a_purged_story_stay_gone_after_a_restore(app, client):
    kept_traject, ended_traject = _traject("blijft"), _traject("stopt")
    for traject, text in (
        (kept_traject, "Verhaal dat blijft bestaan."),
        (ended_traject, "Verhaal van het einde."),
    ):
        submit(client, services.general_link(traject).token, story=text)
    made = backups.backup()
    ending.delete_everything(db.session.get(Traject, ended_traject.id))
    db.session.commit()
    _wipe(app)
    counts = backups.restore(made)
    assert counts["trajecten"] == 1
    assert db.session.scalar(select(func.count(Traject.id)).where(Traject.slug == "stopt")) == 0
    assert _texts() == {"Verhaal dat blijft bestaan."}


def test_deletions_well_before_the_backup_are_not_applied_again(app, client, tmp_path):
    """On SQLite the id of the newest story can be given again after it was deleted: a tombstone from
    before the backup must not delete the story that holds that id in the backup."""
    traject = _traject()
    submit(client, services.general_link(traject).token, story="Een verhaal dat in de back-up staat.")
    story_id = db.session.scalar(select(Story.id))
    long_ago = time.time() - 3600
    Path(app.config["DELETIONS_LOG"]).write_text(f"{long_ago:.3f} story {story_id}\n")
    made = backups.backup()
    _wipe(app)
    assert backups.restore(made)["stories"] == 0
    assert _texts() == {"Een verhaal dat in de back-up staat."}


def test_the_commands_name_keep_and_refuse(app, tmp_path):
    _traject()
    runner = app.test_cli_runner()
    folder = Path(app.config["BACKUP_DIR"])
    folder.mkdir(parents=True)
    old = folder / f"storycycle-20200101T000000.000000Z.{'dump' if PG_URL else 'db'}"
    old.write_bytes(b"old")
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0 and "backup written:" in result.output and old.name in result.output
    assert not old.exists() and len(list(folder.glob("storycycle-*"))) == 1
    made = next(folder.glob("storycycle-*"))
    assert runner.invoke(args=["restore", str(made)], input="n\n").exit_code != 0  # asks first
    wrong = tmp_path / f"storycycle-20260101T000000.000000Z.{'db' if PG_URL else 'dump'}"
    wrong.write_bytes(b"x")
    refused = runner.invoke(args=["restore", str(wrong), "--yes"])
    assert refused.exit_code != 0 and "backup; this site runs on" in refused.output
    nameless = runner.invoke(args=["restore", str(tmp_path / "copy.db"), "--yes"])
    assert nameless.exit_code != 0 and "does not exist" in nameless.output
    done = runner.invoke(args=["restore", str(made), "--yes"])
    assert done.exit_code == 0 and "deleted again: 0" in done.output, done.output


@pytest.fixture(autouse=True)
def _pg_dump_present():
    if PG_URL and not Path("/usr/bin/pg_dump").exists():
        pytest.skip("pg_dump is not installed (Debian: postgresql-client)")
    yield
    if PG_URL:  # a test that failed between wipe and restore must not leave the next test no schema
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            missing = conn.execute(sql("SELECT to_regclass('public.stories') IS NULL")).scalar()
        engine.dispose()
        if missing:
            with create_app(base_config(PG_URL)).app_context():
                upgrade()
                db.engine.dispose()
