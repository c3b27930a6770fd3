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


def published(name: str, summary: str) -> dict:
    """A theme as the Publiceren step and the worker's check leave it."""
    return {"publication": "public", "public_name": name, "public_summary": summary}


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
    """Two closed sessions and an open one. 'Wachttijden' (in both closed sessions, published in both)
    rests on 11 + 1 stories and observations; 'School' on 2 of each and is not published; the open
    session's theme is not public. Two actions are published (as the Publiceren step leaves them after
    the privacy check), one is not."""
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
    waiting = Theme(
        session_id=first.id,
        name="Wachttijden",
        key_terms=["wachtlijst", "lang"],
        confirmed=True,
        named_by_person=True,
        **published("Wachttijden", "Gezinnen wachten maanden op hulp en horen in die tijd niets."),
    )
    school = Theme(session_id=first.id, name="School", key_terms=["mentor"], position=1)
    waiting_again = Theme(
        session_id=second.id,
        name="wachttijden",
        key_terms=["wachtlijst", "rechter"],
        **published("Wachttijden", "Ook na een half jaar is wachten het grootste probleem."),
    )
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
        publication="public",
        public_title="Wachtlijst korter maken",
        public_organisation="Gemeente Enschede",
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
        publication="public",
        public_title="Folder over wachttijd",
        public_organisation="Wijkteam Zuid",
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


# --- publishing (tests/evolve/test_publication*.py) ------------------------------------------------


@dataclass
class Held:
    """An open session as the board leaves it: an engine-made theme from a card that names a child,
    a theme a person named, and an action with an owner person and organisation."""

    session: object
    engine: object
    named: object
    action: object
    step: str  # the Publiceren step's address, kept as text: reading it never touches the database


@pytest.fixture
def held(traject, organisation, users) -> Held:
    from vertelpunt.sessions import actions
    from vertelpunt.sessions import services as sessions

    services.create_organisation(traject, name="Basisschool De Esch", organisation_type="school")
    session = sessions.create_session(
        traject,
        {"title": "Duiding", "held_on": dt.date.today()},
        participants="Anna Bakker; Wijkteam Hengelo",
    )
    sessions.set_status(session, "open")
    engine = Theme(
        session_id=session.id, name="sanne · wolters · school", key_terms=["sanne", "wolters", "school"]
    )
    named = Theme(
        session_id=session.id,
        name="Wachten op hulp",
        key_terms=["wachtlijst", "maanden"],
        named_by_person=True,
        confirmed=True,
        position=1,
    )
    db.session.add_all([engine, named])
    db.session.flush()
    db.session.add_all(
        [
            Observation(
                session_id=session.id, theme_id=engine.id, text="Sanne Wolters zegt: school belt nooit"
            ),
            Observation(session_id=session.id, theme_id=named.id, text="Maanden op de wachtlijst"),
        ]
    )
    action = actions.create_action(
        session,
        {
            "title": "Wachtenden elke maand bellen",
            "description": "Het wijkteam belt gezinnen op de wachtlijst.",
            "owner_organisation": "Wijkteam Zuid",
            "owner_person": "Jan Jansen",
            "theme_id": named.id,
        },
    )
    db.session.commit()
    return Held(session, engine, named, action, f"/staff/trajecten/testregio/sessies/{session.id}/publiceren")


def close(held: Held) -> None:
    from vertelpunt.sessions import services as sessions

    sessions.set_status(held.session, "closed")
    db.session.commit()


def form_of(held: Held, **changes) -> dict:
    """The Publiceren form as a facilitator would send it: what the page shows, with `changes`
    (field name without the item prefix, e.g. named_public=True, action_title="...")."""
    from vertelpunt.evolve import publication

    values = publication.current_values(held.session)
    prefixes = {"engine": f"theme_{held.engine.id}", "named": f"theme_{held.named.id}"}
    prefixes["action"] = f"action_{held.action.id}"
    for key, value in changes.items():
        item, field_name = key.split("_", 1)
        values[f"{prefixes[item]}_{field_name}"] = value
    return {k: ("y" if v is True else v) for k, v in values.items() if v is not False}


def publish_post(client, held: Held, data: dict, follow: bool = False, **fields):
    """POST the step's form with a fresh CSRF token; `fields` are added to the form (preview, confirm)."""
    from tests.conftest import csrf_from

    token = csrf_from(client.get(held.step).get_data(as_text=True))
    return client.post(held.step, data={"csrf_token": token, **data, **fields}, follow_redirects=follow)


def previewed_of(page: str) -> str:
    import re

    match = re.search(r'name="previewed" value="([0-9a-f]{64})"', page)
    assert match, "no preview on the page"
    return match.group(1)


def publish(client, held: Held, data: dict):
    """Preview, then confirm exactly that preview: as the step asks."""
    preview = publish_post(client, held, data, preview="1")
    assert preview.status_code == 200, preview.get_data(as_text=True)[-2000:]
    return publish_post(
        client, held, data, confirm="1", previewed=previewed_of(preview.get_data(as_text=True))
    )


def check(use_deduce: bool = False) -> int:
    """The redaction worker's part, as `flask redaction run` does it."""
    from vertelpunt.evolve import publication

    done = publication.check_requested(use_deduce=use_deduce)
    db.session.commit()
    return done


def public_texts(app) -> str:
    """Everything the public sees of the traject: the feedback page and the newsletter text."""
    import html

    client = app.test_client()
    page = client.get("/terugkoppeling/testregio")
    text = client.get("/terugkoppeling/testregio/nieuwsbrief.txt")
    assert page.status_code == text.status_code == 200
    return html.unescape(page.get_data(as_text=True)) + "\n" + text.get_data(as_text=True)
