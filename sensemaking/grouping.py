"""Grouping texts into suggested themes that people can trust.

- Deterministic: fixed seeds and a canonical numbering, so the same texts give the same groups.
- A text may belong to more than one group (with a score for each).
- Texts that fit no group go to an explicit "does not fit" set instead of being forced in.
- Human decisions are constraints: cards a person put in a group stay there, confirmed groups keep
  their members and names, and new texts are proposed into existing groups before new groups form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sensemaking import clustering
from sensemaking.keyterms import class_tfidf, lemma_lists, name_from_text
from sensemaking.vectors import VectorCache, join, model_blocks

# A second group is listed for a text when its score there is at least this share of its score in its
# own group, and it would not be a misfit there either.
SECOND_GROUP_SHARE = 0.9
# A text does not fit when its score is far below its group's usual score (z-score) and low overall.
MISFIT_Z = -2.0
MISFIT_MAX_SCORE = 0.25
# ... or when its nearest neighbours are much further away than other texts' nearest neighbours: a text
# about something else entirely (measured for sets up to NEIGHBOUR_MAX texts).
NEIGHBOURS = 3
NEIGHBOUR_Z = -1.8
NEIGHBOUR_MAX = 5000
TYPICAL = 3
KEY_TERM_SAMPLE = 150


@dataclass
class HumanGroup:
    """A group as people left it on the board."""

    key: str
    members: list[int]  # indices of texts people put here; they stay here
    name: str = ""
    confirmed: bool = False  # confirmed: members and name are kept, nothing is taken out


@dataclass(frozen=True)
class Member:
    index: int
    score: float  # cosine similarity to the group's centre in the projected space
    primary: bool = True  # False: the text's main group is another one
    placed_by_person: bool = False


@dataclass
class Group:
    key: str
    name: str
    members: list[Member]
    key_terms: list[str]
    typical: list[int]  # the most typical members, best first
    confirmed: bool = False
    from_people: bool = False

    @property
    def indices(self) -> list[int]:
        return [m.index for m in self.members]


@dataclass
class Grouping:
    groups: list[Group]
    unassigned: list[int]  # the "does not fit" set
    memberships: list[list[tuple[str, float]]] = field(default_factory=list)  # per text, best first

    def labels(self) -> list[int]:
        """Per text the position of its main group in `groups`, or -1 for "does not fit"."""
        out = [-1] * len(self.memberships)
        for pos, group in enumerate(self.groups):
            for m in group.members:
                if m.primary:
                    out[m.index] = pos
        return out

    def labels_key(self, index: int) -> str | None:
        """The key of a text's main group, None for "does not fit"."""
        return self.memberships[index][0][0] if self.memberships[index] else None

    def by_key(self, key: str) -> Group:
        return next(g for g in self.groups if g.key == key)


