"""The options a person sees, in one place: a question's options in a traject (its municipalities, its
own focus prompt) and the audiences a link or a share text is for. Labels come from the framework's
texts in the page's language, so a list and its labels cannot drift apart."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import get_locale

from vertelpunt.framework import Option, Question, get_framework

EVERYONE = "everyone"


def _focus_option(traject) -> Option | None:
    own_nl = getattr(traject, "focus_prompt_nl", "") or ""
    if not own_nl:
        return None
    return Option(id="focus", text={"nl": own_nl, "en": getattr(traject, "focus_prompt_en", "") or own_nl})


def options_for(
    question: Question, traject=None, municipalities: Iterable[tuple[str, str]] | None = None
) -> tuple[Option, ...]:
    """The question's options as this traject shows them. municipalities (code, name) may be given
    when they were read already (the narrator's submit path reads them without the ORM)."""
    options = question.options
    if question.options_from == "traject_municipalities":
        if municipalities is None:
            municipalities = [(m.code, m.name) for m in getattr(traject, "municipalities", ())]
        options = (
            tuple(Option(id=code, text={"nl": name, "en": name}) for code, name in municipalities) + options
        )
    if question.id == "prompt" and traject is not None:
        own = _focus_option(traject)
        if own is not None:
            options = tuple(own if o.id == "focus" else o for o in options)
    return options


def audience_ids(everyone: bool = True) -> tuple[str, ...]:
    return tuple(a.id for a in get_framework().audiences if everyone or a.id != EVERYONE)


def audience_choices(lang: str, everyone: bool = True) -> list[tuple[str, str]]:
    return [(a.id, a.label(lang)) for a in get_framework().audiences if everyone or a.id != EVERYONE]


def audience_label(audience_id: str, lang: str | None = None) -> str:
    """The audience's name in lang, or in the page's language when lang is not given."""
    option = get_framework().audience(audience_id)
    return option.label(lang or page_lang()) if option else audience_id


def audience_labels(lang: str | None = None) -> dict[str, str]:
    return dict(audience_choices(lang or page_lang()))


def audience_words() -> dict[str, tuple[str, ...]]:
    """Every word that names an audience in a table; the first (the Dutch name) is the one written."""
    return {a.id: (a.label("nl"), a.label("en"), *a.also) for a in get_framework().audiences}


def page_lang() -> str:
    return str(get_locale() or "nl")
