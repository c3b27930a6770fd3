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


def test_themes_are_refined_on_the_unplaced_cards():
    # People's cards that describe their themes badly: A's lean towards B, B's towards a third subject.
    # From those cards alone B's cards look more like A; the themes' other cards pull the centres back.
    rng = np.random.default_rng(1)
    a, b, c = np.eye(8)[:3]
    rows = [0.5 * a + b, 0.5 * a + b, b + 0.6 * c, b + 0.6 * c]
    rows += [a + rng.normal(0, 0.1, 8) for _ in range(8)] + [b + rng.normal(0, 0.1, 8) for _ in range(8)]
    placed = {0: "A", 1: "A", 2: "B", 3: "B"}
    truth = {i: "A" if i < 12 else "B" for i in range(4, 20)}
    refined = {p.index: p.theme for p in place(np.array(rows), placed)}
    plain = {p.index: p.theme for p in place(np.array(rows), placed, refine=False)}
    assert sum(plain[i] == truth[i] for i in truth) < len(truth)
    assert refined == truth
