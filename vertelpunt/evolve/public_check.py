"""What may go public: the personal-details check of every text a facilitator publishes (themes,
actions, quotes), and how a name the engine made is told from a name a person gave.

The fast rules run inside the web request and refuse at once; the redaction worker runs the same check
with deduce as well before anything is public (publication.py). The traject's own organisation and
municipality names are public by nature and allowed; the session's people (participants, owners of
actions) are refused by any telling part of their name. The engine's words come from participants'
cards, so a word of a key term that reads as a name once capitalised ("sanne wolters") is refused too."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, Theme, Traject
from vertelpunt.privacy import Finding, find_personal_details, redact
from vertelpunt.privacy.rules import remove_invisible
from vertelpunt.privacy.wordlists import TITLE_WORDS

# Words of a personal name that are too common to point to anyone ("van", "de") are not looked for.
_PARTICLES = frozenset({"van", "der", "den", "de", "het", "ter", "ten", "te", "op", "in", "'t"})
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def kind_names() -> dict[str, str]:
    return {
        "name": _("a name"),
        "phone": _("a phone number"),
        "email": _("an e-mail address"),
        "address": _("an address"),
        "postcode": _("a postcode"),
        "birth_date": _("a date of birth"),
        "date": _("a date"),
        "school": _("a school name"),
        "handle": _("a social media name"),
        "bsn": _("a citizen service number"),
        "id": _("a number that can point to a person"),
        "person": _("the name of a person in this session"),
        "lookalike": _("a word with letters from another alphabet that look like ours"),
    }


def findings_message(found: list[dict]) -> str:
    """One Dutch sentence naming what looked personal, e.g. 'Dit lijkt een naam: "Sanne Wolters". ...'."""
    if any(f.get("kind") == "unchecked" for f in found):
        return _("This text could not be checked. Change it a little and publish it again.")
    names = kind_names()
    if len(found) == 1:
        return _(
            "This looks like %(what)s: “%(text)s”. Remove it or write it differently.",
            what=names.get(found[0]["kind"], names["name"]),
            text=found[0]["text"],
        )
    listed = "; ".join(f"{names.get(f['kind'], names['name'])}: “{f['text']}”" for f in found)
    return _("This looks personal (%(found)s). Remove it or write it differently.", found=listed)


@dataclass
class Context:
    """What a text is checked against: names that may be public, people who may never be, and the
    words the engine took from the session's cards."""

    allowed: list[str]
    people: list[str] = field(default_factory=list)
    engine_words: set[str] = field(default_factory=set)


def allowed_names(traject: Traject) -> list[str]:
    """The traject's own organisation and municipality names (and its region): public by nature, so the
    privacy check does not refuse 'Basisschool De Esch' or 'Gemeente Hengelo'. Contact persons are not."""
    names = [o.name for o in traject.organisations] + [m.name for m in traject.municipalities]
    names.append(traject.region)
    return sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)


def session_people(session: DuidingSession) -> list[str]:
    """Everyone named in the session (participants, owners of its actions): never on a public page."""
    people = [p.name for p in session.participants]
    people += list(db.session.scalars(select(Action.owner_person).where(Action.session_id == session.id)))
    return [p for p in people if p and p.strip()]


def engine_words(theme: Theme) -> set[str]:
    """The words of a theme that the engine made: its key terms, and its name unless a person gave it."""
    words = set()
    for term in theme.key_terms or []:
        if isinstance(term, str):
            words.update(w.casefold() for w in WORD.findall(term))
    if not theme.named_by_person:
        words.update(w.casefold() for w in WORD.findall(theme.name or ""))
    return words


def named_in_cards(session: DuidingSession) -> list[str]:
    """Names the fast rules find on the session's cards and in the engine's words (capitalised, in
    their order: "sanne · wolters" reads "Sanne Wolters"). Whoever a card named is never public, also
    not by a part of the name the rules would miss alone ("Wolters")."""
    texts = [o.text for o in session.observations]
    for theme in session.themes:
        terms = [w for term in theme.key_terms or [] if isinstance(term, str) for w in WORD.findall(term)]
        if not theme.named_by_person:
            terms = WORD.findall(theme.name or "") + terms
        texts.append(" ".join(w[:1].upper() + w[1:] for w in terms))
    return [f.text for text in texts for f in find_personal_details(text or "") if f.kind == "name"]


