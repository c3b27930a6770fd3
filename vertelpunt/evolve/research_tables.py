"""The rows of the research export's tables, from the database: stories and their answers, and
what the traject's sessions made of them (themes, observations, actions, reviews).

Nothing that identifies a person or opens a door: no link tokens, session codes, submission keys,
withdrawal receipts, device hashes, participant or user names. Free text written in sessions goes
through the fast privacy rules once more, as stories did when they were stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from vertelpunt.extensions import db
from vertelpunt.models import (
    Action,
    ActionReview,
    DuidingSession,
    Observation,
    SessionParticipant,
    SessionStory,
    Story,
    Theme,
    Traject,
)
from vertelpunt.models.sessions import observation_stories
from vertelpunt.privacy import redact


def _scrub(text: str | None) -> str:
    return redact(text, use_deduce=False).text if text else ""


def day(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def story_rows(traject: Traject) -> tuple[list[dict], list[dict]]:
    """The stories (as redacted when stored) and their answers."""
    stories = db.session.scalars(
        select(Story)
        .where(Story.traject_id == traject.id)
        .options(selectinload(Story.answers), selectinload(Story.link))
        .order_by(Story.id)
    )
    rows, answers = [], []
    org_types = {o.id: o.organisation_type for o in traject.organisations}
    for s in stories:
        rows.append(
            {
                "story_id": s.id,
                "submitted_on": day(s.submitted_on),
                "framework_version": s.framework_version,
                "language": s.language,
                "prompt": s.prompt,
                "title": s.title,
                "text": s.text,
                "redaction": s.redaction,
                "audience": s.link.audience,
                "general_link": s.link.is_general,
                "organisation_type": org_types.get(s.organisation_id),
            }
        )
        answers.extend(
            {
                "story_id": s.id,
                "framework_version": s.framework_version,
                "question_id": a.question_id,
                "option_id": a.option_id,
                "number": a.number,
                "not_applicable": bool(a.not_applicable),
                "prefilled": bool(a.prefilled),
            }
            for a in sorted(s.answers, key=lambda a: a.id)
        )
    return rows, answers


def session_rows(traject: Traject) -> dict[str, list[dict]]:
    """The tables of what the traject's sessions made: sessions and their story sets, themes,
    observations (and the stories they are about), actions and their reviews."""
    sessions = list(
        db.session.scalars(
            select(DuidingSession)
            .where(DuidingSession.traject_id == traject.id)
            .order_by(DuidingSession.held_on, DuidingSession.id)
        )
    )
    ids = [s.id for s in sessions]
    return {
        "sessions": _session_table(sessions),
        "session_stories": [
            {"session_id": sid, "story_id": story_id}
            for sid, story_id in db.session.execute(
                select(SessionStory.session_id, SessionStory.story_id)
                .where(SessionStory.session_id.in_(ids))
                .order_by(SessionStory.session_id, SessionStory.position, SessionStory.id)
            )
        ],
        "themes": _themes(ids),
        **_observations(ids),
        **_actions(traject),
    }


def _count_per_session(model, ids: list[int]) -> dict[int, int]:
    return dict(
        db.session.execute(
            select(model.session_id, func.count()).where(model.session_id.in_(ids)).group_by(model.session_id)
        ).all()
    )


def _session_table(sessions: list[DuidingSession]) -> list[dict]:
    ids = [s.id for s in sessions]
    story_counts = _count_per_session(SessionStory, ids)
    people = _count_per_session(SessionParticipant, ids)
    return [
        {
            "session_id": s.id,
            "title": s.title,
            "held_on": day(s.held_on),
            "status": s.status,
            "duration_minutes": s.duration_minutes,
            "goal": _scrub(s.goal),
            "focus": _scrub(s.focus),
            "selection_kind": s.selection_kind,
            "story_count": story_counts.get(s.id, 0),
            "participant_count": people.get(s.id, 0),
        }
        for s in sessions
    ]


def _themes(ids: list[int]) -> list[dict]:
    return [
        {
            "theme_id": t.id,
            "session_id": t.session_id,
            "name": t.name,
            "key_terms": "; ".join(str(k) for k in t.key_terms or []),
            "confirmed": bool(t.confirmed),
            "named_by_person": bool(t.named_by_person),
            "origin": t.origin,
            "position": t.position,
        }
        for t in db.session.scalars(
            select(Theme)
            .where(Theme.session_id.in_(ids))
            .order_by(Theme.session_id, Theme.position, Theme.id)
        )
    ]


def _observations(ids: list[int]) -> dict[str, list[dict]]:
    observations = list(
        db.session.scalars(
            select(Observation).where(Observation.session_id.in_(ids)).order_by(Observation.id)
        )
    )
    links = observation_stories.c
    return {
        "observations": [
            {
                "observation_id": o.id,
                "session_id": o.session_id,
                "participant_id": o.participant_id,
                "theme_id": o.theme_id,
                "text": _scrub(o.text),
                "placement": o.placement,
                "fit_score": o.fit_score,
                "unfit": bool(o.unfit),
                "created_on": day(o.created_at),
            }
            for o in observations
        ],
        "observation_stories": [
            {"observation_id": oid, "story_id": story_id}
            for oid, story_id in db.session.execute(
                select(links.observation_id, links.story_id)
                .where(links.observation_id.in_([o.id for o in observations]))
                .order_by(links.observation_id, links.story_id)
            )
        ],
    }


def _actions(traject: Traject) -> dict[str, list[dict]]:
    actions = list(
        db.session.scalars(select(Action).where(Action.traject_id == traject.id).order_by(Action.id))
    )
    reviews = db.session.scalars(
        select(ActionReview)
        .where(ActionReview.action_id.in_([a.id for a in actions]))
        .order_by(ActionReview.id)
    )
    return {
        "actions": [
            {
                "action_id": a.id,
                "session_id": a.session_id,
                "theme_id": a.theme_id,
                "title": _scrub(a.title),
                "description": _scrub(a.description),
                "term": a.term,
                "size": a.size,
                "owner_organisation": a.owner_organisation,
                "next_step": _scrub(a.next_step),
                "due_on": day(a.due_on),
                "first_step": bool(a.first_step),
                "status": a.status,
                "public": bool(a.public),
                "created_on": day(a.created_at),
            }
            for a in actions
        ],
        "reviews": [
            {
                "review_id": r.id,
                "action_id": r.action_id,
                "session_id": r.session_id,
                "status": r.status,
                "obstacles": _scrub(r.obstacles),
                "opportunities": _scrub(r.opportunities),
                "next_step": _scrub(r.next_step),
                "reviewed_on": day(r.reviewed_on),
            }
            for r in reviews
        ],
    }
