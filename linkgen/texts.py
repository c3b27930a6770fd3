"""Ready texts for handing out a link, per audience: WhatsApp, e-mail and newsletter.

The project's own default texts, in plain Dutch (B1). A traject may replace any of them; its texts use
the same placeholders. Placeholders are replaced by plain string substitution, never by format(), so a
text typed by a coalition member cannot reach into Python objects."""

from __future__ import annotations

import re
from collections.abc import Mapping

AUDIENCES = ("youth", "parent", "professional", "everyone")
KINDS = ("whatsapp", "email_subject", "email_body", "newsletter")
PLACEHOLDERS = ("link", "regio", "thema", "einddatum")
NEEDS_LINK = frozenset({"whatsapp", "email_body", "newsletter"})
MAX_LENGTH = {"whatsapp": 1000, "email_subject": 150, "email_body": 4000, "newsletter": 4000}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

DEFAULTS: dict[str, dict[str, str]] = {
    "youth": {
        "whatsapp": (
            "Hoi! Wat vind jij van de hulp aan jongeren in {regio}? Vertel het anoniem in een paar minuten. "
            "Niemand weet dat het van jou komt. Je helpt er anderen mee. {link}"
        ),
        "email_subject": "Vertel jouw ervaring, anoniem",
        "email_body": (
            "Hoi,\n\n"
            "In {regio} willen we leren van wat jongeren meemaken met hulp, school en thuis. "
            "Daarom vragen we jou: vertel een ervaring. Iets wat goed ging, of juist niet.\n\n"
            "Het is anoniem. We vragen niet je naam. We lezen alle verhalen samen en zoeken wat vaak terugkomt. "
            "Wat we leren, vertellen we je later.\n\n"
            "Hier kun je je verhaal delen (tot {einddatum}):\n{link}\n\n"
            "Bedankt!"
        ),
        "newsletter": (
            "Jongeren, vertel jullie ervaring!\n"
            "Wat heb jij meegemaakt met hulp, school of thuis? In {regio} willen we daarvan leren. "
            "Deel je verhaal anoniem, tot {einddatum}: {link}"
        ),
    },
    "parent": {
        "whatsapp": (
            "Hallo! In {regio} willen we leren van de ervaringen van ouders en verzorgers met hulp aan "
            "kinderen. Wilt u uw ervaring delen? Het is anoniem en duurt een paar minuten. {link}"
        ),
        "email_subject": "Deel uw ervaring met hulp aan kinderen, anoniem",
        "email_body": (
            "Beste ouder of verzorger,\n\n"
            "In {regio} werken gemeenten, scholen en zorg samen aan betere hulp voor kinderen en gezinnen. "
            "Het thema is: {thema}. Daarvoor willen we horen wat u heeft meegemaakt. "
            "Iets wat hielp, of juist niet.\n\n"
            "Uw verhaal is anoniem: we vragen niet uw naam of adres. We lezen de verhalen samen met "
            "anderen en zoeken wat vaak terugkomt. Wat we leren en wat we ermee doen, laten we later weten.\n\n"
            "U kunt uw verhaal delen tot {einddatum}:\n{link}\n\n"
            "Hartelijk dank voor uw hulp."
        ),
        "newsletter": (
            "Uw ervaring telt\n"
            "Hoe gaat het met de hulp aan kinderen en gezinnen in {regio}? Dat horen we graag van u. "
            "Deel anoniem een ervaring, tot {einddatum}. Het duurt een paar minuten: {link}"
        ),
    },
    "professional": {
        "whatsapp": (
            "Hoi collega, in {regio} verzamelen we ervaringen rond {thema}. Wil jij een ervaring uit je "
            "werk delen? Anoniem en in een paar minuten: {link}"
        ),
        "email_subject": "Deel een ervaring uit je werk (anoniem)",
        "email_body": (
            "Beste collega,\n\n"
            "In {regio} leren we samen van ervaringen van jongeren, ouders en professionals. "
            "Het thema is: {thema}. We vragen je een ervaring uit je werk te delen: iets wat goed werkte "
            "of juist vastliep.\n\n"
            "Het delen is anoniem. Noem geen namen van cliënten of collega's. In duidingssessies lezen we "
            "de verhalen samen en zoeken we patronen en acties.\n\n"
            "Delen kan tot {einddatum}:\n{link}\n\n"
            # Not "forward this link to youths and parents": that is the professionals' own link, and
            # their stories would count under the wrong audience; the kit adds the links to pass on.
            "Dank je wel!"
        ),
        "newsletter": (
            "Deel je ervaring uit de praktijk\n"
            "Wat zie jij gebeuren rond {thema}? Deel anoniem een ervaring uit je werk, tot {einddatum}. "
            "Samen leren we wat beter kan in {regio}: {link}"
        ),
    },
    "everyone": {
        "whatsapp": (
            "Wat heb jij meegemaakt met hulp aan kinderen en gezinnen in {regio}? Deel anoniem je ervaring, "
            "in een paar minuten: {link}"
        ),
        "email_subject": "Deel uw ervaring, anoniem",
        "email_body": (
            "Hallo,\n\n"
            "In {regio} willen we leren van de ervaringen van jongeren, ouders en professionals. "
            "Het thema is: {thema}. Deel een ervaring die u heeft meegemaakt.\n\n"
            "Het is anoniem. We lezen alle verhalen samen en zoeken wat vaak terugkomt. "
            "Wat we leren, laten we later weten.\n\n"
            "Delen kan tot {einddatum}:\n{link}\n\n"
            "Dank u wel."
        ),
        "newsletter": (
            "Vertel uw ervaring\n"
            "In {regio} leren we van ervaringen rond {thema}. Deel anoniem een ervaring, tot {einddatum}: {link}"
        ),
    },
}


def default(audience: str, kind: str) -> str:
    return DEFAULTS[audience if audience in DEFAULTS else "everyone"][kind]


def render(template: str, values: Mapping[str, str]) -> str:
    """The text with every known placeholder filled in; anything else in braces stays as typed."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def check(kind: str, template: str) -> list[tuple[str, str]]:
    """Problems with a text a person typed, as (code, detail): empty, too_long, no_link, unknown_placeholder."""
    problems = []
    text = template.strip()
    if not text:
        return [("empty", "")]
    if len(text) > MAX_LENGTH[kind]:
        problems.append(("too_long", str(MAX_LENGTH[kind])))
    if kind in NEEDS_LINK and "{link}" not in text:
        problems.append(("no_link", "{link}"))
    for name in sorted(set(_PLACEHOLDER.findall(text)) - set(PLACEHOLDERS)):
        problems.append(("unknown_placeholder", "{" + name + "}"))
    return problems
