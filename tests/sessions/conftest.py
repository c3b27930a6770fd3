"""Shared helpers for the session tests: stories from several perspectives, a session, and a logged-in
client per role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.coalition.conftest import add_story
from tests.conftest import csrf_from, login
from vertelpunt.extensions import db
from vertelpunt.sessions import monitoring, services
from vertelpunt.staff import services as staff

PERSPECTIVES = {"parent": 10, "youth": 4, "pro_care": 6}


@pytest.fixture
def links(traject, organisation):
    made = {
        "parent": staff.create_link(traject, organisation=organisation, audience="parent"),
        "youth": staff.create_link(traject, organisation=organisation, audience="youth"),
        "professional": staff.create_link(traject, organisation=organisation, audience="professional"),
    }
    db.session.commit()
    return made


@pytest.fixture
def stories(links):
    """20 stories: 10 parents (Hengelo), 4 youths (Enschede), 6 care professionals (Almelo)."""
    today = dt.date.today()
    made = []
    audience = {"parent": "parent", "youth": "youth", "pro_care": "professional"}
    town = {"parent": "hengelo", "youth": "enschede", "pro_care": "almelo"}
    for perspective, n in PERSPECTIVES.items():
        for i in range(n):
            made.append(
                add_story(
                    links[audience[perspective]],
                    prompt="school" if i % 2 else "helped",
                    day=today - dt.timedelta(days=i),
                    text=f"Verhaal {perspective} {i} over de school en de hulp.",
                    perspective=perspective,
                    municipality=town[perspective],
                    age_group="age_12_18" if perspective == "youth" else "age_4_12",
                )
            )
    for story in made:
        story.redaction = "full"  # as the redaction worker leaves it: only such stories go in a set
    db.session.commit()
    return made


def make_session(traject, title="Eerste sessie", days=0, **extra):
    details = {"title": title, "held_on": dt.date.today() + dt.timedelta(days=days), **extra}
    session = services.create_session(traject, details, participants="Anna; Wijkteam Hengelo\nBram; School")
    db.session.commit()
    return session


@pytest.fixture
def duiding(traject):
    return make_session(traject)


def post(client, url: str, data: dict, page: str | None = None, **kwargs):
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(html), **data}, **kwargs)


@pytest.fixture
def as_user(client, users):
    def log_in(username: str):
        login(client, username)
        return client

    return log_in


def fill_session(traject, session, stories):
    """What the board and the participants add (observations, themes, evaluations), stored directly,
    and what the facilitator adds, through the services."""
    from vertelpunt.models import Observation, SessionEvaluation, Theme
    from vertelpunt.sessions import actions, dissent, selection, sources

    selection.select_by_filter(session, {"perspective": ["youth"]})
    school = Theme(session_id=session.id, name="School als vangnet", confirmed=True, named_by_person=True)
    waiting = Theme(session_id=session.id, name="Wachten op hulp", position=1)
    db.session.add_all([school, waiting])
    db.session.flush()
    anna = session.participants[0]
    texts = [
        (school, "De mentor merkt het als eerste"),
        (school, "School weet vaak niet van de scheiding"),
        (waiting, "Lange wachttijd bij de jeugdhulp"),
        (None, "Opa en oma worden vergeten"),
    ]
    for theme, text in texts:
        observation = Observation(
            session_id=session.id, participant_id=anna.id, text=text, theme_id=theme.id if theme else None
        )
        observation.stories.append(stories[10])
        db.session.add(observation)
    action = actions.create_action(
        session,
        {
            "title": "Vast aanspreekpunt op school",
            "theme_id": school.id,
            "owner_organisation": "Basisschool De Linde",
            "owner_person": "Mevrouw Jansen",
            "next_step": "Gesprek met de directie",
            "due_on": dt.date(2026, 9, 1),
            "first_step": True,
        },
    )
    actions.create_action(session, {"title": "Wachtlijst in beeld", "theme_id": waiting.id, "term": "long"})
    round_ = dissent.create_round(session, "Elke school een aanspreekpunt", action.id)
    dissent.add_remarks(session, round_.id, "critique", "Wie betaalt dat?")
    dissent.add_remarks(session, round_.id, "suggestion", "Begin klein")
    dissent.revise(session, round_.id, "Twee scholen beginnen")
    db.session.add_all(
        [
            SessionEvaluation(
                session_id=session.id, participant_id=anna.id, rating=4, went_well="Goede sfeer"
            ),
            SessionEvaluation(session_id=session.id, rating=5, to_improve="Meer tijd"),
        ]
    )
    monitoring.import_figures(
        traject,
        b"indicator,eenheid,periode,waarde,bron,peildatum\n"
        b"jeugdigen_met_indicatie,personen,2019,15570,Kennispunt Twente,2020-10\n",
    )
    monitoring.set_session_indicators(session, ["jeugdigen_met_indicatie|personen"])
    source = sources.create_source(
        traject, {"title": "Scheiding op school", "year": "2019", "importance": "high"}
    )
    sources.set_session_sources(session, [source.id])
    db.session.commit()
    return action


@pytest.fixture
def held(traject, duiding, stories):
    fill_session(traject, duiding, stories)
    return duiding


KENNISPUNT_PATH = (
    Path(__file__).resolve().parents[2] / "vertelpunt" / "demo" / "kennispunt_twente_jeugdhulp.csv"
)
