"""Fast, dependency-free rules that find personal details in a Dutch story text.

These run inside a web request to warn the narrator before sending, so they must take milliseconds for a
long story and never blow up on hostile input: every pattern is anchored by a look-behind at the start of a
word run and has bounded repeats, which keeps matching linear in the text length (no quadratic re-scans of a
100k-character run of letters or digits).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from .wordlists import (
    AMBIGUOUS_NAMES,
    FIRST_NAMES,
    GREETINGS,
    NOT_NAMES,
    PLACES,
    RELATION_CUES,
    SURNAME_PARTICLES,
)

KINDS = ("name", "phone", "email", "address", "postcode", "birth_date", "date", "school", "handle", "bsn")


@dataclass(frozen=True)
class Finding:
    """One personal detail: ``text[start:end]`` of the scanned text, of a kind from ``KINDS`` (or "id")."""

    kind: str
    start: int
    end: int
    text: str


def bsn_valid(number: str) -> bool:
    """The BSN 11-test (elfproef): 9 digits, weights 9..2 and -1 for the last digit, sum divisible by 11."""
    digits = [c for c in number if c.isdigit()]
    if len(digits) == 8:
        # Numbers issued before 2007 can be written without their leading zero.
        digits.insert(0, "0")
    if len(digits) != 9 or digits == ["0"] * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


_CAP = r"[A-ZÀ-ÖØ-Þ][^\W_]{0,40}(?:[-'’][^\W_]{1,40}){0,3}"
_MONTHS = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?"
)

# Python's re only skips quickly through a text when a pattern starts with a literal or a character set;
# a leading look-behind or a case-insensitive alternation makes it try every position (about 1 ms per
# pattern for 5,000 characters). So each pattern starts with its cheapest fixed part, and a word boundary
# before it is checked with a look-behind placed after the first character, or in Python.
_EMAIL_DOMAIN = re.compile(r"@[\w-]{1,63}(?:\.[\w-]{1,63}){0,5}\.[A-Za-z]{2,12}(?![\w-])")
_EMAIL_LOCAL = re.compile(r"[\w.+-]{1,64}$")
_HANDLE_AT = re.compile(r"@(?<![\w@.]@)[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
_HANDLE_CUE = re.compile(
    r"(?:[Ii]nsta(?:gram)?|INSTA|[Ss]nap(?:chat)?|[Tt]ik ?[Tt]ok|[Tt]witter|[Dd]iscord|[Gg]amertag|IG|ig"
    r"|FB|fb|[Ff]acebook)(?P<sep>(?: (?:me|mij))?(?: (?:op|via))?(?: (?:is|naam|account))?\s{0,3}[:=]?\s{0,3})(?P<h>[A-Za-z0-9_][A-Za-z0-9_.]{1,29})"
)
_SEP = r"(?:[ ]?[-–][ ]?|[ ])?"
_PHONE = re.compile(
    r"(?:(?:\+31|0031)(?<![\w+]\+31)(?<![\w+]0031)[ -]?(?:\(0\)[ -]?)?[1-9](?:" + _SEP + r"\d){8}"
    r"|0[1-9](?<![\w+]0[1-9])(?:" + _SEP + r"\d){8}"
    r"|\((?<![\w(]\()0[1-9](?:\d\)[ ]?(?:"
    + _SEP
    + r"\d){7}|\d\d\)[ ]?(?:"
    + _SEP
    + r"\d){6}|\)[ ]?(?:"
    + _SEP
    + r"\d){8}))(?!\d)"
)
_BSN = re.compile(r"\d(?<![\d.-]\d)(?:\d{8}|\d{7}|\d{3}[. ]\d{2}[. ]\d{3}|\d{2}[. ]\d{3}[. ]\d{3})(?![\d-])")
_BSN_CUE = re.compile(r"(?i)(?:bsn|burgerservicenummer|sofinummer|sofi-nummer)\W{0,3}(?:\w+\W+){0,4}$")
_POSTCODE = re.compile(r"[1-9](?<![\w][1-9])\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w])")
_STREET_SUFFIX = (
    r"(?:straat|weg|laan|plein|singel|gracht|kade|dijk|steeg|pad|dreef|markt|park|hof|wal|ring|allee"
    r"|boulevard|erf|brink|es|veld|kamp|hoek|haven|zijde|baan|oord|stoep|horst)"
)
_ADDRESS = re.compile(
    r"(?:[A-ZÀ-Þ](?<![\w][A-ZÀ-Þ])[^\W\d_]{0,40}" + _STREET_SUFFIX + r"|Postbus|Markt|Plein|Brink)"
    r" ?\d{1,5}(?:(?: ?[a-zA-Z])(?![\w]))?(?: ?[-/] ?\d{1,4})?(?![\d])"
)
_STREET_PREFIX = re.compile(r"(?<![\w.])(?:[A-ZÀ-Þ][^\W\d_]{0,20}\.?|[A-Z][a-z]{0,3}\.) $")
_NOT_STREET_PREFIX = frozenset(("op", "in", "aan", "naar", "bij", "via", "langs", "en", "is", "ons", "mijn"))
_STREET_ONLY = re.compile(
    r"[A-ZÀ-Þ](?<![\w][A-ZÀ-Þ])[^\W\d_]{0,40}(?:straat|weg|laan|plein|singel|gracht|kade|dijk|steeg|dreef)(?![\w])"
)
_STREET_ONLY_CUE = re.compile(r"(?:^|\W)(?:aan|op|in|naar|langs|via)(?: de| het)? $")
_DATE_TEXT = re.compile(r"\d{1,2} " + _MONTHS + r"(?: (?:19|20)\d{2})?(?![\w])", re.I)
_DATE_NUM = re.compile(r"\d{1,2}([-/.])\d{1,2}\1(?:19|20)?\d{2}(?![\w])")
_BIRTH_CUE = re.compile(
    r"(?i)(?:geboren|geb\.?|geboortedatum|geboortedag|verjaardag|jarig)\W{0,3}(?:\w+\W+){0,3}$"
)
_SCHOOL_ABBR = re.compile(
    r"(?:OBS|CBS|RKBS|PCBS|SBO|VSO|IKC|KBS)(?: (?:'t|De|Het|de|het))? " + _CAP + r"(?: " + _CAP + r")?"
)
_SCHOOL_TYPE = re.compile(
    r"(?:chool|centrum|gemeenschap) (?P<n>(?:(?:'t|De|Het) )?" + _CAP + r"(?: " + _CAP + r")?)"
)
_SCHOOL_TYPE_WORD = re.compile(
    r"(?:^|\W)(?:[Bb]asis|[Pp]raktijk|[Mm]ontessori|[Dd]alton|[Jj]enaplan)?(?:[Ss]chool|[Kk]indcentrum"
    r"|[Ss]cholengemeenschap)$"
)
_SCHOOL_SUFFIX = re.compile(r"(?:College|Lyceum|Gymnasium|Scholengemeenschap|Campus|Mavo)(?![\w])")
_SCHOOL_GLUED = re.compile(r"[A-ZÀ-Þ](?<![\w][A-ZÀ-Þ])[^\W\d_]{1,30}(?:college|lyceum|gymnasium)(?![\w])")
_SCHOOL_SUFFIX_NAME = re.compile(r"(?<![\w])(?:" + _CAP + r" ){1,3}$")
_SCHOOL_CUE = re.compile(r" op (?P<n>(?:'t|De|Het) " + _CAP + r")")
_SCHOOL_CUE_VERB = re.compile(r"(?:^|\W)(?i:zit|zat|zitten|zaten|ging|gaat|kwam|komt|les)(?: \w+)?$")
_ARTICLES = ("het ", "Het ", "de ", "De ")
_STRONG_TITLES = frozenset(("meneer", "mevrouw", "mevr", "mw", "dhr", "familie", "fam", "juf", "meester"))
# Lower-case first names that are also ordinary words ("merel" is a blackbird): not a name without a title.
_FUNCTION_WORDS = frozenset(
    ("mijn", "zijn", "haar", "ons", "onze", "hun", "je", "jouw", "uw", "die", "dat", "deze")
)
_LOWER_WORDS = frozenset(("merel", "madelief", "jasmijn", "roos", "hans", "joke", "luna", "ward", "wout"))
_SAYERS = frozenset(("ik", "hij", "zij", "ze", "jij", "je", "wij", "we", "die"))

_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_INVISIBLE_AS_SPACE = {
    c: " "
    for c in [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        0xAD,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        0xFEFF,
    ]
}
_TOKEN = re.compile(r"[^\W\d_][^\W\d_]{0,59}(?:[-'’][^\W\d_]{1,60}){0,4}|'t")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“”(\[•\-*]\s*)$")


def _word_before(text: str, start: int) -> bool:
    """True when ``start`` is not in the middle of a word (the boundary check the patterns leave out)."""
    return start == 0 or not text[start - 1].isalnum() and text[start - 1] != "_"


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


def _find_names(text: str) -> list[Finding]:
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
        sentence_start = bool(_SENTENCE_END.search(text[max(0, start - 4) : start])) or i == 0
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


def _strip_article(start: int, span: str) -> tuple[int, str]:
    for article in _ARTICLES:
        if span.startswith(article):
            return start + len(article), span[len(article) :]
    return start, span


def _find_patterns(text: str) -> list[Finding]:
    found: list[Finding] = []

    def add(kind: str, start: int, end: int) -> None:
        found.append(Finding(kind, start, end, text[start:end]))

    for m in _EMAIL_DOMAIN.finditer(text):
        local = _EMAIL_LOCAL.search(text, max(0, m.start() - 64), m.start())
        if local:
            add("email", local.start(), m.end())
    for m in _HANDLE_AT.finditer(text):
        add("handle", m.start(), m.end())
    for m in _HANDLE_CUE.finditer(text):
        if not _word_before(text, m.start()):
            continue
        handle = m.group("h").rstrip(".")
        explicit = ":" in m.group("sep") or "=" in m.group("sep")
        if explicit or re.search(r"[_.\d]", handle):
            add("handle", m.start("h"), m.start("h") + len(handle))
    for m in _PHONE.finditer(text):
        add("phone", m.start(), m.end())
    for m in _BSN.finditer(text):
        cue = _BSN_CUE.search(text, max(0, m.start() - 60), m.start())
        if cue or bsn_valid(m.group()) and len(re.sub(r"\D", "", m.group())) == 9:
            add("bsn", m.start(), m.end())
    for m in _POSTCODE.finditer(text):
        add("postcode", m.start(), m.end())
    for m in _ADDRESS.finditer(text):
        # Street names often start with a separate word: "Van Heeckerenstraat", "Oude Markt", "Pr. Bernhardlaan".
        prefix = _STREET_PREFIX.search(text, max(0, m.start() - 25), m.start())
        start = m.start()
        if prefix and prefix.group().strip().lower() not in _NOT_STREET_PREFIX:
            start = prefix.start()
        add("address", start, m.end())
    for m in _STREET_ONLY.finditer(text):
        if _STREET_ONLY_CUE.search(text, max(0, m.start() - 12), m.start()):
            add("address", m.start(), m.end())
    for pattern in (_DATE_TEXT, _DATE_NUM):
        for m in pattern.finditer(text):
            if not _word_before(text, m.start()) or m.start() and text[m.start() - 1] in ".:/-":
                continue
            numbers = [int(x) for x in re.findall(r"\d+", m.group())]
            if not 1 <= numbers[0] <= 31 or pattern is _DATE_NUM and not 1 <= numbers[1] <= 12:
                continue
            has_year = pattern is _DATE_NUM or len(numbers) > 1
            if _BIRTH_CUE.search(text, max(0, m.start() - 40), m.start()):
                add("birth_date", m.start(), m.end())
            elif has_year:
                # A day-precise date pins an event (a placement, a crisis) to one family; a month does not.
                add("date", m.start(), m.end())
    for m in _SCHOOL_ABBR.finditer(text):
        if _word_before(text, m.start()):
            add("school", m.start(), m.end())
    for m in _SCHOOL_TYPE.finditer(text):
        type_end = m.start("n") - 1
        if _SCHOOL_TYPE_WORD.search(text, max(0, type_end - 25), type_end):
            if m.group("n").split()[-1] not in PLACES:
                add("school", m.start("n"), m.end("n"))
    for m in _SCHOOL_SUFFIX.finditer(text):
        if not _word_before(text, m.start()):
            continue
        name = _SCHOOL_SUFFIX_NAME.search(text, max(0, m.start() - 130), m.start())
        if name:
            start, span = _strip_article(name.start(), text[name.start() : m.end()])
            add("school", start, start + len(span))
    for m in _SCHOOL_GLUED.finditer(text):
        add("school", m.start(), m.end())
    for m in _SCHOOL_CUE.finditer(text):
        if _SCHOOL_CUE_VERB.search(text, max(0, m.start() - 30), m.start()):
            if m.group("n").split()[-1] not in PLACES:
                add("school", m.start("n"), m.end("n"))
    return found


# When two findings overlap, the more specific pattern wins: an e-mail address contains what looks like a
# handle, an address may contain a capitalised word that looks like a name.
_PRIORITY = {
    "email": 0,
    "handle": 1,
    "phone": 2,
    "bsn": 3,
    "postcode": 4,
    "address": 5,
    "birth_date": 6,
    "date": 7,
    "school": 8,
    "name": 9,
    "id": 10,
}


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep non-overlapping findings, preferring the more specific kind, then the longer span."""
    ranked = sorted(findings, key=lambda f: (_PRIORITY.get(f.kind, 99), -(f.end - f.start), f.start))
    # Kept spans never overlap, so ordered by start they are also ordered by end: one bisection finds the
    # only neighbours that could overlap, which keeps a hostile text with 20,000 findings fast.
    starts: list[int] = []
    kept: list[Finding] = []
    for f in ranked:
        i = bisect.bisect_left(starts, f.start)
        if i > 0 and kept[i - 1].end > f.start:
            continue
        if i < len(kept) and kept[i].start < f.end:
            continue
        starts.insert(i, f.start)
        kept.insert(i, f)
    return kept


def find_personal_details(text: str) -> list[Finding]:
    """Find what looks personal in ``text`` with fast rules only (no deduce), sorted by position.

    Meant for the narrator's warning inside a web request: a 5,000-character story takes a few
    milliseconds. Findings never overlap. Non-string input is treated as empty.
    """
    if not isinstance(text, str) or not text:
        return []
    # Invisible characters (zero-width spaces, bidi overrides, control codes) can split or hide a detail;
    # they are scanned as spaces, one for one, so offsets still point into the narrator's own text.
    scanned = text.translate(_INVISIBLE_AS_SPACE) if _INVISIBLE.search(text) else text
    findings = resolve_overlaps(_find_patterns(scanned) + _find_names(scanned))
    if scanned is not text:
        findings = [Finding(f.kind, f.start, f.end, text[f.start : f.end]) for f in findings]
    return findings


def remove_invisible(text: str) -> str:
    """Drop control and format characters other than tab and line breaks (they carry no story)."""
    return _INVISIBLE.sub("", text)
