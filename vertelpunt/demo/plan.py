"""The demo traject's plan: cycles and phases, a few milestones, success criteria, coalition members
and, when the demo has sessions with themes, one released quote. Running it again adds nothing twice."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from vertelpunt.core.errors import InputError
from vertelpunt.evolve import plan, quotes
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import audience_label
from vertelpunt.models import (
    CoalitionMember,
    DuidingSession,
    Milestone,
    ReleasedQuote,
    Story,
    SuccessCriterion,
    Theme,
    Traject,
)

CRITERIA = (
    (
        "Uit elke gemeente in Twente komen verhalen binnen.",
        "Het responsoverzicht: elke gemeente heeft minstens één verhaal.",
    ),
    (
        "Kinderen en jongeren vertellen zelf, niet alleen hun ouders en professionals.",
        "Minstens een kwart van de verhalen komt van kinderen en jongeren.",
    ),
    (
        "Elke sessie levert acties op met een eigenaar en een datum.",
        "De actielijst: geen actie zonder eigenaar of datum.",
    ),
    (
        "Vertellers horen wat er met hun verhaal gebeurt.",
        "De terugkoppelpagina staat in de nieuwsbrief van de deelnemende organisaties.",
    ),
)
# Roles, never people: the demo can be shown to anyone.
REPRESENTATIVES = {
    "municipality": "Beleidsadviseur jeugd",
    "neighbourhood_team": "Teamleider",
    "school": "Intern begeleider",
    "care_provider": "Gedragswetenschapper",
    "certified_institution": "Jeugdbeschermer",
    "gp": "Praktijkondersteuner jeugd",
}


def _reach_of(link) -> str:
    age = (link.prefill or {}).get("age_group")
    ages = get_framework()["age_group"].option(age).label("nl").lower() if age else "alle leeftijden"
    return f"{audience_label(link.audience, 'nl').lower()} ({ages})"


def _members(traject: Traject) -> None:
    if db.session.scalar(select(CoalitionMember.id).where(CoalitionMember.traject_id == traject.id)):
        return
    seen_types: set[str] = set()
    for org in traject.organisations:
        if org.organisation_type in seen_types or org.organisation_type not in REPRESENTATIVES:
            continue
        seen_types.add(org.organisation_type)
        reach = sorted({_reach_of(link) for link in org.links})
        plan.add_member(
            traject,
            organisation=org.name,
            representative=REPRESENTATIVES[org.organisation_type],
            population=", ".join(reach),
        )


def _milestones(traject: Traject, today: dt.date) -> None:
    if db.session.scalar(select(Milestone.id).where(Milestone.traject_id == traject.id)):
        return
    middle = traject.opens_on + (traject.closes_on - traject.opens_on) / 2
    plan.add_milestone(
        traject, title="Tussenstand naar de wethouders", due_on=middle.isoformat(), kind="report"
    )
    done = db.session.scalars(select(Milestone).where(Milestone.traject_id == traject.id)).one()
    if middle < today:
        done.done_on = middle
    plan.add_milestone(
        traject,
        title="Eindrapport en terugkoppeling aan vertellers",
        due_on=(traject.closes_on + dt.timedelta(days=30)).isoformat(),
        kind="report",
    )


def _criteria(traject: Traject) -> None:
    if db.session.scalar(select(SuccessCriterion.id).where(SuccessCriterion.traject_id == traject.id)):
        return
    for text, measure in CRITERIA:
        plan.add_criterion(traject, text=text, measure=measure)


def _quote(traject: Traject) -> None:
    """One short sentence from a story behind a theme of a closed session, if the rules find it clean."""
    if db.session.scalar(select(ReleasedQuote.id).where(ReleasedQuote.traject_id == traject.id)):
        return
    themes = db.session.scalars(
        select(Theme)
        .join(DuidingSession, Theme.session_id == DuidingSession.id)
        .where(DuidingSession.traject_id == traject.id, DuidingSession.status == "closed")
        .order_by(DuidingSession.held_on, Theme.position, Theme.id)
    )
    # A sentence holding any story's title would put that title on the public page.
    titles = {
        " ".join(t.casefold().split())
        for t in db.session.scalars(select(Story.title).where(Story.traject_id == traject.id))
        if t.strip()
    }
    for theme in themes:
        for observation in theme.observations:
            for story in observation.stories:
                # The longest fitting sentence says most; the first one often only introduces the narrator.
                sentences = re.split(r"(?<=[.!?])\s+", story.text)[1:]
                fitting = [
                    x
                    for x in sentences
                    if 40 <= len(x) <= 160
                    and "[" not in x
                    and not any(t in " ".join(x.casefold().split()) for t in titles)
                ]
                for sentence in sorted(fitting, key=len, reverse=True):
                    try:
                        quotes.release(traject, text=sentence, story_id=story.id, theme_id=theme.id)
                    except InputError:
                        continue
                    return


def seed_plan(traject: Traject, today: dt.date) -> None:
    """The demo plan for `traject`; the caller commits."""
    plan.accept_default(traject)
    _milestones(traject, today)
    _criteria(traject)
    _members(traject)
    _quote(traject)
    db.session.flush()
