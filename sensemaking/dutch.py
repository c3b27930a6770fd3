"""Dutch tokens, lemmas and stop words on spacy.blank("nl") with the spacy-lookups-data tables.

The pretrained Dutch pipelines cannot be installed here, so there are no part-of-speech tags: the
lemmatizer tries the lookup table first and then the rule tables of every word class in turn."""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.lang.nl.stop_words import STOP_WORDS as _SPACY_STOP_WORDS
from spacy.lookups import load_lookups

# Order matters: nouns first because observations and stories are mostly about things and people;
# a plural like "scholen" must become "school", not a verb form.
_WORD_CLASSES = ("noun", "verb", "adj", "adv")

# Negations, restrictions and a few words that carry the point of a sentence in youth care must not
# be thrown away as stop words: "geen plek", "nooit gehoord", "alleen gelaten", "gewoon naar school".
KEEP = frozenset(
    {
        "niet",
        "geen",
        "nooit",
        "niets",
        "niemand",
        "nergens",
        "alleen",
        "gewoon",
        "zelf",
        "samen",
        "weer",
        "meer",
        "minder",
        "thuis",
        "school",
        "hulp",
        "altijd",
        "lang",
        "eigen",
        "ander",
        "kind",
        "kinderen",
        "moeder",
        "vader",
        "ouder",
        "ouders",
        "wilde",
        "wil",
        "willen",
    }
)
# Words that the spaCy list misses but that say nothing about a theme.
_EXTRA_STOP = frozenset({"wel", "heel", "erg", "echt", "even", "steeds", "ook", "nog", "al", "toen", "dan"})
STOP_WORDS = frozenset((set(_SPACY_STOP_WORDS) | _EXTRA_STOP) - KEEP)

_WORD = re.compile(r"[^\W\d_]", re.UNICODE)


@lru_cache(maxsize=1)
def nlp():
    return spacy.blank("nl")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict, dict, dict, dict]:
    lookups = load_lookups("nl", ["lemma_lookup", "lemma_rules", "lemma_exc", "lemma_index"])
    lookup = lookups.get_table("lemma_lookup")  # a spaCy Table: string keys are hashed on access
    rules = {c: lookups.get_table("lemma_rules").get(c, []) for c in _WORD_CLASSES}
    exc = {c: lookups.get_table("lemma_exc").get(c, {}) for c in _WORD_CLASSES}
    index = {c: set(lookups.get_table("lemma_index").get(c, [])) for c in _WORD_CLASSES}
    return lookup, rules, exc, index


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lemma of one word, lowercased; the word itself when no table knows it."""
    string = word.lower()
    lookup, rules, exc, index = _tables()
    if string in lookup:
        return lookup[string]
    # Without part-of-speech tags the order of the tables decides. The verb exceptions hold imperative
    # forms ("huis" -> "huizen", "niet" -> "nieten"), so a known noun is kept as it is first; a known
    # adjective only gives way to a verb exception when it looks like a participle ("gescheiden").
    if string in index["noun"]:
        return string
    if string in exc["noun"]:
        return exc["noun"][string][0]
    if string in exc["verb"] and (string not in index["adj"] or string.startswith("ge")):
        return exc["verb"][string][0]
    for cls in ("verb", "adj", "adv"):
        if string in index[cls]:
            return string
    for cls in ("adj", "adv"):
        if string in exc[cls]:
            return exc[cls][string][0]
    for cls in _WORD_CLASSES:
        for old, new in rules[cls]:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if form and form in index[cls]:
                    return form
    return string


def tokens(text: str) -> list[str]:
    """Word tokens (no punctuation, numbers or spaces), in their original case; "een" stays a word."""
    return [t.text for t in nlp().make_doc(text) if _WORD.search(t.text)]


def lemmas(text: str, drop_stop_words: bool = True) -> list[str]:
    """Lowercased lemmas of the words in a text; stop words left out unless asked otherwise."""
    out = []
    for tok in tokens(text):
        low = tok.lower()
        if drop_stop_words and (low in STOP_WORDS or len(low) < 2):
            continue
        lem = lemma(low)
        if drop_stop_words and lem in STOP_WORDS:
            continue
        out.append(lem)
    return out


def is_stop_word(word: str) -> bool:
    return word.lower() in STOP_WORDS


# Languages whose function words tell a story apart from a Dutch one (spaCy's stop lists). Words that are
# Dutch too ("de", "in", "was", "per", "via") are left out of them.
_OTHER_LANGUAGES = ("en", "de", "fr", "tr", "pl", "es", "it", "pt", "id", "ro")


@lru_cache(maxsize=1)
def _other_function_words() -> frozenset[str]:
    import importlib

    words: set[str] = set()
    for code in _OTHER_LANGUAGES:
        words |= importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS
    return frozenset(words - set(_SPACY_STOP_WORDS) - {"per", "via"})


def looks_dutch(text: str) -> bool:
    """Whether a text reads as Dutch: at least a tenth of its words are Dutch function words, and more
    than are function words of other languages only.

    Every sentence of the shared sets and of our own check sets passes (1,018 texts), and our sentences in
    English, French, German, Spanish, Italian, Portuguese, Turkish, Polish and Arabic do not. A text of one
    or two words is taken as Dutch (nothing to tell by)."""
    words = [t.lower() for t in tokens(text)]
    if len(words) < 3:
        return True
    dutch = sum(w in _SPACY_STOP_WORDS for w in words)
    other = sum(w in _other_function_words() for w in words)
    return dutch >= 0.1 * len(words) and dutch > other


def content_text(text: str) -> str:
    """The text reduced to its content-word lemmas, for a second view of it in the embedding models.

    Only for Dutch: the lemmatiser and stop list are Dutch, so a story in another language keeps its own
    words and the multilingual models still place it beside Dutch stories on the same subject."""
    if not looks_dutch(text):
        return text
    return " ".join(lemmas(text)) or text
