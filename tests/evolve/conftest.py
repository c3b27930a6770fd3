"""A traject with sessions, themes, observations, actions and reviews, made directly through the models."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

import pytest

from tests.conftest import login
from vertelpunt.extensions import db
from vertelpunt.models import Action, ActionReview, DuidingSession, Observation, SessionParticipant, Theme
from vertelpunt.share import services as sharing
from vertelpunt.staff import services

STORY_WORDS = ("wachtlijst", "mentor", "rechter", "logeren", "vakantie", "verhuizing", "therapie")


def story(link, title: str, text: str, day: dt.date | None = None, **answers):
    sub = sharing.Submission(prompt="helped", title=title, text=text)
    for question_id, option_id in answers.items():
        sub.answers.append(sharing.Answer(question_id, option_id=option_id))
    sub.answers.append(sharing.Answer("tone", number=40.0))
    return sharing.store_submission(
        sub, link, secrets.token_urlsafe(18), "nl", today=day or dt.date.today()
    ).story


@dataclass
class World:
    traject: object
    link: object
    stories: list = field(default_factory=list)
    sessions: dict = field(default_factory=dict)
    themes: dict = field(default_factory=dict)
    actions: dict = field(default_factory=dict)
    participant: object = None


def _session(traject, title, held_on, status, code):
    s = DuidingSession(traject_id=traject.id, title=title, held_on=held_on, join_code=code, status=status)
    db.session.add(s)
    db.session.flush()
    return s


def _observe(session, theme, stories, text, participant=None):
    obs = Observation(session_id=session.id, theme_id=theme.id, text=text, participant_id=participant)
    obs.stories.extend(stories)
    db.session.add(obs)
    return obs


@pytest.fixture
def world(traject, organisation, users) -> World:
    """Two closed sessions and an open one. 'Wachttijden' (in both closed sessions) rests on 12 stories
    and 12 observations; 'School' on 2 of each; the open session's theme is not public yet."""
    today = dt.date.today()
    link = services.create_link(traject, organisation=organisation, audience="parent")
    w = World(traject=traject, link=link)
    for i in range(14):
        word = STORY_WORDS[i % len(STORY_WORDS)]
        w.stories.append(
            story(
                link,
                f"Verhaal {i} over de {word}",
                f"Dit is het unieke verhaal nummer {i}: het ging over de {word} en duurde lang.",
                perspective="parent",
                age_group="age_4_12",
            )
        )
    db.session.flush()
    first = _session(traject, "Eerste sessie", today - dt.timedelta(days=20), "closed", "EVOLVE01")
    second = _session(traject, "Tweede sessie", today - dt.timedelta(days=5), "closed", "EVOLVE02")
    live = _session(traject, "Lopende sessie", today, "open", "EVOLVE03")
    w.sessions = {"first": first, "second": second, "live": live}
    participant = SessionParticipant(session_id=first.id, name="Mevrouw Deelnemer", organisation="Wijkteam")
    participant.device_hash = "d" * 64
    db.session.add(participant)
    waiting = Theme(session_id=first.id, name="Wachttijden", key_terms=["wachtlijst", "lang"], confirmed=True)
    school = Theme(session_id=first.id, name="School", key_terms=["mentor"], position=1)
    waiting_again = Theme(session_id=second.id, name="wachttijden", key_terms=["wachtlijst", "rechter"])
    secret = Theme(session_id=live.id, name="Nog geheim thema", key_terms=["geheim"])
    db.session.add_all([waiting, school, waiting_again, secret])
    db.session.flush()
    w.participant = participant
    w.themes = {"waiting": waiting, "school": school, "waiting_again": waiting_again, "secret": secret}
    for i in range(11):
        _observe(first, waiting, [w.stories[i]], f"Lang wachten in verhaal {i}", participant.id)
    _observe(second, waiting_again, [w.stories[11]], "Weer wachten")
    _observe(first, school, [w.stories[12]], "School belt niet terug")
    _observe(first, school, [w.stories[13]], "Mentor weet van niets")
    _observe(live, secret, [w.stories[0]], "Nog niet besproken")
    overdue = Action(
        traject_id=traject.id,
        session_id=first.id,
        theme_id=waiting.id,
        title="Wachtlijst korter maken",
        owner_organisation="Gemeente Enschede",
        owner_person="Jan Jansen",
        due_on=today - dt.timedelta(days=3),
        status="open",
        public=True,
        next_step="Overleg plannen",
    )
    hidden = Action(
        traject_id=traject.id,
        session_id=first.id,
        theme_id=school.id,
        title="Interne afspraak scholen",
        owner_organisation="Wijkteam Zuid",
        due_on=today + dt.timedelta(days=10),
        status="in_progress",
        public=False,
    )
    done = Action(
        traject_id=traject.id,
        session_id=second.id,
        theme_id=waiting_again.id,
        title="Folder over wachttijd",
        owner_organisation="Wijkteam Zuid",
        status="done",
        public=True,
    )
    db.session.add_all([overdue, hidden, done])
    db.session.flush()
    db.session.add(
        ActionReview(
            action_id=overdue.id,
            session_id=second.id,
            status="open",
            obstacles="Geen budget",
            opportunities="Nieuwe wethouder",
            next_step="Brief sturen",
            reviewed_on=second.held_on,
        )
    )
    w.actions = {"overdue": overdue, "hidden": hidden, "done": done}
    db.session.commit()
    return w


@pytest.fixture
def as_user(client, users):
    def log_in(username: str):
        login(client, username)
        return client

    return log_in
