import math

import pytest

from sensemaking.patterns import (
    Question,
    Settings,
    benjamini_hochberg,
    pattern_statements,
    phi,
    rank_biserial,
    two_by_two,
)

PERSPECTIVE = Question(
    "perspective",
    "perspectief",
    "choice",
    {"parent": "Ouder of verzorger", "pro": "Professional", "youth": "Jongere"},
    {"parent": "Ouders", "pro": "Professionals", "youth": "Jongeren"},
)
PROMPT = Question(
    "prompt", "onderwerp", "choice", {"helped": "Geholpen", "safe": "Veilig", "school": "School"}
)
FEELING = Question("feeling", "gevoel", "choice", {"angry": "Boos", "happy": "Blij"})
TONE = Question("tone", "toon", "number")


def _stories(parents_helped=18, parents=40, pros_helped=8, pros=40):
    stories = []
    for i in range(parents):
        stories.append(
            {"id": i, "perspective": "parent", "prompt": "helped" if i < parents_helped else "safe"}
        )
    for j in range(pros):
        stories.append(
            {"id": 1000 + j, "perspective": "pro", "prompt": "helped" if j < pros_helped else "safe"}
        )
    return stories


def test_chi_square_against_hand_computed_values():
    test, statistic, p = two_by_two(18, 22, 8, 32)
    # n(ad - bc)^2 / (row and column totals), one degree of freedom: p = erfc(sqrt(chi2 / 2)).
    expected = 80 * (18 * 32 - 22 * 8) ** 2 / (40 * 40 * 26 * 54)
    assert test == "chi2"
    assert statistic == pytest.approx(expected)
    assert p == pytest.approx(math.erfc(math.sqrt(expected / 2)))
    assert phi(18, 22, 8, 32) == pytest.approx((18 * 32 - 22 * 8) / math.sqrt(40 * 40 * 26 * 54))


def test_fisher_for_small_expected_counts_against_hand_computed_value():
    test, _odds, p = two_by_two(6, 4, 1, 9)

    # Two-sided Fisher: sum of hypergeometric probabilities no larger than the observed table's.
    def prob(a):
        return math.comb(10, a) * math.comb(10, 7 - a) / math.comb(20, 7)

    observed = prob(6)
    expected = sum(prob(a) for a in range(0, 8) if prob(a) <= observed * (1 + 1e-7))
    assert test == "fisher"
    assert p == pytest.approx(expected)


def test_benjamini_hochberg_against_hand_computed_values():
    adjusted = benjamini_hochberg([0.01, 0.04, 0.03, 0.5])
    assert adjusted == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.5])
    assert benjamini_hochberg([]) == []


def test_rank_biserial_and_mann_whitney_statement():
    low = list(range(1, 11))
    high = list(range(5, 15))
    u = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in low for b in high)
    assert rank_biserial(u, 10, 10) == pytest.approx(2 * u / 100 - 1)
    stories = [{"id": i, "perspective": "parent", "tone": 40.0 + v} for i, v in enumerate(high)]
    stories += [{"id": 100 + i, "perspective": "pro", "tone": 40.0 + v} for i, v in enumerate(low)]
    found = pattern_statements(stories, [(PERSPECTIVE, TONE)])
    assert len(found) == 1
    s = found[0]
    assert s.test == "mann-whitney"
    assert s.text.startswith(
        "Ouders gaven bij 'toon' hogere waarden dan professionals (mediaan 49,5 tegen 45,5"
    )
    assert sorted(s.story_ids) == sorted(st["id"] for st in stories)


def test_statement_reads_neutral_with_numbers_and_story_ids():
    found = pattern_statements(_stories(), [(PERSPECTIVE, PROMPT)])
    helped = [s for s in found if s.option == "helped"]
    assert len(helped) == 1
    s = helped[0]
    assert s.text == (
        "Ouders kozen bij 'onderwerp' vaker 'Geholpen' dan professionals (45% tegen 20%, n=40 en 40; p=0,017)."
    )
    assert s.test == "chi2"
    assert s.value_a == pytest.approx(0.45) and s.value_b == pytest.approx(0.20)
    assert s.effect == pytest.approx(0.25)
    assert s.strength == pytest.approx((18 * 32 - 22 * 8) / math.sqrt(40 * 40 * 26 * 54))
    assert sorted(s.story_ids) == list(range(18)) + [1000 + j for j in range(8)]
    # Two tests were made (helped, and safe with the mirrored table): with two equal p-values the
    # Benjamini-Hochberg correction leaves them as they are.
    assert len(found) == 2
    assert s.p_adjusted == pytest.approx(s.p_value) == pytest.approx(found[1].p_value)


def test_small_groups_are_refused():
    # The same shares in groups of 8: too few stories to say anything.
    found = pattern_statements(_stories(4, 8, 1, 8), [(PERSPECTIVE, PROMPT)])
    assert found == []
    settings = Settings(min_group=5)
    assert pattern_statements(_stories(6, 8, 0, 8), [(PERSPECTIVE, PROMPT)], settings)


def test_small_cells_are_refused():
    # 3 of 40 against 0 of 40: large enough groups, but too few stories behind the share.
    found = pattern_statements(_stories(3, 40, 0, 40), [(PERSPECTIVE, PROMPT)])
    assert [s for s in found if s.option == "helped"] == []


def test_no_statement_without_a_real_difference():
    found = pattern_statements(_stories(10, 40, 10, 40), [(PERSPECTIVE, PROMPT)])
    assert found == []


def test_multi_choice_answers_and_unanswered_stories():
    stories = []
    for i in range(30):
        stories.append(
            {"id": i, "perspective": "youth", "feeling": ["angry", "happy"] if i < 20 else ["happy"]}
        )
    for i in range(30):
        stories.append({"id": 100 + i, "perspective": "parent", "feeling": ["happy"] if i < 25 else None})
    stories.append({"id": 999, "perspective": None, "feeling": ["angry"]})
    found = pattern_statements(stories, [(PERSPECTIVE, FEELING)])
    angry = [s for s in found if s.option == "angry"]
    assert len(angry) == 1
    s = angry[0]
    # Parents who did not answer are left out of the share: 0 of 25.
    assert s.text.startswith("Jongeren kozen bij 'gevoel' vaker 'Boos' dan ouders (67% tegen 0%, n=30 en 25")
    assert 999 not in s.story_ids


def test_generic_sentence_without_plural_names():
    by = Question("age_group", "leeftijd", "choice", {"a": "4 tot 12 jaar", "b": "12 tot 18 jaar"})
    stories = [{"id": i, "age_group": "a", "prompt": "school" if i < 15 else "safe"} for i in range(30)]
    stories += [{"id": 100 + i, "age_group": "b", "prompt": "safe"} for i in range(30)]
    found = pattern_statements(stories, [(by, PROMPT)])
    school = [s for s in found if s.option == "school"][0]
    assert school.text.startswith(
        "Bij 'leeftijd' = '4 tot 12 jaar' werd bij 'onderwerp' vaker 'School' gekozen dan bij '12 tot 18 jaar'"
    )
