"""The share kit of one link: its address, QR code, the ready texts for its own audience and its flyer.

A link's kit offers only its own audience's texts, so a forwarded story is counted under the audience
its link was made for. Professionals are asked to pass on their organisation's youth and parent links
(or the traject's general link where it has none), never their own link."""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from linkgen import share as share_urls
from linkgen import texts as share_texts
from linkgen import tokens
from vertelpunt.coalition.services import share_text
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import EVERYONE, audience_ids, audience_label, options_for, page_lang
from vertelpunt.models import Link, Traject

# The framework's audiences in its own order (tests/test_vocabulary.py holds that order).
YOUTH, PARENT, PROFESSIONAL = audience_ids(everyone=False)
# Whom a professional passes a link on to.
PASS_ON_AUDIENCES = (YOUTH, PARENT)
# An age group the narrator is asked for anyway: the kit names no age group for it.
UNKNOWN_AGE = "unknown"


@dataclass
class AudienceTexts:
    audience: str
    whatsapp: str
    whatsapp_url: str
    email_subject: str
    email_body: str
    mailto_url: str
    newsletter: str


@dataclass(frozen=True)
class PassOn:
    """A link a professional passes on, with the audiences it is passed on to."""

    audiences: tuple[str, ...]
    label: str
    url: str
    token: str


@dataclass(frozen=True)
class FlyerText:
    title: str
    lead: str
    anonymous: str
    scan: str
    privacy: str
    sender: str


def link_url(link: Link) -> str:
    return share_urls.link_url(current_app.config["PUBLIC_BASE_URL"], link.token)


def placeholders(traject: Traject, url: str) -> dict[str, str]:
    return {
        "link": url,
        "regio": traject.region,
        "thema": traject.focus,
        "einddatum": format_date(traject.closes_on, "d MMMM y", locale="nl"),
    }


def age_group_label(link: Link) -> str:
    """The age group the link prefills, in the page's language; empty when the narrator is asked."""
    age = (link.prefill or {}).get("age_group", "")
    if not age or age == UNKNOWN_AGE:
        return ""
    option = next((o for o in options_for(get_framework()["age_group"], link.traject) if o.id == age), None)
    return option.label(page_lang()) if option else ""


def heading_for(link: Link) -> str:
    """Whom the kit is for: the link's audience and age group."""
    audience = audience_label(link.audience).lower()
    age = age_group_label(link)
    if age:
        return _("for %(audience)s, age group %(age_group)s", audience=audience, age_group=age.lower())
    return _("for %(audience)s, all age groups", audience=audience)


def _and(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s and %(second)s", first=", ".join(labels[:-1]), second=labels[-1].lower())


def _general_link(link: Link) -> Link | None:
    """The traject's general link (no organisation, for everyone), never the link itself."""
    return db.session.scalar(
        select(Link)
        .where(
            Link.traject_id == link.traject_id,
            Link.organisation_id.is_(None),
            Link.audience == EVERYONE,
            Link.status == "active",
            Link.id != link.id,
        )
        .order_by(Link.id)
    )


def pass_on_links(link: Link) -> list[PassOn]:
    """For a professional link: per audience to pass on, the organisation's own active links for it,
    else its link for everyone, else the traject's general link. Empty for any other link."""
    if link.audience != PROFESSIONAL:
        return []
    own = [
        other
        for other in (link.organisation.links if link.organisation else [])
        if other.status == "active" and other.id != link.id
    ]
    general = _general_link(link)
    chosen: dict[int, tuple[Link, list[str]]] = {}
    for audience in PASS_ON_AUDIENCES:
        found = [o for o in own if o.audience == audience] or [o for o in own if o.audience == EVERYONE]
        if not found and general is not None:
            found = [general]
        for other in found:
            chosen.setdefault(other.id, (other, []))[1].append(audience)
    entries = []
    for other, audiences in chosen.values():
        label = _and([audience_label(a) for a in audiences])
        age = age_group_label(other)
        entries.append(
            PassOn(
                audiences=tuple(audiences),
                label=f"{label} ({age.lower()})" if age else label,
                url=link_url(other),
                token=other.token,
            )
        )
    return entries


def pass_on_paragraph(entries: list[PassOn]) -> str:
    if not entries:
        return ""
    lines = [
        _("Do you work with young people or parents? Please pass on these links to them, not the link above:")
    ]
    return "\n".join(lines + [f"{e.label}: {e.url}" for e in entries])


def texts_for(
    traject: Traject, audience: str, url: str, pass_on: list[PassOn] | None = None
) -> AudienceTexts:
    values = placeholders(traject, url)
    paragraph = pass_on_paragraph(pass_on or [])
    filled = {}
    for kind in share_texts.KINDS:
        text = share_texts.render(share_text(traject, audience, kind), values)
        if paragraph and kind in share_texts.NEEDS_LINK:
            text = f"{text}\n\n{paragraph}"
        filled[kind] = text
    return AudienceTexts(
        audience=audience,
        whatsapp=filled["whatsapp"],
        whatsapp_url=share_urls.whatsapp_url(filled["whatsapp"]),
        email_subject=filled["email_subject"],
        email_body=filled["email_body"],
        mailto_url=share_urls.mailto_url(filled["email_subject"], filled["email_body"]),
        newsletter=filled["newsletter"],
    )


def kit_for(link: Link) -> dict:
    """The kit of one link: only its own audience's texts (a link for everyone gets the general texts)."""
    url = link_url(link)
    pass_on = pass_on_links(link)
    return {
        "url": url,
        "display": tokens.display(link.token),
        "short": url.split("://", 1)[-1],
        "heading": heading_for(link),
        "pass_on": pass_on,
        "texts": [texts_for(link.traject, link.audience, url, pass_on)],
    }


def flyer_text(link: Link, with_organisation: bool = True) -> FlyerText:
    """The flyer's words for the link's audience: "je" to youths and professionals, "u" to parents and
    to everyone (a general link reaches parents too). Each form has its own English text to translate."""
    region = link.traject.region
    organisation = link.organisation.name if with_organisation and link.organisation else ""
    sender = _("On behalf of %(organisation)s", organisation=organisation) if organisation else ""
    anonymous = _("Share it anonymously. It only takes a few minutes.")
    if link.audience == YOUTH:
        return FlyerText(
            title=_("Tell us about your experience"),
            lead=_("What happened to you with help, school or at home in %(region)s?", region=region),
            anonymous=anonymous,
            scan=_("Scan the code with your phone, or go to:"),
            privacy=_(
                "Nobody asks your name. We read all stories together and look for what comes back often."
            ),
            sender=sender,
        )
    if link.audience == PROFESSIONAL:
        return FlyerText(
            title=_("Share an experience from your work"),
            lead=_(
                "What do you see happen in the help for children and families in %(region)s?", region=region
            ),
            anonymous=anonymous,
            scan=_("Scan the code with your phone, or go to:"),
            privacy=_(
                "Do not name clients or colleagues. We read all stories together and look for patterns."
            ),
            sender=sender,
        )
    return FlyerText(
        title=_("Share your experience with us"),
        lead=_("What did you experience with help for children and families in %(region)s?", region=region),
        anonymous=anonymous,
        scan=_("Scan the code with your phone or visit this address:"),
        privacy=_(
            "We do not ask for your name. We read all stories together and look for what comes back often."
        ),
        sender=sender,
    )
