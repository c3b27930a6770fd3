"""The action ledger: owner, status, due date, origin, reviews; stories for facilitators only."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io

from vertelpunt.evolve import ledger


def _page(client, query=""):
    response = client.get(f"/staff/trajecten/testregio/acties{query}")
    return response, html.unescape(response.get_data(as_text=True))


def test_facilitator_sees_every_action_with_origin_reviews_and_stories(app, world, as_user):
    response, page = _page(as_user("begeleider"))
    assert response.status_code == 200
    for action in world.actions.values():
        assert action.title in page
    assert "Eerste sessie" in page and "“Wachttijden”" in page
    assert "Geen budget" in page and "Nieuwe wethouder" in page and "Brief sturen" in page
    assert world.stories[0].text in page  # behind "Wachttijden"
    assert "Verhalen achter dit thema (11)" in page


def test_coalition_never_sees_story_texts(app, world, as_user):
    response, page = _page(as_user("coalitie"))
    assert response.status_code == 200
    assert "Wachtlijst korter maken" in page
    for s in world.stories:
        assert s.text not in page and s.title not in page
    assert "Verhalen achter" not in page
    body = as_user("coalitie").get("/staff/trajecten/testregio/acties.csv").get_data(as_text=True)
    assert "story_ids" not in body
    for s in world.stories:
        assert s.text not in body


def test_overdue_actions_stand_out_in_words_and_come_first(app, world, as_user):
    _, page = _page(as_user("coalitie"))
    assert "Te laat" in page and "3 dagen te laat" in page
    assert "1 te laat" in page
    assert page.index("Wachtlijst korter maken") < page.index("Interne afspraak scholen")
    assert page.count('class="badge"') == 1


def test_filters_by_owner_status_and_overdue(app, world, as_user):
    client = as_user("coalitie")
    _, page = _page(client, "?owner=Wijkteam+Zuid")
    assert "Interne afspraak scholen" in page and "Folder over wachttijd" in page
    assert "Wachtlijst korter maken" not in page
    _, page = _page(client, "?status=done")
    assert "Folder over wachttijd" in page and "Interne afspraak scholen" not in page
    _, page = _page(client, "?overdue=1")
    assert "Wachtlijst korter maken" in page and "Folder over wachttijd" not in page
    response, page = _page(client, "?status=kwijt")
    assert response.status_code == 422 and "Kies een status uit de lijst." in page


def test_csv_export_uses_the_same_filters(app, world, as_user):
    client = as_user("begeleider")
    response = client.get("/staff/trajecten/testregio/acties.csv?owner=Wijkteam+Zuid")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert {r["title"] for r in rows} == {"Interne afspraak scholen", "Folder over wachttijd"}
    everything = client.get("/staff/trajecten/testregio/acties.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(everything), delimiter=";")}
    overdue = rows["Wachtlijst korter maken"]
    assert overdue["overdue"] == "true" and "Tweede sessie: open" in overdue["reviews"]
    assert overdue["story_ids"].split() == [str(s.id) for s in world.stories[:11]]
    assert client.get("/staff/trajecten/testregio/acties.csv?status=x").status_code == 422


def test_other_traject_sees_nothing(app, world, as_user):
    client = as_user("coalitie-elders")
    assert client.get("/staff/trajecten/testregio/acties").status_code == 404
    assert client.get("/staff/trajecten/testregio/acties.csv").status_code == 404


def test_is_overdue_only_for_open_actions(app, world):
    today = dt.date.today()
    done = world.actions["done"]
    done.due_on = today - dt.timedelta(days=30)
    assert not ledger.is_overdue(done, today)
    assert ledger.is_overdue(world.actions["overdue"], today)
    assert not ledger.is_overdue(world.actions["overdue"], today - dt.timedelta(days=10))