def context_for(session: DuidingSession) -> Context:
    words: set[str] = set()
    for theme in session.themes:
        words |= engine_words(theme)
    people = session_people(session) + named_in_cards(session)
    return Context(allowed_names(session.traject), people, words)


def is_engine_name(theme: Theme, name: str) -> bool:
    """A name the engine made (its proposal, or its key terms strung together) is not a person's."""
    words = WORD.findall(name.casefold())
    if not theme.named_by_person and words == WORD.findall((theme.name or "").casefold()):
        return True
    return "·" in name or (len(words) >= 2 and set(words) <= engine_words(theme))


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def name_parts(person: str) -> list[str]:
    """The telling parts of a name as staff typed it: 'Mevrouw de Vries' -> ['Vries'], 'Mila
    (jongerenpanel)' -> ['Mila']. Titles, particles and lower-case additions are common words; a name
    typed all in lower case keeps all its words."""
    words = [w for w in WORD.findall(person) if len(w) >= 3 and w.casefold() not in _PARTICLES | TITLE_WORDS]
    return [w for w in words if w[0].isupper()] or words


def _person_findings(text: str, people: Iterable[str], allowed: list[tuple[int, int]]) -> list[Finding]:
    """A session's people by their full name or any telling part of it ('Jan Jansen', 'Jansen')."""
    out = []
    for person in people:
        for word in name_parts(person):
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE):
                if not _inside(m.start(), m.end(), allowed):
                    out.append(Finding("person", m.start(), m.end(), m.group(0)))
    return out


def _engine_word_findings(text: str, words: set[str], allowed: list[tuple[int, int]]) -> list[Finding]:
    """The engine's words written small ("sanne wolters") escape the name rules, which look for capitals:
    capitalise those words in place and look again. Only names count; offsets stay the same."""
    if not words:
        return []
    changed: list[tuple[int, int]] = []
    parts, pos = [], 0
    for m in WORD.finditer(text):
        word = m.group(0)
        upper = word[:1].upper() + word[1:]
        if word.casefold() in words and upper != word and len(upper) == len(word):
            parts += [text[pos : m.start()], upper]
            pos = m.end()
            changed.append((m.start(), m.end()))
    if not changed:
        return []
    raised = "".join(parts) + text[pos:]
    return [
        Finding("name", f.start, f.end, text[f.start : f.end])
        for f in find_personal_details(raised)
        if f.kind == "name"
        and not _inside(f.start, f.end, allowed)
        and any(f.start < b and a < f.end for a, b in changed)
    ]


_LETTERS = re.compile(r"[^\W\d_]+")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def _lookalike_findings(text: str) -> list[Finding]:
    """Words that mix Latin letters with letters of another alphabet: no Dutch word does, and it is
    the usual way to slip a name past a check."""
    out = []
    for m in _LETTERS.finditer(text):
        scripts = {_script(c) for c in m.group(0)}
        if "LATIN" in scripts and len(scripts) > 1:
            out.append(Finding("lookalike", m.start(), m.end(), m.group(0)))
    return out


def problems(text: str, context: Context, use_deduce: bool = False) -> list[dict]:
    """What looks personal in `text`, as [{"kind", "text"}]: the fast rules (and with use_deduce, deduce
    as well: only in the redaction worker), minus the traject's own organisation and municipality names,
    plus any name of a person in the session and any engine word that reads as a name."""
    # NFKC folds full-width and other compatibility forms ("Ｓａｎｎｅ") to the letters the checks know.
    text = unicodedata.normalize("NFKC", remove_invisible(text or ""))
    if not text.strip():
        return []
    if odd := _lookalike_findings(text):
        # "Sаnne" with a Cyrillic а reads as a name to people and as no name to the rules or deduce.
        return [{"kind": f.kind, "text": f.text} for f in odd]
    spans = [
        (m.start(), m.end())
        for name in context.allowed
        for m in re.finditer(re.escape(name), text, re.IGNORECASE)
    ]
    found = [f for f in redact(text, use_deduce=use_deduce).findings if not _inside(f.start, f.end, spans)]
    found += _person_findings(text, context.people, spans)
    found += _engine_word_findings(text, context.engine_words, spans)
    # Each detail once: "Jansen" inside "Jan Jansen" and a name repeated are not named twice.
    seen, kept, out = set(), [], []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if f.text.casefold() in seen or _inside(f.start, f.end, kept):
            continue
        seen.add(f.text.casefold())
        kept.append((f.start, f.end))
        out.append({"kind": f.kind, "text": f.text})
    return out
