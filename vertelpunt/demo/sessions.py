"""Two duidingssessies for the Twente demo traject: one held three weeks ago (closed, with everything a
session leaves behind) and one prepared for next week, with one action from the first already reviewed.

All names and texts are made up for the demo. Called once, when the demo traject is new; the
Kennispunt Twente figures (public monitoring data) are imported into the traject as well."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from vertelpunt.extensions import db
from vertelpunt.models import (
    DuidingSession,
    Membership,
    Observation,
    SessionEvaluation,
    Story,
    Theme,
    Traject,
    User,
)
from vertelpunt.sessions import actions, dissent, monitoring, selection, services, sources

KENNISPUNT = Path(__file__).resolve().parent / "kennispunt_twente_jeugdhulp.csv"

PARTICIPANTS = (
    ("Anouk Smit", "Wijkteam Enschede-Zuid"),
    ("Ruben Kamphuis", "Basisschool De Esch"),
    ("Fatma Yilmaz", "Jeugdhulp Twente"),
    ("Gerrit Nijhuis", "Gemeente Hengelo"),
    ("Sanne Oude Luttikhuis", "Huisartsenpraktijk Almelo-Noord"),
)

# Theme -> observations, each with words to find a story of the set it is about.
THEMES = (
    (
        "School als vangnet",
        (
            ("De mentor is vaak de eerste die merkt dat er thuis iets speelt.", ("mentor", "school")),
            ("School hoort pas laat van de scheiding, soms via het kind zelf.", ("school", "juf", "meester")),
            ("Een vaste plek om even tot rust te komen helpt op school.", ("school", "klas")),
        ),
    ),
    (
        "Wachten op hulp",
        (
            ("Ouders wachten maanden en weten niet waar ze aan toe zijn.", ("wacht", "maanden")),
            ("Tijdens het wachten is er niemand die even belt.", ("wacht", "bellen", "gebeld")),
            ("Professionals zoeken zelf naar een plek en voelen zich machteloos.", ("plek", "wachtlijst")),
        ),
    ),
    (
        "Het kind wordt niet gehoord",
        (
            ("Gesprekken gaan over het kind, maar het kind zit er niet bij.", ("gesprek", "praten")),
            ("Kinderen voelen zich verantwoordelijk voor de ruzie van hun ouders.", ("ruzie", "schuld")),
        ),
    ),
)
LOOSE = ("Opa's en oma's spelen een grote rol, maar niemand vraagt naar hen.", ("opa", "oma"))

ACTIONS = (
    {
        "theme": "School als vangnet",
        "title": "Vast aanspreekpunt scheiding op elke school",
        "description": "Elke school in de pilotgemeenten wijst een mentor of intern begeleider aan.",
        "owner_organisation": "Basisschool De Esch",
        "owner_person": "Ruben Kamphuis",
        "next_step": "Twee scholen vragen mee te doen",
        "days": 60,
        "first_step": True,
    },
    {
        "theme": "Wachten op hulp",
        "title": "Wachtenden maandelijks bellen",
        "description": "Het wijkteam belt gezinnen op de wachtlijst elke maand even.",
        "owner_organisation": "Wijkteam Enschede-Zuid",
        "owner_person": "Anouk Smit",
        "next_step": "Belrooster maken",
        "days": 30,
        "first_step": True,
    },
    {
        "theme": "Wachten op hulp",
        "title": "Wachttijden per aanbieder openbaar maken",
        "description": "Eén overzicht voor verwijzers en ouders.",
        "owner_organisation": "Gemeente Hengelo",
        "owner_person": "Gerrit Nijhuis",
        "next_step": "Gegevens opvragen bij de aanbieders",
        "term": "long",
        "size": "large",
        "days": 120,
    },
    {
        "theme": "Het kind wordt niet gehoord",
        "title": "Kindgesprek als vast onderdeel van het ouderschapsplan",
        "owner_organisation": "Jeugdhulp Twente",
        "owner_person": "Fatma Yilmaz",
        "next_step": "Voorbeeld van een kindgesprek maken",
        "term": "long",
        "days": 90,
    },
)

SOURCES = (
    {
        "title": "Scheiding op school",
        "author": "Op Tijd Dichtbij",
        "year": "2019",
        "importance": "high",
        "notes": "Cijfers over minderjarigen bij scheiding en wat scholen merken.",
    },
    {
        "title": "Twentse Monitor Sociaal Domein: jeugdhulp",
        "author": "Kennispunt Twente",
        "year": "2021",
        "url": "https://www.kennispunttwente.nl",
        "importance": "high",
    },
    {
        "title": "Kinderen in een scheidingssituatie: handreiking voor professionals",
        "author": "Nederlands Jeugdinstituut",
        "year": "2020",
        "importance": "medium",
    },
)


def _facilitator_ids(traject: Traject) -> list[int]:
    query = (
        select(User.id)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.traject_id == traject.id, Membership.role == "facilitator")
    )
    return list(db.session.scalars(query))


def _story_about(session: DuidingSession, words: tuple[str, ...], used: set[int]) -> Story | None:
    stories = [s.story for s in session.stories]
    for word in words:
        for story in stories:
            if story.id not in used and word in story.text.lower():
                used.add(story.id)
                return story
    return next((s for s in stories if s.id not in used), stories[0] if stories else None)


def _held_session(traject: Traject, today: dt.date, people: list[int]) -> DuidingSession:
    session = services.create_session(
        traject,
        {
            "title": "Eerste duidingssessie: kinderen en scheiding",
            "held_on": today - dt.timedelta(days=21),
            "starts_at": "13:30",
            "duration_minutes": 150,
            "goal": "Samen zien wat de verhalen ons vertellen over steun aan kinderen rond een scheiding.",
            "focus": traject.focus,
        },
        people,
        participants="\n".join(f"{name}; {org}" for name, org in PARTICIPANTS),
    )
    selection.select_balanced(session, 18, "twente")
    services.set_status(session, "open")
    participants = session.participants
    used: set[int] = set()
    author = 0
    themes = {}
    for position, (name, observations) in enumerate(THEMES):
        theme = Theme(
            session_id=session.id,
            name=name,
            confirmed=True,
            named_by_person=True,
            origin="engine",
            position=position,
        )
        db.session.add(theme)
        db.session.flush()
        themes[name] = theme
        for text, words in observations:
            observation = Observation(
                session_id=session.id,
                participant_id=participants[author % len(participants)].id,
                text=text,
                theme_id=theme.id,
                placement="person",
            )
            story = _story_about(session, words, used)
            if story is not None:
                observation.stories.append(story)
            db.session.add(observation)
            author += 1
    loose = Observation(session_id=session.id, participant_id=participants[-1].id, text=LOOSE[0], unfit=True)
    story = _story_about(session, LOOSE[1], used)
    if story is not None:
        loose.stories.append(story)
    db.session.add(loose)
    db.session.flush()
    made = []
    for spec in ACTIONS:
        made.append(
            actions.create_action(
                session,
                {
                    **{k: v for k, v in spec.items() if k not in ("theme", "days")},
                    "theme_id": themes[spec["theme"]].id,
                    "due_on": today + dt.timedelta(days=spec["days"]),
                },
            )
        )
    proposal = dissent.create_round(
        session, "Elke school in Twente krijgt een vast aanspreekpunt scheiding.", made[0].id
    )
    dissent.add_remarks(
        session,
        proposal.id,
        "critique",
        "Scholen hebben nu al te veel taken.\nEen aanspreekpunt zonder tijd of scholing helpt niet.",
    )
    dissent.add_remarks(
        session,
        proposal.id,
        "suggestion",
        "Begin met twee scholen en het wijkteam erbij.\nGebruik de mentor die er al is.",
    )
    dissent.revise(
        session,
        proposal.id,
        "Twee scholen beginnen dit schooljaar, samen met het wijkteam, met de mentor als aanspreekpunt.",
    )
    for participant, (rating, well, better) in zip(
        participants,
        (
            (4, "De verhalen maakten het concreet.", "Meer tijd voor de acties."),
            (5, "Goed om met school en wijkteam aan tafel te zitten.", ""),
            (4, "", "Graag ook jongeren zelf erbij."),
            (3, "Duidelijke werkvorm.", "Minder verhalen, dieper bespreken."),
        ),
        strict=False,
    ):
        participant.joined_at = dt.datetime.combine(session.held_on, dt.time(13, 35))
        db.session.add(
            SessionEvaluation(
                session_id=session.id,
                participant_id=participant.id,
                rating=rating,
                went_well=well,
                to_improve=better,
            )
        )
    monitoring.set_session_indicators(
        session, ["jeugdigen_met_indicatie|personen", "minderjarigen_bij_scheiding|personen"]
    )
    listed = [sources.create_source(traject, spec) for spec in SOURCES]
    sources.set_session_sources(session, [s.id for s in listed[:2]])
    services.set_status(session, "closed")
    session.opened_at = dt.datetime.combine(session.held_on, dt.time(13, 30))
    session.closed_at = dt.datetime.combine(session.held_on, dt.time(16, 0))
    db.session.flush()
    return session


def _next_session(
    traject: Traject, today: dt.date, people: list[int], first: DuidingSession
) -> DuidingSession:
    session = services.create_session(
        traject,
        {
            "title": "Tweede duidingssessie: wat jongeren zelf vertellen",
            "held_on": today + dt.timedelta(days=7),
            "starts_at": "15:00",
            "duration_minutes": 120,
            "goal": "Terugblikken op de eerste acties en de verhalen van jongeren zelf bespreken.",
            "focus": traject.focus,
        },
        people,
        participants="\n".join(f"{name}; {org}" for name, org in PARTICIPANTS[:3])
        + "\nMila (jongerenpanel); Jongerenraad Twente",
    )
    selection.select_by_filter(session, {"perspective": ["child", "youth", "young_adult"]}, limit=20)
    calling = next(a for a in actions.session_actions(first) if a.title.startswith("Wachtenden"))
    actions.record_review(
        session,
        calling.id,
        status="in_progress",
        obstacles="Niet alle gezinnen willen gebeld worden; het rooster kost meer tijd dan gedacht.",
        opportunities="Twee aanbieders willen zelf ook gaan bellen.",
        next_step="Na drie maanden navragen bij de gezinnen hoe het bellen helpt.",
        today=today,
    )
    monitoring.set_session_indicators(session, ["jeugdigen_met_indicatie|personen"])
    db.session.flush()
    return session


def seed_sessions(traject: Traject, today: dt.date) -> None:
    """The Kennispunt figures and two sessions; meant for a new demo traject, and a no-op when the
    traject already has sessions."""
    if services.sessions_of(traject):
        return
    report = monitoring.import_figures(traject, KENNISPUNT.read_bytes())
    if not report.imported:  # the file ships with the code; a problem here is a bug
        raise RuntimeError(f"Kennispunt figures did not import: {report.problems}")
    people = _facilitator_ids(traject)
    first = _held_session(traject, today, people)
    _next_session(traject, today, people, first)
    db.session.flush()
