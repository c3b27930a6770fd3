"""Two whole duidingssessies of one traject, walked through the pages only, as the issue asks.

Session 1: prepare (details, facilitators, participants with organisation, a balanced story set), open,
two participants join with the code on their own devices, read a story and write observations about
the stories, the facilitator adds one and sees all of them in the live feed, the board groups them, a
card is moved, a theme renamed and another confirmed and all of that survives regrouping, actions per
theme with owners and first steps, ritual dissent, both participants evaluate, the session closes (and
the participants' devices get no stories any more), and the report (page and Markdown) holds what the
group did but no story text.

Session 2: its review step lists the first session's open actions, records their progress, the action's
history shows that review and the second session's report shows it.

Only the traject, the stories and the accounts are made directly; everything else goes through HTTP."""

from __future__ import annotations

import datetime as dt
import html
import re
import secrets

import pytest

from tests.conftest import csrf_from, login
from tests.helpers import run_jobs
from vertelpunt.extensions import db
from vertelpunt.models import Story
from vertelpunt.share import services as sharing
from vertelpunt.staff import services as staff

BASE = "/staff/trajecten/testregio/sessies"

# (title, text, perspective): three perspectives, so the balanced sample has something to balance.
STORIES = [
    ("Maanden wachten", "We stonden een half jaar op de wachtlijst en niemand belde ons terug.", "parent"),
    ("Hulp thuis", "Pas toen het thuis echt misging kwam er iemand van de jeugdhulp langs.", "parent"),
    ("De juf wist het", "De juf merkte als eerste dat mijn dochter stil werd na de scheiding.", "parent"),
    ("Mijn mentor", "Mijn mentor nam elke week tijd voor me toen thuis alles misging.", "youth"),
    ("Niemand vroeg het", "Op school wist niemand dat mijn ouders gingen scheiden.", "youth"),
    ("Twee huizen", "Ik woon nu in twee huizen en mijn tas is altijd in het verkeerde huis.", "youth"),
    ("Snel langs", "Als wijkcoach kon ik snel langskomen en samen met het gezin een plan maken.", "pro_care"),
    (
        "Doorverwijzen",
        "Ik moest het gezin doorverwijzen en wist dat de wachttijd maanden zou zijn.",
        "pro_care",
    ),
    (
        "Samen met school",
        "Met de intern begeleider spraken we af wie het kind in de gaten hield.",
        "pro_care",
    ),
]

# What participants noticed: about the waiting lists, the mentor at school and the neighbourhood team.
ANNA = [
    "Gezinnen wachten maanden op de wachtlijst voor jeugdhulp en horen niets",
    "Door de lange wachtlijst voor jeugdhulp worden de problemen thuis groter",
    "De mentor op school merkt als eerste dat een leerling het thuis moeilijk heeft",
    "Een mentor op school die tijd neemt helpt de leerling echt",
    "Het wijkteam kwam snel langs en regelde hulp voor het gezin",
]
BRAM = [
    "Ouders weten niet hoe lang de wachtlijst voor jeugdhulp nog duurt",
    "School weet vaak niet van de scheiding en de mentor hoort het te laat",
    "Het wijkteam hielp het gezin snel en dichtbij in de wijk",
    "Leerlingen willen op school een vaste mentor om mee te praten",
]
FACILITATOR = "Ouders voelen zich alleen tijdens het wachten op de wachtlijst voor jeugdhulp"
LATE = "Het wijkteam in de wijk is voor het gezin snel bereikbaar"


@pytest.fixture
def app(make_app):
    # TF-IDF: the embedding models are slow to load and are tested in tests/sensemaking.
    app = make_app(BOARD_GROUPING_MODELS="tfidf")
    with app.app_context():
        yield app


