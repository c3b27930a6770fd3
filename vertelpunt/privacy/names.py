"""Names of people in a Dutch text: known first names with the surnames after them, names after a
title or a relation ("meneer De Vries", "mijn zoon Daan"), and two capitalised words in a sentence
that are no place or organisation."""

from __future__ import annotations

import re
import unicodedata

from .finding import Finding
from .wordlists import (
    AMBIGUOUS_NAMES,
    FIRST_NAMES,
    GREETINGS,
    NOT_NAMES,
    PLACES,
    RELATION_CUES,
    SURNAME_PARTICLES,
)

_STRONG_TITLES = frozenset(("meneer", "mevrouw", "mevr", "mw", "dhr", "familie", "fam", "juf", "meester"))
# Lower-case first names that are also ordinary words ("merel" is a blackbird): not a name without a title.
_FUNCTION_WORDS = frozenset(
    ("mijn", "zijn", "haar", "ons", "onze", "hun", "je", "jouw", "uw", "die", "dat", "deze")
)
_LOWER_WORDS = frozenset(("merel", "madelief", "jasmijn", "roos", "hans", "joke", "luna", "ward", "wout"))
_SAYERS = frozenset(("ik", "hij", "zij", "ze", "jij", "je", "wij", "we", "die"))
_TOKEN = re.compile(r"[^\W\d_][^\W\d_]{0,59}(?:[-'’][^\W\d_]{1,60}){0,4}|'t")
SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“”(\[•\-*]\s*)$")


def _is_first_name(word: str) -> bool:
    if word in FIRST_NAMES:
        return True
    if "-" in word:
        # Compound first names: Gert-Jan, Anne-Marie, Dirk-Jan.
        parts = word.split("-")
        if len(parts) == 2 and all(p[:1].isupper() and p in FIRST_NAMES for p in parts):
            return True
    plain = _strip_accents(word)
    if plain != word and plain in FIRST_NAMES:
        return True
    # Diminutives: Daantje, Noortje, Sanneke, Jopje.
    for suffix in ("tje", "je", "ke", "pje", "ie"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)]
            if stem in FIRST_NAMES:
                return True
    return False


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _capitalised(word: str) -> bool:
    # In a text typed all in capitals ("WOLTERS BELT NIET") a capital says nothing: only a known first
    # name counts as capitalised there, so the verbs after it are not taken for a surname.
    if len(word) > 1 and word.isupper():
        return _is_first_name(word.capitalize())
    return word[:1].isupper()


def _lower_name(word: str, strong: bool) -> bool:
    """A first name typed in lower case ("juf annemiek", "sanne belde"): after a title any known first name,
    otherwise one of four letters or more that is no ordinary word."""
    if not word.islower() or not _is_first_name(word.capitalize()):
        return False
    if strong:
        return True
    return len(word) >= 4 and word.capitalize() not in AMBIGUOUS_NAMES and word not in _LOWER_WORDS


# Capitalised words with these endings are services and institutions ("Kenniscentrum", "Jeugdteam").
# Not "-huis": Nijhuis, Kamphuis and Luttikhuis are among the commonest surnames of Twente.
_ORGANISATION_ENDINGS = (
    "centrum",
    "team",
    "zorg",
    "dienst",
    "school",
    "groep",
    "instituut",
    "stichting",
    "raad",
    "punt",
    "bureau",
    "kliniek",
    "praktijk",
    "gemeente",
    "hulp",
    "college",
    "lyceum",
)


def _not_a_name(word: str) -> bool:
    return (
        word in NOT_NAMES
        or word in PLACES
        or word.lower() in RELATION_CUES
        or word.lower().endswith(_ORGANISATION_ENDINGS)
    )


