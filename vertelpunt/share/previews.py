"""Link-preview fetchers (WhatsApp, mail scanners, social sites) fetch a link before a person opens it.

They get the preview card and nothing else: no session cookie, no form, and no trace in the database,
so a shared link is not 'visited' by the machine that draws its preview."""

from __future__ import annotations

import re

# The request header is read here only to recognise machines; it is never stored or logged.
_FETCHERS = re.compile(
    r"whatsapp|facebookexternalhit|facebookcatalog|meta-externalagent|twitterbot|slackbot|telegrambot|"
    r"linkedinbot|discordbot|skypeuripreview|microsoft office|outlook|ms-office|iframely|embedly|"
    r"applebot|googlebot|bingbot|duckduckbot|yandex|pinterest|redditbot|mastodon|signal|viber|"
    r"mimecast|proofpoint|barracuda|safelinks|preview",
    re.IGNORECASE,
)


def is_preview_fetcher(agent: str | None) -> bool:
    return bool(agent) and bool(_FETCHERS.search(agent))
