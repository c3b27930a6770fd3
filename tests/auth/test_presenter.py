"""Attacks on the projector's presenter link: use it for another session, change the board with it,
keep using it after it was revoked or expired, read more through it than the board shows."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

import pytest
from sqlalchemy import select

from tests.auth.conftest import post_page
from tests.conftest import csrf_from, login
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Observation, PresenterLink, SessionStory, Story, Theme
from vertelpunt.share import services as sharing
from vertelpunt.staff import services

STORY = "Mijn mentor op school nam de tijd voor me toen thuis alles misging."


def _story(link, title: str, text: str) -> Story:
    sub = sharing.Submission(prompt="helped", title=title, text=text)
    stored = sharing.store_submission(sub, link, secrets.token_urlsafe(18), "nl")
    story = db.session.get(Story, stored.story_id)
    story.redaction = "full"
    return story


def _session(traject, story, code: str, title: str, cards: list[tuple[str, bool]]) -> DuidingSession:
    duiding = DuidingSession(
        traject_id=traject.id, title=title, held_on=dt.date.today(), join_code=code, status="open"
    )
    db.session.add(duiding)
    db.session.flush()
    db.session.add(SessionStory(session_id=duiding.id, story_id=story.id, position=0))
    theme = Theme(session_id=duiding.id, name=f"Thema van {title}")
    db.session.add(theme)
    db.session.flush()
    for text, themed in cards:
        card = Observation(session_id=duiding.id, text=text, theme_id=theme.id if themed else None)
        card.stories.append(story)
        db.session.add(card)
    return duiding


@pytest.fixture
def rooms(app, users, traject, organisation):
    link = services.create_link(traject, organisation=organisation, audience="parent")
    db.session.flush()
    story = _story(link, "De mentor luisterde", STORY)
    mine = _session(
        traject, story, "ABC234", "Sessie A", [("Valt op: de mentor", True), ("Nieuw kaartje", False)]
    )
    other = _session(traject, story, "XYZ789", "Sessie B", [("Geheim van sessie B", True)])
    db.session.commit()
    return mine.id, other.id


def _base(session_id: int) -> str:
    return f"/staff/trajecten/testregio/sessies/{session_id}/scherm"


def _make(client, session_id: int, hours: int = 4) -> str:
    response = post_page(client, _base(session_id), {"label": "Zaal 1", "hours": str(hours)})
    assert response.status_code == 200, response.status_code
    (path,) = re.findall(r'href="https?://[^/"]+(/scherm/[^"]+)"', response.get_data(as_text=True))
    return path


def _facilitator(app):
    client = app.test_client()
    assert login(client, "begeleider").status_code == 302
    return client


def _cards(html: str) -> set[str]:
    return set(re.findall(r'id="card-(\d+)"', html)) - {"0"}  # 0: the board's template for new cards


def test_the_projector_shows_the_board_and_nothing_more(app, rooms):
    mine, _other = rooms
    facilitator = _facilitator(app)
    path = _make(facilitator, mine)
    projector = app.test_client()  # no login at all
    response = projector.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Valt op: de mentor" in page and "Nieuw kaartje" in page and "Thema van Sessie A" in page
    assert "ABC" in page  # the join code, as the board shows it
    board = facilitator.get(f"/staff/trajecten/testregio/sessies/{mine}/bord").get_data(as_text=True)
    assert _cards(page) == _cards(board) and _cards(page)
    assert "Geheim van sessie B" not in page
    assert STORY not in page and STORY not in board  # the board shows a story's title, not its text
    assert "<form" not in page and "csrf_token" not in page


def test_the_presenter_link_changes_nothing(app, rooms):
    mine, _other = rooms
    path = _make(_facilitator(app), mine)
    projector = app.test_client()
    projector.get(path)
    assert projector.post(path, data={}).status_code == 405
    # Having opened the link gives no way into the board's own pages either.
    token = csrf_from(projector.get("/login").get_data(as_text=True))
    theme_id = db.session.scalar(select(Theme.id).where(Theme.session_id == mine))
    for url in ("/bord/groeperen", "/bord/themas", f"/bord/themas/{theme_id}/naam", "/scherm"):
        response = projector.post(
            f"/staff/trajecten/testregio/sessies/{mine}{url}", data={"csrf_token": token, "name": "x"}
        )
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert projector.get(f"/staff/trajecten/testregio/sessies/{mine}/bord").status_code == 302
    assert db.session.scalar(select(Theme.name).where(Theme.id == theme_id)) == "Thema van Sessie A"


def test_a_presenter_link_works_for_its_own_session_only(app, rooms):
    mine, other = rooms
    path = _make(_facilitator(app), mine)
    secret = path.rsplit("/", 1)[1]
    projector = app.test_client()
    assert projector.get(f"/scherm/{other}/{secret}").status_code == 404
    assert projector.get(f"/scherm/{mine}/{secret[:-2]}").status_code == 404
    (row,) = db.session.scalars(select(PresenterLink)).all()
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest() and secret not in row.token_hash


def test_a_revoked_or_expired_link_shows_the_board_no_more(app, rooms, moved_clock):
    mine, other = rooms
    facilitator = _facilitator(app)
    revoked = _make(facilitator, mine)
    projector = app.test_client()
    assert projector.get(revoked).status_code == 200
    link_id = db.session.scalar(select(PresenterLink.id))
    # Revoking through another session's page does nothing.
    response = post_page(
        facilitator, f"{_base(other)}/intrekken", {"link_id": str(link_id)}, page=_base(other)
    )
    assert response.status_code == 422 and projector.get(revoked).status_code == 200
    response = post_page(facilitator, f"{_base(mine)}/intrekken", {"link_id": str(link_id)}, page=_base(mine))
    assert response.status_code == 303
    gone = projector.get(revoked)
    assert gone.status_code == 404 and "Valt op" not in gone.get_data(as_text=True)
    expiring = _make(facilitator, mine, hours=2)
    moved_clock.move(hours=1, minutes=59)
    assert projector.get(expiring).status_code == 200
    moved_clock.move(minutes=1)
    assert projector.get(expiring).status_code == 404


def test_the_projector_is_not_logged_out_mid_session(app, rooms, moved_clock):
    mine, _other = rooms
    facilitator = _facilitator(app)
    path = _make(facilitator, mine, hours=6)
    projector = app.test_client()
    for _ in range(5):  # an hour without a click on the facilitator's laptop, five times over
        moved_clock.move(minutes=app.config["SESSION_IDLE_MINUTES"])
        assert projector.get(path).status_code == 200
    assert facilitator.get("/staff/").status_code == 302  # the facilitator's own login did expire


def test_only_the_sessions_facilitators_make_or_revoke_presenter_links(app, rooms):
    mine, _other = rooms
    for name, status in (("coalitie", 403), ("begeleider-elders", 404), ("coalitie-elders", 404)):
        client = app.test_client()
        login(client, name)
        token = csrf_from(client.get("/login").get_data(as_text=True))
        assert client.get(_base(mine)).status_code == status
        assert client.post(_base(mine), data={"csrf_token": token, "hours": "4"}).status_code == status
    assert db.session.scalar(select(PresenterLink.id)) is None
    admin = app.test_client()
    login(admin, "admin")
    assert _make(admin, mine)


def test_a_presenter_link_lasts_at_most_the_configured_hours(app, rooms):
    mine, _other = rooms
    facilitator = _facilitator(app)
    too_long = app.config["PRESENTER_MAX_HOURS"] + 1
    response = post_page(facilitator, _base(mine), {"hours": str(too_long)})
    assert response.status_code == 422
    assert db.session.scalar(select(PresenterLink.id)) is None
