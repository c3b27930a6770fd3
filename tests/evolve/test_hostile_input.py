"""Hostile values in every field of every POST route of the evolve pages (the traject plan and the
quotes), as the role that may use the route: a 4xx with a Dutch message, never a server error, and
nothing stored.

Each case is one button of a form: its valid post is sent last, to show that it was the hostile
field that was refused. Free text may hold "<script>" or "-1" (it is shown escaped); dates, ids and
choices may not."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from
from tests.hostile_values import EVERYTHING, HOSTILE, MISSING, TWO
from vertelpunt.evolve import plan, quotes
from vertelpunt.extensions import db
from vertelpunt.models import (
    CoalitionMember,
    CyclePhase,
    Milestone,
    ReleasedQuote,
    SuccessCriterion,
    TrajectCycle,
)

TOO_LONG = "x" * 100_000
TEXT = ["", TOO_LONG, "\x00", TWO, MISSING]  # what a required text field refuses
OPTIONAL_TEXT = [TOO_LONG, TWO]

ONE = "Vul hier één antwoord in"
OP = ("Er ging iets mis met dit formulier", ONE)
DATE = ("Vul een datum in als JJJJ-MM-DD", ONE)
GONE = ("Dit onderdeel bestaat niet (meer)", ONE)
PLAN = "/staff/trajecten/testregio/plan"
QUOTES = "/staff/trajecten/testregio/citaten"


@dataclass
class Case:
    url: str
    user: str
    # The valid post, from the world: ids of rows made for the case.
    data: Callable[[object], dict]
    fields: dict  # field: (values it refuses, Dutch fragments one of which the answer holds)
    page: str = ""


def _dates(world) -> dict:
    form = {}
    for cycle in plan.default_plan(world.traject):
        form[f"{cycle.name}_starts_on"] = cycle.starts_on.isoformat()
        form[f"{cycle.name}_ends_on"] = cycle.ends_on.isoformat()
        for phase in cycle.phases:
            form[f"{cycle.name}_{phase.name}_starts_on"] = phase.starts_on.isoformat()
            form[f"{cycle.name}_{phase.name}_ends_on"] = phase.ends_on.isoformat()
    return form


def _milestone(world) -> int:
    return plan.add_milestone(world.traject, title="Rapport", due_on=dt.date.today()).id


def _criterion(world) -> int:
    return plan.add_criterion(world.traject, text="Minstens tien verhalen").id


def _member(world) -> int:
    return plan.add_member(world.traject, organisation="Wijkteam Noord").id


def _quote(world) -> int:
    return quotes.release(world.traject, text="Het duurde zo lang", story_id=world.stories[12].id).id


def _release(world) -> dict:
    story, theme = world.stories[12], world.themes["school"]
    return {"op": "release", "story_id": story.id, "theme_id": theme.id, "text": "De school belde nooit"}


CASES = {
    "plan_default": Case(f"{PLAN}/default", "coalitie", lambda w: {}, {}, PLAN),
    "plan_cycles": Case(
        f"{PLAN}/cycles",
        "coalitie",
        _dates,
        {
            name: (EVERYTHING, DATE)
            for name in ("opstart_starts_on", "tempo_ends_on", "actie_evolueren_ends_on")
        },
        PLAN,
    ),
    "milestone_add": Case(
        f"{PLAN}/milestones",
        "coalitie",
        lambda w: {"op": "add", "title": "Rapport", "due_on": dt.date.today().isoformat(), "kind": "report"},
        {
            "op": (EVERYTHING, OP),
            "title": (TEXT, ("Geef de mijlpaal een naam", "Gebruik hoogstens 200 tekens", ONE)),
            "due_on": (EVERYTHING, DATE),
            # Left out, a milestone is of the kind "other", as the form's first choice says.
            "kind": ([*HOSTILE, TWO], ("Kies een soort mijlpaal", ONE)),
        },
        PLAN,
    ),
    "milestone_done": Case(
        f"{PLAN}/milestones",
        "coalitie",
        lambda w: {"op": "done", "milestone_id": _milestone(w)},
        {"milestone_id": (EVERYTHING, GONE)},
        PLAN,
    ),
    "milestone_remove": Case(
        f"{PLAN}/milestones",
        "coalitie",
        lambda w: {"op": "remove", "milestone_id": _milestone(w)},
        {"op": (EVERYTHING, OP), "milestone_id": (EVERYTHING, GONE)},
        PLAN,
    ),
    "criterion_add": Case(
        f"{PLAN}/criteria",
        "coalitie",
        lambda w: {"op": "add", "text": "Tien verhalen", "measure": "Tellen"},
        {
            "text": (TEXT, ("Beschrijf het succescriterium", "Gebruik hoogstens 1000 tekens", ONE)),
            "measure": (OPTIONAL_TEXT, ("Gebruik hoogstens 1000 tekens", ONE)),
        },
        PLAN,
    ),
    "criterion_status": Case(
        f"{PLAN}/criteria",
        "coalitie",
        lambda w: {"op": "status", "criterion_id": _criterion(w), "status": "met"},
        {
            "op": (EVERYTHING, OP),
            "criterion_id": (EVERYTHING, GONE),
            "status": (EVERYTHING, ("Kies gehaald, niet gehaald of nog niet bekend", ONE)),
        },
        PLAN,
    ),
    "criterion_remove": Case(
        f"{PLAN}/criteria",
        "coalitie",
        lambda w: {"op": "remove", "criterion_id": _criterion(w)},
        {"criterion_id": (EVERYTHING, GONE)},
        PLAN,
    ),
    "member_add": Case(
        f"{PLAN}/members",
        "coalitie",
        lambda w: {"op": "add", "organisation": "GGD", "representative": "Els", "population": "Ouders"},
        {
            "op": (EVERYTHING, OP),
            "organisation": (TEXT, ("Vul de organisatie in", "Gebruik hoogstens 160 tekens", ONE)),
            "representative": (OPTIONAL_TEXT, ("Gebruik hoogstens 120 tekens", ONE)),
            "population": (OPTIONAL_TEXT, ("Gebruik hoogstens 1000 tekens", ONE)),
        },
        PLAN,
    ),
    "member_remove": Case(
        f"{PLAN}/members",
        "coalitie",
        lambda w: {"op": "remove", "member_id": _member(w)},
        {"member_id": (EVERYTHING, GONE)},
        PLAN,
    ),
    "quote_release": Case(
        QUOTES,
        "begeleider",
        _release,
        {
            "op": (EVERYTHING, OP),
            "text": (TEXT, ("Typ het citaat", "Een citaat mag hoogstens 300 tekens", ONE)),
            "story_id": (EVERYTHING, (*GONE, "Kies een verhaal van dit traject")),
            # Without a theme a quote is still a quote.
            "theme_id": ([v for v in HOSTILE if v] + [TWO], (*GONE, "Kies een thema van dit traject")),
        },
    ),
    "quote_edit": Case(
        QUOTES,
        "begeleider",
        lambda w: {"op": "edit", "quote_id": _quote(w), "text": "Het duurde heel lang"},
        {
            "quote_id": (EVERYTHING, (*GONE, "Dit citaat bestaat niet (meer)")),
            "text": (TEXT, ("Typ het citaat", "Een citaat mag hoogstens 300 tekens", ONE)),
        },
    ),
    "quote_withdraw": Case(
        QUOTES,
        "begeleider",
        lambda w: {"op": "withdraw", "quote_id": _quote(w)},
        {"op": (EVERYTHING, OP), "quote_id": (EVERYTHING, (*GONE, "Dit citaat bestaat niet (meer)"))},
    ),
}


def _state():
    db.session.rollback()
    state = [
        db.session.execute(select(*model.__table__.columns).order_by(model.id)).all()
        for model in (TrajectCycle, CyclePhase, Milestone, SuccessCriterion, CoalitionMember, ReleasedQuote)
    ]
    db.session.rollback()
    return state


def _with(data: dict, name: str | None, value) -> dict:
    data = dict(data)
    if name is None:
        return data
    if value == MISSING:
        data.pop(name, None)
    elif value == TWO:
        data[name] = [str(data.get(name, "1"))] * 2
    else:
        data[name] = value
    return data


def _shown(value) -> str:
    return repr(value if len(value) < 40 else value[:20] + "...")


@pytest.mark.parametrize("case", CASES)
def test_hostile_values_are_refused_in_dutch_and_store_nothing(app, world, as_user, case):
    spec = CASES[case]
    data = spec.data(world)
    db.session.commit()
    client = as_user(spec.user)
    token = csrf_from(client.get(spec.page or spec.url).get_data(as_text=True))
    for name, (values, fragments) in spec.fields.items():
        for value in values:
            before = _state()
            response = client.post(spec.url, data={"csrf_token": token, **_with(data, name, value)})
            what = (case, name, _shown(value))
            assert 400 <= response.status_code < 500, (*what, response.status_code)
            text = html.unescape(response.get_data(as_text=True))
            assert any(f in text for f in fragments), (*what, fragments)
            assert _state() == before, what
    before = _state()
    assert client.post(spec.url, data={"csrf_token": token, **data}).status_code == 302, case
    assert _state() != before, case


def test_every_post_route_of_the_evolve_pages_is_tried(app):
    posts = {
        rule.rule.replace("<slug>", "testregio")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("evolve.") and "POST" in (rule.methods or ())
    }
    assert posts == {case.url for case in CASES.values()}
