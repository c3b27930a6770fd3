"""The balanced sample as a pure function (no Flask, no database)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from sensemaking.sampling import UNANSWERED, balanced_sample, quotas


def stories(**groups: int) -> list[tuple[int, str | None]]:
    made, next_id = [], 1
    for group, n in groups.items():
        for _ in range(n):
            made.append((next_id, None if group == "none" else group))
            next_id += 1
    return made


def groups_of(picked, pool) -> Counter:
    by_id = dict(pool)
    return Counter(by_id[i] or UNANSWERED for i in picked)


def test_equal_shares_and_leftovers_to_the_bigger_groups():
    assert quotas({"a": 10, "b": 10, "c": 10}, 9) == {"a": 3, "b": 3, "c": 3}
    assert quotas({"a": 10, "b": 2, "c": 10}, 12) == {"a": 5, "b": 2, "c": 5}
    assert quotas({"a": 10, "b": 10, "c": 10}, 7) == {"a": 3, "b": 2, "c": 2}
    assert quotas({"a": 1, "b": 2}, 50) == {"a": 1, "b": 2}


def test_same_seed_same_sample_other_seed_other_sample():
    pool = stories(parent=30, youth=5, pro_care=12, none=3)
    assert balanced_sample(pool, 12, 7) == balanced_sample(list(reversed(pool)), 12, 7)
    assert balanced_sample(pool, 12, 7) != balanced_sample(pool, 12, 8)
    assert groups_of(balanced_sample(pool, 12, 7), pool) == Counter(
        {"parent": 3, "youth": 3, "pro_care": 3, UNANSWERED: 3}
    )


def test_the_order_mixes_perspectives():
    pool = stories(a=5, b=5)
    picked = balanced_sample(pool, 4, 1)
    assert [dict(pool)[i] for i in picked] == ["a", "b", "a", "b"]


def test_nothing_asked_or_nothing_there():
    assert balanced_sample(stories(a=3), 0, 1) == []
    assert balanced_sample([], 5, 1) == []


@given(
    sizes=st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 15), min_size=1),
    size=st.integers(1, 40),
    seed=st.integers(0, 5),
)
def test_never_more_than_asked_no_duplicates_and_as_even_as_possible(sizes, size, seed):
    pool = stories(**sizes)
    picked = balanced_sample(pool, size, seed)
    assert len(picked) == min(size, len(pool)) and len(set(picked)) == len(picked)
    counts = groups_of(picked, pool)
    # A group below the largest share has given everything it has.
    top = max(counts.values(), default=0)
    for group, n in sizes.items():
        got = counts.get(group, 0)
        assert got == n or got >= top - 1
