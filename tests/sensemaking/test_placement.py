import numpy as np

from sensemaking.evaluate import seeded_accuracy
from sensemaking.placement import place
from sensemaking.vectors import join


def test_placement_from_two_cards_per_theme(small_set):
    texts, cats, blocks = small_set
    vectors = join(blocks)
    placed = {}
    for cat in sorted(set(cats)):
        for i in [i for i, c in enumerate(cats) if c == cat][:2]:
            placed[i] = cat
    proposals = place(vectors, placed)
    assert sorted(p.index for p in proposals) == [i for i in range(len(texts)) if i not in placed]
    right = sum(p.theme == cats[p.index] for p in proposals)
    # Four themes: chance is 25%.
    assert right / len(proposals) > 0.5
    for p in proposals:
        assert 0.0 <= p.confidence <= 1.0


def test_cards_like_no_theme_do_not_fit():
    rng = np.random.default_rng(3)
    a, b = rng.normal(0, 1, 32), rng.normal(0, 1, 32)
    rows = [a + rng.normal(0, 0.3, 32) for _ in range(6)] + [b + rng.normal(0, 0.3, 32) for _ in range(6)]
    rows.append(-(a + b))  # opposite to both themes
    proposals = {p.index: p for p in place(np.array(rows), {0: "A", 1: "A", 6: "B", 7: "B"})}
    assert proposals[12].theme is None
    assert {proposals[i].theme for i in range(2, 6)} == {"A"}
    assert {proposals[i].theme for i in range(8, 12)} == {"B"}


def test_no_placed_cards_means_no_proposal():
    proposals = place(np.eye(3), {})
    assert [p.theme for p in proposals] == [None, None, None]


def test_seeded_accuracy_is_deterministic(small_set):
    _texts, cats, blocks = small_set
    first = seeded_accuracy(join(blocks), cats, 2, draws=3)
    assert first == seeded_accuracy(join(blocks), cats, 2, draws=3)
    assert 0.25 < first <= 1.0
