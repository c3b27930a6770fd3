"""Suggestions people can trust: top three with calibrated confidence, "weet niet" unless sure, updated at
once by every placement and name, and an order of cards to place."""

import numpy as np
import pytest

from sensemaking import calibration, trials
from sensemaking.suggest import LIKELY, UNKNOWN, Suggester, suggester_for
from sensemaking.vectors import join


def _two_per_theme(cats):
    placed = {}
    for cat in sorted(set(cats)):
        for i in [i for i, c in enumerate(cats) if c == cat][:2]:
            placed[i] = cat
    return placed


def _blobs(groups=3, size=8, spread=0.35, seed=4):
    rng = np.random.default_rng(seed)
    centres = np.eye(16)[:groups] * 2
    rows = [centres[g] + rng.normal(0, spread, 16) for g in range(groups) for _ in range(size)]
    return np.array(rows), [g for g in range(groups) for _ in range(size)]


def test_up_to_three_themes_with_calibrated_confidence(small_set):
    texts, cats, blocks = small_set
    s = Suggester(join(blocks))
    for i, cat in _two_per_theme(cats).items():
        s.place(i, cat)
    cards = s.suggestions()
    assert sorted(c.index for c in cards) == [i for i in range(len(texts)) if i not in s.placed]
    right_in_three = 0
    for card in cards:
        assert 1 <= len(card.suggestions) <= 3
        conf = [x.confidence for x in card.suggestions]
        assert conf == sorted(conf, reverse=True) and all(0 <= c <= 1 for c in conf) and sum(conf) <= 1.0001
        assert card.label == (LIKELY if conf[0] >= calibration.LIKELY_AT else UNKNOWN)
        right_in_three += cats[card.index] in {x.theme for x in card.suggestions}
    # Four themes: the right one among the first three by chance is 75%; people's cards make it more.
    assert right_in_three / len(cards) > 0.8


def test_weet_niet_between_two_themes_and_waarschijnlijk_when_clear():
    vectors, groups = _blobs()
    between = (vectors[0] + vectors[8]) / 2
    s = Suggester(np.vstack([vectors, between]))
    for i in (0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19):
        s.place(i, f"t{groups[i]}")
    by_card = {c.index: c for c in s.suggestions()}
    assert by_card[24].label == UNKNOWN and by_card[24].best in {"t0", "t1"}
    assert [by_card[i].label for i in (4, 12, 20)] == [LIKELY] * 3
    assert [by_card[i].best for i in (4, 12, 20)] == ["t0", "t1", "t2"]


def test_a_placement_updates_suggestions_at_once_and_equals_a_fresh_start(small_set):
    texts, cats, blocks = small_set
    vectors = join(blocks)
    placed = _two_per_theme(cats)
    s = Suggester(vectors)
    for i, cat in placed.items():
        s.place(i, cat)
    before = {c.index: c for c in s.suggestions()}
    # A card the engine has wrong goes to its true theme: the suggestions change without regrouping.
    wrong = next(c for c in before.values() if c.best != cats[c.index])
    s.place(wrong.index, cats[wrong.index])
    after = {c.index: c for c in s.suggestions()}
    assert wrong.index not in after
    assert any(after[i].suggestions != before[i].suggestions for i in after)
    fresh = Suggester(vectors)
    for i, cat in {**placed, wrong.index: cats[wrong.index]}.items():
        fresh.place(i, cat)
    assert [c.suggestions for c in fresh.suggestions()] == [after[i].suggestions for i in sorted(after)]
    # Taking the card back restores the earlier suggestions.
    s.unplace(wrong.index)
    assert {c.index: c.suggestions for c in s.suggestions()} == {i: c.suggestions for i, c in before.items()}


def test_a_name_counts_as_evidence():
    vectors, groups = _blobs(groups=2, size=6)
    # A card between the two themes; the name of theme t1 says what this card says.
    name_row = np.zeros(16)
    name_row[1], name_row[5] = 1.0, 3.0
    card = (vectors[0] + vectors[6]) / 2 + np.eye(16)[5] * 1.5
    s = Suggester(np.vstack([vectors, card]), embed_names=lambda names: np.array([name_row]))
    s.place(0, "t0")
    s.place(6, "t1")
    before = {c.index: c for c in s.suggestions()}[12]
    s.name("t1", "Wat deze kaart zegt")
    after = {c.index: c for c in s.suggestions()}[12]
    assert after.best == "t1"
    assert after.suggestions[0].confidence > dict((x.theme, x.confidence) for x in before.suggestions)["t1"]
    s.name("t1", "")
    assert {c.index: c for c in s.suggestions()}[12].suggestions == before.suggestions


def test_a_theme_name_moves_real_cards_towards_it(small_set, vector_cache):
    texts, cats, _blocks = small_set
    space = trials.space_for(texts, cache=vector_cache)
    placed = {i: c for i, c in _two_per_theme(cats).items()}
    waiting = [i for i, c in enumerate(cats) if c == "wachtlijst" and i not in placed]

    def waiting_confidence(named: bool) -> float:
        s = Suggester(space.vectors, space.project)
        for i, cat in placed.items():
            s.place(i, cat)
        if named:
            s.name("wachtlijst", "Lang wachten op hulp")
        cards = {c.index: c for c in s.suggestions(waiting)}
        return float(
            np.mean(
                [
                    dict((x.theme, x.confidence) for x in cards[i].suggestions).get("wachtlijst", 0)
                    for i in waiting
                ]
            )
        )

    assert waiting_confidence(True) > waiting_confidence(False) + 0.05


def test_next_cards_start_every_theme_before_asking_about_doubtful_cards():
    vectors, groups = _blobs(groups=4, size=6)
    s = Suggester(vectors)
    first = s.next_cards(4)
    assert len(set(first)) == 4
    assert sorted(groups[i] for i in first) == [0, 1, 2, 3]
    for i in first:
        s.place(i, f"t{groups[i]}")
    following = s.next_cards(3, skip=[first[0] + 1])
    assert not set(following) & (set(first) | {first[0] + 1})
    assert s.next_cards(1) != [] and s.next_cards(1)[0] not in s.placed


def test_engine_order_learns_faster_than_random_order(small_set):
    texts, cats, blocks = small_set
    vectors = join(blocks)
    engine = trials.learning_curve(vectors, cats, "engine", count=6)
    randomly = trials.learning_curve(vectors, cats, "random", count=6)
    assert np.mean(engine[4]) > np.mean(randomly[4])


def test_suggestions_work_on_the_tfidf_fallback_with_names():
    texts = [
        "Negen maanden op de wachtlijst gestaan.",
        "De wachtlijst voor therapie was lang.",
        "Ze werd online gepest in de groepsapp.",
        "Pesten in de groepsapp ging door tot laat.",
        "Na lang wachten eindelijk een intake.",
        "Iemand zette haar foto online.",
    ]
    s = suggester_for(
        texts, placed={0: "wachten", 2: "online"}, names={"online": "pesten online"}, models="tfidf"
    )
    cards = {c.index: c for c in s.suggestions()}
    assert cards[1].best == "wachten" and cards[3].best == "online"
    assert sorted(cards) == [1, 3, 4, 5]


@pytest.mark.parametrize("count", [0, 1])
def test_nothing_to_suggest_without_themes(count):
    s = Suggester(np.eye(4))
    if count:
        s.name("leeg", "Alleen een naam, geen model voor namen")
    assert all(c.suggestions == () and c.label == UNKNOWN for c in s.suggestions())
