"""The demo sessions on the Twente demo traject: one held and closed, one prepared with a review."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from vertelpunt.core.access import traject_by_slug
from vertelpunt.demo.seed import seed_demo
from vertelpunt.demo.sessions import seed_sessions
from vertelpunt.extensions import db
from vertelpunt.models import ActionReview, DuidingSession, IndicatorValue
from vertelpunt.sessions import actions, report


def test_demo_sessions_have_everything_a_report_needs(app):
    today = dt.date(2026, 5, 20)
    seed_demo(story_count=120, today=today)
    traject = traject_by_slug("twente")
    seed_sessions(traject, today)
    db.session.commit()
    held, planned = db.session.scalars(select(DuidingSession).order_by(DuidingSession.held_on)).all()
    assert (held.status, held.held_on) == ("closed", today - dt.timedelta(days=21))
    assert (planned.status, planned.held_on) == ("prepared", today + dt.timedelta(days=7))
    assert held.join_code != planned.join_code
    assert [u.username for u in held.facilitators] == ["begeleider-twente"]
    assert len(held.stories) == 18 and held.selection_kind == "balanced"
    assert all(o.stories for o in held.observations)
    assert sum(t.confirmed for t in held.themes) == 3
    made = actions.session_actions(held)
    assert len(made) == 4 and sum(a.first_step for a in made) == 2
    assert all(a.owner_person and a.owner_organisation for a in made)
    assert held.dissent_rounds[0].remarks and held.dissent_rounds[0].revised_proposal
    assert len(held.evaluations) == 4 and len(held.sources) == 2 and len(held.indicators) == 2
    review = db.session.scalar(select(ActionReview))
    assert review.session_id == planned.id and review.action.status == "in_progress"
    assert planned.selection_kind == "filter" and planned.stories
    assert len(actions.actions_to_review(planned)) == 4
    assert db.session.scalar(select(func.count(IndicatorValue.id))) == 41
    with app.test_request_context("/?lang=nl"):
        text = report.markdown(report.build(held))
    assert "School als vangnet" in text and "Ruben Kamphuis" in text and "Scheiding op school" in text
    seed_sessions(traject, today)  # a second call adds nothing
    assert db.session.scalar(select(func.count(DuidingSession.id))) == 2
