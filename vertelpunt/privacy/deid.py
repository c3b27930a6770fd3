"""The deduce-backed detector: one lazily built ``Deduce`` instance per process.

Measured on the project's machine (2 cores, shared with other work; deduce 3.0.6, Python 3.11;
``bench/redaction.py`` prints the current figures):

* the very first ``Deduce()`` after installing the package builds its lookup structures and pickles them
  into its cache directory: about 170 s, once per installation (and again after a deduce upgrade);
* every later start: import about 0.2 s plus ``Deduce()`` 4-7 s reading the cache (up to about 20 s on a
  busy machine before the garbage-collector measure below);
* memory: resident set size grows by about 1.04 GB (68 MB -> 1.11 GB; peak RSS of the process 1.16 GB);
* after that, one 1,000-character story takes 6-9 ms with deduce plus the rules (110-170 stories/s), and
  about 1.5 ms with the rules alone.

Design consequence: deduce never runs in a web worker. Building it per gunicorn worker would cost seconds
of start-up and a gigabyte of memory each, on a 24 GB machine shared with everything else. Redaction with
deduce runs in ONE worker process (a ``flask`` command that loops over stories not yet redacted and calls
``redact()``), which holds the single instance from ``get_deidentifier()``. Web workers only use the fast
rules (``find_personal_details``) for the narrator's warning. Deployment should build the cache once at
install time (``python -c "from vertelpunt.privacy import get_deidentifier; get_deidentifier()"``) so that
the first story does not wait three minutes; set ``STORYCYCLE_DEDUCE_CACHE`` to a writable directory when
site-packages is read-only. Deduce works offline: its lookup lists ship inside the wheel.

What deduce finds is filtered before it is used, because story texts must stay readable for sensemaking:
ages, institutions and hospitals are dropped (organisation kinds stay), a location is kept only when it is a
street, a street address or a postcode (municipality and place names stay), and a date only when it is
day-precise with a year or follows a birth cue.
"""

from __future__ import annotations

import gc
import os
import re
import threading
from pathlib import Path
from typing import Any

from .finding import Finding
from .names import SENTENCE_END
from .patterns import BIRTH_CUE, POSTCODE
from .wordlists import GREETINGS, NOT_NAMES, PLACES, TITLE_WORDS

_lock = threading.Lock()
_instance: Any = None

# Annotator groups of deduce's base config whose output the product would throw away anyway; disabling them
# saves work and keeps them from winning an overlap against a span that matters.
_DISABLED_GROUPS = frozenset({"ages", "institutions"})

_STREET = re.compile(
    r"(?i)(?:straat|weg|laan|plein|singel|gracht|kade|dijk|steeg|pad|dreef|markt|park|hof|wal|ring|allee"
    r"|boulevard|erf|brink|es|veld|kamp|hoek|haven|zijde|baan|oord|postbus)\b"
)
_DAY_PRECISE = re.compile(
    r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}\s+\w+\.?\s+\d{4}", re.UNICODE
)

_DIGIT = re.compile(r"\d")
_TRAILING_PLACE = re.compile(r"[\s,]+(?:(?:in|te) )?(?P<place>[^\W\d_][\w-]*)$")

_KIND_BY_TAG = {
    "persoon": "name",
    "patient": "name",
    "telefoonnummer": "phone",
    "emailadres": "email",
    "url": "handle",
    "bsn": "bsn",
    "id": "id",
    "patientnummer": "id",
}


def get_deidentifier() -> Any:
    """Return this process's ``deduce.Deduce``, building it on first use (seconds, about 1 GB).

    Thread-safe. Raises ``ImportError`` when deduce is not installed.
    """
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = _build()
    return _instance


def _build() -> Any:
    from deduce import Deduce

    cache = os.environ.get("STORYCYCLE_DEDUCE_CACHE")
    kwargs = {}
    if cache:
        Path(cache).mkdir(parents=True, exist_ok=True)
        kwargs["cache_path"] = Path(cache)
    # Deduce allocates millions of small objects that live as long as the process. Left to the cyclic
    # garbage collector they cost repeated full scans while building (seconds), a multi-second scan at
    # every later full collection, and about 30 s of tear-down at interpreter exit. Building with the
    # collector paused and then freezing everything allocated so far removes all three.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        instance = Deduce(**kwargs)
    finally:
        if was_enabled:
            gc.enable()
    gc.freeze()
    return instance


def deduce_available() -> bool:
    try:
        import deduce  # noqa: F401
    except ImportError:
        return False
    return True


def _trim_title(text: str, start: int, end: int) -> int:
    """Move ``start`` past title words ("juf", "Meneer") so the text keeps who someone was."""
    while True:
        m = re.match(r"([^\W\d_]+\.?)\s+", text[start:end])
        if not m or m.group(1).lower() not in TITLE_WORDS:
            return start
        start += m.end()


def _classify(text: str, tag: str, start: int, end: int) -> Finding | None:
    span = text[start:end]
    if tag in _KIND_BY_TAG:
        kind = _KIND_BY_TAG[tag]
        if kind == "name":
            start = _trim_title(text, start, end)
            span = text[start:end]
            words = re.findall(r"[^\W\d_]+", span)
            if not words or all(w in NOT_NAMES or w in PLACES for w in words):
                return None
            if (
                len(words) == 1
                and words[0] in GREETINGS
                and SENTENCE_END.search(text, max(0, start - 4), start)
            ):
                # "Lieve hulpverleners, ..." opens a letter; "onze dochter Lieve" keeps its tag via the rules.
                return None
        return Finding(kind, start, end, span)
    if tag == "locatie":
        # "7511 AB Enschede" comes as one location: the place name stays in the story.
        while True:
            m = _TRAILING_PLACE.search(text, start, end)
            if not m or m.group("place") not in PLACES or m.start() == start:
                break
            end = m.start()
        span = text[start:end]
        words = re.findall(r"[^\W\d_]+", span)
        if words and all(w in PLACES or w in ("van", "de", "aan") for w in words) and not _DIGIT.search(span):
            # "Hof van Twente": a municipality, even though "Hof" ends like a street.
            return None
        if POSTCODE.fullmatch(span.strip()):
            return Finding("postcode", start, end, span)
        if any(c.isdigit() for c in span) or _STREET.search(span):
            return Finding("address", start, end, span)
        return None
    if tag == "datum":
        birth = BIRTH_CUE.search(text[max(0, start - 40) : start])
        if birth:
            return Finding("birth_date", start, end, span)
        if _DAY_PRECISE.search(span):
            return Finding("date", start, end, span)
        return None
    return None


def deduce_findings(text: str) -> list[Finding]:
    """What deduce finds in ``text``, mapped to this package's kinds and filtered for sensemaking."""
    if not isinstance(text, str) or not text.strip():
        return []
    doc = get_deidentifier().deidentify(text, disabled=set(_DISABLED_GROUPS))
    found = []
    for annotation in doc.annotations:
        finding = _classify(text, annotation.tag, annotation.start_char, annotation.end_char)
        if finding is not None and finding.end > finding.start:
            found.append(finding)
    return sorted(found, key=lambda f: f.start)