@pytest.fixture
def stories(traject, organisation, users):
    made = []
    links = {}
    for title, text, perspective in STORIES:
        audience = {"parent": "parent", "youth": "youth", "pro_care": "professional"}[perspective]
        if audience not in links:
            links[audience] = staff.create_link(traject, organisation=organisation, audience=audience)
            db.session.flush()
        sub = sharing.Submission(prompt="helped", title=title, text=text)
        sub.answers += [
            sharing.Answer("perspective", option_id=perspective),
            sharing.Answer("feeling", option_id="relieved"),
            sharing.Answer("municipality", option_id="hengelo"),
        ]
        stored = sharing.store_submission(sub, links[audience], secrets.token_urlsafe(18), "nl")
        made.append(db.session.get(Story, stored.story_id))
        made[-1].redaction = "full"  # as the redaction worker leaves it: only such stories go in a set
    db.session.commit()
    return made


# --- small helpers over HTTP ----------------------------------------------------------------------


def post(client, url: str, data: dict, page: str | None = None, **kwargs):
    """Post a form the way a browser does: with the CSRF token of the page the form is on."""
    token = csrf_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def session_id_from(response) -> int:
    return int(re.search(r"/sessies/(\d+)", response.headers["Location"]).group(1))


def board_state(page: str) -> dict:
    """{theme id: (name, confirmed, [card texts])} and the card ids by text, read from the board page."""
    themes, cards = {}, {}
    for chunk in page.split('<section class="theme')[1:]:
        found = re.search(r'data-theme-id="(\d+)"', chunk)
        if not found:
            continue
        theme_id = int(found.group(1))
        name = html.unescape(re.search(rf'<h2 id="theme-{theme_id}-name">(.*?)</h2>', chunk).group(1))
        texts = [html.unescape(t) for t in re.findall(r'<p class="card-text">(.*?)</p>', chunk)]
        themes[theme_id] = (name, chunk.startswith(" confirmed"), texts)
    for card_id, text in re.findall(
        r'data-card-id="(\d+)" draggable="true">\s*<p class="card-text">(.*?)</p>', page
    ):
        if card_id != "0":
            cards[html.unescape(text)] = int(card_id)
    return {"themes": themes, "cards": cards}


def join(client, code: str, name: str, organisation: str) -> int:
    first = post(client, "/sessie", {"code": code})
    assert first.status_code == 302, first.get_data(as_text=True)
    name_url = first.headers["Location"]
    assert name_url.endswith("/naam")
    second = post(client, name_url, {"name": name, "organisation": organisation})
    assert second.status_code == 302
    return int(re.search(r"/sessie/(\d+)", second.headers["Location"]).group(1))


def observe(client, session_id: int, text: str, story_ids: list[int], from_story: int | None = None):
    page = f"/sessie/{session_id}" + (f"/verhalen/{from_story}" if from_story else "")
    data = {"text": text, "stories": [str(i) for i in story_ids]}
    if from_story:
        data["from_story"] = str(from_story)
    response = post(client, f"/sessie/{session_id}/observaties", data, page=page)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def new_session(client, users, title: str, held_on: dt.date, participants: str) -> int:
    created = post(
        client,
        f"{BASE}/nieuw",
        {
            "title": title,
            "held_on": held_on.isoformat(),
            "starts_at": "13:30",
            "duration_minutes": "150",
            "goal": "Begrijpen wat kinderen in een scheiding missen aan steun",
            "focus": "Kinderen en scheiding",
            "facilitators": str(users["facilitator"].id),
            "participants": participants,
        },
    )
    assert created.status_code == 303, created.get_data(as_text=True)
    return session_id_from(created)


# --- the walk -------------------------------------------------------------------------------------


