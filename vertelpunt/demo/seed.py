"""The Twente demo traject: organisations, links, synthetic stories and demo accounts.

Running it again adds nothing twice; it only gives the demo accounts fresh passwords, because the
old ones cannot be shown again (only their hashes are stored)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Iterator

from flask import current_app
from sqlalchemy import select, update

from linkgen import share as share_urls
from vertelpunt.auth import services as accounts
from vertelpunt.core.access import traject_by_slug
from vertelpunt.demo.organisations import DEMO_ORGANISATIONS, TWENTE_MUNICIPALITIES
from vertelpunt.demo.plan import seed_plan
from vertelpunt.demo.sessions import seed_sessions
from vertelpunt.demo.stories import generate_stories
from vertelpunt.evolve import publication
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Link, Story, User
from vertelpunt.share import services as sharing
from vertelpunt.staff import services

SLUG = "twente"
DEMO_USERS = (("beheer", "admin"), ("coalitie-twente", "coalition"), ("begeleider-twente", "facilitator"))
_PERSPECTIVE_BY_TYPE = {
    "school": "pro_education",
    "neighbourhood_team": "pro_community",
    "municipality": "pro_community",
    "care_provider": "pro_care",
    "certified_institution": "pro_care",
    "gp": "pro_care",
}
_YOUTH_PERSPECTIVE = {"age_4_12": "child", "age_12_18": "youth", "age_18_23": "young_adult"}


def _link_prefill(org: dict) -> dict[str, str]:
    prefill = {"age_group": org["age_group"]}
    if org["audience"] == "parent":
        prefill["perspective"] = "parent"
    elif org["audience"] == "professional" and org["organisation_type"] in _PERSPECTIVE_BY_TYPE:
        prefill["perspective"] = _PERSPECTIVE_BY_TYPE[org["organisation_type"]]
    elif org["audience"] == "youth" and org["age_group"] in _YOUTH_PERSPECTIVE:
        prefill["perspective"] = _YOUTH_PERSPECTIVE[org["age_group"]]
    return prefill


def _create_traject(today: dt.date):
    traject = services.create_traject(
        slug=SLUG,
        name="Vertelpunt Twente: kinderen en scheiding",
        region="Twente",
        focus="Kinderen in een scheidingssituatie",
        focus_prompt_nl="Een moment rond de scheiding van ouders",
        focus_prompt_en="A moment around parents separating",
        opens_on=today - dt.timedelta(days=130),
        closes_on=today + dt.timedelta(days=60),
        municipalities=[name for _code, name in TWENTE_MUNICIPALITIES],
        results_note="De uitkomsten delen we na de sluiting via de organisaties die je de link stuurden.",
    )
    organisations = {}
    for row in DEMO_ORGANISATIONS:
        org = organisations.get(row["name"])
        if org is None:
            org = services.create_organisation(
                traject,
                name=row["name"],
                organisation_type=row["organisation_type"],
                municipality_code=row["municipality"],
                contact_person=row["contact_person"],
            )
            organisations[row["name"]] = org
        services.create_link(
            traject,
            organisation=org,
            audience=row["audience"],
            prefill=_link_prefill(row),
            channel=row["channel"],
            label=f"{row['audience']} {row['age_group']}",
        )
    return traject


def _submission(story: dict, link: Link) -> sharing.Submission:
    """The answers a narrator arriving through this link would have given for this story."""
    sub = sharing.Submission(prompt=story["prompt"], title=story["title"], text=story["story"])
    prefill = dict(link.prefill or {})
    for question_id in (
        "perspective",
        "age_group",
        "living",
        "when",
        "duration",
        "municipality",
        "organisation_type",
    ):
        value = story.get(question_id)
        if question_id in prefill and prefill[question_id] != "unknown":
            sub.answers.append(sharing.Answer(question_id, option_id=prefill[question_id], prefilled=True))
        elif value:
            sub.answers.append(sharing.Answer(question_id, option_id=value))
    for question_id in ("feeling", "who_involved", "should_know"):
        sub.answers.extend(sharing.Answer(question_id, option_id=v) for v in story.get(question_id) or ())
    for question_id in ("tone", "heard"):
        value = story.get(question_id)
        if value is not None:
            sub.answers.append(sharing.Answer(question_id, number=float(value)))
    weights = story.get("focus_of_help")
    if weights is not None:
        for corner, weight in zip(("child", "family", "professionals"), weights, strict=True):
            sub.answers.append(sharing.Answer("focus_of_help", option_id=corner, number=float(weight)))
    return sub


def _add_stories(traject, count: int, today: dt.date) -> None:
    rng = random.Random(7)
    active = [link for link in traject.links if link.status == "active"]
    general = [link for link in active if link.is_general]
    by_audience: dict[str, list[Link]] = {}
    for link in active:
        if not link.is_general:
            by_audience.setdefault(link.audience, []).append(link)
    codes = [m.code for m in traject.municipalities]
    for story in generate_stories(count, municipalities=codes):
        candidates = by_audience.get(story["audience_hint"])
        # About a quarter arrives through the general link, as it did (more so) in the pilot.
        link = rng.choice(general) if (not candidates or rng.random() < 0.25) else rng.choice(candidates)
        day = max(traject.opens_on, today - dt.timedelta(days=int(story["days_ago"])))
        sharing.store_submission(_submission(story, link), link, secrets.token_urlsafe(18), "nl", today=day)
    # The demo's stories are made by the project from fragments without personal details, and the demo
    # runs without the redaction worker: they count as fully redacted, so its sessions can use them (a
    # session's story set holds only those, see sessions/selection.py).
    db.session.execute(update(Story).where(Story.traject_id == traject.id).values(redaction="full"))


# What the demo facilitator published of the held session, in their own words (Publiceren step).
PUBLISHED_THEMES = {
    "School als vangnet": "Kinderen vertellen vaak eerst op school wat er thuis speelt. School hoort soms pas "
    "laat van een scheiding. Een vaste persoon op school helpt.",
    "Wachten op hulp": "Gezinnen wachten maanden op hulp en horen in die tijd weinig. Dat maakt ouders en "
    "kinderen onzeker.",
}
# Action title -> whether its owner organisation is shown. A school that is not one of the traject's
# organisations is refused by the privacy check (a school name can point to a child), so not that one.
PUBLISHED_ACTIONS = {
    "Vast aanspreekpunt scheiding op elke school": False,
    "Wachtenden maandelijks bellen": True,
}


def _publish(traject) -> None:
    """Publish part of the closed demo session through the Publiceren step's own rules, so the public
    page shows something; the third theme and action stay private. The demo runs without the redaction
    worker and its texts are the project's own, so the worker's check runs here on the fast rules."""
    for session in db.session.scalars(
        select(DuidingSession).where(
            DuidingSession.traject_id == traject.id, DuidingSession.status == "closed"
        )
    ):
        values = publication.current_values(session)
        for theme in session.themes:
            if theme.name in PUBLISHED_THEMES:
                values[f"theme_{theme.id}_public"] = True
                values[f"theme_{theme.id}_summary"] = PUBLISHED_THEMES[theme.name]
        for action in publication.session_actions(session):
            if action.title in PUBLISHED_ACTIONS:
                values[f"action_{action.id}_public"] = True
                values[f"action_{action.id}_organisation"] = PUBLISHED_ACTIONS[action.title]
        plan = publication.read_plan(session, values)
        publication.check_plan(plan)  # the demo's texts pass; an InputError here is a bug
        publication.apply_plan(plan)
    publication.check_requested(use_deduce=False, traject_id=traject.id)


def _fresh_logins() -> Iterator[str]:
    for username, role in DEMO_USERS:
        password = secrets.token_urlsafe(12)
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            accounts.create_user(
                username,
                password,
                admin=role == "admin",
                memberships=[] if role == "admin" else [(SLUG, role)],
            )
        else:
            user.password_hash = accounts.hash_password(password)
        yield f"LOGIN {role} {username} {password}"


def _session_lines(traject, base: str) -> Iterator[str]:
    sessions = db.session.scalars(
        select(DuidingSession).where(DuidingSession.traject_id == traject.id).order_by(DuidingSession.held_on)
    )
    for session in sessions:
        url = f"{base}/staff/trajecten/{traject.slug}/sessies/{session.id}"
        yield f"SESSION {session.held_on.isoformat()} {session.status} {url}"


def seed_demo(story_count: int = 300, today: dt.date | None = None) -> list[str]:
    today = today or dt.date.today()
    traject = traject_by_slug(SLUG)
    new = traject is None
    if new:
        traject = _create_traject(today)
        _add_stories(traject, story_count, today)
    lines = []
    base = current_app.config["PUBLIC_BASE_URL"]
    for link in traject.links:
        if link.status != "active":
            continue
        name = link.organisation.name if link.organisation else "Algemene link"
        lines.append(f"LINK {link.audience} {name} {share_urls.link_url(base, link.token)}")
    lines.extend(_fresh_logins())
    if new:
        # After the logins: the demo facilitator runs the demo sessions.
        seed_sessions(traject, today)
        seed_plan(traject, today)
        _publish(traject)
    lines.extend(_session_lines(traject, base))
    db.session.commit()
    return lines
