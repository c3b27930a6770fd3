"""Simulated sessions on a labelled file: the figures of `evaluate` and the data of `calibration`.

A simulated room places cards in their true theme (the file's category), and where names are used it
names each theme as it starts it (`theme_name`). The categories only score the engine and play the
room; the engine sees the cards, the placements and the names, as on the board.

Plain nearest-centroid placement, the baseline, is the same Suggester on the two models' vectors of the
text as written (no content-word view), without names, in random order, with the 40% clearest cards
(largest lead of the first theme over the second) taken as its confident ones."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from sensemaking.suggest import Suggester, features
from sensemaking.vectors import Space, session_space

DRAWS = 20
CHECKPOINTS = (1, 2, 4, 6)
CLEAREST = 0.4
# Names a person might give the sib200 topics (the file's labels are English).
SIB_NAMES = {
    "science/technology": "wetenschap en techniek",
    "travel": "reizen",
    "politics": "politiek",
    "sports": "sport",
    "health": "gezondheid",
    "entertainment": "amusement",
    "geography": "aardrijkskunde",
}


def theme_name(category: str) -> str:
    return SIB_NAMES.get(category, category.replace("_", " "))


def space_for(texts: Sequence[str], models="auto", cache=None, content="auto") -> Space:
    return session_space(texts, models, cache, content)


def draws(categories: Sequence[str], per: int, count: int = DRAWS, seed: int = 0) -> list[dict[int, str]]:
    """`count` random choices of `per` cards per category (the same for the same seed)."""
    rng = np.random.default_rng(seed)
    y = np.array(categories)
    out = []
    for _ in range(count):
        placed: dict[int, str] = {}
        for cat in sorted(set(categories)):
            pool = np.flatnonzero(y == cat)
            for i in rng.choice(pool, min(per, len(pool)), replace=False):
                placed[int(i)] = cat
        out.append(placed)
    return out


def suggester(space: Space | np.ndarray, placed: dict[int, Hashable], named: bool = False) -> Suggester:
    if isinstance(space, Space):
        s = Suggester(space.vectors, space.project if named else None)
    else:
        s = Suggester(space)
    for i, theme in placed.items():
        s.place(i, theme)
        if named and theme not in s.names:
            s.name(theme, theme_name(str(theme)))
    return s


def _first(s: Suggester, categories: Sequence[str]):
    themes, sims = s.scores()
    unplaced = np.array([i for i in range(s.n) if i not in s.placed])
    best = np.array(themes, dtype=object)[np.argmax(sims[unplaced], axis=1)]
    right = best == np.array(categories, dtype=object)[unplaced]
    return themes, sims, unplaced, right


def first_suggestion_rows(space, categories, placed, named: bool) -> tuple[np.ndarray, np.ndarray]:
    """Calibration features and right/wrong of the first suggestion for every unplaced card."""
    s = suggester(space, placed, named)
    themes, sims, unplaced, right = _first(s, categories)
    feats, _soft, _order = features(sims, themes, s.separability(themes), s.named)
    return feats[unplaced], right


def placement(space, categories, per: int, count: int = DRAWS, named: bool = False) -> dict[str, list[float]]:
    """Per draw: right theme first, among the first three, and what the engine marks "waarschijnlijk"
    (its precision and coverage) and the precision of the 40% clearest cards."""
    y = np.array(categories, dtype=object)
    out: dict[str, list[float]] = {
        k: [] for k in ("top1", "top3", "likely_precision", "likely_coverage", "clearest")
    }
    for placed in draws(categories, per, count):
        s = suggester(space, placed, named)
        cards = s.suggestions()
        truth = y[[c.index for c in cards]]
        first = np.array([c.best == t for c, t in zip(cards, truth, strict=True)])
        three = np.array([t in {x.theme for x in c.suggestions} for c, t in zip(cards, truth, strict=True)])
        likely = np.array([c.likely for c in cards])
        themes, sims, _unplaced, _right = _first(s, categories)
        margin = _margin_of(sims[[c.index for c in cards]])
        clearest = np.argsort(-margin, kind="stable")[: int(round(CLEAREST * len(cards)))]
        out["top1"].append(float(first.mean()))
        out["top3"].append(float(three.mean()))
        out["likely_coverage"].append(float(likely.mean()))
        out["likely_precision"].append(float(first[likely].mean()) if likely.any() else float("nan"))
        out["clearest"].append(float(first[clearest].mean()))
    return out


def _margin_of(sims: np.ndarray) -> np.ndarray:
    if sims.shape[1] < 2:
        return sims[:, 0]
    top2 = np.sort(sims, axis=1)[:, -2:]
    return top2[:, 1] - top2[:, 0]


def learning_curve(
    space, categories, order: str = "engine", count: int = DRAWS, named: bool = False
) -> dict[int, list[float]]:
    """Right theme first on all unplaced cards after 1, 2, 4 and 6 times k placements (k themes).

    The room starts with a random card (so draws differ), then places the engine's next card (`engine`)
    or a random one (`random`) in its true theme."""
    y = list(categories)
    k = len(set(y))
    out: dict[int, list[float]] = {c: [] for c in CHECKPOINTS}
    last = max(CHECKPOINTS) * k
    for draw in range(count):
        rng = np.random.default_rng(draw)
        s = suggester(space, {}, named)
        first = int(rng.integers(len(y)))
        steps = [first]
        while len(s.placed) < min(last, len(y) - 1):
            i = steps.pop() if steps else None
            if i is None:
                free = [j for j in range(len(y)) if j not in s.placed]
                i = s.next_cards(1)[0] if order == "engine" else int(rng.choice(free))
            s.place(i, y[i])
            if named and y[i] not in s.names:
                s.name(y[i], theme_name(y[i]))
            if len(s.placed) % k == 0 and len(s.placed) // k in out:
                out[len(s.placed) // k].append(float(_first(s, y)[3].mean()))
    return out


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    v = np.array([x for x in values if not np.isnan(x)], dtype=float)
    if not len(v):
        return float("nan"), float("nan")
    return round(float(v.mean()), 4), round(float(v.std()), 4)