def test_two_whole_sessions_of_one_traject(app, users, stories):
    story_text = {s.id: s.text for s in stories}
    story_titles = [s.title for s in stories]
    facilitator = app.test_client()
    assert login(facilitator, "begeleider").status_code == 302

    # 1. Prepare: the session, its people and a balanced story set.
    first = new_session(
        facilitator,
        users,
        "Eerste duidingssessie",
        dt.date.today(),
        "Anna de Vries; Wijkteam Hengelo\nBram Kok; Basisschool De Linde",
    )
    url = f"{BASE}/{first}"
    picked = post(facilitator, f"{url}/verhalen", {"kind": "balanced", "size": "6", "seed": "1"})
    assert picked.status_code == 303
    story_page = text_of(facilitator.get(f"{url}/verhalen"))
    assert "6 verhalen" in story_page and "evenwichtig" in story_page.lower()
    for label in ("Ouder of verzorger: 2", "Jongere (12 tot 18): 2", "Ik werk in de zorg: 2"):
        assert label in story_page, label
    prepared = text_of(facilitator.get(f"{url}/voorbereiden"))
    for expected in ("Anna de Vries", "Wijkteam Hengelo", "Bram Kok", "Basisschool De Linde"):
        assert expected in prepared

    # Participants cannot join a session in preparation.
    overview = text_of(facilitator.get(url))
    assert "Sessie openen" in overview and 'class="receipt"' not in overview
    assert post(facilitator, f"{url}/status", {"to": "open"}, page=url).status_code == 303
    overview = text_of(facilitator.get(url))
    code = re.search(r'<strong class="receipt">([0-9A-Z ]+)</strong>', overview).group(1)
    assert len(code.replace(" ", "")) == 6
    # Back to preparation for a moment: the code does not work then, and works again once open.
    assert post(facilitator, f"{url}/status", {"to": "prepared"}, page=url).status_code == 303
    early = post(app.test_client(), "/sessie", {"code": code})
    assert early.status_code == 422 and "Deze code werkt niet" in text_of(early)
    assert post(facilitator, f"{url}/status", {"to": "open"}, page=url).status_code == 303
    assert code in text_of(facilitator.get(f"{url}/code"))

    # 3. Two participants join on their own devices (typing the code as shown, with its space).
    anna, bram = app.test_client(), app.test_client()
    assert join(anna, code, "Anna de Vries", "Wijkteam Hengelo") == first
    assert join(bram, code.lower(), "Bram Kok", "Basisschool De Linde") == first
    # They took the places the facilitator listed for them, with their organisations.
    people = re.findall(
        r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>", text_of(facilitator.get(f"{url}/voorbereiden"))
    )
    assert people == [("Anna de Vries", "Wijkteam Hengelo", "ja"), ("Bram Kok", "Basisschool De Linde", "ja")]
    home = text_of(anna.get(f"/sessie/{first}"))
    ids = [int(i) for i in dict.fromkeys(re.findall(rf"/sessie/{first}/verhalen/(\d+)", home))]
    assert len(ids) == 6
    outside = [s.id for s in stories if s.id not in ids]
    read = text_of(anna.get(f"/sessie/{first}/verhalen/{ids[0]}"))
    assert story_text[ids[0]] in read and "Wat de verteller antwoordde" in read
    # Only this session's stories: another story of the same traject is not found.
    assert anna.get(f"/sessie/{first}/verhalen/{outside[0]}").status_code == 404
    refused = post(
        anna,
        f"/sessie/{first}/observaties",
        {"text": "Valt op", "stories": [str(outside[0])]},
        page=f"/sessie/{first}",
    )
    assert refused.status_code == 422 and "niet bij deze sessie" in text_of(refused)

    observe(anna, first, ANNA[0], [ids[0]], from_story=ids[0])
    for i, text in enumerate(ANNA[1:], start=1):
        observe(anna, first, text, [ids[i % 6], ids[(i + 1) % 6]])
    for i, text in enumerate(BRAM):
        observe(bram, first, text, [ids[(i + 3) % 6]])
    assert ANNA[0] in text_of(anna.get(f"/sessie/{first}/verhalen/{ids[0]}"))

    # The facilitator adds one and sees all of them in the live feed, with their authors and stories.
    added = post(facilitator, f"{url}/observaties", {"text": FACILITATOR, "stories": [str(ids[1])]})
    assert added.status_code == 303
    feed = facilitator.get(f"{url}/observaties/live?since=0").get_json()
    assert feed["count"] == 10
    by_text = {o["text"]: o for o in feed["observations"]}
    assert set(by_text) == {*ANNA, *BRAM, FACILITATOR}
    assert by_text[ANNA[0]]["author"] == "Anna de Vries" and by_text[BRAM[0]]["author"] == "Bram Kok"
    assert by_text[FACILITATOR]["author"] == "begeleider"
    assert [s["id"] for s in by_text[ANNA[1]]["stories"]] == sorted([ids[1], ids[2]])
    feed_page = text_of(facilitator.get(f"{url}/observaties"))
    assert all(t in feed_page for t in [*ANNA, *BRAM, FACILITATOR])
    later = facilitator.get(f"{url}/observaties/live?since={feed['last_id']}").get_json()
    assert later["observations"] == []

    # 4. Grouping, then the group's own decisions on the board.
    grouped = post(facilitator, f"{url}/bord/groeperen", {}, page=f"{url}/bord")
    assert grouped.status_code == 303
    assert "Bezig met groeperen" in text_of(facilitator.get(f"{url}/bord"))
    assert run_jobs("group_session") == 1  # the worker groups
    board = board_state(facilitator.get(f"{url}/bord").get_data(as_text=True))
    themes = board["themes"]
    assert len(themes) >= 2, themes
    placed = [t for _name, _c, texts in themes.values() for t in texts]
    assert len(placed) >= 8 and len(set(placed)) == len(placed)

    def holding(word: str, shown: dict) -> int:
        """The theme with most cards that mention this word."""
        return max(shown, key=lambda tid: sum(word in t.lower() for t in shown[tid][2]))

    # Grouping is meaningful on these texts: the waiting list and the mentor cards each mostly together.
    waiting, school = holding("wachtlijst", themes), holding("mentor", themes)
    assert waiting != school
    assert sum("wachtlijst" in t for t in themes[waiting][2]) >= 3
    assert sum("mentor" in t for t in themes[school][2]) >= 3

    # The group takes the neighbourhood team cards out into a theme of their own, names the themes
    # and confirms the school theme.
    on_board = f"{url}/bord"
    team_cards = [t for t in (*ANNA, *BRAM) if "wijkteam" in t]
    first_move = post(
        facilitator,
        f"{url}/bord/kaarten/{board['cards'][team_cards[0]]}",
        {"target": "new"},
        page=on_board,
        headers={"Accept": "application/json"},
    )
    assert first_move.status_code == 200
    team = first_move.get_json()["theme_id"]
    moved = post(
        facilitator,
        f"{url}/bord/kaarten/{board['cards'][team_cards[1]]}",
        {"target": str(team)},
        page=on_board,
    )
    assert moved.status_code == 303
    for theme_id, name in ((team, "Het wijkteam dichtbij"), (waiting, "Wachten op jeugdhulp")):
        renamed = post(facilitator, f"{url}/bord/themas/{theme_id}/naam", {"name": name}, page=on_board)
        assert renamed.status_code == 303
    confirmed = post(facilitator, f"{url}/bord/themas/{school}/bevestigen", {"confirmed": "1"}, page=on_board)
    assert confirmed.status_code == 303
    before = board_state(facilitator.get(on_board).get_data(as_text=True))["themes"]
    assert sorted(before[team][2]) == sorted(team_cards)
    assert not any("wijkteam" in t for t in before[school][2] + before[waiting][2])
    assert before[team][0] == "Het wijkteam dichtbij" and before[waiting][0] == "Wachten op jeugdhulp"
    assert before[school][1] is True and before[waiting][1] is False

    # A late observation, then regrouping: the people's decisions stay.
    observe(bram, first, LATE, [ids[4]])
    regrouped = facilitator.post(
        f"{url}/bord/groeperen",
        data={"csrf_token": csrf_from(facilitator.get(on_board).get_data(as_text=True))},
        headers={"Accept": "application/json"},
    )
    assert regrouped.status_code == 200 and regrouped.get_json()["ok"] is True
    assert run_jobs("group_session") == 1
    after = board_state(facilitator.get(on_board).get_data(as_text=True))["themes"]
    assert after[team][0] == "Het wijkteam dichtbij" and after[waiting][0] == "Wachten op jeugdhulp"
    assert after[school][1] is True and after[school][0] == before[school][0]
    for theme_id in (team, waiting, school):
        assert set(before[theme_id][2]) <= set(after[theme_id][2]), theme_id
    assert LATE in text_of(facilitator.get(on_board))
    school_name, waiting_name, team_name = after[school][0], after[waiting][0], after[team][0]

    # 5. Actions per theme with owners and next steps; the group chooses the first steps.
    first_action = {
        "title": "Vast aanspreekpunt voor kinderen op school",
        "theme_id": str(school),
        "term": "short",
        "size": "small",
        "owner_person": "Bram Kok",
        "owner_organisation": "Basisschool De Linde",
        "next_step": "Gesprek met de directie over een vaste mentor",
        "due_on": (dt.date.today() + dt.timedelta(days=60)).isoformat(),
    }
    second_action = {
        "title": "Wachtende gezinnen elke maand bellen",
        "theme_id": str(waiting),
        "term": "long",
        "size": "large",
        "owner_person": "Anna de Vries",
        "owner_organisation": "Wijkteam Hengelo",
        "next_step": "Belrooster opstellen met de jeugdhulpaanbieders",
    }
    third_action = {
        "title": "Spreekuur van het wijkteam op school",
        "theme_id": str(team),
        "owner_organisation": "Wijkteam Hengelo",
        "next_step": "Rooster afstemmen met twee basisscholen",
    }
    for data in (first_action, second_action, third_action):
        assert post(facilitator, f"{url}/acties", data).status_code == 303
    actions_page = facilitator.get(f"{url}/acties").get_data(as_text=True)
    action_ids = {
        html.unescape(title): int(aid)
        for aid, title in re.findall(r'<li id="action-(\d+)"><strong>(.*?)</strong>', actions_page)
    }
    assert set(action_ids) == {first_action["title"], second_action["title"], third_action["title"]}
    chosen = post(
        facilitator,
        f"{url}/eerste-stappen",
        {"first_step": [str(action_ids[first_action["title"]]), str(action_ids[second_action["title"]])]},
        page=f"{url}/acties",
    )
    assert chosen.status_code == 303

    # 6. Ritual dissent on the first proposal.
    dissent = f"{url}/dissent"
    started = post(
        facilitator,
        dissent,
        {
            "what": "round",
            "proposal": "Elke school een vast aanspreekpunt",
            "action_id": str(action_ids[first_action["title"]]),
        },
    )
    assert started.status_code == 303
    round_id = re.search(r"#round-(\d+)", started.headers["Location"]).group(1)
    for what, data in (
        ("critique", {"text": "Wie betaalt de uren van de mentor?\nScholen hebben nu al te weinig tijd"}),
        ("suggestion", {"text": "Begin met twee scholen in Hengelo"}),
        ("revised", {"revised_proposal": "Twee scholen starten met een vaste mentor, daarna breder"}),
    ):
        assert post(facilitator, dissent, {"what": what, "round_id": round_id, **data}).status_code == 303

    # 7. Both participants evaluate the session.
    for client, rating, well, better in (
        (anna, "4", "Goede gesprekken over de verhalen", "Meer tijd om te lezen"),
        (bram, "5", "Fijn om op mijn eigen telefoon te werken", ""),
    ):
        sent = post(
            client,
            f"/sessie/{first}/evaluatie",
            {"rating": rating, "went_well": well, "to_improve": better},
        )
        assert sent.status_code == 302
    evaluations = text_of(facilitator.get(f"{url}/evaluaties"))
    assert "Goede gesprekken over de verhalen" in evaluations and "Anna de Vries" not in evaluations

    # Close the session: the participants' devices get no stories any more.
    assert post(facilitator, f"{url}/status", {"to": "closed"}, page=url).status_code == 303
    for client in (anna, bram):
        for path in (f"/sessie/{first}", f"/sessie/{first}/verhalen/{ids[0]}", f"/sessie/{first}/evaluatie"):
            closed = client.get(path)
            body = text_of(closed)
            assert closed.status_code == 410, path
            assert not any(t in body for t in story_text.values())
            assert not any(f">{t}<" in body for t in story_titles)
        late = client.post(
            f"/sessie/{first}/observaties",
            data={
                "csrf_token": csrf_from(client.get("/sessie").get_data(as_text=True)),
                "text": "Te laat",
                "stories": [str(ids[0])],
            },
        )
        assert late.status_code == 410
    assert post(app.test_client(), "/sessie", {"code": code}).status_code == 422
    assert "Te laat" not in text_of(facilitator.get(f"{url}/observaties"))

    # 8. The report: the page and the Markdown, for the facilitator and for the coalition.
    page = text_of(facilitator.get(f"{url}/verslag"))
    markdown_response = facilitator.get(f"{url}/verslag.md")
    assert markdown_response.mimetype == "text/markdown"
    markdown = markdown_response.get_data(as_text=True)
    coalition = app.test_client()
    assert login(coalition, "coalitie").status_code == 302
    coalition_page = text_of(coalition.get(f"{url}/verslag"))
    coalition_markdown = coalition.get(f"{url}/verslag.md").get_data(as_text=True)
    markdown_plain = markdown.replace("\\", "")
    for report_text in (page, markdown_plain, coalition_page, coalition_markdown.replace("\\", "")):
        for expected in (
            "Eerste duidingssessie",
            "Begrijpen wat kinderen in een scheiding missen aan steun",
            "Kinderen en scheiding",
            "begeleider",
            "Anna de Vries",
            "Wijkteam Hengelo",
            "Bram Kok",
            first_action["title"],
            first_action["next_step"],
            second_action["title"],
            "Bram Kok, Basisschool De Linde",
            "Anna de Vries, Wijkteam Hengelo",
            "Elke school een vast aanspreekpunt",
            "Wie betaalt de uren van de mentor?",
            "Begin met twee scholen in Hengelo",
            "Twee scholen starten met een vaste mentor, daarna breder",
            "Goede gesprekken over de verhalen",
            "Meer tijd om te lezen",
            "Fijn om op mijn eigen telefoon te werken",
            "4,5",
            LATE,
        ):
            assert expected in report_text, expected
        for text in (*ANNA, *BRAM, FACILITATOR):
            assert text in report_text, text
        # No story text and no story title.
        for text in story_text.values():
            assert text not in report_text
        for title in story_titles:
            assert title not in report_text, title
    # Observations under their theme: every card of a theme comes after its heading, before the next.
    sections = re.split(r"^### ", markdown_plain, flags=re.MULTILINE)
    by_heading = {s.split("\n", 1)[0]: s for s in sections[1:]}
    for text in team_cards:
        assert (
            text in by_heading[team_name] and text not in by_heading[school_name] + by_heading[waiting_name]
        )
    assert all(t in by_heading[waiting_name] for t in before[waiting][2])
    assert all(t in by_heading[school_name] for t in before[school][2])
    assert first_action["title"] in by_heading[school_name]
    assert second_action["title"] in by_heading[waiting_name]
    assert third_action["title"] in by_heading[team_name]
    # The same on the printable page: one card per theme with its observations and actions.
    cards = {
        part.split("</h3>", 1)[0]: part.split("</section>", 1)[0]
        for part in page.split('<section class="card"><h3>')[1:]
    }
    assert all(t in cards[waiting_name] for t in before[waiting][2])
    assert all(t in cards[team_name] for t in team_cards) and first_action["title"] in cards[school_name]
    assert not any(t in cards[school_name] for t in team_cards)
    first_steps = markdown_plain.split("## Eerste stappen", 1)[1].split("## ", 1)[0]
    assert first_action["title"] in first_steps and second_action["title"] in first_steps
    assert third_action["title"] not in first_steps
    assert "Evaluaties: 2, gemiddeld 4,5 van de 5." in markdown_plain
    # The story counts: exact for the facilitator, protected for the coalition (below the threshold).
    assert "Verhalen: 6." in markdown_plain and "Ouder of verzorger: 2" in markdown_plain
    coalition_plain = coalition_markdown.replace("\\", "")
    assert "Verhalen: minder dan 10." in coalition_plain
    assert "Ouder of verzorger: minder dan 10" in coalition_plain
    assert "Ouder of verzorger: 2" not in coalition_page

    # --- Session 2: review the first session's actions -------------------------------------------
    second = new_session(
        facilitator,
        users,
        "Tweede duidingssessie",
        dt.date.today() + dt.timedelta(days=42),
        "Anna de Vries; Wijkteam Hengelo\nCarla Smit; GGD Twente",
    )
    url2 = f"{BASE}/{second}"
    reviews_page = text_of(facilitator.get(f"{url2}/terugblik"))
    for data in (first_action, second_action, third_action):
        assert data["title"] in reviews_page
    assert "Eerste duidingssessie" in reviews_page
    reviewed_id = action_ids[first_action["title"]]
    saved = post(
        facilitator,
        f"{url2}/terugblik",
        {
            "action_id": str(reviewed_id),
            "status": "in_progress",
            "obstacles": "De directie wil eerst de kosten weten",
            "opportunities": "De gemeente heeft budget voor preventie op school",
            "next_step": "Begroting voor twee mentoren maken",
        },
    )
    assert saved.status_code == 303
    done = post(
        facilitator,
        f"{url2}/terugblik",
        {"action_id": str(action_ids[third_action["title"]]), "status": "done"},
    )
    assert done.status_code == 303
    # Bad input: a clear Dutch message and nothing saved.
    bad = post(facilitator, f"{url2}/terugblik", {"action_id": str(reviewed_id), "status": "half"})
    assert bad.status_code == 422 and "Kies een status" in text_of(bad)

    reviews_page = text_of(facilitator.get(f"{url2}/terugblik"))
    history = reviews_page.split(f'id="action-{reviewed_id}"', 1)[1].split("</section>", 1)[0]
    assert "Tweede duidingssessie" in history and "bezig" in history
    assert "De directie wil eerst de kosten weten" in history
    assert "De gemeente heeft budget voor preventie op school" in history
    assert "Begroting voor twee mentoren maken" in history
    # A done action stays on the page of the session that closed it, but no later session lists it.
    assert third_action["title"] in reviews_page

    page2 = text_of(facilitator.get(f"{url2}/verslag"))
    markdown2 = facilitator.get(f"{url2}/verslag.md").get_data(as_text=True).replace("\\", "")
    for report_text in (page2, markdown2):
        for expected in (
            first_action["title"],
            "bezig",
            "De directie wil eerst de kosten weten",
            "De gemeente heeft budget voor preventie op school",
            "Begroting voor twee mentoren maken",
            third_action["title"],
        ):
            assert expected in report_text, expected
    review_part = markdown2.split("## Terugblik op eerdere acties", 1)[1].split("## ", 1)[0]
    assert first_action["title"] in review_part and "bezig" in review_part
    assert second_action["title"] not in review_part  # listed, but not reviewed in this session
    # The first report still shows the action as that session left it.
    assert "De directie wil eerst de kosten weten" not in facilitator.get(f"{url}/verslag.md").get_data(
        as_text=True
    )

    # A third session lists the still open actions only.
    third = new_session(facilitator, users, "Derde sessie", dt.date.today() + dt.timedelta(days=84), "")
    listed = text_of(facilitator.get(f"{BASE}/{third}/terugblik"))
    assert first_action["title"] in listed and second_action["title"] in listed
    assert third_action["title"] not in listed
    history3 = listed.split(f'id="action-{reviewed_id}"', 1)[1].split("</section>", 1)[0]
    assert "Tweede duidingssessie" in history3 and "De directie wil eerst de kosten weten" in history3

    # A facilitator of another traject sees none of it.
    other = app.test_client()
    assert login(other, "begeleider-elders").status_code == 302
    for path in (url, f"{url}/bord", f"{url}/verslag", f"{url}/verslag.md", f"{url2}/terugblik"):
        assert other.get(path).status_code == 404, path
