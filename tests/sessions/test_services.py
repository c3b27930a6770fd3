"""The session rules as functions: creating, the story set, reviews, actions, dissent and status."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from tests.sessions.conftest import make_session
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import (
    Action,
    ActionReview,
    AuditEntry,
    DuidingSession,
    SessionStory,
    Story,
    StoryAnswer,
    Theme,
)
from vertelpunt.sessions import actions, dissent, join_codes, selection, services


def perspective_of(story_ids) -> Counter:
    rows = db.session.execute(
        select(StoryAnswer.option_id).where(
            StoryAnswer.question_id == "perspective", StoryAnswer.story_id.in_(story_ids)
        )
    ).scalars()
    return Counter(rows)


def test_a_session_gets_its_details_people_and_a_unique_readable_code(traject, users):
    session = services.create_session(
        traject,
        {
            "title": "Sessie april",
            "held_on": dt.date(2026, 4, 2),
            "starts_at": "13:30",
            "duration_minutes": 180,
            "goal": "Begrijpen wat jongeren missen",
            "focus": "Scheiding",
        },
        [users["facilitator"].id],
        participants="Anna de Vries; Wijkteam Hengelo\nBram, Basisschool De Linde\n\nCees",
    )
    db.session.commit()
    assert (session.status, session.duration_minutes, session.starts_at) == ("prepared", 180, "13:30")
    assert [(p.name, p.organisation) for p in session.participants] == [
        ("Anna de Vries", "Wijkteam Hengelo"),
        ("Bram", "Basisschool De Linde"),
        ("Cees", ""),
    ]
    assert [u.username for u in session.facilitators] == ["begeleider"]
    code = session.join_code
    assert len(code) == join_codes.JOIN_LENGTH and set(code) <= set(join_codes.JOIN_ALPHABET)
    assert join_codes.normalise_join_code(f" {code[:3].lower()}-{code[3:]} ") == code
    assert join_codes.normalise_join_code("OIL-U00") == "011V00"
    assert join_codes.normalise_join_code("abc") is None
    other = make_session(traject, "Tweede")
    assert other.join_code != code


APRIL = dt.date(2026, 4, 2)


@pytest.mark.parametrize(
    ("field", "details"),
    [
        ("title", {"title": "", "held_on": APRIL}),
        ("title", {"title": "x" * 201, "held_on": APRIL}),
        ("title", {"title": "\u0344" * 150, "held_on": APRIL}),  # 300 characters once normalised
        ("held_on", {"title": "X", "held_on": None}),
        ("held_on", {"title": "X", "held_on": "2026-04-02"}),  # text is not a date: the form reads it
        ("duration_minutes", {"title": "X", "held_on": APRIL, "duration_minutes": 721}),
        ("starts_at", {"title": "X", "held_on": APRIL, "starts_at": "25:00"}),
    ],
)
def test_bad_session_details_are_refused_with_nothing_saved(traject, field, details):
    with pytest.raises(InputError) as caught:
        services.create_session(traject, details)
    assert field in caught.value.errors
    db.session.rollback()
    assert db.session.scalar(select(DuidingSession.id)) is None


def test_only_facilitators_of_the_traject_can_be_chosen(traject, users):
    with pytest.raises(InputError) as caught:
        services.create_session(traject, {"title": "X", "held_on": APRIL}, [users["other_facilitator"].id])
    assert "facilitators" in caught.value.errors


def test_status_goes_prepared_open_closed_and_a_closed_session_only_reopens(duiding):
    with pytest.raises(InputError):
        services.set_status(duiding, "closed")
    services.set_status(duiding, "open")
    assert duiding.opened_at is not None
    services.set_status(duiding, "closed")
    assert (duiding.status, duiding.closed_at is not None) == ("closed", True)
    for to in ("prepared", "nonsense"):
        with pytest.raises(InputError):
            services.set_status(duiding, to)
    services.set_status(duiding, "open")  # reopening, recorded
    assert duiding.status == "open"
    (entry,) = db.session.scalars(select(AuditEntry)).all()
    assert (entry.action, entry.detail) == ("session_reopened", f"session {duiding.id}")


def test_selection_by_filter_keeps_the_kind_and_parameters(duiding, stories):
    count = selection.select_by_filter(duiding, {"perspective": ["youth", "pro_care"], "prompt": ["school"]})
    db.session.commit()
    ids = [s.story_id for s in duiding.stories]
    assert count == len(ids) == 2 + 3
    assert set(perspective_of(ids)) == {"youth", "pro_care"}
    assert all(db.session.get(Story, i).prompt == "school" for i in ids)
    assert duiding.selection_kind == "filter"
    assert duiding.selection["perspective"] == ["pro_care", "youth"]
    assert "Filter" in selection.describe(duiding) or "filter" in selection.describe(duiding)


def test_filter_on_audience_municipality_and_dates(duiding, stories):
    today = dt.date.today()
    selection.select_by_filter(duiding, {"audience": ["parent"], "from": today - dt.timedelta(days=2)})
    assert len(duiding.stories) == 3
    selection.select_by_filter(duiding, {"municipality": ["enschede"]}, limit=2)
    assert len(duiding.stories) == 2 and duiding.selection["found"] == 4


def test_a_filter_that_finds_nothing_or_is_wrong_changes_nothing(duiding, stories):
    selection.select_by_filter(duiding, {"perspective": ["parent"]})
    db.session.commit()
    with pytest.raises(InputError):
        selection.select_by_filter(duiding, {"perspective": ["child"]})
    with pytest.raises(InputError):
        selection.select_by_filter(duiding, {"perspective": ["martian"]})
    with pytest.raises(InputError):
        selection.select_by_filter(duiding, {"from": "gisteren"})
    with pytest.raises(InputError):
        selection.select_by_filter(duiding, {"from": dt.date(2026, 5, 2), "to": dt.date(2026, 5, 1)})
    with pytest.raises(InputError):
        selection.select_by_filter(duiding, {}, limit=0)
    db.session.rollback()
    assert len(duiding.stories) == 10 and duiding.selection_kind == "filter"


def test_balanced_sample_is_equal_per_perspective_and_deterministic(traject, stories):
    first, second = make_session(traject, "A"), make_session(traject, "B")
    selection.select_balanced(first, 9, "42")
    selection.select_balanced(second, 9, "42")
    db.session.commit()
    ids = [s.story_id for s in first.stories]
    assert ids == [s.story_id for s in second.stories]
    assert perspective_of(ids) == Counter({"parent": 3, "youth": 3, "pro_care": 3})
    assert first.selection == {"size": 9, "seed": "42"} and first.selection_kind == "balanced"
    selection.select_balanced(second, 9, "43")
    with pytest.raises(InputError):
        selection.select_balanced(second, 9, "x" * 41)
    assert [s.story_id for s in second.stories] != ids


def test_balanced_sample_gives_what_a_small_group_lacks_to_the_others(duiding, stories):
    selection.select_balanced(duiding, 16, "1")
    counts = perspective_of([s.story_id for s in duiding.stories])
    assert counts == Counter({"parent": 6, "pro_care": 6, "youth": 4})


def test_selection_from_a_pattern_takes_the_stories_behind_it(duiding, stories):
    class Statement:
        text = "Ouders kozen vaker 'school'."
        test = "chi-square"
        p_adjusted = 0.01
        story_ids = [stories[0].id, stories[1].id]

    count = selection.select_by_pattern(duiding, Statement.text, [Statement()])
    assert count == 2 and duiding.selection_kind == "pattern"
    assert duiding.selection["statement"] == Statement.text
    with pytest.raises(InputError):
        selection.select_by_pattern(duiding, "Iets anders", [Statement()])


def test_pattern_statements_come_from_the_engine(duiding, stories):
    statements = selection.pattern_statements(duiding.traject)
    assert isinstance(statements, list)  # 20 stories: the engine may well say nothing, but it runs


def test_a_withdrawn_story_leaves_the_set(duiding, stories):
    selection.select_by_filter(duiding, {})
    db.session.commit()
    db.session.delete(db.session.get(Story, stories[0].id))
    db.session.commit()
    db.session.expire_all()
    assert len(duiding.stories) == 19
    assert db.session.scalar(select(SessionStory.id).where(SessionStory.story_id == stories[0].id)) is None


def _action(session, **values) -> Action:
    action = actions.create_action(session, {"title": "Bellen met school", **values})
    db.session.commit()
    return action


def test_actions_are_checked_and_belong_to_a_theme_of_the_session(traject, duiding):
    theme = Theme(session_id=duiding.id, name="School")
    elsewhere = make_session(traject, "Ander")
    other_theme = Theme(session_id=elsewhere.id, name="Elders")
    db.session.add_all([theme, other_theme])
    db.session.commit()
    action = _action(
        duiding,
        theme_id=theme.id,
        term="long",
        size="large",
        owner_organisation="Gemeente Hengelo",
        owner_person="Dirk",
        next_step="Afspraak maken",
        due_on=dt.date(2026, 6, 1),
        first_step=True,
    )
    assert (action.theme_id, action.term, action.size, action.first_step, action.status) == (
        theme.id,
        "long",
        "large",
        True,
        "open",
    )
    assert action.due_on == dt.date(2026, 6, 1)
    for bad, field in (
        ({"title": ""}, "title"),
        ({"term": "soon"}, "term"),
        ({"size": "huge"}, "size"),
        ({"due_on": "morgen"}, "due_on"),
        ({"theme_id": other_theme.id}, "theme_id"),
        ({"theme_id": 2**40}, "theme_id"),
        ({"owner_person": "x" * 121}, "owner_person"),
    ):
        with pytest.raises(InputError) as caught:
            actions.create_action(duiding, {"title": "Iets", **bad})
        assert field in caught.value.errors
    actions.set_first_steps(duiding, [])
    assert action.first_step is False
    actions.update_action(duiding, action.id, {"title": "Mailen met school", "theme_id": None})
    assert (action.title, action.theme_id) == ("Mailen met school", None)
    with pytest.raises(InputError):
        actions.update_action(elsewhere, action.id, {"title": "X"})


def test_review_records_one_per_session_updates_the_status_and_keeps_history(traject, duiding):
    action = _action(duiding)
    second = make_session(traject, "Tweede", days=14)
    third = make_session(traject, "Derde", days=28)
    assert actions.actions_to_review(second) == [action]
    assert actions.actions_to_review(duiding) == []  # not in its own session
    actions.record_review(second, action.id, status="in_progress", obstacles="Geen tijd", next_step="Bellen")
    actions.record_review(second, action.id, status="in_progress", obstacles="Nog steeds geen tijd")
    db.session.commit()
    assert db.session.scalar(select(ActionReview.obstacles)) == "Nog steeds geen tijd"
    assert len(action.reviews) == 1 and action.status == "in_progress"
    actions.record_review(third, action.id, status="done", opportunities="Nieuwe mentor")
    db.session.commit()
    assert action.status == "done"
    assert [r.session.title for r in actions.history(action)] == ["Tweede", "Derde"]
    # Done: off the agenda of later sessions, but still shown where it was reviewed.
    fourth = make_session(traject, "Vierde", days=42)
    assert actions.actions_to_review(fourth) == []
    assert actions.actions_to_review(third) == [action]
    # Correcting the earlier session's review does not undo the later one.
    actions.record_review(second, action.id, status="dropped")
    assert action.status == "done"
    with pytest.raises(InputError):
        actions.record_review(second, action.id, status="maybe")
    with pytest.raises(InputError):
        actions.record_review(duiding, action.id, status="done")


def test_ritual_dissent_rounds_with_critique_suggestions_and_revision(duiding):
    action = _action(duiding)
    made = dissent.create_round(duiding, "Elke school een vast aanspreekpunt", action.id)
    dissent.add_remarks(duiding, made.id, "critique", "Te duur\n\nWie betaalt?")
    dissent.add_remarks(duiding, made.id, "suggestion", "Begin met twee scholen")
    dissent.revise(duiding, made.id, "Twee scholen beginnen met een vast aanspreekpunt")
    db.session.commit()
    assert [(r.kind, r.text) for r in made.remarks] == [
        ("critique", "Te duur"),
        ("critique", "Wie betaalt?"),
        ("suggestion", "Begin met twee scholen"),
    ]
    assert made.action_id == action.id and made.revised_proposal.startswith("Twee scholen")
    with pytest.raises(InputError):
        dissent.create_round(duiding, "  ")
    with pytest.raises(InputError):
        dissent.add_remarks(duiding, made.id, "praise", "Mooi")
    with pytest.raises(InputError):
        dissent.add_remarks(duiding, made.id, "critique", "   ")
    with pytest.raises(InputError):
        dissent.add_remarks(duiding, 99999, "critique", "Hm")


def test_participants_are_added_and_removed(duiding):
    services.add_participants(duiding, "Carla; GGD")
    db.session.commit()
    assert [p.name for p in duiding.participants] == ["Anna", "Bram", "Carla"]
    services.remove_participant(duiding, duiding.participants[0].id)
    db.session.commit()
    db.session.expire_all()
    assert [p.name for p in duiding.participants] == ["Bram", "Carla"]
    with pytest.raises(InputError):
        services.add_participants(duiding, "; GGD")
