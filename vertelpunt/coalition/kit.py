"""The share kit of one link: its address, QR code and ready texts per audience."""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date
from flask import current_app

from linkgen import share as share_urls
from linkgen import texts as share_texts
from linkgen import tokens
from vertelpunt.coalition.services import share_text
from vertelpunt.framework.options import audience_ids
from vertelpunt.models import Link, Traject

KIT_AUDIENCES = audience_ids(everyone=False)


@dataclass
class AudienceTexts:
    audience: str
    whatsapp: str
    whatsapp_url: str
    email_subject: str
    email_body: str
    mailto_url: str
    newsletter: str


def link_url(link: Link) -> str:
    return share_urls.link_url(current_app.config["PUBLIC_BASE_URL"], link.token)


def placeholders(traject: Traject, url: str) -> dict[str, str]:
    return {
        "link": url,
        "regio": traject.region,
        "thema": traject.focus,
        "einddatum": format_date(traject.closes_on, "d MMMM y", locale="nl"),
    }


def texts_for(traject: Traject, audience: str, url: str) -> AudienceTexts:
    values = placeholders(traject, url)
    filled = {
        kind: share_texts.render(share_text(traject, audience, kind), values) for kind in share_texts.KINDS
    }
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
    """The link's own audience first; a link for everyone gets the three audience texts."""
    url = link_url(link)
    order = [link.audience] if link.audience in KIT_AUDIENCES else []
    order += [a for a in KIT_AUDIENCES if a not in order]
    return {
        "url": url,
        "display": tokens.display(link.token),
        "short": url.split("://", 1)[-1],
        "texts": [texts_for(link.traject, a, url) for a in order],
    }
