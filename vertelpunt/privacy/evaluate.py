"""Scoring of a detector against an annotated corpus, shared by the tests and ``bench/redaction.py``.

Corpus lines are ``id<TAB>voice<TAB>sentence`` with personal details marked ``[[kind|text]]``; lines
starting with ``#`` are comments. Ids ending in 3, 6 or 9 form the held-out part (30%); ids from 301 on
were written after the rules were frozen (the "fresh" part, measured once before any rule saw it).

Scoring is what matters for redaction, not for tagging: an annotated span counts as found when every
letter and digit of it is covered by some predicted span (of any kind: a name redacted as ``[school]`` is
still gone); a predicted span counts as correct when it overlaps some annotated span. Recall is reported
per annotated kind, precision per predicted kind.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

_MARK = re.compile(r"\[\[(\w+)\|(.+?)\]\]")
HELD_OUT_DIGITS = ("3", "6", "9")
FRESH_FROM = 301


@dataclass(frozen=True)
class Sentence:
    id: int
    voice: str
    text: str
    spans: tuple[tuple[str, int, int], ...]

    @property
    def held_out(self) -> bool:
        return str(self.id)[-1] in HELD_OUT_DIGITS

    @property
    def fresh(self) -> bool:
        return self.id >= FRESH_FROM


def parse_marked(marked: str) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    """Turn ``"Bel [[phone|06-12345678]]."`` into the plain text and its (kind, start, end) spans."""
    out: list[str] = []
    spans = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        spans.append((m.group(1), length, length + len(m.group(2))))
        out.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), tuple(spans)


def load_corpus(path: str | Path) -> list[Sentence]:
    sentences = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ident, voice, marked = line.split("\t")
        text, spans = parse_marked(marked)
        sentences.append(Sentence(int(ident), voice, text, spans))
    return sentences


@dataclass
class Score:
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    annotated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    correct: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    predicted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[tuple[int, str, str]] = field(default_factory=list)
    false_positives: list[tuple[int, str, str]] = field(default_factory=list)
    clean_sentences: int = 0
    clean_untouched: int = 0

    def recall(self, kind: str | None = None) -> float:
        a = sum(self.annotated.values()) if kind is None else self.annotated.get(kind, 0)
        f = sum(self.found.values()) if kind is None else self.found.get(kind, 0)
        return f / a if a else 1.0

    def precision(self, kind: str | None = None) -> float:
        p = sum(self.predicted.values()) if kind is None else self.predicted.get(kind, 0)
        c = sum(self.correct.values()) if kind is None else self.correct.get(kind, 0)
        return c / p if p else 1.0

    def recall_of(self, kinds: Iterable[str]) -> float:
        kinds = list(kinds)
        a = sum(self.annotated.get(k, 0) for k in kinds)
        f = sum(self.found.get(k, 0) for k in kinds)
        return f / a if a else 1.0


Detector = Callable[[str], Iterable[tuple[str, int, int]]]


def score(sentences: Iterable[Sentence], detect: Detector) -> Score:
    """Run ``detect(text) -> [(kind, start, end)]`` on every sentence and count recall and precision."""
    result = Score()
    for sentence in sentences:
        predicted = list(detect(sentence.text))
        covered = [False] * len(sentence.text)
        for _kind, start, end in predicted:
            for i in range(max(0, start), min(end, len(sentence.text))):
                covered[i] = True
        for kind, start, end in sentence.spans:
            result.annotated[kind] += 1
            if all(covered[i] for i in range(start, end) if sentence.text[i].isalnum()):
                result.found[kind] += 1
            else:
                result.misses.append((sentence.id, kind, sentence.text[start:end]))
        for kind, start, end in predicted:
            result.predicted[kind] += 1
            if any(start < g_end and end > g_start for _k, g_start, g_end in sentence.spans):
                result.correct[kind] += 1
            else:
                result.false_positives.append((sentence.id, kind, sentence.text[start:end]))
        if not sentence.spans:
            result.clean_sentences += 1
            result.clean_untouched += not predicted
    return result
