"""A shared link in WhatsApp: a friendly preview card, drawn without side effects."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from vertelpunt.extensions import db
from vertelpunt.models import Story
from vertelpunt.staff import services

FETCHERS = [
    "WhatsApp/2.23.20.0 A",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Microsoft Office/16.0; Microsoft Outlook 16.0.12026)",
]


@pytest.fixture
def org_link(traject, organisation):
    link = services.create_link(traject, organisation=organisation, audience="parent")
    db.session.commit()
    return link


def test_form_page_has_open_graph_tags_without_the_organisation(client, org_link):
    html = client.get(f"/{org_link.token}").get_data(as_text=True)
    assert 'property="og:title" content="Deel je ervaring · Vertelpunt Testregio"' in html
    assert 'property="og:image" content="http://vertel.test/static/preview.png"' in html
    assert f'property="og:url" content="http://vertel.test/{org_link.token}"' in html
    head = html.split("</head>")[0]
    assert "Wijkteam Zuid" not in head


@pytest.mark.parametrize("agent", FETCHERS)
def test_preview_fetchers_get_the_card_and_nothing_else(client, org_link, agent):
    response = client.get(f"/{org_link.token}", headers={"User-Agent": agent})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "og:title" in html and "og:image" in html
    assert "<form" not in html and "Wijkteam Zuid" not in html
    assert "Set-Cookie" not in response.headers
    assert db.session.scalar(select(func.count(Story.id))) == 0


def test_preview_image_is_served_by_the_platform(client):
    response = client.get("/static/preview.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert len(response.get_data()) < 20_000


def test_preview_of_a_closed_or_unknown_link_says_nothing_of_it(client, org_link):
    services.set_link_status(org_link, "closed")
    db.session.commit()
    response = client.get(f"/{org_link.token}", headers={"User-Agent": FETCHERS[0]})
    assert response.status_code == 404
    assert "Testregio" not in response.get_data(as_text=True)
