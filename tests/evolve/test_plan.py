"""The traject plan: a default proposal, editing by the coalition, milestones and where we stand."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from tests.conftest import csrf_from
from vertelpunt.evolve import plan
from vertelpunt.extensions import db
from vertelpunt.models import CoalitionMember, Digest, Milestone, SuccessCriterion, Traject, TrajectCycle
from vertelpunt.models.plan import CYCLES, PHASES

URL = "/staff/trajecten/testregio/plan"


def _post(client, path, data):
    page = client.get(URL).get_data(as_text=True)
    return client.post(URL + path, data={"csrf_token": csrf_from(page), **data})


@pytest.mark.parametrize("days", [0, 4, 11, 12, 40, 365])
def test_default_plan_spreads_three_cycles_of_four_phases(days):
    start = dt.date(2026, 1, 5)
    traject = Traject(opens_on=start, closes_on=start + dt.timedelta(days=days))
    cycles = plan.default_plan(traject)
    assert [c.name for c in cycles] == list(CYCLES)
    assert cycles[0].starts_on == traject.opens_on and cycles[-1].ends_on == traject.closes_on
    for c in cycles:
        assert c.starts_on <= c.ends_on
        assert [p.name for p in c.phases] == list(PHASES)
        for p in c.phases:
            assert c.starts_on <= p.starts_on <= p.ends_on <= c.ends_on
    if days >= 11:
        for a, b in zip(cycles, cycles[1:], strict=False):
            assert b.starts_on == a.ends_on + dt.timedelta(days=1)
    if days >= 40:
        phases = [p for c in cycles for p in c.phases]
        for a, b in zip(phases, phases[1:], strict=False):
            assert b.starts_on == a.ends_on + dt.timedelta(days=1)


def test_proposal_shown_and_accepted_by_the_coalition(app, traject, as_user):
    client = as_user("coalitie")
    page = html.unescape(client.get(URL).get_data(as_text=True))
    assert "Er is nog geen plan" in page and "Dit plan overnemen" in page
    assert _post(client, "/default", {}).status_code == 302
    assert db.session.query(TrajectCycle).count() == 3
    page = html.unescape(client.get(URL).get_data(as_text=True))
    text = re.sub(r"<[^>]+>", "", page)
    expected = plan.position(plan.stored_plan(traject), [], dt.date.today())
    assert f"Nu: Opstartcyclus, fase {plan.phase_names()[expected.phase.name].lower()}" in text
    again = _post(client, "/default", {})
    assert again.status_code == 422 and "heeft al een plan" in html.unescape(again.get_data(as_text=True))


def _form_from(traject):
    form = {}
    for c in plan.default_plan(traject):
        form[f"{c.name}_starts_on"], form[f"{c.name}_ends_on"] = (
            c.starts_on.isoformat(),
            c.ends_on.isoformat(),
        )
        for p in c.phases:
            form[f"{c.name}_{p.name}_starts_on"] = p.starts_on.isoformat()
            form[f"{c.name}_{p.name}_ends_on"] = p.ends_on.isoformat()
    return form


def test_edited_dates_are_saved_and_bad_dates_save_nothing(app, traject, as_user):
    client = as_user("coalitie")
    form = _form_from(traject)
    form["actie_ends_on"] = (traject.closes_on + dt.timedelta(days=60)).isoformat()
    form["actie_evolueren_ends_on"] = form["actie_ends_on"]
    assert _post(client, "/cycles", form).status_code == 302
    assert plan.stored_plan(traject)[-1].ends_on == traject.closes_on + dt.timedelta(days=60)

    bad = dict(form, tempo_starts_on="morgen", opstart_inzicht_ends_on="2000-01-01")
    bad["tempo_delen_starts_on"] = (traject.closes_on + dt.timedelta(days=400)).isoformat()
    response = _post(client, "/cycles", bad)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Vul een datum in als JJJJ-MM-DD." in page
    assert "de einddatum ligt voor de begindatum" in page
    db.session.expire_all()
    assert plan.stored_plan(traject)[-1].ends_on == traject.closes_on + dt.timedelta(days=60)
    assert _post(client, "/cycles", {}).status_code == 422


def test_facilitator_sees_the_plan_but_cannot_change_it(app, traject, as_user):
    client = as_user("begeleider")
    page = client.get(URL).get_data(as_text=True)
    assert "Trajectplan" in page and '<form method="post" action="/staff' not in page
    assert client.post(URL + "/default", data={"csrf_token": csrf_from(page)}).status_code == 403


def test_milestones_from_traject_sessions_digests_and_rows(app, world, as_user):
    today = dt.date.today()
    db.session.add(
        Digest(
            traject_id=world.traject.id,
            made_on=today - dt.timedelta(days=2),
            counts={},
            html="",
            delivery="outbox",
        )
    )
    db.session.commit()
    client = as_user("coalitie")
    assert (
        _post(
            client,
            "/milestones",
            {
                "op": "add",
                "title": "Tussenrapportage",
                "due_on": (today + dt.timedelta(days=3)).isoformat(),
                "kind": "report",
            },
        ).status_code
        == 302
    )
    milestone = db.session.query(Milestone).one()
    timeline = plan.moments(world.traject, today)
    kinds = {m.kind for m in timeline}
    assert {"vertelpunt_open", "vertelpunt_closed", "session", "digest", "report"} <= kinds
    page = html.unescape(client.get(URL).get_data(as_text=True))
    assert "Binnenkort" in page and "Tussenrapportage" in page and "Lopende sessie" in page
    assert _post(client, "/milestones", {"op": "done", "milestone_id": milestone.id}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Milestone, milestone.id).done_on == today
    assert _post(client, "/milestones", {"op": "add", "title": "", "due_on": "gisteren"}).status_code == 422
    assert _post(client, "/milestones", {"op": "remove", "milestone_id": 999}).status_code == 422
    assert _post(client, "/milestones", {"op": "remove", "milestone_id": milestone.id}).status_code == 302
    assert db.session.query(Milestone).count() == 0


def test_overdue_milestone_is_named_in_words(app, traject, as_user):
    plan.add_milestone(
        traject, title="Rapport aan de wethouder", due_on=(dt.date.today() - dt.timedelta(days=1)).isoformat()
    )
    db.session.commit()
    page = html.unescape(as_user("coalitie").get(URL).get_data(as_text=True))
    assert "Nog niet gedaan, datum is voorbij" in page and "nee, datum is voorbij" in page


def test_success_criteria_and_members(app, traject, as_user):
    client = as_user("coalitie")
    assert (
        _post(
            client,
            "/criteria",
            {"op": "add", "text": "Elke gemeente levert verhalen", "measure": "Dashboard"},
        ).status_code
        == 302
    )
    criterion = db.session.query(SuccessCriterion).one()
    assert (
        _post(
            client, "/criteria", {"op": "status", "criterion_id": criterion.id, "status": "met"}
        ).status_code
        == 302
    )
    assert (
        _post(
            client, "/criteria", {"op": "status", "criterion_id": criterion.id, "status": "wow"}
        ).status_code
        == 422
    )
    db.session.expire_all()
    assert db.session.get(SuccessCriterion, criterion.id).status == "met"
    member = {
        "op": "add",
        "organisation": "GGD Twente",
        "representative": "A. de Vries",
        "population": "ouders met jonge kinderen",
    }
    assert _post(client, "/members", member).status_code == 302
    duplicate = _post(client, "/members", member)
    assert duplicate.status_code == 422 and "al lid" in duplicate.get_data(as_text=True)
    page = html.unescape(client.get(URL).get_data(as_text=True))
    assert (
        "ouders met jonge kinderen" in page and "Elke gemeente levert verhalen" in page and "gehaald" in page
    )
    row = db.session.query(CoalitionMember).one()
    assert _post(client, "/members", {"op": "remove", "member_id": row.id}).status_code == 302
    assert db.session.query(CoalitionMember).count() == 0


def test_position_between_phases_and_outside(app, traject):
    plan.accept_default(traject)
    db.session.commit()
    stored = plan.stored_plan(traject)
    tempo = stored[1]
    where = plan.position(stored, [], tempo.phases[1].starts_on)
    assert where.cycle.name == "tempo" and where.phase.name == "inzicht"
    assert where.next_phase[1].name == "ontwikkelen"
    after = plan.position(stored, [], traject.closes_on + dt.timedelta(days=1))
    assert after.cycle is None and after.next_phase is None


def test_other_traject_gets_404(app, traject, as_user):
    assert as_user("coalitie-elders").get(URL).status_code == 404
