"""Trajecten, organisations and links through the staff pages and the flask commands."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, login
from tests.helpers import submit
from vertelpunt.core.access import traject_by_slug
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import Link, Organisation, Story, Traject
from vertelpunt.staff import services


def post_form(client, url: str, data: dict):
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(page), **data})


def test_admin_creates_a_traject_with_a_general_link(client, users):
    login(client, "admin")
    response = post_form(
        client,
        "/staff/trajecten/nieuw",
        {
            "name": "Vertelpunt West",
            "slug": "west",
            "region": "West",
            "focus": "Jeugd en school",
            "opens_on": "2026-01-01",
            "closes_on": "2026-12-31",
            "municipalities": "Aa\nBee\n",
            "focus_prompt_nl": "Iets over school",
        },
    )
    assert response.status_code == 302
    traject = traject_by_slug("west")
    assert [m.name for m in traject.municipalities] == ["Aa", "Bee"]
    (general,) = traject.links
    assert general.is_general and general.audience == "everyone" and general.prefill == {}


def test_traject_form_errors_are_dutch_and_nothing_is_saved(client, users):
    login(client, "admin")
    response = post_form(
        client,
        "/staff/trajecten/nieuw",
        {
            "name": "",
            "slug": "Bad Slug!",
            "region": "R",
            "focus": "F",
            "opens_on": "2026-05-01",
            "closes_on": "2026-01-01",
            "municipalities": "",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for message in ("Dit veld is verplicht", "kleine letters", "sluitdatum", "Noem minstens"):
        assert message in page
    assert db.session.scalar(select(Traject).where(Traject.name == "")) is None


def test_coalition_adds_organisation_and_link_with_prefill(client, users, traject):
    login(client, "coalitie")
    response = post_form(
        client,
        "/staff/trajecten/testregio/organisaties/nieuw",
        {
            "name": "Basisschool De Linde",
            "organisation_type": "school",
            "municipality_code": "almelo",
        },
    )
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Basisschool De Linde"))
    response = post_form(
        client,
        "/staff/trajecten/testregio/links/nieuw",
        {
            "organisation_id": str(org.id),
            "audience": "parent",
            "prefill_perspective": "parent",
            "prefill_age_group": "age_4_12",
            "prefill_municipality": "",
            "prefill_organisation_type": "",
        },
    )
    assert response.status_code == 302
    link = db.session.scalar(select(Link).where(Link.organisation_id == org.id))
    assert link.prefill == {
        "perspective": "parent",
        "age_group": "age_4_12",
        "organisation_type": "school",
        "municipality": "almelo",
    }
    page = client.get("/staff/trajecten/testregio").get_data(as_text=True)
    assert "Basisschool De Linde" in page and link.token[:4] in page


def test_link_prefill_is_validated_against_the_framework(client, users, traject):
    login(client, "coalitie")
    response = post_form(
        client,
        "/staff/trajecten/testregio/links/nieuw",
        {
            "organisation_id": "",
            "audience": "youth",
            "prefill_age_group": "age_99",
            "prefill_municipality": "amsterdam",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "age_group=age_99" in page and "municipality=amsterdam" in page
    assert len(traject.links) == 1
    with pytest.raises(InputError) as info:
        services.create_link(traject, organisation=None, audience="youth", prefill={"feeling": "happy"})
    assert "mag deze vraag niet invullen" in str(info.value)
    with pytest.raises(InputError):
        services.create_link(traject, organisation=None, audience="aliens")


def test_pause_resume_close_and_replace_through_pages(client, users, traject, organisation):
    link = services.create_link(traject, organisation=organisation, audience="professional")
    db.session.commit()
    submit(client, link.token)
    login(client, "coalitie")
    page = client.get("/staff/trajecten/testregio").get_data(as_text=True)
    token = csrf_from(page)
    base = f"/staff/trajecten/testregio/links/{link.id}"
    client.post(f"{base}/pause", data={"csrf_token": token})
    assert db.session.get(Link, link.id).status == "paused"
    assert client.get(f"/{link.token}").status_code == 410
    client.post(f"{base}/resume", data={"csrf_token": token})
    assert db.session.get(Link, link.id).status == "active"
    client.post(f"{base}/replace", data={"csrf_token": token})
    old = db.session.get(Link, link.id)
    assert old.status == "closed" and old.replaced_by is not None
    new = old.replaced_by
    assert new.token != old.token and new.organisation_id == organisation.id and new.prefill == old.prefill
    # The stories stay with the old link and its organisation.
    (story,) = db.session.scalars(select(Story)).all()
    assert story.link_id == old.id and story.organisation_id == organisation.id
    assert client.get(f"/{new.token}").status_code == 200
    response = client.post(f"{base}/resume", data={"csrf_token": token}, follow_redirects=True)
    assert "blijft gesloten" in response.get_data(as_text=True)
    assert db.session.get(Link, link.id).status == "closed"


def test_facilitator_sees_links_but_cannot_manage(client, users, traject):
    login(client, "begeleider")
    assert client.get("/staff/trajecten/testregio").status_code == 200
    assert client.get("/staff/trajecten/testregio/links/nieuw").status_code == 403
    assert client.get("/staff/trajecten/nieuw").status_code == 403


def test_other_traject_members_see_nothing(client, users, traject):
    login(client, "coalitie-elders")
    assert client.get("/staff/trajecten/testregio").status_code == 404
    assert client.get("/staff/trajecten/testregio/organisaties/nieuw").status_code == 404
    general = services.general_link(traject)
    page = client.get("/staff/").get_data(as_text=True)
    token = csrf_from(page)
    assert (
        client.post(
            f"/staff/trajecten/testregio/links/{general.id}/close", data={"csrf_token": token}
        ).status_code
        == 404
    )
    assert "Testregio" not in page
    assert services.general_link(traject).status == "active"


def test_link_of_another_traject_cannot_be_reached_through_this_one(client, users, traject):
    login(client, "coalitie")
    other = services.general_link(traject_by_slug("elders"))
    page = client.get("/staff/").get_data(as_text=True)
    response = client.post(
        f"/staff/trajecten/testregio/links/{other.id}/close", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 404 and other.status == "active"


def test_anonymous_staff_pages_redirect_to_login(client, traject):
    for url in ("/staff/", "/staff/trajecten/testregio", "/staff/trajecten/nieuw"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_cli_traject_org_and_links(app):
    runner = app.test_cli_runner()
    today = dt.date.today()
    result = runner.invoke(
        args=[
            "traject",
            "create",
            "--slug",
            "oost",
            "--name",
            "Oost",
            "--region",
            "Oost",
            "--focus",
            "School",
            "--opens",
            str(today),
            "--closes",
            str(today + dt.timedelta(days=9)),
            "--municipality",
            "Losser",
            "--municipality",
            "Oldenzaal",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "general link http://vertel.test/" in result.output
    result = runner.invoke(
        args=[
            "org",
            "create",
            "oost",
            "Wijkteam Losser",
            "--type",
            "neighbourhood_team",
            "--municipality",
            "losser",
        ]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=[
            "links",
            "create",
            "oost",
            "--organisation",
            "Wijkteam Losser",
            "--audience",
            "parent",
            "--prefill",
            "perspective=parent",
            "--prefill",
            "age_group=unknown",
        ]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("LINK parent Wijkteam Losser http://vertel.test/")
    url = result.output.split()[-1]
    token = url.rsplit("/", 1)[1]
    link = db.session.scalar(select(Link).where(Link.token == token))
    assert link.prefill == {
        "perspective": "parent",
        "age_group": "unknown",
        "organisation_type": "neighbourhood_team",
        "municipality": "losser",
    }
    bad = runner.invoke(args=["links", "create", "oost", "--audience", "parent", "--prefill", "age_group=7"])
    assert bad.exit_code != 0 and "age_group=7" in bad.output
    for command, status in (("pause", "paused"), ("resume", "active")):
        assert runner.invoke(args=["links", command, token]).exit_code == 0
        db.session.expire_all()
        assert db.session.get(Link, link.id).status == status
    replaced = runner.invoke(args=["links", "replace", token])
    assert replaced.exit_code == 0 and replaced.output.startswith("LINK parent")
    db.session.expire_all()
    assert db.session.get(Link, link.id).status == "closed"
    assert runner.invoke(args=["links", "close", token]).exit_code == 0
    # A closed link is not replaced again: it may have been closed for good (a traject being ended).
    again = runner.invoke(args=["links", "replace", token])
    assert again.exit_code != 0 and "gesloten link blijft gesloten" in again.output
    listing = runner.invoke(args=["links", "list", "oost"])
    assert listing.output.count("http://vertel.test/") == 3
    assert runner.invoke(args=["links", "pause", "nonsense"]).exit_code != 0