def group_texts(
    texts: Sequence[str],
    k: int | None = None,
    human: Sequence[HumanGroup] = (),
    models: str | Sequence[str] = "auto",
    cache: VectorCache | None = None,
    blocks: Sequence[np.ndarray] | None = None,
) -> Grouping:
    """Suggested groups for `texts`; `k` is the total number of groups (chosen when None)."""
    n = len(texts)
    if n == 0:
        return Grouping([], [], [])
    if blocks is None:
        blocks = model_blocks(texts, models, cache)
    vectors = join(blocks)
    fixed: dict[int, str] = {}
    for g in human:
        for i in g.members:
            fixed.setdefault(i, g.key)
    if k is None:
        k = clustering.choose_k(blocks) if n >= 6 else 1
    k = min(max(k, 1), n)
    found = clustering.cluster(blocks, k)
    if not fixed:
        return _describe(
            texts, vectors, {i: f"g{lab + 1}" for i, lab in enumerate(found)}, fixed, human, blocks
        )
    labels = dict(fixed)
    # New texts are proposed into the people's groups first: a text joins one when it is nearly as close
    # to it as to the group it found without constraints.
    z = clustering.normalise(vectors)
    own = np.einsum("ij,ij->i", z, _centres(z, found)[found])
    keys = [g.key for g in human if any(v == g.key for v in fixed.values())]
    centres = np.stack([_centre(z, [i for i, v in fixed.items() if v == key]) for key in keys])
    sims = z @ centres.T
    # A found group that holds at least half of a people's group's cards, and no card of another
    # group, is that group: all its texts are proposed there.
    for cluster_id in range(int(found.max()) + 1):
        rows = np.flatnonzero(found == cluster_id)
        owners = {fixed[int(i)] for i in rows if int(i) in fixed}
        if len(owners) == 1:
            key = owners.pop()
            held = sum(1 for i in rows if fixed.get(int(i)) == key)
            if 2 * held >= sum(1 for v in fixed.values() if v == key):
                for i in rows:
                    labels.setdefault(int(i), key)
    for i in range(n):
        if i not in labels and sims[i].max() >= SECOND_GROUP_SHARE * own[i]:
            labels[i] = keys[int(np.argmax(sims[i]))]
    free = [i for i in range(n) if i not in labels]
    n_new = min(max(0, k - len(keys)), len(free))
    if n_new >= 1:
        # New keys never reuse a people's group's key (a confirmed "g1" from an earlier run stays itself).
        taken = {g.key for g in human}
        fresh = (f"g{j}" for j in range(1, n + len(taken) + 2) if f"g{j}" not in taken)
        new_keys = [next(fresh) for _ in range(n_new)]
        for i, lab in zip(free, clustering.cluster([b[free] for b in blocks], n_new), strict=True):
            labels[i] = new_keys[lab]
    else:
        # No room for new groups: the rest goes to its nearest group, where the misfit check applies.
        for i in free:
            labels[i] = keys[int(np.argmax(sims[i]))]
    return _describe(texts, vectors, labels, fixed, human, blocks)


def _centre(z: np.ndarray, rows) -> np.ndarray:
    return clustering.normalise(z[rows].mean(axis=0, keepdims=True))[0]


