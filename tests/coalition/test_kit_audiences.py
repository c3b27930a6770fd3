"""Attacks on the share kit's audiences: a link's kit offers only its own audience's texts, names that
audience and age group, and a professional is asked to pass on the organisation's youth and parent links
(or the general link), never the professional link itself. The flyer says "u" to parents, "je" to youths."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from linkgen import texts
from tests.conftest import login
from vertelpunt.coalition import kit
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import audience_ids, audience_label
from vertelpunt.staff import services

YOUTH, PARENT, PROFESSIONAL = audience_ids(everyone=False)
EVERYONE = audience_ids()[-1]
KIT = "/staff/trajecten/testregio/kit/{}"
# A sentence of each audience's project text, as it shows on a page (quotes escaped).
MARKS = {
    YOUTH: ("Hoi! Wat vind jij", "Vertel jouw ervaring, anoniem"),
    PARENT: ("ouders en verzorgers", "Beste ouder of verzorger", "Uw ervaring telt"),
    PROFESSIONAL: ("Hoi collega", "Beste collega", "Deel je ervaring uit de praktijk"),
    EVERYONE: ("Deel uw ervaring, anoniem", "Vertel uw ervaring\n"),
}
# The project's professional e-mail ends by asking to forward "the link": their own.
# A request to forward "the link" in a professional's text would pass on the professional's own link.
FORWARD_OWN = "link ook doorsturen"


def link(traject, organisation, audience, age=""):
    made = services.create_link(
        traject, organisation=organisation, audience=audience, prefill={"age_group": age} if age else {}
    )
    db.session.commit()
    return made


@pytest.fixture
def org_links(traject, organisation):
    return {
        YOUTH: link(traject, organisation, YOUTH, "age_12_18"),
        PARENT: link(traject, organisation, PARENT, "age_4_12"),
        PROFESSIONAL: link(traject, organisation, PROFESSIONAL),
    }


def kit_page(client, made) -> str:
    return client.get(KIT.format(made.id)).get_data(as_text=True)


def whatsapp_texts(page: str) -> list[str]:
    found = re.findall(r'href="(https://wa\.me/\?text=[^"]+)"', page)
    return [unquote(parse_qs(urlparse(html.unescape(w)).query)["text"][0]) for w in found]


def heading(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.search(r"<h1>(.*?)</h1>", page, re.S).group(1))


def visible_words(page: str) -> set[str]:
    """The flyer's words a reader sees, without the link, its code and the QR drawing."""
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<svg.*?</svg>|<p class=\"(url|code)\">.*?</p>", " ", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ']+", text)}


def test_a_youth_links_kit_holds_no_parent_or_professional_text_or_link(client, users, org_links):
    login(client, "coalitie")
    page = kit_page(client, org_links[YOUTH])
    (message,) = whatsapp_texts(page)
    assert org_links[YOUTH].token in message and "Hoi!" in message
    assert page.count("mailto:?subject=") == 1
    for audience in (PARENT, PROFESSIONAL, EVERYONE):
        for mark in MARKS[audience]:
            assert html.escape(mark, quote=True) not in page and mark not in page, (audience, mark)
    assert org_links[PROFESSIONAL].token not in page and org_links[PARENT].token not in page
    assert "kit-pass-on" not in page


def test_a_parent_links_kit_holds_no_youth_or_professional_text(client, users, org_links):
    login(client, "coalitie")
    page = kit_page(client, org_links[PARENT])
    assert len(whatsapp_texts(page)) == 1
    for audience in (YOUTH, PROFESSIONAL):
        assert not any(mark in page for mark in MARKS[audience]), audience
    assert org_links[YOUTH].token not in page and org_links[PROFESSIONAL].token not in page


def test_the_heading_names_the_audience_and_the_age_group(client, users, traject, org_links):
    login(client, "coalitie")
    ages = {o.id: o.label("nl") for o in get_framework()["age_group"].options}
    youth = heading(kit_page(client, org_links[YOUTH]))
    assert audience_label(YOUTH, "nl").lower() in youth and ages["age_12_18"] in youth
    assert "Voor jongeren, leeftijdsgroep 12 tot 18 jaar" in youth
    parent = heading(kit_page(client, org_links[PARENT]))
    assert audience_label(PARENT, "nl").lower() in parent and ages["age_4_12"] in parent
    assert audience_label(YOUTH, "nl").lower() not in parent
    professional = heading(kit_page(client, org_links[PROFESSIONAL]))
    assert "Voor professionals, alle leeftijdsgroepen" in professional
    unknown = link(traject, org_links[YOUTH].organisation, YOUTH, "unknown")
    assert "alle leeftijdsgroepen" in heading(kit_page(client, unknown))


