"""Suggestions people can trust while they place cards: up to three themes per card, each with a
calibrated confidence, "waarschijnlijk" only where that confidence is high enough, and the order in which
to place cards so that the suggestions get good soon.

The vectors cannot place most cards by themselves (on the shared observations a classifier trained on
all labels is right about half the time), so the engine never decides: it ranks themes, says how sure it
is, and learns from every card people place and every name they give a theme.

- A theme is the normalised sum of the vectors of the cards people put in it, plus its name (embedded
  like a card, weight NAME_WEIGHT). A placement or a name changes one sum: no regrouping.
- Confidence: a logistic model (sensemaking.calibration) on the softmax share of the best theme, its
  lead over the second, how well the placed cards predict each other (how separable this session's
  themes are) and whether the theme has a name. The 2nd and 3rd suggestions share the rest in proportion
  to their softmax shares, never more than the suggestion before them.
- Order (`next_cards`): while some card is far from every placed card (a theme nobody started yet), the
  most typical such card; after that the card the engine is least sure about (people then place the hard
  cards and the engine suggests the clear ones). Measured on the shared sets against random order and
  against "the most typical card of the least-known theme", which was worse than random.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sensemaking import calibration
from sensemaking.clustering import normalise

LIKELY = "waarschijnlijk"
UNKNOWN = "weet niet"
TOP = 3
# A theme's name weighs as much as this many cards: measured on the shared observations and sib200 dev
# (0.5, 1, 2, 4): right theme first from 2 cards per theme 0.33 -> 0.46 (1) -> 0.51 (2) -> 0.51 (4).
NAME_WEIGHT = 2.0
TEMPERATURE = 0.05
# Ordering: a card counts as "far from everything placed" when its usual neighbours are this much closer
# than the nearest placed card (cosines); chosen on the shared sets from 0.0-0.3.
NOVELTY = 0.1
DENSITY_NEIGHBOURS = 5


@dataclass(frozen=True)
class Suggestion:
    theme: Hashable
    confidence: float  # calibrated: the expected share of such suggestions that are right


@dataclass(frozen=True)
class CardSuggestions:
    index: int
    suggestions: tuple[Suggestion, ...]  # best first, at most TOP
    likely: bool  # the first suggestion's calibrated confidence reaches calibration.LIKELY_AT

    @property
    def label(self) -> str:
        """What the board says: "waarschijnlijk <theme>" or "weet niet"."""
        return LIKELY if self.likely else UNKNOWN

    @property
    def best(self) -> Hashable | None:
        return self.suggestions[0].theme if self.suggestions else None


class Suggester:
    """The suggestions for one session's cards, kept up to date as people place cards and name themes.

    `vectors`: one row per card (the session's space, e.g. `vectors.session_space(texts).vectors`);
    `embed_names`: turns theme names into rows of the same space (`Space.project`); without it names
    are kept but do not count as evidence."""

    def __init__(
        self,
        vectors: np.ndarray,
        embed_names: Callable[[Sequence[str]], np.ndarray] | None = None,
    ) -> None:
        self.z = normalise(np.asarray(vectors, dtype=np.float64))
        self.n = len(self.z)
        self._embed_names = embed_names
        self.placed: dict[int, Hashable] = {}
        self._sums: dict[Hashable, np.ndarray] = {}
        self._counts: dict[Hashable, int] = {}
        self._names: dict[Hashable, str] = {}
        self._name_rows: dict[Hashable, np.ndarray] = {}
        self._density: np.ndarray | None = None

    # -- what people do ---------------------------------------------------------------------------
    def place(self, index: int, theme: Hashable) -> None:
        """People put card `index` in `theme` (a new theme starts with it)."""
        if self.placed.get(index) == theme:
            return
        self.unplace(index)
        self.placed[index] = theme
        self._sums[theme] = self._sums.get(theme, np.zeros(self.z.shape[1])) + self.z[index]
        self._counts[theme] = self._counts.get(theme, 0) + 1

    def unplace(self, index: int) -> None:
        theme = self.placed.pop(index, None)
        if theme is None:
            return
        self._counts[theme] -= 1
        self._sums[theme] = self._sums[theme] - self.z[index]
        if self._counts[theme] == 0 and theme not in self._names:
            del self._counts[theme], self._sums[theme]

    def name(self, theme: Hashable, name: str) -> None:
        """People named a theme (an empty name removes it); the name counts as evidence for the theme."""
        name = " ".join((name or "").split())
        self._names.pop(theme, None)
        self._name_rows.pop(theme, None)
        if name:
            self._names[theme] = name
            self._sums.setdefault(theme, np.zeros(self.z.shape[1]))
            self._counts.setdefault(theme, 0)
            if self._embed_names is not None:
                self._name_rows[theme] = normalise(np.asarray(self._embed_names([name]), dtype=np.float64))[0]
        elif self._counts.get(theme) == 0:
            del self._counts[theme], self._sums[theme]

    # -- what the engine says ---------------------------------------------------------------------
    @property
    def names(self) -> dict[Hashable, str]:
        """The names people gave, by theme."""
        return dict(self._names)

    @property
    def named(self) -> set[Hashable]:
        """Themes whose name counts as evidence (it could be embedded)."""
        return set(self._name_rows)

    @property
    def themes(self) -> list[Hashable]:
        """Themes with a card or a name that counts, in a fixed order."""
        return sorted((t for t in self._sums if self._counts.get(t, 0) > 0 or t in self._name_rows), key=str)

    def _centres(self, themes: Sequence[Hashable], leave_out: int | None = None) -> np.ndarray:
        rows = []
        for t in themes:
            v = self._sums[t].copy()
            if leave_out is not None and self.placed.get(leave_out) == t:
                v -= self.z[leave_out]
            if t in self._name_rows:
                v += NAME_WEIGHT * self._name_rows[t]
            rows.append(v)
        return normalise(np.array(rows))

    def scores(self) -> tuple[list[Hashable], np.ndarray]:
        """Themes and every card's cosine to each theme's centre."""
        themes = self.themes
        if not themes:
            return [], np.zeros((self.n, 0))
        return themes, self.z @ self._centres(themes).T

    def separability(self, themes: Sequence[Hashable] | None = None) -> float:
        """Share of placed cards that the other placed cards and names put back in their own theme.

        How far this session's themes can be told apart; 0.5 while no card can be checked this way."""
        themes = self.themes if themes is None else themes
        right = []
        for i, t in self.placed.items():
            if self._counts[t] < 2 and t not in self._name_rows:
                continue
            sims = self._centres(themes, leave_out=i) @ self.z[i]
            right.append(themes[int(np.argmax(sims))] == t)
        return float(np.mean(right)) if right else 0.5

    def suggestions(self, indices: Iterable[int] | None = None, top: int = TOP) -> list[CardSuggestions]:
        """For each card people did not place (or the given ones), up to `top` themes, best first."""
        themes, sims = self.scores()
        wanted = [i for i in (range(self.n) if indices is None else indices) if i not in self.placed]
        if not themes:
            return [CardSuggestions(i, (), False) for i in wanted]
        feats, soft, order = features(sims, themes, self.separability(themes), self.named)
        confident = calibration.confidence(feats)
        out = []
        for i in wanted:
            first = float(confident[i])
            ranked = order[i][:top]
            rest = 1.0 - float(soft[i, ranked[0]])
            shares = [first]
            for j in ranked[1:]:
                # The rest in proportion to the softmax, never above the suggestion before it: with two
                # themes almost level the first can be calibrated below half.
                share = (1.0 - first) * float(soft[i, j]) / rest if rest > 1e-12 else 0.0
                shares.append(min(share, shares[-1]))
            items = tuple(Suggestion(themes[j], round(s, 4)) for j, s in zip(ranked, shares, strict=True))
            likely = len(themes) >= 2 and first >= calibration.LIKELY_AT
            out.append(CardSuggestions(i, items, likely))
        return out

    # -- what to place next -----------------------------------------------------------------------
    def density(self) -> np.ndarray:
        """Per card the mean cosine to its nearest other cards: how typical it is of some group."""
        if self._density is None:
            sims = self.z @ self.z.T
            np.fill_diagonal(sims, -np.inf)
            m = min(DENSITY_NEIGHBOURS, max(1, self.n - 1))
            self._density = np.sort(sims, axis=1)[:, -m:].mean(axis=1) if self.n > 1 else np.zeros(self.n)
        return self._density

    def next_cards(self, count: int = 1, skip: Iterable[int] = ()) -> list[int]:
        """The cards people should place next, best first (never a placed card or one in `skip`).

        A batch is chosen as if the earlier cards of it were placed already: they no longer count as far
        from everything placed."""
        skip = set(skip)
        free = [i for i in range(self.n) if i not in self.placed and i not in skip]
        if not free:
            return []
        density = self.density()
        themes, sims = self.scores()
        margin = _margins(sims) if themes else np.zeros(self.n)
        known = list(self.placed)
        chosen: list[int] = []
        while free and len(chosen) < count:
            rows = np.array(free)
            if known:
                nearest = (self.z[rows] @ self.z[known].T).max(axis=1)
                novelty = density[rows] - nearest
            else:
                novelty = density[rows] + 1.0  # nothing placed: the most typical card starts
            if novelty.max() > NOVELTY or not themes:
                pick = int(rows[int(np.argmax(novelty))])
            else:
                pick = int(rows[int(np.argmin(margin[rows]))])
            chosen.append(pick)
            known.append(pick)
            free.remove(pick)
        return chosen


def _margins(sims: np.ndarray) -> np.ndarray:
    if sims.shape[1] < 2:
        return sims[:, 0] if sims.shape[1] else np.zeros(len(sims))
    top2 = np.sort(sims, axis=1)[:, -2:]
    return top2[:, 1] - top2[:, 0]


def features(
    sims: np.ndarray, themes: Sequence[Hashable], separability: float, named: set
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The calibration features per card, the softmax over themes and the themes' order per card."""
    logits = (sims - sims.max(axis=1, keepdims=True)) / TEMPERATURE
    soft = np.exp(logits)
    soft /= soft.sum(axis=1, keepdims=True)
    order = np.argsort(-sims, axis=1, kind="stable")
    margin = _margins(sims)
    top_named = np.array([themes[j] in named for j in order[:, 0]], dtype=float)
    feats = calibration.feature_rows(soft.max(axis=1), margin, separability, top_named)
    return feats, soft, order


def suggester_for(
    texts: Sequence[str],
    placed: Mapping[int, Hashable] = {},  # noqa: B006 - read only
    names: Mapping[Hashable, str] = {},  # noqa: B006 - read only
    models="auto",
    cache=None,
) -> Suggester:
    """A Suggester for a session's card texts, with people's placements and theme names so far."""
    from sensemaking.vectors import session_space

    space = session_space(texts, models, cache)
    suggester = Suggester(space.vectors, space.project)
    for index, theme in placed.items():
        suggester.place(index, theme)
    for theme, name in names.items():
        suggester.name(theme, name)
    return suggester
