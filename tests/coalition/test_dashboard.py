"""The response dashboard: counts per group and week, general link apart, quiet links, targets, access."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from tests.coalition.conftest import add_stories, add_story, post_form
from tests.coalition.test_suppression import assert_safe, assert_safe_with_display
from tests.conftest import csrf_from, login
from vertelpunt.coalition import counts, dashboard, services
from vertelpunt.coalition.suppression import protect
from vertelpunt.core.access import traject_by_slug
from vertelpunt.extensions import db
from vertelpunt.staff import services as staff

TODAY = dt.date.today()
# Below facilitator level the figures cover closed days only: seen from tomorrow, today's stories count.
TOMORROW = TODAY + dt.timedelta(days=1)
SECRET = "Geheimzinnige zin die nooit op een coalitiepagina mag staan"


@pytest.fixture
def response(traject, organisation):
    """33 stories through Wijkteam Zuid (30 parents, 3 youths) and 12 through the general link."""
    parents = staff.create_link(
        traject,
        organisation=organisation,
        audience="parent",
        prefill={"perspective": "parent", "age_group": "age_4_12"},
    )
    youths = staff.create_link(
        traject, organisation=organisation, audience="youth", prefill={"age_group": "age_12_18"}
    )
    general = staff.general_link(traject)
    db.session.commit()
    add_stories(parents, 20, prompt="focus")
    add_stories(parents, 10, prompt="helped", day=TODAY - dt.timedelta(days=7))
    add_stories(youths, 3, perspective="youth", text=SECRET)
    add_stories(
        general, 12, perspective="parent", municipality="enschede", age_group="age_0_4", prompt="school"
    )
    return {"parents": parents, "youths": youths, "general": general}


def rows(board, dimension):
    breakdown = next(b for b in board.breakdowns if b.dimension == dimension)
    found = {r.label: r.total for r in breakdown.rows}
    if breakdown.general:
        found["general"] = breakdown.general.total
    return found


def test_every_figure_is_a_valid_plotly_figure(app, traject, response):
    import plotly.graph_objects as go

    from vertelpunt.coalition import figures

    for exact in (True, False):
        board = dashboard.build(traject, exact=exact)
        specs = [figures.weekly_spec(board), *(figures.breakdown_spec(b) for b in board.breakdowns)]
        for spec in specs:
            figure = go.Figure(spec)  # raises on any property plotly does not know
            assert figure.data[0].type == "bar"


def test_exact_counts_by_every_dimension_with_the_general_link_apart(app, traject, response):
    board = dashboard.build(traject, exact=True)
    assert board.total == 45 and not board.hidden_any
    assert rows(board, "organisation") == {"Wijkteam Zuid": 33, "general": 12}
    assert rows(board, "organisation_type")["Wijkteam"] == 33
    assert {k: v for k, v in rows(board, "audience").items() if v} == {
        "Ouders": 30,
        "Jongeren": 3,
        "general": 12,
    }
    assert rows(board, "perspective")["Ouder of verzorger"] == 42
    assert rows(board, "perspective")["Jongere (12 tot 18)"] == 3
    assert rows(board, "age_group")["4 tot 12 jaar"] == 30
    assert rows(board, "age_group")["Jonger dan 4"] == 12
    assert rows(board, "municipality") | {} == {
        "Almelo": 0,
        "Enschede": 12,
        "Hengelo": 33,
        "Ergens anders": 0,
        "Niet beantwoord": 0,
    }
    assert rows(board, "prompt")["Een moment rond de scheiding van je ouders"] == 20  # the traject's focus
    links = rows(board, "link")
    assert links["Wijkteam Zuid · Ouders · 4 tot 12 jaar"] == 30 and links["general"] == 12
    this_week, last_week = counts.monday(TODAY), counts.monday(TODAY - dt.timedelta(days=7))
    weekly = dict(zip(board.weeks, board.week_totals, strict=True))
    assert weekly[this_week] == 35 and weekly[last_week] == 10 and sum(board.week_totals) == 45
    org = next(b for b in board.breakdowns if b.dimension == "organisation").rows[0]
    assert org.weeks[board.weeks.index(last_week)] == 10


def test_coalition_sees_small_counts_hidden_and_cannot_work_them_out(app, traject, response):
    board = dashboard.build(traject, exact=False, today=TOMORROW)
    assert board.hidden_any and board.total == 45
    assert rows(board, "link")["Wijkteam Zuid · Jongeren · 12 tot 18 jaar"] is None
    assert rows(board, "audience")["Jongeren"] is None
    assert rows(board, "perspective")["Jongere (12 tot 18)"] is None
    # The whole published set, checked by the same attackers as the property tests.
    result = counts.count_responses(traject)
    structure = dashboard.structure_of(traject, result.links, set(result.last_story_on))
    values, relations = dashboard.published(
        {d: result.totals(d) for d in counts.DIMENSIONS}, result.week_totals(), structure
    )
    assert_safe(values, relations, protect(values, relations, 10), 10)
    assert_safe_with_display(values, relations, protect(values, relations, 10), 10)


def test_the_threshold_is_configurable(make_app, traject, response):
    add_stories(response["youths"], 3, perspective="youth")
    assert rows(dashboard.build(traject, exact=False, today=TOMORROW), "audience")["Jongeren"] is None
    db.session.rollback()  # end this app's transaction: the second app writes to the same file
    app = make_app(ANONYMITY_THRESHOLD=5)
    with app.app_context():
        board = dashboard.build(traject_by_slug("testregio"), exact=False, today=TOMORROW)
        assert rows(board, "audience")["Jongeren"] == 6


def test_counts_follow_new_and_withdrawn_stories(app, traject, response):
    assert dashboard.build(traject, exact=True).total == 45
    story = add_story(response["general"])
    db.session.commit()
    assert dashboard.build(traject, exact=True).total == 46
    db.session.delete(story)  # as a withdrawal or the retention period does
    db.session.commit()
    board = dashboard.build(traject, exact=True)
    assert board.total == 45 and rows(board, "organisation")["general"] == 12


def test_quiet_links_are_named_and_young_links_are_not(app, traject, response, organisation):
    settings = services.save_settings(traject, recipients="", quiet_days="14")
    old = staff.create_link(traject, organisation=organisation, audience="professional")
    old.created_on = TODAY - dt.timedelta(days=30)
    staff.create_link(traject, organisation=organisation, audience="everyone")  # made today
    response["youths"].created_on = TODAY - dt.timedelta(days=30)
    db.session.commit()
    board = dashboard.build(traject, exact=False, today=TOMORROW)
    assert settings.quiet_days == board.quiet_days == 14 and board.quiet_weeks == 2
    # The youths' link is old and quiet by its dates too, but its count is hidden: it is never timed.
    assert [q.label for q in board.quiet] == ["Wijkteam Zuid · Professionals"]


def test_targets_show_met_and_gaps_with_links_to_nudge(app, traject, response):
    services.add_target(traject, dimension="perspective", value="youth", min_share=30)
    services.add_target(traject, dimension="municipality", value="*", min_count=1)
    services.add_target(traject, dimension="audience", value="parent", min_count=25)
    db.session.commit()
    board = dashboard.build(traject, exact=False, today=TOMORROW)
    results = {t.title: t for t in board.targets}
    youth = results["Perspectief van de verteller: Jongere (12 tot 18)"]
    # Fewer than 10 of 45 stories is less than 30% whatever the number: decided by what the page says.
    assert youth.met is False and youth.actual == "minder dan 10"
    assert youth.nudge == ["Wijkteam Zuid · Jongeren · 12 tot 18 jaar"]
    assert results["Gemeente: Hengelo"].met and results["Gemeente: Enschede"].met
    almelo = results["Gemeente: Almelo"]
    assert almelo.met is False and almelo.actual == "0" and almelo.nudge == []
    # Its count is hidden too (Wijkteam Zuid's total is shown, so its parents' link would give away
    # the 3 stories of its youths' link): "verborgen" says at least 10, which does not decide 25.
    parents = results["Doelgroep: Ouders"]
    assert parents.met is None and parents.actual == "verborgen"
    exact = {t.title: t for t in dashboard.build(traject, exact=True).targets}
    assert exact["Doelgroep: Ouders"].actual == "30"
    assert exact["Perspectief van de verteller: Jongere (12 tot 18)"].actual == "3 (7%)"


def test_target_form_checks_input_and_members_of_the_traject_only(client, users, traject, response):
    login(client, "coalitie")
    url = "/staff/trajecten/testregio/targets"
    response = post_form(client, url, {"dimension": "perspective", "value_perspective": "youth"})
    assert response.status_code == 422 and "Vul een aantal verhalen in" in response.get_data(as_text=True)
    response = post_form(
        client, url, {"dimension": "municipality", "value_municipality": "zwolle", "min_count": "2"}
    )
    assert response.status_code == 422
    assert services.targets(traject) == []
    response = post_form(
        client, url, {"dimension": "perspective", "value_perspective": "youth", "min_share": "30"}
    )
    assert response.status_code == 302
    (target,) = services.targets(traject)
    page = client.get(url).get_data(as_text=True)
    assert "niet gehaald" in page and "Wijkteam Zuid · Jongeren" in page
    csrf = csrf_from(client.get(url).get_data(as_text=True))
    response = client.post(f"{url}/remove", data={"csrf_token": csrf, "target_id": str(target.id)})
    assert response.status_code == 302 and services.targets(traject) == []


def test_dashboard_page_has_figures_tables_and_no_story_text(client, users, traject, response):
    add_stories(response["youths"], 3, perspective="youth", day=TODAY - dt.timedelta(days=1))
    login(client, "coalitie")
    page = client.get("/staff/trajecten/testregio/response").get_data(as_text=True)
    assert 'src="/staff/assets/plotly.min.js"' in page and "cdn" not in page.lower()
    blocks = re.findall(r'<script type="application/json" data-chart="([^"]+)">([^<]*)</script>', page)
    assert len(blocks) == 9 and page.count('class="chart"') == 9  # weekly plus eight breakdowns
    assert page.count("<caption>") == 9  # and every figure as a table
    figure = json.loads(dict(blocks)["fig-organisation"])
    assert figure["data"][0]["type"] == "bar" and "Wijkteam Zuid" in figure["data"][0]["y"]
    assert "Algemene link (tweede keus)" in page
    assert client.get("/staff/assets/plotly.min.js").status_code == 200
    export = client.get("/staff/trajecten/testregio/response.csv").data.decode("utf-8-sig")
    assert "minder dan 10" in export and "Wijkteam Zuid" in export
    for url in (
        "/staff/trajecten/testregio/response",
        "/staff/trajecten/testregio/response.csv",
        "/staff/trajecten/testregio/targets",
        "/staff/trajecten/testregio/digest",
        "/staff/trajecten/testregio/table",
        "/staff/trajecten/testregio/table.csv",
        f"/staff/trajecten/testregio/kit/{response['youths'].id}",
    ):
        body = client.get(url).get_data(as_text=True)
        assert SECRET not in body and "Titel" not in body, url


def test_facilitators_see_exact_counts_and_cannot_manage(client, users, traject, response):
    login(client, "begeleider")
    page = client.get("/staff/trajecten/testregio/response").get_data(as_text=True)
    assert "Je ziet de precieze aantallen" in page
    assert client.get("/staff/trajecten/testregio/table").status_code == 403
    assert client.get("/staff/trajecten/testregio/texts").status_code == 403
    page = client.get("/staff/trajecten/testregio/targets").get_data(as_text=True)
    assert (
        post_form(client, "/staff/trajecten/testregio/targets", {"dimension": "audience"}).status_code == 403
    )


COALITION_URLS = (
    "/staff/trajecten/testregio/response",
    "/staff/trajecten/testregio/response.csv",
    "/staff/trajecten/testregio/targets",
    "/staff/trajecten/testregio/digest",
    "/staff/trajecten/testregio/table",
    "/staff/trajecten/testregio/table.csv",
    "/staff/trajecten/testregio/table.xlsx",
    "/staff/trajecten/testregio/texts",
)


def test_members_of_another_traject_get_404_everywhere(client, users, traject, response):
    login(client, "coalitie-elders")
    for url in COALITION_URLS:
        assert client.get(url).status_code == 404, url
    # A form token from this user's own traject does not open the other one.
    csrf = csrf_from(client.get("/staff/trajecten/elders/targets").get_data(as_text=True))
    for url in ("/staff/trajecten/testregio/targets", "/staff/trajecten/testregio/digest"):
        data = {"csrf_token": csrf, "dimension": "audience", "value_audience": "youth", "min_count": "5"}
        assert client.post(url, data=data).status_code == 404
    assert services.targets(traject) == []


def test_anonymous_visitors_are_sent_to_the_login_but_get_the_library_files(client, traject):
    for url in COALITION_URLS:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    for url in (
        "plotly.min.js",
        "coalition/plotly-base.css",
        "coalition/coalition.js",
        "coalition/flyer.css",
    ):
        response = client.get(f"/staff/assets/{url}")
        assert response.status_code == 200 and "max-age=604800" in response.headers["Cache-Control"]
        assert "public" in response.headers["Cache-Control"]


def test_an_organisation_name_cannot_break_out_of_the_figure_data(client, users, traject):
    staff.create_organisation(traject, name="</script><script>alert(1)</script>", organisation_type="school")
    db.session.commit()
    login(client, "coalitie")
    page = client.get("/staff/trajecten/testregio/response").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    blocks = dict(re.findall(r'<script type="application/json" data-chart="([^"]+)">([^<]*)</script>', page))
    # plotly.js reads labels as HTML-like markup: the name reaches it as entities, which it shows as typed.
    escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escaped in json.loads(blocks["fig-organisation"])["data"][0]["y"]
