import numpy as np
from sklearn.metrics import adjusted_rand_score

from sensemaking.grouping import HumanGroup, group_texts

OFF_TOPIC = [
    "De Eiffeltoren werd gebouwd voor de wereldtentoonstelling van 1889.",
    "Fotosynthese zet licht, water en koolstofdioxide om in suiker.",
]


def test_same_input_gives_same_grouping(small_set):
    texts, _cats, blocks = small_set
    first = group_texts(texts, k=4, blocks=blocks)
    second = group_texts(texts, k=4, blocks=[b.copy() for b in blocks])
    assert first.labels() == second.labels()
    assert [g.key_terms for g in first.groups] == [g.key_terms for g in second.groups]
    assert first.memberships == second.memberships


def test_groups_follow_the_themes_and_explain_themselves(small_set):
    texts, cats, blocks = small_set
    result = group_texts(texts, k=4, blocks=blocks)
    assert len(result.groups) == 4
    assert adjusted_rand_score(cats, result.labels()) > 0.15
    for group in result.groups:
        assert group.key_terms, group
        assert 1 <= len(group.typical) <= 3
        assert set(group.typical) <= set(group.indices)
        primary_scores = {m.index: m.score for m in group.members if m.primary}
        # The typical members are the best-scoring members of the group.
        assert group.typical == sorted(primary_scores, key=lambda i: -primary_scores[i])[: len(group.typical)]


def test_number_of_groups_is_chosen_when_not_given(small_set):
    texts, _cats, blocks = small_set
    result = group_texts(texts, blocks=blocks)
    assert 2 <= len(result.groups) <= 8


def test_every_text_is_in_a_group_or_in_does_not_fit(small_set):
    texts, _cats, blocks = small_set
    result = group_texts(texts, k=4, blocks=blocks)
    primary = [i for g in result.groups for m in g.members if m.primary for i in [m.index]]
    assert sorted(primary + result.unassigned) == list(range(len(texts)))
    assert len(primary) == len(set(primary))
    assert len(result.unassigned) <= 0.1 * len(texts)


def _blobs(extra: list[np.ndarray]) -> tuple[list[str], list[np.ndarray], np.ndarray]:
    """Three groups of 15 synthetic 64-dimensional vectors plus the given rows; texts are placeholders."""
    rng = np.random.default_rng(7)
    centres = rng.normal(0, 1, (3, 64))
    rows = [centres[g] + rng.normal(0, 0.5, 64) for g in range(3) for _ in range(15)] + extra
    texts = [f"tekst {i} over {('wonen', 'school', 'sport')[min(i // 15, 2)]}" for i in range(len(rows))]
    return texts, [np.array(rows, dtype=np.float32)], centres


