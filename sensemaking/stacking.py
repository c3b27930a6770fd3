"""Cards that say the same thing, stacked on one another.

Two cards are stacked when the cosine of their session vectors (all views, centred on the session) is at
least DUPLICATE_AT. The threshold is set for precision: on 70 pairs we labelled ourselves
(tests/sensemaking/data/duplicate_pairs.tsv, written apart from the grouping sets: 30 paraphrases, 40
pairs about the same subject that say something else, 10 of them the same sentence with one key word
changed) the closest pair that says something else scored 0.729 ("geen tolk" / "geen kinderopvang bij
het gesprek"); at 0.75 13 of the 30 paraphrases are stacked (recall 0.43) and no other pair (precision
13/13), and none of the 13,432 card pairs in the shared and our own grouping sets reaches 0.55.

Every two cards in a stack are that close, never a chain: A like B and B like C does not put A with C. People can take a card off a stack; pairs they separated
are never stacked again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from sensemaking.clustering import normalise

DUPLICATE_AT = 0.75


@dataclass(frozen=True)
class Stack:
    top: int  # the card shown on top: the one most like the others
    under: tuple[int, ...]  # the cards stacked under it, most alike first

    @property
    def cards(self) -> tuple[int, ...]:
        return (self.top, *self.under)


def stacks(
    vectors: np.ndarray, threshold: float = DUPLICATE_AT, apart: Iterable[tuple[int, int]] = ()
) -> list[Stack]:
    """Stacks of two or more cards that say the same thing; cards alone are not listed.

    `apart`: pairs of card indices people took off each other's stack."""
    z = normalise(np.asarray(vectors, dtype=np.float64))
    n = len(z)
    if n < 2:
        return []
    sims = z @ z.T
    np.fill_diagonal(sims, -np.inf)
    for a, b in apart:
        sims[a, b] = sims[b, a] = -np.inf
    close = sims >= threshold
    free = np.ones(n, dtype=bool)
    out = []
    while True:
        counts = (close & free[None, :] & free[:, None]).sum(axis=1)
        if counts.max() == 0:
            break
        # The card with the most duplicates among the free cards goes on top (ties: the higher mean
        # similarity, then the lower index), so the result does not depend on anything but the cards.
        mean = np.where(close & free[None, :], sims, 0.0).sum(axis=1) / np.maximum(counts, 1)
        candidates = np.flatnonzero(counts == counts.max())
        top = int(min(candidates, key=lambda i: (-mean[i], i)))
        candidates = sorted(
            (int(j) for j in np.flatnonzero(close[top] & free)), key=lambda j: (-sims[top, j], j)
        )
        under: list[int] = []
        for j in candidates:
            if all(close[j, k] for k in under):
                under.append(j)
        free[[top, *under]] = False
        out.append(Stack(top, tuple(under)))
    return sorted(out, key=lambda s: s.top)


def stacked_under(found: Sequence[Stack]) -> set[int]:
    """The cards that lie under another card (the board shows only the top one)."""
    return {i for s in found for i in s.under}
