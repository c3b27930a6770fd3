"""Redaction: replace every personal detail by a Dutch tag such as ``[naam]``.

The product combines deduce with the project's rules (union of spans, overlapping or touching spans merged
into one tag), because each catches what the other misses: deduce knows tens of thousands of surnames and
street names, the rules know youth-care phrasing ("juf Sanne", "insta: lisa_2009", "basisschool De
Regenboog") and BSN check digits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .rules import PRIORITY, Finding, find_personal_details, remove_invisible

TAGS = {
    "name": "[naam]",
    "phone": "[telefoonnummer]",
    "email": "[e-mail]",
    "address": "[adres]",
    "postcode": "[postcode]",
    "birth_date": "[geboortedatum]",
    "date": "[datum]",
    "school": "[school]",
    "handle": "[account]",
    "bsn": "[bsn]",
    "id": "[nummer]",
}


@dataclass(frozen=True)
class Redacted:
    """The redacted text and what was taken out.

    ``findings`` carry offsets into, and snippets of, the original text (after invisible control characters
    were removed): they are personal data. Store only
    ``text`` (and, if useful, ``counts``); drop the original and the findings once this is stored.
    """

    text: str
    findings: tuple[Finding, ...]

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(f.kind for f in self.findings))


def merge_findings(text: str, findings: list[Finding]) -> list[Finding]:
    """Merge overlapping spans, and spans separated only by spaces, into one finding each.

    The merged kind is the most specific one involved, so "Mark" (name, rules) inside "Mark van den Berg"
    (name, deduce) becomes one ``[naam]``, and a street plus house number found in two pieces becomes one
    ``[adres]``.
    """
    merged: list[list] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if merged:
            last = merged[-1]
            between = text[last[2] : f.start] if f.start > last[2] else ""
            if f.start < last[2] or (between == " " and f.kind == last[0]):
                last[2] = max(last[2], f.end)
                if PRIORITY.get(f.kind, 99) < PRIORITY.get(last[0], 99):
                    last[0] = f.kind
                continue
        merged.append([f.kind, f.start, f.end])
    return [Finding(kind, start, end, text[start:end]) for kind, start, end in merged]


def apply_tags(text: str, findings: list[Finding]) -> str:
    out = []
    pos = 0
    for f in findings:
        out.append(text[pos : f.start])
        out.append(TAGS.get(f.kind, "[gegevens]"))
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def redact(text: str, use_deduce: bool = True) -> Redacted:
    """Return ``text`` with personal details replaced by tags, using deduce plus the rules.

    With ``use_deduce=False`` only the fast rules are used (no start-up cost, lower recall on unlisted
    names). With ``use_deduce=True`` the process-wide deduce instance is built on first call (see
    ``deid``): call this from the single redaction worker, not from a web request. Raises ``ImportError``
    when deduce is asked for but not installed, so a worker never silently redacts less.
    """
    if not isinstance(text, str) or not text:
        return Redacted("" if not isinstance(text, str) else text, ())
    # Zero-width and control characters can hide a name from both detectors ("Da\u200ban"); they are
    # removed first, so the findings' offsets refer to this cleaned text.
    text = remove_invisible(text)
    findings = find_personal_details(text)
    if use_deduce:
        from .deid import deduce_findings

        findings = findings + deduce_findings(text)
    merged = merge_findings(text, findings)
    return Redacted(apply_tags(text, merged), tuple(merged))