def _centres(z: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return np.stack([_centre(z, np.flatnonzero(labels == c)) for c in range(int(labels.max()) + 1)])


def _nearness(z: np.ndarray) -> np.ndarray:
    """Per text the mean cosine to its NEIGHBOURS nearest other texts."""
    n = len(z)
    sims = z @ z.T
    np.fill_diagonal(sims, -np.inf)
    return np.sort(np.partition(sims, n - NEIGHBOURS, axis=1)[:, -NEIGHBOURS:], axis=1).mean(axis=1)


def _lonely(z: np.ndarray, blocks: Sequence[np.ndarray] = ()) -> set[int]:
    """Texts whose nearest neighbours are unusually far away, in every view on average.

    The z-score of the distance is averaged over the views: the content-word views see a text about
    something else entirely less clearly (its few lemmas sit near everything short), so on the joined
    vectors such a text was no longer told apart (z -1.8 instead of -2.6); averaged over views it stays
    below NEIGHBOUR_Z while no text of the shared or our own sets comes near it (lowest -1.2 to -1.4)."""
    n = len(z)
    if n <= 10 * NEIGHBOURS or n > NEIGHBOUR_MAX:
        return set()
    scores = []
    for block in blocks or [z]:
        near_view = _nearness(clustering.normalise(block))
        scores.append((near_view - near_view.mean()) / (float(near_view.std()) or 1.0))
    far = (np.mean(scores, axis=0) < NEIGHBOUR_Z) & (_nearness(z) < MISFIT_MAX_SCORE)
    return {int(i) for i in np.flatnonzero(far)}


def _nearer_elsewhere(own: float, best: float) -> bool:
    """Closer to another group's centre, and close enough to its own to be listed in both."""
    return best > own >= SECOND_GROUP_SHARE * best


def _misfit(score: float, mean: float, std: float, size: int) -> bool:
    """Far below the group's usual score and low in itself; small groups have no usual score yet."""
    return size > 4 and (score - mean) / std < MISFIT_Z and score < MISFIT_MAX_SCORE


def _describe(texts, vectors, labels: dict[int, str], fixed: dict[int, str], human, blocks=()) -> Grouping:
    n = len(texts)
    z = clustering.normalise(vectors)
    human_by_key = {g.key: g for g in human}
    keys = [g.key for g in human] + sorted(
        {v for v in labels.values() if v not in human_by_key}, key=lambda s: int(s[1:])
    )
    keys = [key for key in keys if any(v == key for v in labels.values())]
    centre = {}
    for key in keys:
        rows = [i for i, v in labels.items() if v == key]
        centre[key] = clustering.normalise(z[rows].mean(axis=0, keepdims=True))[0]
    scores = np.stack([z @ centre[key] for key in keys], axis=1) if keys else np.zeros((n, 0))
    # A text that would be a misfit where the clustering put it (far below its group's usual score and
    # low in itself) moves to the group whose centre it is closest to before anything is judged a misfit,
    # and so does a text that is about as close to another group (it will be listed in both) but closer
    # to that one: its main group is then the nearer. Other texts keep the consensus's group, which sees
    # neighbourhoods that centres miss (moving every text to its nearest centre lost 0.02 ARI on 701
    # sentences; moving every text below a fixed score lost as much). Cards people placed do not move.
    col = {key: pos for pos, key in enumerate(keys)}
    usual = {}
    for key in keys:
        own = scores[[i for i, v in labels.items() if v == key], col[key]]
        usual[key] = (float(own.mean()), float(own.std()) or 1.0, len(own))
    best_col = np.argmax(scores, axis=1) if keys else np.zeros(n, dtype=int)
    best = scores.max(axis=1) if keys else np.zeros(n)
    labels = {
        i: (
            keys[int(best_col[i])]
            if i not in fixed
            and (
                _misfit(float(scores[i, col[v]]), *usual[v])
                or _nearer_elsewhere(float(scores[i, col[v]]), float(best[i]))
            )
            else v
        )
        for i, v in labels.items()
    }
    keys = [key for key in keys if any(v == key for v in labels.values())]
    scores = scores[:, [list(centre).index(key) for key in keys]] if keys else scores
    lonely = _lonely(z, blocks)
    unassigned = []
    primary: dict[int, str] = {}
    for key in keys:
        rows = [i for i, v in labels.items() if v == key]
        own = scores[rows, keys.index(key)]
        mean, std = float(own.mean()), float(own.std()) or 1.0
        for i, s in zip(rows, own, strict=True):
            if i in fixed or not (_misfit(float(s), mean, std, len(rows)) or i in lonely):
                primary[i] = key
            else:
                unassigned.append(i)
    unassigned.extend(i for i in range(n) if i not in labels)
    spread = {}
    for key in keys:
        own = np.array([scores[i, keys.index(key)] for i, v in primary.items() if v == key])
        spread[key] = (float(own.mean()), float(own.std()) or 1.0, len(own)) if len(own) else (1.0, 1.0, 0)
    members: dict[str, list[Member]] = {key: [] for key in keys}
    memberships: list[list[tuple[str, float]]] = [[] for _ in range(n)]
    for i in range(n):
        if i not in primary:
            continue
        own_key = primary[i]
        own_score = float(scores[i, keys.index(own_key)])
        members[own_key].append(Member(i, own_score, True, i in fixed))
        memberships[i].append((own_key, own_score))
        for j in np.argsort(-scores[i]):
            key = keys[j]
            s = float(scores[i, j])
            if key != own_key and s >= SECOND_GROUP_SHARE * own_score and not _misfit(s, *spread[key]):
                members[key].append(Member(i, s, False, False))
                memberships[i].append((key, s))
    # Key terms from each group's most typical members: the same terms, without lemmatising 100,000 texts.
    sample = {
        key: [m.index for m in sorted(members[key], key=lambda m: -m.score) if m.primary][:KEY_TERM_SAMPLE]
        for key in keys
    }
    wanted = sorted({i for rows in sample.values() for i in rows})
    docs = dict(zip(wanted, lemma_lists([texts[i] for i in wanted]), strict=True))
    key_terms = class_tfidf([sample[key] for key in keys], docs)
    groups = []
    for key, terms in zip(keys, key_terms, strict=True):
        ms = sorted(members[key], key=lambda m: (not m.primary, -m.score, m.index))
        h = human_by_key.get(key)
        typical = [m.index for m in ms if m.primary][:TYPICAL]
        # A proposed name is a phrase from the most typical card, holding the group's key terms where it can.
        proposed = name_from_text(texts[typical[0]], terms) if typical else ""
        name = h.name if h and h.name else proposed or " · ".join(terms[:3]) or key
        groups.append(Group(key, name, ms, terms, typical, bool(h and h.confirmed), h is not None))
    return Grouping(groups, sorted(unassigned), memberships)