def test_a_text_can_belong_to_more_than_one_group():
    _texts, _blocks, centres = _blobs([])
    texts, blocks, _centres = _blobs([(centres[0] + centres[1]) / 2])
    result = group_texts(texts, k=3, blocks=blocks)
    keys = [key for key, _score in result.memberships[45]]
    assert len(keys) == 2
    assert set(keys) == {result.labels_key(0), result.labels_key(15)}
    scores = [score for _key, score in result.memberships[45]]
    assert scores[0] >= scores[1]
    assert any(m.index == 45 and not m.primary for m in result.by_key(keys[1]).members)
    # Ordinary members stay in one group, and the three groups are found.
    assert all(len(result.memberships[i]) == 1 for i in range(45))
    assert adjusted_rand_score([i // 15 for i in range(45)], result.labels()[:45]) == 1.0


def test_an_outlier_goes_to_does_not_fit():
    far = np.random.default_rng(1).normal(0, 2, 64)
    texts, blocks, _centres = _blobs([far])
    result = group_texts(texts, k=3, blocks=blocks)
    assert result.unassigned == [45]
    assert result.labels()[45] == -1
    assert result.memberships[45] == []


def test_texts_that_fit_nowhere_are_set_apart(small_set, vector_cache):
    texts, _cats, _blocks = small_set
    from sensemaking.vectors import model_blocks

    mixed = texts + OFF_TOPIC
    result = group_texts(mixed, k=4, blocks=model_blocks(mixed, cache=vector_cache))
    off = {len(texts), len(texts) + 1}
    grouped_off = [g for g in result.groups if off & set(g.indices)]
    # Either set apart, or together in a group of their own: never hidden among the themes.
    assert off <= set(result.unassigned) or all(set(g.indices) <= off for g in grouped_off)


def test_cards_people_placed_stay_and_confirmed_groups_keep_their_name(small_set):
    texts, cats, blocks = small_set
    # A person put two online texts and, on purpose, one waiting-list text in "Schermtijd".
    online = [i for i, c in enumerate(cats) if c == "online"][:2]
    odd = [i for i, c in enumerate(cats) if c == "wachtlijst"][0]
    care = [i for i, c in enumerate(cats) if c == "lichamelijk"][:3]
    human = [
        HumanGroup("schermtijd", online + [odd], name="Schermtijd"),
        HumanGroup("lijf", care, name="Gezondheid", confirmed=True),
    ]
    result = group_texts(texts, k=4, blocks=blocks, human=human)
    screen = result.by_key("schermtijd")
    body = result.by_key("lijf")
    assert set(online + [odd]) <= {m.index for m in screen.members if m.primary}
    assert set(care) <= {m.index for m in body.members if m.primary}
    assert body.name == "Gezondheid" and body.confirmed and screen.name == "Schermtijd"
    assert all(m.placed_by_person for m in body.members if m.index in care)
    assert not any(m.placed_by_person for m in body.members if m.index not in care)
    assert odd not in result.unassigned


def test_new_texts_are_proposed_into_existing_groups_first(small_set):
    texts, cats, blocks = small_set
    online = [i for i, c in enumerate(cats) if c == "online"]
    human = [HumanGroup("schermtijd", online[:2], name="Schermtijd")]
    result = group_texts(texts, k=4, blocks=blocks, human=human)
    screen = result.by_key("schermtijd")
    # Most other online texts are proposed into the people's group rather than into a new one.
    proposed = [i for i in online[2:] if i in {m.index for m in screen.members if m.primary}]
    assert len(proposed) >= len(online[2:]) // 2
    assert result.groups[0].key == "schermtijd"
    assert len(result.groups) <= 4


def test_constraints_hold_when_grouped_again(small_set):
    texts, _cats, blocks = small_set
    first = group_texts(texts, k=4, blocks=blocks)
    chosen = first.groups[0]
    human = [HumanGroup(chosen.key, chosen.typical, name="Bevestigd thema", confirmed=True)]
    again = group_texts(texts, k=4, blocks=blocks, human=human)
    kept = again.by_key(chosen.key)
    assert kept.name == "Bevestigd thema"
    assert set(chosen.typical) <= set(kept.indices)
    # The engine's new groups get keys of their own, so none is merged into the confirmed one.
    assert len({g.key for g in again.groups}) == len(again.groups) == 4


def test_empty_and_tiny_inputs():
    assert group_texts([], k=3).groups == []
    result = group_texts(["Eén enkele tekst over school."], models="tfidf")
    assert sorted(result.unassigned + [i for g in result.groups for i in g.indices]) == [0]


def test_scores_are_cosines(small_set):
    texts, _cats, blocks = small_set
    result = group_texts(texts, k=4, blocks=blocks)
    scores = np.array([m.score for g in result.groups for m in g.members])
    assert np.all(scores <= 1.0001) and np.all(scores >= -1.0001)


def test_the_automatic_number_of_groups_fits_a_session(small_set):
    from sensemaking.clustering import k_range

    texts, _cats, blocks = small_set
    assert k_range(40) == (5, 10)
    assert k_range(12) == (2, 3) and k_range(10_000) == (5, 12)
    assert 5 <= len(group_texts(texts, blocks=blocks).groups) <= 10


def test_proposed_names_are_phrases_from_the_most_typical_card(small_set):
    from sensemaking.dutch import tokens

    texts, _cats, blocks = small_set
    result = group_texts(texts, k=4, blocks=blocks)
    for group in result.groups:
        words = group.name.split()
        assert 1 <= len(words) <= 6 and "·" not in group.name
        card = tokens(texts[group.typical[0]])
        lowered = [w.lower() for w in card]
        start = lowered.index(words[0].lower())
        assert lowered[start : start + len(words)] == [w.lower() for w in words]
        assert group.key_terms  # key terms stay available on request
