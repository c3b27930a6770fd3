"""Key terms per group: class-based TF-IDF on lemmas (a group's lemmas weighed against all groups)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from sensemaking.dutch import lemmas

# Negations stay out of the text stop list (they change what a sentence says) but say nothing about
# what a group is about, so they are not shown as its key terms.
# Nor do the light verbs that every story uses.
_NOT_A_TOPIC = frozenset(
    {"niet", "geen", "nooit", "niets", "niemand", "nergens", "alleen", "gewoon", "weer", "meer", "gaan",
     "komen", "krijgen", "worden", "hebben", "zijn", "maken", "zeggen", "doen", "laten", "staan", "zitten",
     "moeten", "kunnen", "mogen", "willen", "zullen", "geven", "nemen", "eigen", "ander"}
)  # fmt: skip


def lemma_lists(texts: Sequence[str]) -> list[list[str]]:
    return [lemmas(t) for t in texts]


def class_tfidf(
    groups: Sequence[Sequence[int]], docs: Sequence[Sequence[str]] | Mapping[int, Sequence[str]], top: int = 6
) -> list[list[str]]:
    """The `top` lemmas that mark each group (a list of text indices) out from the others.

    Weight of lemma t in group c: tf(t, c) * log(1 + A / f(t)), with A the mean number of words per
    group and f(t) the frequency of t over all groups (BERTopic's c-TF-IDF). A lemma must occur in at
    least two texts of a group of four or more, so one odd word cannot name a group."""
    counts = [Counter(lem for i in members for lem in docs[i]) for members in groups]
    doc_freq = [Counter(lem for i in members for lem in set(docs[i])) for members in groups]
    total = Counter()
    for c in counts:
        total.update(c)
    mean_words = sum(sum(c.values()) for c in counts) / max(1, len(counts))
    out = []
    for members, c, df in zip(groups, counts, doc_freq, strict=True):
        size = sum(c.values()) or 1
        usable = [t for t in c if t not in _NOT_A_TOPIC and len(t) > 2]
        # Prefer lemmas shared by two texts; a group whose texts share none still gets its rarest words.
        shared = [t for t in usable if df[t] >= 2] if len(members) >= 4 else usable
        scored = [(c[t] / size * math.log(1 + mean_words / total[t]), t) for t in (shared or usable)]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        out.append([t for _s, t in scored[:top]])
    return out


NAME_WORDS = 6


def name_from_text(text: str, terms: Sequence[str] = (), max_words: int = NAME_WORDS) -> str:
    """A short, readable name for a group: a run of at most `max_words` words from its most typical text.

    The run holds as many of the group's key terms as it can (the first terms count most), starts and
    ends with a content word and keeps the text's own word forms, so it reads as a phrase people wrote
    ("Negen maanden op de wachtlijst") rather than a list of lemmas."""
    from sensemaking.dutch import STOP_WORDS, lemma, tokens

    words = tokens(text)
    if not words:
        return ""
    weight = {t: 1.0 / (1 + rank) for rank, t in enumerate(terms)}
    content = [w.lower() not in STOP_WORDS for w in words]
    gain = [weight.get(lemma(w), 0.0) + (0.05 if c else 0.0) for w, c in zip(words, content, strict=True)]
    shortest = min(2, sum(content))
    best: tuple[float, int, int] | None = None
    for start in range(len(words)):
        if not content[start]:
            continue
        for end in range(start, min(len(words), start + max_words)):
            if not content[end] or sum(content[start : end + 1]) < shortest:
                continue
            # Each word costs a little more than a content word that is no key term brings: a name is
            # read at a glance, so it grows only to take in the group's terms.
            score = sum(gain[start : end + 1]) - 0.06 * (end - start)
            if best is None or score > best[0] + 1e-9:
                best = (score, start, end)
    hits = [i for i, w in enumerate(words) if lemma(w) in weight]
    if best is None:
        chosen = words[:max_words]
    elif not hits:
        # No key term in the text: its opening words, from the first content word to the last within reach.
        first = content.index(True)
        last = max(i for i in range(first, min(len(words), first + max_words)) if content[i])
        chosen = words[first : last + 1]
    else:
        chosen = words[best[1] : best[2] + 1]
    name = " ".join(chosen)
    return name[:1].upper() + name[1:]
