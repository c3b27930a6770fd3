"""The facilitator pages through the test client, access per role, and one session walked from
preparation to report."""

from __future__ import annotations

import datetime as dt
import io
import re

from sqlalchemy import select

from tests.sessions.conftest import KENNISPUNT_PATH, make_session, post
from vertelpunt.extensions import db
from vertelpunt.models import ActionReview, DuidingSession, Observation, SessionEvaluation, Theme

BASE = "/staff/trajecten/testregio/sessies"


def test_the_traject_page_links_to_the_sessions(as_user, traject):
    page = as_user("coalitie").get("/staff/trajecten/testregio").get_data(as_text=True)
    assert f'href="{BASE}"' in page


def test_new_session_form_creates_and_refuses_bad_input(as_user, traject, users):
    client = as_user("begeleider")
    page = client.get(f"{BASE}/nieuw").get_data(as_text=True)
    assert 'name="participants"' in page and "begeleider" in page
    bad = post(client, f"{BASE}/nieuw", {"title": "", "held_on": "morgen"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "Geef de sessie een naam." in html and "Vul een datum in (dag, maand, jaar)." in html
    assert db.session.scalar(select(DuidingSession.id)) is None
    good = post(
        client,
        f"{BASE}/nieuw",
        {
            "title": "Sessie juni",
            "held_on": "2026-06-10",
            "duration_minutes": "120",
            "facilitators": str(users["facilitator"].id),
            "participants": "Anna; Wijkteam",
        },
        page=f"{BASE}/nieuw",
    )
    assert good.status_code == 303
    session = db.session.scalar(select(DuidingSession))
    assert good.headers["Location"].endswith(f"/sessies/{session.id}/verhalen")
    assert session.participants[0].organisation == "Wijkteam"


def test_overview_shows_the_eight_steps_and_links_to_the_board(as_user, duiding):
    page = as_user("begeleider").get(f"{BASE}/{duiding.id}").get_data(as_text=True)
    for n in range(1, 9):
        assert f'<span class="n">{n}.</span>' in page
    assert f"{BASE}/{duiding.id}/bord" in page
    assert f"{BASE}/{duiding.id}/observaties" in page
    assert f"{BASE}/{duiding.id}/verslag" in page


def test_opening_shows_the_code_big_and_closing_ends_it(as_user, duiding):
    client = as_user("begeleider")
    url = f"{BASE}/{duiding.id}"
    opened = post(client, f"{url}/status", {"to": "open"}, page=url)
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/code")
    page = client.get(f"{url}/code").get_data(as_text=True)
    shown = f"{duiding.join_code[:3]} {duiding.join_code[3:]}"
    assert 'class="code-big"' in page and shown in page
    assert post(client, f"{url}/status", {"to": "nonsense"}, page=url).status_code == 422
    assert post(client, f"{url}/status", {"to": "closed"}, page=url).status_code == 303
    db.session.expire_all()
    assert db.session.get(DuidingSession, duiding.id).status == "closed"
    assert shown not in client.get(f"{url}/code").get_data(as_text=True)


def test_story_set_page_selects_and_shows_stories_only_to_facilitators(as_user, duiding, stories):
    client = as_user("begeleider")
    url = f"{BASE}/{duiding.id}/verhalen"
    response = post(client, url, {"kind": "balanced", "size": "6", "seed": "3"})
    assert response.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "6 verhalen" in page or "6" in page
    shown = [s for s in stories if s.text in page]
    assert len(shown) == 6
    response = post(client, url, {"kind": "filter", "perspective": ["youth"], "limit": "3"})
    assert response.status_code == 303
    assert post(client, url, {"kind": "filter", "perspective": ["child"]}).status_code == 422
    assert post(client, url, {"kind": "pattern", "statement": "Bestaat niet"}).status_code == 422
    assert post(client, url, {}).status_code == 422
    db.session.expire_all()
    assert len(db.session.get(DuidingSession, duiding.id).stories) == 3


def test_review_page_lists_open_actions_with_history_and_saves(as_user, traject, held):
    client = as_user("begeleider")
    later = make_session(traject, "Tweede sessie", days=21)
    url = f"{BASE}/{later.id}/terugblik"
    page = client.get(url).get_data(as_text=True)
    assert "Vast aanspreekpunt op school" in page and "Wachtlijst in beeld" in page
    action_id = int(re.search(r'name="action_id" value="(\d+)"', page).group(1))
    saved = post(
        client,
        url,
        {
            "action_id": str(action_id),
            "status": "in_progress",
            "obstacles": "Geen geld",
            "next_step": "Bellen",
        },
    )
    assert saved.status_code == 303
    review = db.session.scalar(select(ActionReview))
    assert (review.session_id, review.status, review.obstacles) == (later.id, "in_progress", "Geen geld")
    third = make_session(traject, "Derde sessie", days=42)
    page = client.get(f"{BASE}/{third.id}/terugblik").get_data(as_text=True)
    assert "Geen geld" in page and "Tweede sessie" in page  # the history
    assert post(client, url, {"action_id": str(action_id), "status": "later"}).status_code == 422


def test_actions_page_adds_changes_first_steps_and_removes(as_user, held):
    client = as_user("begeleider")
    url = f"{BASE}/{held.id}/acties"
    page = client.get(url).get_data(as_text=True)
    assert "School als vangnet" in page and "Vast aanspreekpunt op school" in page
    theme = db.session.scalar(select(Theme).where(Theme.name == "Wachten op hulp"))
    added = post(
        client,
        url,
        {
            "title": "Wachtlijst delen",
            "theme_id": str(theme.id),
            "term": "short",
            "size": "small",
            "owner_person": "Eva",
        },
    )
    assert added.status_code == 303
    assert post(client, url, {"title": "", "term": "short"}).status_code == 422
    from vertelpunt.sessions.actions import session_actions

    actions = {a.title: a for a in session_actions(held)}
    new = actions["Wachtlijst delen"]
    assert (new.theme_id, new.owner_person) == (theme.id, "Eva")
    steps = post(client, f"{BASE}/{held.id}/eerste-stappen", {"first_step": [str(new.id)]}, page=url)
    assert steps.status_code == 303
    db.session.expire_all()
    assert [a.title for a in session_actions(held) if a.first_step] == ["Wachtlijst delen"]
    edit = f"{BASE}/{held.id}/acties/{new.id}"
    assert "Wachtlijst delen" in client.get(edit).get_data(as_text=True)
    changed = {"title": "Wachtlijst bespreken", "term": "long", "size": "large", "due_on": "2026-10-01"}
    assert post(client, edit, {**changed, "first_step": "1", "theme_id": str(theme.id)}).status_code == 303
    shown = client.get(edit).get_data(as_text=True)  # the form shows the action as saved
    assert 'value="long" checked' in shown and 'value="large" checked' in shown
    assert 'value="2026-10-01"' in shown and 'name="first_step" value="1" checked' in shown
    assert f'<option value="{theme.id}" selected>' in shown
    remove = f"{BASE}/{held.id}/acties/{new.id}/verwijderen"
    assert post(client, remove, {}, page=url).status_code == 422
    assert post(client, remove, {"confirm": "1"}, page=url).status_code == 303
    db.session.expire_all()
    assert "Wachtlijst bespreken" not in [a.title for a in session_actions(held)]


def test_dissent_page_records_rounds(as_user, duiding):
    client = as_user("begeleider")
    url = f"{BASE}/{duiding.id}/dissent"
    assert post(client, url, {"what": "round", "proposal": "Eén loket"}).status_code == 303
    round_id = re.search(r'name="round_id" value="(\d+)"', client.get(url).get_data(as_text=True)).group(1)
    assert (
        post(client, url, {"what": "critique", "round_id": round_id, "text": "Te groot\nTe duur"}).status_code
        == 303
    )
    assert (
        post(client, url, {"what": "suggestion", "round_id": round_id, "text": "Klein beginnen"}).status_code
        == 303
    )
    assert (
        post(
            client, url, {"what": "revised", "round_id": round_id, "revised_proposal": "Loket in één wijk"}
        ).status_code
        == 303
    )
    assert post(client, url, {"what": "critique", "round_id": round_id, "text": ""}).status_code == 422
    page = client.get(url).get_data(as_text=True)
    assert "Te groot" in page and "Klein beginnen" in page and "Loket in één wijk" in page


def test_figures_upload_page_all_or_nothing_and_evidence_page(as_user, duiding):
    client = as_user("begeleider")
    url = "/staff/trajecten/testregio/cijfers"
    bad = b"indicator,eenheid,periode,waarde\ninwoners,personen,2018,veel\n"
    response = post(
        client, url, {"file": (io.BytesIO(bad), "cijfers.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "Regel 2" in response.get_data(as_text=True)
    response = post(
        client,
        url,
        {"file": (io.BytesIO(KENNISPUNT_PATH.read_bytes()), "kennispunt.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Jeugdigen met indicatie" in page and "15.570" in page
    evidence = f"{BASE}/{duiding.id}/cijfers-en-bronnen"
    assert (
        post(client, evidence, {"what": "indicators", "indicator": ["inwoners|personen"]}).status_code == 303
    )
    page = client.get(evidence).get_data(as_text=True)
    assert 'data-chart="fig-0"' in page and "627.848" in page
    assert "/staff/assets/coalition/coalition.js" in page and "<script>" not in page


def test_sources_page_adds_refuses_and_removes(as_user, traject):
    client = as_user("begeleider")
    url = "/staff/trajecten/testregio/bronnen"
    assert post(client, url, {"title": "Rapport", "year": "2020", "importance": "high"}).status_code == 303
    assert post(client, url, {"title": "Rapport", "url": "ftp://x"}).status_code == 422
    page = client.get(url).get_data(as_text=True)
    source_id = re.search(r'name="source_id" value="(\d+)"', page).group(1)
    assert post(client, f"{url}/verwijderen", {"source_id": source_id}, page=url).status_code == 303
    assert "Rapport" not in client.get(url).get_data(as_text=True).split("<h2>")[0 + 1]


def test_report_page_markdown_and_pdf_for_the_coalition_without_story_text(as_user, held, stories):
    client = as_user("coalitie")
    listing = client.get(BASE).get_data(as_text=True)
    assert "Eerste sessie" in listing and f"{BASE}/{held.id}/verslag" in listing
    assert (
        f'href="{BASE}/{held.id}"' not in listing
    )  # the coalition gets the report, not the facilitator's pages
    page = client.get(f"{BASE}/{held.id}/verslag")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "School als vangnet" in html and "Mevrouw Jansen" in html and "Twee scholen beginnen" in html
    assert "@media print" in client.get("/staff/assets/sessions/sessions.css").get_data(as_text=True)
    markdown = client.get(f"{BASE}/{held.id}/verslag.md")
    assert markdown.status_code == 200 and markdown.mimetype == "text/markdown"
    assert "attachment" in markdown.headers["Content-Disposition"]
    body = markdown.get_data(as_text=True)
    pdf = client.get(f"{BASE}/{held.id}/verslag.pdf")
    assert pdf.status_code == 200
    for story in stories:
        assert story.text not in html and story.text not in body
        assert story.title not in body or story.title == "Titel"  # the test stories all share one title
    assert client.get(f"{BASE}/{held.id}").status_code == 403
    assert client.get(f"{BASE}/{held.id}/verhalen").status_code == 403


def test_other_trajects_see_nothing_and_a_session_of_another_traject_is_hidden(
    as_user, traject, users, duiding
):
    from vertelpunt.core.access import traject_by_slug

    elders = traject_by_slug("elders")
    foreign = make_session(elders, "Elders sessie")
    client = as_user("begeleider-elders")
    for path in ("", "/verslag", "/verslag.md", "/acties", "/terugblik"):
        assert client.get(f"{BASE}/{duiding.id}{path}").status_code == 404
    assert client.get(BASE).status_code == 404
    # Our facilitator cannot reach the other traject's session through our slug either.
    ours = as_user("begeleider")
    assert ours.get(f"{BASE}/{foreign.id}").status_code == 404
    assert ours.get(f"{BASE}/{foreign.id}/verslag").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, duiding):
    response = client.get(f"{BASE}/{duiding.id}/verslag")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/staff/assets/coalition/coalition.js").status_code == 200


def test_a_session_walked_from_preparation_to_report(as_user, traject, users, stories):
    client = as_user("begeleider")
    # 1. Prepare.
    created = post(
        client,
        f"{BASE}/nieuw",
        {
            "title": "Duiding scheiding",
            "held_on": dt.date.today().isoformat(),
            "starts_at": "13:30",
            "duration_minutes": "150",
            "goal": "Zien wat jongeren missen",
            "focus": "Kinderen en scheiding",
            "facilitators": str(users["facilitator"].id),
            "participants": "Anna; Wijkteam Hengelo\nBram; Basisschool De Linde",
        },
    )
    session_id = int(re.search(r"/sessies/(\d+)/", created.headers["Location"]).group(1))
    url = f"{BASE}/{session_id}"
    details = client.get(f"{url}/voorbereiden").get_data(as_text=True)
    assert f'value="{dt.date.today().isoformat()}"' in details and 'value="13:30"' in details
    assert f'name="facilitators" value="{users["facilitator"].id}" checked' in details
    assert (
        post(
            client, f"{url}/deelnemers", {"participants": "Carla; GGD Twente"}, page=f"{url}/voorbereiden"
        ).status_code
        == 303
    )
    assert post(client, f"{url}/verhalen", {"kind": "balanced", "size": "9", "seed": "1"}).status_code == 303
    post(client, "/staff/trajecten/testregio/bronnen", {"title": "Scheiding op school", "importance": "high"})
    post(
        client,
        "/staff/trajecten/testregio/cijfers",
        {"file": (io.BytesIO(KENNISPUNT_PATH.read_bytes()), "k.csv")},
        content_type="multipart/form-data",
    )
    evidence = f"{url}/cijfers-en-bronnen"
    page = client.get(evidence).get_data(as_text=True)
    source_id = re.search(r'name="source_id" value="(\d+)"', page).group(1)
    assert post(client, evidence, {"what": "sources", "source_id": [source_id]}).status_code == 303
    assert (
        post(
            client, evidence, {"what": "indicators", "indicator": ["jeugdigen_met_indicatie|personen"]}
        ).status_code
        == 303
    )
    assert post(client, f"{url}/status", {"to": "open"}, page=url).status_code == 303
    # 3-4 and 7 happen on the board: stored directly here.
    session = db.session.get(DuidingSession, session_id)
    theme = Theme(session_id=session_id, name="De school merkt het eerst", confirmed=True)
    db.session.add(theme)
    db.session.flush()
    observation = Observation(session_id=session_id, text="Mentoren zien het als eerste", theme_id=theme.id)
    observation.stories.append(session.stories[0].story)
    db.session.add_all(
        [
            observation,
            SessionEvaluation(session_id=session_id, participant_id=session.participants[0].id, rating=4),
        ]
    )
    db.session.commit()
    # 5. Actions and first steps.
    assert (
        post(
            client,
            f"{url}/acties",
            {
                "title": "Mentoren scholen",
                "theme_id": str(theme.id),
                "term": "short",
                "size": "small",
                "owner_organisation": "Basisschool De Linde",
                "owner_person": "Bram",
                "next_step": "Training plannen",
                "first_step": "1",
            },
        ).status_code
        == 303
    )
    # 6. Ritual dissent.
    assert (
        post(
            client, f"{url}/dissent", {"what": "round", "proposal": "Training voor alle mentoren"}
        ).status_code
        == 303
    )
    # Close, then 8: the report.
    assert post(client, f"{url}/status", {"to": "closed"}, page=url).status_code == 303
    overview = client.get(url).get_data(as_text=True)
    assert overview.count("heeft inhoud") >= 6
    markdown = client.get(f"{url}/verslag.md").get_data(as_text=True)
    for expected in (
        "# Duiding scheiding",
        "Carla (GGD Twente)",
        "Verhalen: 9.",
        "### De school merkt het eerst",
        "Mentoren zien het als eerste",
        "Mentoren scholen",
        "Training voor alle mentoren",
        "Scheiding op school",
        "Jeugdigen met indicatie",
        "Evaluaties: 1.",
    ):
        assert expected in markdown, expected
