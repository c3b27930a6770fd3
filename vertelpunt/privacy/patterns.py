"""The patterns of personal details other than names: e-mail addresses, handles, phone numbers,
BSNs, postcodes, addresses, dates and schools."""

from __future__ import annotations

import re

from .finding import Finding
from .wordlists import PLACES


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
POSTCODE = re.compile(r"[1-9](?<![\w][1-9])\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w])")
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
BIRTH_CUE = re.compile(
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


def _word_before(text: str, start: int) -> bool:
    """True when ``start`` is not in the middle of a word (the boundary check the patterns leave out)."""
    return start == 0 or not text[start - 1].isalnum() and text[start - 1] != "_"


def _strip_article(start: int, span: str) -> tuple[int, str]:
    for article in _ARTICLES:
        if span.startswith(article):
            return start + len(article), span[len(article) :]
    return start, span


def find_patterns(text: str) -> list[Finding]:
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
    for m in POSTCODE.finditer(text):
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
            if BIRTH_CUE.search(text, max(0, m.start() - 40), m.start()):
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
