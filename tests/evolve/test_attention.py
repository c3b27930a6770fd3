"""Actions that stall between sessions surface: past their date or without news for STALE_WEEKS, at the
top of the ledger and in the coalition's twice-weekly digest (and only their own traject's)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.conftest import login
from vertelpunt.coalition import digest
from vertelpunt.evolve import ledger
from vertelpunt.extensions import db
from vertelpunt.models import Action, ActionReview, Traject


def _stale(world, title="Oudercafé starten") -> Action:
    """An open action made STALE_WEEKS and a day ago that nobody reviewed since."""
    made = dt.datetime.now() - dt.timedelta(weeks=ledger.STALE_WEEKS, days=1)
    action = Action(
        traject_id=world.traject.id,
        session_id=world.sessions["first"].id,
        title=title,
        owner_organisation="Wijkteam Noord",
        status="in_progress",
        created_at=made,
    )
    db.session.add(action)
    db.session.commit()
    return action


def test_overdue_and_stale_open_actions_need_attention_and_nothing_else(world):
    stale = _stale(world)
    today = dt.date.today()
    found = {r.action.id: r for r in ledger.needing_attention(world.traject, today)}
    overdue = world.actions["overdue"]
    assert set(found) == {overdue.id, stale.id}
    assert found[overdue.id].overdue and found[stale.id].stale and not found[stale.id].overdue
    # A review is news: the action is no longer stale.
    db.session.add(
        ActionReview(
            action_id=stale.id,
            session_id=stale.session_id,
            status="in_progress",
            next_step="Ruimte huren",
            reviewed_on=today - dt.timedelta(days=2),
        )
    )
    db.session.commit()
    db.session.expire_all()
    assert {r.action.id for r in ledger.needing_attention(world.traject, today)} == {overdue.id}


def test_the_digest_lists_them_for_the_coalition_of_this_traject_only(world, users):
    stale = _stale(world)
    other = db.session.scalar(select(Traject).where(Traject.slug == "elders"))
    html, _counts = digest.compose(world.traject, dt.date.today())
    assert "Wachtlijst korter maken" in html and "Oudercafé starten" in html
    assert f'data-action="{stale.id}"' in html and "/staff/trajecten/" in html
    assert "Folder over wachttijd" not in html  # done
    assert "Interne afspraak scholen" not in html  # on time
    assert "Jan Jansen" not in html  # owners' names stay in the ledger, not in mail
    elsewhere, _counts = digest.compose(other, dt.date.today())
    assert "Wachtlijst korter maken" not in elsewhere and "Oudercafé starten" not in elsewhere
    assert "Geen actie is over datum" in elsewhere


def test_the_ledger_shows_stale_actions_at_the_top_with_their_last_news(client, users, world):
    _stale(world)
    login(client, "coalitie")
    page = client.get(f"/staff/trajecten/{world.traject.slug}/acties").get_data(as_text=True)
    assert "Geen nieuws sinds" in page and "zonder nieuws" in page
    first, stale, on_time = (
        page.index(t) for t in ("Wachtlijst korter maken", "Oudercafé", "Interne afspraak")
    )
    assert first < stale < on_time


def test_a_later_review_s_next_step_is_the_action_s_current_one(client, users, world):
    overdue = world.actions["overdue"]  # made with "Overleg plannen"; the second session wrote "Brief sturen"
    assert overdue.next_step == "Overleg plannen" and overdue.current_next_step == "Brief sturen"
    login(client, "coalitie")
    page = client.get(f"/staff/trajecten/{world.traject.slug}/acties").get_data(as_text=True)
    assert "<dt>Volgende stap</dt><dd>Brief sturen</dd>" in page
    html, _counts = digest.compose(world.traject, dt.date.today())
    assert "volgende stap: Brief sturen" in html and "Overleg plannen" not in html
