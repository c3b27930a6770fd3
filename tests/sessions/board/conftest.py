"""A traject with an open session of three stories, another session, and participants joining it."""

from __future__ import annotations

import datetime as dt
import secrets
from types import SimpleNamespace

import pytest

from tests.conftest import csrf_from, login
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, SessionParticipant, SessionStory, Story
from vertelpunt.share import services as sharing
from vertelpunt.staff import services

TEXTS = [
    ("De mentor luisterde", "Mijn mentor op school nam de tijd voor me toen thuis alles misging."),
    ("Lang wachten", "We stonden maanden op de wachtlijst voor hulp en niemand belde terug."),
    ("Het wijkteam", "Het wijkteam kwam snel langs en regelde dat mijn moeder hulp kreeg."),
]


@pytest.fixture
def app(make_app):
    # TF-IDF: the embedding models are slow to load and are tested in tests/sensemaking.
    app = make_app(BOARD_GROUPING_MODELS="tfidf")
    with app.app_context():
        yield app


def add_story(link, title: str, text: str) -> Story:
    sub = sharing.Submission(prompt="helped", title=title, text=text)
    sub.answers += [
        sharing.Answer("feeling", option_id="relieved"),
        sharing.Answer("tone", number=75.0),
        sharing.Answer("focus_of_help", option_id="child", number=0.5),
        sharing.Answer("focus_of_help", option_id="family", number=0.5),
        sharing.Answer("municipality", option_id="hengelo"),
    ]
    stored = sharing.store_submission(sub, link, secrets.token_urlsafe(18), "nl")
    story = db.session.get(Story, stored.story_id)
    story.redaction = "full"  # as the redaction worker leaves it: only such stories reach a session
    return story


def make_session(traject, stories, code: str, status: str = "open", title: str = "Sessie") -> DuidingSession:
    duiding = DuidingSession(
        traject_id=traject.id, title=title, held_on=dt.date.today(), join_code=code, status=status
    )
    db.session.add(duiding)
    db.session.flush()
    for position, story in enumerate(stories):
        db.session.add(SessionStory(session_id=duiding.id, story_id=story.id, position=position))
    db.session.flush()
    return duiding


@pytest.fixture
def live(app, users, traject, organisation):
    link = services.create_link(traject, organisation=organisation, audience="parent")
    db.session.flush()
    stories = [add_story(link, t, x) for t, x in TEXTS]
    extra = add_story(link, "Niet in deze sessie", "Een verhaal dat bij een andere sessie hoort.")
    duiding = make_session(traject, stories, "ABC234")
    other = make_session(traject, [extra], "XYZ789", title="Andere sessie")
    db.session.add(SessionParticipant(session_id=duiding.id, name="Fatima", organisation="GGD"))
    db.session.commit()
    return SimpleNamespace(
        traject=traject, link=link, stories=stories, extra=extra, session=duiding, other=other, users=users
    )


def token_of(client, url: str = "/sessie") -> str:
    return csrf_from(client.get(url).get_data(as_text=True))


def join(client, code: str, name: str = "", organisation: str = ""):
    """Type the code, then the name: the response of the name step (or of the code step if refused)."""
    first = client.post("/sessie", data={"csrf_token": token_of(client), "code": code})
    if first.status_code != 302:
        return first
    url = first.headers["Location"]
    if not url.endswith("/naam"):
        return first  # this device had joined already
    return client.post(
        url, data={"csrf_token": token_of(client, url), "name": name, "organisation": organisation}
    )


def staff(client, username: str = "begeleider"):
    assert login(client, username).status_code == 302
    return client


def board_url(live, page: str = "bord") -> str:
    return f"/staff/trajecten/{live.traject.slug}/sessies/{live.session.id}/{page}"