def find_names(text: str) -> list[Finding]:
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    found: list[Finding] = []
    i = 0
    n = len(tokens)

    def gap(a: int, b: int) -> str:
        return text[tokens[a][1] : tokens[b][0]]

    def extend_surname(j: int) -> int:
        """Return the index of the last token of a name starting at j, taking particles and surnames."""
        last = j
        k = j + 1
        while k < n and k - j <= 5 and gap(k - 1, k) == " ":
            word = tokens[k][2]
            if word.lower() in SURNAME_PARTICLES:
                # A particle only belongs to the name if a capitalised surname follows it.
                m = k
                while m < n and tokens[m][2].lower() in SURNAME_PARTICLES and gap(m - 1, m) == " ":
                    m += 1
                if (
                    m < n
                    and gap(m - 1, m) == " "
                    and _capitalised(tokens[m][2])
                    and not _not_a_name(tokens[m][2])
                ):
                    last = k = m
                    k += 1
                    continue
                break
            if _capitalised(word) and not _not_a_name(word) and not _is_first_name(word):
                last = k
                k += 1
                continue
            break
        return last

    while i < n:
        start, _end, word = tokens[i]
        if len(word) > 1 and word.isupper():
            word = word.capitalize()  # checked as a name would be written: "SANNE" as "Sanne"
        prev = tokens[i - 1][2].lower() if i else ""
        prev_gap = gap(i - 1, i) if i else ""
        sentence_start = bool(SENTENCE_END.search(text[max(0, start - 4) : start])) or i == 0
        cued = (
            i > 0
            and (prev.rstrip(".") in RELATION_CUES or prev.rstrip(".") in _STRONG_TITLES)
            and prev_gap in (" ", ", ", ". ")
        )
        said = i > 1 and prev in ("ben", "heet", "heten", "noemen") and prev_gap == " "
        if said and prev == "ben" and tokens[i - 2][2].lower() != "ik":
            said = False
        if said and prev != "ben" and tokens[i - 2][2].lower() not in _SAYERS | RELATION_CUES:
            # "mijn hamster heet Koekje": only people's names count.
            said = False
        begin = None
        strong_cue = cued and prev.rstrip(".") in _STRONG_TITLES
        if _lower_name(word, strong_cue):
            begin = i
        elif strong_cue and word in SURNAME_PARTICLES:
            # "meneer de jong": after a title, particles and the word after them are a surname, in any case.
            last = i
            while (
                last + 1 < n and tokens[last][2].lower() in SURNAME_PARTICLES and gap(last, last + 1) == " "
            ):
                last += 1
            after = text[tokens[last][1] : tokens[last][1] + 2]
            # "juf van groep 6": a word with a number after it is a class, not a surname.
            if (
                last > i
                and tokens[last][2].isalpha()
                and tokens[last][2].lower() not in _FUNCTION_WORDS
                and not _not_a_name(tokens[last][2])
                and not after[1:].isdigit()
            ):
                found.append(
                    Finding("name", tokens[i][0], tokens[last][1], text[tokens[i][0] : tokens[last][1]])
                )
                i = last + 1
                continue
        elif _capitalised(word) and word != "'t":
            if cued or said:
                # After "meneer", "mevrouw", "juf"... any capitalised word but a place is a surname, even
                # one that is also a word ("mevrouw Pas", "meneer De Vries"); after "mijn zoon" it must
                # not be an organisation or other known non-name.
                strong = prev.rstrip(".") in _STRONG_TITLES
                if word in PLACES:
                    pass
                elif strong or _is_first_name(word) or not _not_a_name(word):
                    begin = i
            elif _is_first_name(word):
                last = extend_surname(i)
                ambiguous = (word in AMBIGUOUS_NAMES or word in GREETINGS) and sentence_start and last == i
                if not ambiguous:
                    begin = i
            elif not sentence_start and not _not_a_name(word) and word not in GREETINGS:
                # Two capitalised words inside a sentence that are no place or organisation are almost
                # always a first name and surname the lists do not know ("met Frits Lammerink van ..."),
                # unless an article makes them an institution ("de Sociale Verzekeringsbank", "het Rode
                # Kruis", "de Twentse Poort").
                if prev not in ("de", "het", "een", "'t") and extend_surname(i) > i:
                    begin = i
        if begin is None:
            i += 1
            continue
        if tokens[begin][2].lower() in SURNAME_PARTICLES:
            last = extend_surname(begin)
            if last == begin:
                i += 1
                continue
        else:
            last = extend_surname(begin)
        found.append(
            Finding("name", tokens[begin][0], tokens[last][1], text[tokens[begin][0] : tokens[last][1]])
        )
        i = last + 1
        # "Peter en Miranda", "Omar en Youssef": a second capitalised word joined to a name is a name too.
        if i + 1 < n and tokens[i][2] == "en" and gap(i - 1, i) == " " and gap(i, i + 1) == " ":
            nxt = tokens[i + 1][2]
            if _capitalised(nxt) and not _not_a_name(nxt):
                last = extend_surname(i + 1)
                found.append(
                    Finding(
                        "name", tokens[i + 1][0], tokens[last][1], text[tokens[i + 1][0] : tokens[last][1]]
                    )
                )
                i = last + 1
    return found
