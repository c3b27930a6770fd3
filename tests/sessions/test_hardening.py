"""Found in review: ids in forms and addresses that no row can have gave a server error (an integer out
of range on PostgreSQL, an OverflowError on SQLite, or int() refusing "²"). Now a Dutch message and
nothing saved, or "not found" for an address."""

from __future__ import annotations

import html
import io
import re

import pytest
from sqlalchemy import event, func, select

from tests.conftest import login
from tests.sessions.conftest import make_session, post
from vertelpunt.extensions import db
from vertelpunt.models import Action, ActionReview, DissentRemark, DissentRound, IndicatorValue, Source
from vertelpunt.sessions import actions

BASE = "/staff/trajecten/testregio/sessies"
IMPOSSIBLE = ["99999999999999999999", "2147483648", "²", "١٢"]


def counts() -> dict:
    return {
        m.__name__: db.session.scalar(select(func.count(m.id)))
        for m in (Action, ActionReview, DissentRound, DissentRemark, Source)
    }


@pytest.mark.parametrize("bad", IMPOSSIBLE)
def test_impossible_ids_in_forms_get_a_dutch_message_and_nothing_is_saved(as_user, traject, held, bad):
    client = as_user("begeleider")
    url = f"{BASE}/{held.id}"
    later = post(client, f"{BASE}/nieuw", {"title": "Tweede", "held_on": "2030-01-01"})
    second = f"{BASE}/{later.headers['Location'].split('/sessies/')[1].split('/')[0]}"
    first_steps = {a.id: a.first_step for a in db.session.scalars(select(Action))}
    before = counts()
    for path, data, message in (
        (f"{url}/acties", {"title": "Nieuwe actie", "theme_id": bad}, "Kies een thema van deze sessie."),
        (f"{second}/terugblik", {"action_id": bad, "status": "done"}, "Kies een actie om te bespreken"),
        (
            f"{url}/dissent",
            {"what": "round", "proposal": "Voorstel", "action_id": bad},
            "Kies een actie van deze sessie.",
        ),
        (
            f"{url}/dissent",
            {"what": "critique", "round_id": bad, "text": "Kritiek"},
            "Deze ronde hoort niet bij deze sessie.",
        ),
        (
            f"{url}/cijfers-en-bronnen",
            {"what": "sources", "source_id": [bad]},
            "Deze bron hoort niet bij dit traject.",
        ),
        (
            "/staff/trajecten/testregio/bronnen",
            {"source_id": bad, "title": "Bron"},
            "Deze bron hoort niet bij dit traject.",
        ),
        (
            "/staff/trajecten/testregio/bronnen",
            {"title": "Bron", "year": bad},
            "Vul een heel getal in.",
        ),
    ):
        response = post(client, path, data)
        assert response.status_code == 422, (path, data)
        assert message in html.unescape(response.get_data(as_text=True)), (path, data)
    removed = post(
        client,
        "/staff/trajecten/testregio/bronnen/verwijderen",
        {"source_id": bad},
        page="/staff/trajecten/testregio/bronnen",
    )
    assert removed.status_code == 422 and "Deze bron hoort niet bij dit traject." in html.unescape(
        removed.get_data(as_text=True)
    )
    # An impossible id among the ticked first steps is refused like any other: the first steps stay.
    chosen = post(client, f"{url}/eerste-stappen", {"first_step": [bad]}, page=f"{url}/acties")
    assert chosen.status_code == 422
    assert "Kies een actie van deze sessie." in html.unescape(chosen.get_data(as_text=True))
    assert counts() == before
    assert {a.id: a.first_step for a in db.session.scalars(select(Action))} == first_steps


def test_a_review_with_an_impossible_action_id_says_so_in_dutch(as_user, held):
    client = as_user("begeleider")
    later = post(client, f"{BASE}/nieuw", {"title": "Tweede", "held_on": "2030-01-01"})
    second = f"{BASE}/{later.headers['Location'].split('/sessies/')[1].split('/')[0]}"
    response = post(client, f"{second}/terugblik", {"action_id": "99999999999999999999", "status": "done"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(ActionReview.id))) == 0


@pytest.mark.parametrize("bad", IMPOSSIBLE[:2])
def test_impossible_ids_in_the_address_are_not_found(as_user, held, bad):
    client = as_user("begeleider")
    for path in ("", "/voorbereiden", "/acties", "/verslag", "/verslag.md", "/terugblik"):
        assert client.get(f"{BASE}/{bad}{path}").status_code == 404, path
    assert client.get(f"{BASE}/{held.id}/acties/{bad}").status_code == 404
    before = counts()
    for path in (f"/acties/{bad}/verwijderen", f"/deelnemers/{bad}/verwijderen"):
        response = post(client, f"{BASE}/{held.id}{path}", {"confirm": "1"}, page=f"{BASE}/{held.id}")
        assert response.status_code in (404, 422), path
    assert counts() == before
    assert len(held.participants) == 2


