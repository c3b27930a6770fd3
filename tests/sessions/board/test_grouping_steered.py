"""Grouping the room steers (more or fewer themes, a number, or the engine's choice), done by the
worker while the board says it is busy, with the cards embedded by the worker as they arrive."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.helpers import run_jobs
from tests.sessions.board.conftest import board_url, staff
from tests.sessions.board.test_board import CARDS, add_cards, post
from vertelpunt import jobs
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Theme
from vertelpunt.sessions.board import regroup


def themes_with_cards(live) -> int:
    found = db.session.scalars(select(Theme).where(Theme.session_id == live.session.id))
    return sum(1 for t in found if t.observations)


def ask(client, live, **data):
    response = post(client, board_url(live, "bord/groeperen"), **data)
    assert response.status_code == 303
    return run_jobs("group_session")


def test_more_fewer_a_number_and_the_engines_choice(app, live):
    add_cards(live)
    client = staff(app.test_client())
    assert ask(client, live) == 1
    chosen = themes_with_cards(live)
    assert chosen >= 2 and db.session.get(DuidingSession, live.session.id).theme_count is None
    assert "Het aantal thema's wordt vanzelf gekozen" in client.get(board_url(live)).get_data(as_text=True)

    assert ask(client, live, change="more") == 1
    assert themes_with_cards(live) == chosen + 1
    assert db.session.get(DuidingSession, live.session.id).theme_count == chosen + 1
    assert f"Jullie vroegen om {chosen + 1} thema" in client.get(board_url(live)).get_data(as_text=True)

    assert ask(client, live, change="fewer") == 1
    assert themes_with_cards(live) == chosen

    assert ask(client, live, change="number", count="5") == 1
    assert themes_with_cards(live) == 5
    # A plain "group" (new cards came in) keeps the number the room asked for.
    add_cards(live, ["Weer maanden op de wachtlijst voor jeugdhulp"])
    assert ask(client, live) == 1
    assert themes_with_cards(live) == 5 and db.session.get(DuidingSession, live.session.id).theme_count == 5

    assert ask(client, live, change="auto") == 1
    assert db.session.get(DuidingSession, live.session.id).theme_count is None
    assert themes_with_cards(live) == chosen


@pytest.mark.parametrize(
    "data",
    [
        {"change": "number", "count": "1"},
        {"change": "number", "count": "21"},
        {"change": "number", "count": "drie"},
        {"change": "number", "count": "５"},
        {"change": "number", "count": ""},
        {"change": "number"},
        {"change": "alles"},
        {"change": ["more", "fewer"]},
    ],
)
def test_a_wrong_request_is_refused_in_dutch_and_asks_nothing(app, live, data):
    add_cards(live)
    client = staff(app.test_client())
    response = post(client, board_url(live, "bord/groeperen"), **data)
    assert response.status_code == 303
    page = client.get(board_url(live)).get_data(as_text=True)
    assert 'class="flash error"' in page or "flash error" in page
    session = db.session.get(DuidingSession, live.session.id)
    assert session.grouping_since is None and session.theme_count is None
    assert run_jobs("group_session") == 0


def test_the_board_is_busy_until_the_worker_has_grouped(app, live):
    add_cards(live)
    client = staff(app.test_client())
    post(client, board_url(live, "bord/groeperen"))
    live_url = board_url(live, "observaties/live")
    assert client.get(f"{live_url}?since=0").get_json()["grouping"] == "busy"
    page = client.get(board_url(live)).get_data(as_text=True)
    assert 'data-state="busy"' in page and "Bezig met groeperen" in page
    assert db.session.scalar(select(func.count(Theme.id))) == 0  # nothing grouped in the request
    assert run_jobs("group_session") == 1
    assert client.get(f"{live_url}?since=0").get_json()["grouping"] == ""
    assert themes_with_cards(live) >= 2


def test_a_grouping_nobody_did_is_reported_so_the_room_can_ask_again(app, live):
    add_cards(live)
    client = staff(app.test_client())
    post(client, board_url(live, "bord/groeperen"))
    session = db.session.get(DuidingSession, live.session.id)
    session.grouping_since -= regroup.GROUPING_PATIENCE + dt.timedelta(seconds=1)
    db.session.commit()
    assert "Het groeperen is niet klaar gekomen" in client.get(board_url(live)).get_data(as_text=True)
    assert run_jobs("group_session") == 1  # the worker came back: the grouping is done after all
    assert themes_with_cards(live) >= 2


def test_a_lost_grouping_job_is_found_by_the_sweep_and_runs_once(app, live):
    add_cards(live)
    client = staff(app.test_client())
    post(client, board_url(live, "bord/groeperen"))
    assert run_jobs("embed_cards") >= 1
    # A worker took the job and was killed (the other jobs stay queued).
    queued = []
    while (task := jobs.huey.dequeue()) is not None:
        queued.append(task)
    (task,) = [t for t in queued if t.name == "group_session"]
    for other in queued:
        if other is not task:
            jobs.huey.enqueue(other)
    from vertelpunt.jobs import tasks

    db.session.commit()
    tasks.sweep.call_local()
    assert run_jobs("group_session") == 1
    first = {t.id for t in db.session.scalars(select(Theme))}
    assert first
    # The old job turns up after all: it finds nothing asked and changes nothing.
    jobs.huey.execute(task)
    db.session.expire_all()
    assert {t.id for t in db.session.scalars(select(Theme))} == first


def test_a_closed_session_is_not_regrouped_by_a_late_job(app, live):
    add_cards(live)
    client = staff(app.test_client())
    post(client, board_url(live, "bord/groeperen"))
    session = db.session.get(DuidingSession, live.session.id)
    session.status = "closed"
    db.session.commit()
    assert run_jobs("group_session") == 1
    assert db.session.scalar(select(func.count(Theme.id))) == 0
    assert db.session.get(DuidingSession, live.session.id).grouping_since is None


def test_too_few_cards_ask_nothing(app, live):
    add_cards(live, CARDS[:2])
    client = staff(app.test_client())
    post(client, board_url(live, "bord/groeperen"))
    assert "Nog te weinig observaties" in client.get(board_url(live)).get_data(as_text=True)
    assert db.session.get(DuidingSession, live.session.id).grouping_since is None
    assert run_jobs("group_session") == 0


def test_the_worker_embeds_cards_as_they_arrive_so_grouping_embeds_nothing_new(app, live, monkeypatch):
    """The fast path, with a real model: every card's vector is in the worker's cache before the room
    asks, so the grouping job embeds no text."""
    from sensemaking.vectors import load_embedder, text_key

    app.config["BOARD_GROUPING_MODELS"] = "use"
    add_cards(live)
    assert run_jobs("embed_cards") == 1  # one job per card posted in one request
    cache = regroup._vector_cache()
    keys = [text_key(t) for t in CARDS]
    assert len(cache.get_many("use", keys)) == len(CARDS)
    embedder = load_embedder("use")
    embedded: list[str] = []
    real = embedder.embed
    monkeypatch.setattr(embedder, "embed", lambda texts: (embedded.extend(texts), real(texts))[1])
    client = staff(app.test_client())
    post(client, board_url(live, "bord/groeperen"))
    assert run_jobs("group_session") == 1
    assert themes_with_cards(live) >= 2 and embedded == []


def test_the_sweep_does_not_retry_an_old_grouping_for_ever(app, live):
    """A grouping that keeps failing (or was asked long ago) is not queued again every five minutes:
    the board reports it, and the room asks again."""
    from vertelpunt.jobs import tasks

    add_cards(live)
    client = staff(app.test_client())
    post(client, board_url(live, "bord/groeperen"))
    run_jobs("embed_cards")
    queued = []
    while (task := jobs.huey.dequeue()) is not None:
        queued.append(task)  # the job is lost
    session = db.session.get(DuidingSession, live.session.id)
    session.grouping_since -= 5 * regroup.GROUPING_PATIENCE + dt.timedelta(seconds=1)
    db.session.commit()
    tasks.sweep.call_local()
    assert run_jobs("group_session") == 0
    assert "Het groeperen is niet klaar gekomen" in client.get(board_url(live)).get_data(as_text=True)
    post(client, board_url(live, "bord/groeperen"))  # the room asks again
    assert run_jobs("group_session") == 1 and themes_with_cards(live) >= 2
