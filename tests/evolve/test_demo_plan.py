"""The demo plan: cycles, milestones, criteria and members for the Twente demo, added once."""

from __future__ import annotations

import datetime as dt

from vertelpunt.core.access import traject_by_slug
from vertelpunt.demo.organisations import DEMO_ORGANISATIONS
from vertelpunt.demo.plan import REPRESENTATIVES, seed_plan
from vertelpunt.demo.seed import SLUG, seed_demo
from vertelpunt.evolve import plan
from vertelpunt.extensions import db
from vertelpunt.models import (
    CoalitionMember,
    DuidingSession,
    Milestone,
    ReleasedQuote,
    SuccessCriterion,
    TrajectCycle,
)


def test_seed_plan_fills_the_plan_once(app):
    today = dt.date.today()
    seed_demo(story_count=20, today=today)
    traject = traject_by_slug(SLUG)
    seed_plan(traject, today)
    db.session.commit()
    counts = [
        db.session.query(m).count()
        for m in (TrajectCycle, Milestone, SuccessCriterion, CoalitionMember, ReleasedQuote)
    ]
    seed_plan(traject, today)
    db.session.commit()
    assert [
        db.session.query(m).count()
        for m in (TrajectCycle, Milestone, SuccessCriterion, CoalitionMember, ReleasedQuote)
    ] == counts
    assert counts[:4] == [3, 2, 4, counts[3]] and counts[3] >= 3
    # The demo's held session has themes with stories: one quote from them, never more.
    held = db.session.query(DuidingSession).filter_by(traject_id=traject.id, status="closed").count()
    assert counts[4] == (1 if held else 0)
    where = plan.position(plan.stored_plan(traject), plan.moments(traject, today), today)
    assert where.cycle is not None and where.phase is not None
    names = {row["name"] for row in DEMO_ORGANISATIONS}
    for member in db.session.query(CoalitionMember):
        # Roles, never people: the demo can be shown to anyone.
        assert member.organisation in names and member.population
        assert member.representative in REPRESENTATIVES.values()