def test_an_earlier_session_does_not_review_a_later_sessions_actions(as_user, traject, held):
    """Step 2 reviews actions from earlier sessions: a session planned later is not on its agenda."""
    client = as_user("begeleider")
    later = post(
        client,
        f"{BASE}/nieuw",
        {"title": "Later", "held_on": (held.held_on.replace(year=held.held_on.year + 1)).isoformat()},
    )
    later_url = later.headers["Location"].split("/verhalen")[0].split("#")[0]
    added = post(client, f"{later_url}/acties", {"title": "Actie van later", "owner_person": "Carla"})
    assert added.status_code == 303
    later_action = db.session.scalar(select(Action).where(Action.title == "Actie van later"))
    page = client.get(f"{BASE}/{held.id}/terugblik").get_data(as_text=True)
    assert "Actie van later" not in page
    refused = post(
        client, f"{BASE}/{held.id}/terugblik", {"action_id": str(later_action.id), "status": "done"}
    )
    assert refused.status_code == 422
    assert "Deze actie kan in deze sessie niet besproken worden." in html.unescape(
        refused.get_data(as_text=True)
    )
    assert db.session.scalar(select(func.count(ActionReview.id))) == 0
    # The later session does list the earlier session's open actions.
    listed = client.get(f"{later_url}/terugblik").get_data(as_text=True)
    assert "Vast aanspreekpunt op school" in html.unescape(listed) and "Actie van later" not in listed


def test_a_refused_status_change_is_said_in_dutch_words(as_user, duiding):
    client = as_user("begeleider")
    url = f"{BASE}/{duiding.id}"
    assert post(client, f"{url}/status", {"to": "open"}, page=url).status_code == 303
    assert post(client, f"{url}/status", {"to": "closed"}, page=url).status_code == 303
    again = post(client, f"{url}/status", {"to": "prepared"}, page=url)
    assert again.status_code == 422
    assert "Deze sessie kan niet van gesloten naar in voorbereiding." in html.unescape(
        again.get_data(as_text=True)
    )
    nonsense = post(client, f"{url}/status", {"to": "weg"}, page=url)
    assert nonsense.status_code == 422
    assert "Kies of de sessie opengaat, sluit of terug in voorbereiding gaat." in html.unescape(
        nonsense.get_data(as_text=True)
    )
    db.session.expire_all()
    assert db.session.get(type(duiding), duiding.id).status == "closed"


def test_the_coalition_sees_the_story_counts_of_a_report_protected(app, as_user, held):
    """Below facilitator level small counts are hidden, as on the coalition's dashboard (spec 4.4): the
    report's story set of four youths shows as "minder dan 10", to the facilitator as it is."""
    url = f"{BASE}/{held.id}"
    facilitator = app.test_client()
    login(facilitator, "begeleider")
    exact = html.unescape(facilitator.get(f"{url}/verslag.md").get_data(as_text=True))
    assert "Verhalen: 4." in exact and "Jongere (12 tot 18): 4" in exact
    assert "verborgen" not in exact
    coalition = as_user("coalitie")
    for path in ("/verslag", "/verslag.md"):
        page = html.unescape(coalition.get(f"{url}{path}").get_data(as_text=True)).replace("\\", "")
        text = re.sub(r"<[^>]+>", "", page)  # a count in the page is an element with its bounds as data
        assert "Verhalen: minder dan 10." in text and "Jongere (12 tot 18): minder dan 10" in text, path
        assert "Jongere (12 tot 18): 4" not in text and "Verhalen: 4." not in text, path
        assert "van 1 tot en met 9" in text, path


def _queries(client, url: str) -> int:
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def test_the_review_step_and_the_report_do_not_query_per_action(as_user, traject):
    """Three open actions with their history or thirty: the same number of queries."""
    earlier = [make_session(traject, f"Sessie {i}", days=i * 14) for i in range(3)]
    now = make_session(traject, "Nu", days=60)
    client = as_user("begeleider")
    pages = [f"{BASE}/{now.id}{p}" for p in ("/terugblik", "/verslag", "/verslag.md")]

    def add(n: int) -> dict:
        for session in earlier[:2]:
            for i in range(n):
                action = actions.create_action(session, {"title": f"Actie {session.id}-{i}"})
                actions.record_review(earlier[2], action.id, status="in_progress", obstacles="Tijd")
                actions.record_review(now, action.id, status="in_progress", next_step="Bellen")
        db.session.commit()
        return {page: _queries(client, page) for page in pages}

    few = add(2)
    many = add(15)
    assert many == few


def test_a_figures_file_the_csv_reader_refuses_gets_a_dutch_message(as_user, traject):
    client = as_user("begeleider")
    url = "/staff/trajecten/testregio/cijfers"
    data = b"indicator,eenheid,periode,waarde\n" + b"x" * 140_000 + b",personen,2019,5\n"
    response = post(
        client, url, {"file": (io.BytesIO(data), "cijfers.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "Dit bestand is niet te lezen" in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(select(func.count(IndicatorValue.id))) == 0