def test_a_professional_text_passes_on_the_orgs_youth_and_parent_links_not_its_own(client, users, org_links):
    login(client, "coalitie")
    own = org_links[PROFESSIONAL]
    the_kit = kit.kit_for(own)
    (t,) = the_kit["texts"]
    assert t.audience == PROFESSIONAL
    for body in (t.whatsapp, t.email_body, t.newsletter):
        assert org_links[YOUTH].token in body and org_links[PARENT].token in body
        # Its own link is there once, for the professional's own experience, and before the request.
        assert body.count(own.token) == 1
        request_at = min(body.index(org_links[YOUTH].token), body.index(org_links[PARENT].token))
        assert own.token not in body[request_at:]
        assert body.index(own.token) < request_at
    assert FORWARD_OWN not in t.email_body
    assert {p.token for p in the_kit["pass_on"]} == {org_links[YOUTH].token, org_links[PARENT].token}
    page = kit_page(client, own)
    (message,) = whatsapp_texts(page)
    assert org_links[YOUTH].token in message and org_links[PARENT].token in message
    assert "Werk je met jongeren of ouders?" in message
    assert "collega" in message and not any(mark in page for mark in MARKS[YOUTH] + MARKS[PARENT])


def test_a_professional_of_an_org_without_youth_or_parent_links_passes_on_the_general_link(
    client, users, traject, organisation
):
    own = link(traject, organisation, PROFESSIONAL)
    general = services.general_link(traject)
    (entry,) = kit.pass_on_links(own)
    assert entry.token == general.token and entry.audiences == (YOUTH, PARENT)
    (t,) = kit.kit_for(own)["texts"]
    assert (
        general.token in t.email_body and own.token not in t.email_body[t.email_body.index(general.token) :]
    )


def test_a_missing_audience_falls_back_to_the_general_link_and_closed_links_are_not_passed_on(
    traject, organisation
):
    own = link(traject, organisation, PROFESSIONAL)
    youth = link(traject, organisation, YOUTH)
    parent = link(traject, organisation, PARENT)
    services.set_link_status(parent, "closed")
    db.session.commit()
    general = services.general_link(traject)
    entries = {e.audiences: e.token for e in kit.pass_on_links(own)}
    assert entries == {(YOUTH,): youth.token, (PARENT,): general.token}


def test_a_general_professional_link_never_passes_itself_on(traject):
    own = link(traject, None, PROFESSIONAL)
    tokens = {e.token for e in kit.pass_on_links(own)}
    assert own.token not in tokens and tokens == {services.general_link(traject).token}
    # Without a general link there is nothing to pass on, and still not the link itself.
    services.set_link_status(services.general_link(traject), "closed")
    db.session.commit()
    assert kit.pass_on_links(own) == []
    (t,) = kit.kit_for(own)["texts"]
    assert t.email_body.count(own.token) == 1 and FORWARD_OWN not in t.email_body
    assert all(FORWARD_OWN not in texts.default(PROFESSIONAL, kind) for kind in texts.KINDS)


def test_the_general_links_kit_holds_the_general_texts_only(client, users, traject):
    login(client, "coalitie")
    page = kit_page(client, services.general_link(traject))
    assert len(whatsapp_texts(page)) == 1 and "Deel uw ervaring, anoniem" in page
    for audience in (YOUTH, PARENT, PROFESSIONAL):
        assert not any(mark in page for mark in MARKS[audience]), audience


def test_the_parents_flyer_says_u_and_names_the_organisation(client, users, org_links):
    login(client, "coalitie")
    url = KIT.format(org_links[PARENT].id) + "/flyer"
    words = visible_words(client.get(url).get_data(as_text=True))
    assert {"u", "uw"} <= words
    assert not words & {"je", "jij", "jouw", "jou", "jullie"}
    assert {"wijkteam", "zuid"} <= words
    without = visible_words(client.get(url + "?organisation=0").get_data(as_text=True))
    assert "wijkteam" not in without and "uw" in without


def test_the_general_flyer_reaches_parents_too_so_it_says_u(client, users, traject):
    login(client, "coalitie")
    url = KIT.format(services.general_link(traject).id) + "/flyer"
    words = visible_words(client.get(url).get_data(as_text=True))
    assert "uw" in words and not words & {"je", "jij", "jouw", "jou"}


def test_the_youth_flyer_says_je(client, users, org_links):
    login(client, "coalitie")
    words = visible_words(client.get(KIT.format(org_links[YOUTH].id) + "/flyer").get_data(as_text=True))
    assert {"je", "jij"} & words and "jouw" in words
    assert not words & {"u", "uw"}
