"""Small counts stay hidden: an attacker who knows every shown count and every sum tries to recover them.

Three attackers, written apart from the implementation: exact linear algebra over the rationals (which
hidden counts have a single solution), interval reasoning (every count is a whole number of at least
0, or at least 1 when only non-zero counts are hidden; a total bounds its parts and the parts bound the
total), repeated until nothing changes, and one who also knows what the page says of each hidden count
(1 to N-1 as "minder dan N", N or more as "verborgen") and solves every sum at once with whole numbers
(mixed-integer programming: each hidden count's smallest and largest possible value)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from vertelpunt.coalition.suppression import Relation, protect

THRESHOLD = 5


def solvable_by_algebra(values, relations, hidden) -> set:
    names = sorted(hidden, key=repr)
    column = {k: i for i, k in enumerate(names)}
    rows = []
    for r in relations:
        coefficients = [Fraction(0)] * len(names)
        constant = Fraction(0)
        for key, sign in ((r.total, 1), *((p, -1) for p in r.parts)):
            if key in column:
                coefficients[column[key]] += sign
            else:
                constant -= sign * values[key]
        if any(coefficients):
            rows.append(coefficients + [constant])
    # Gauss-Jordan elimination.
    pivot_row = 0
    pivots = []
    for col in range(len(names)):
        found = next((i for i in range(pivot_row, len(rows)) if rows[i][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [x / lead for x in rows[pivot_row]]
        for i in range(len(rows)):
            if i != pivot_row and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[pivot_row], strict=True)]
        pivots.append((pivot_row, col))
        pivot_row += 1
    solved = set()
    for i, col in pivots:
        if sum(1 for x in rows[i][: len(names)] if x != 0) == 1:
            solved.add(names[col])
    return solved


def bounds_by_reasoning(values, relations, hidden) -> dict:
    floor = 1 if all(values[k] > 0 for k in hidden) else 0
    big = sum(values.values()) + 1
    low = {k: (floor if k in hidden else values[k]) for k in values}
    high = {k: (big if k in hidden else values[k]) for k in values}
    changed = True
    while changed:
        changed = False
        for r in relations:
            parts_low = sum(low[p] for p in r.parts)
            parts_high = sum(high[p] for p in r.parts)
            new = (max(low[r.total], parts_low), min(high[r.total], parts_high))
            if new != (low[r.total], high[r.total]):
                low[r.total], high[r.total] = new
                changed = True
            for p in r.parts:
                others_low = parts_low - low[p]
                others_high = parts_high - high[p]
                new = (max(low[p], low[r.total] - others_high), min(high[p], high[r.total] - others_low))
                if new != (low[p], high[p]):
                    low[p], high[p] = new
                    parts_low = sum(low[q] for q in r.parts)
                    parts_high = sum(high[q] for q in r.parts)
                    changed = True
    return {k: (low[k], high[k]) for k in hidden}


def integer_bounds(values, relations, hidden, threshold) -> dict:
    """Each hidden count's smallest and largest value, for an attacker who reads "minder dan N" as
    [1, N-1] and "verborgen" as [N, infinity) and solves all sums at once in whole numbers."""
    names = sorted(hidden, key=repr)
    column = {k: i for i, k in enumerate(names)}
    rows, constants = [], []
    for r in relations:
        row, constant = np.zeros(len(names)), 0.0
        for key, sign in ((r.total, 1), *((p, -1) for p in r.parts)):
            if key in column:
                row[column[key]] += sign
            else:
                constant -= sign * values[key]
        if row.any():
            rows.append(row)
            constants.append(constant)
    low = [1 if 0 < values[k] < threshold else threshold for k in names]
    high = [threshold - 1 if 0 < values[k] < threshold else np.inf for k in names]
    constraints = [LinearConstraint(np.array(rows), constants, constants)] if rows else []
    truth = np.array([values[k] for k in names])
    assert all(lo <= v <= hi for lo, v, hi in zip(low, truth, high, strict=True)), "the bounds are true"
    found = {}
    for i, key in enumerate(names):
        ends = []
        for sign in (1, -1):
            objective = np.zeros(len(names))
            objective[i] = sign
            result = milp(
                objective, constraints=constraints, integrality=np.ones(len(names)), bounds=Bounds(low, high)
            )
            # The true counts are a solution, so a programme without an optimum is unbounded.
            assert result.status in (0, 3, 4), result.message
            ends.append(result.x[i] if result.status == 0 else sign * -np.inf)
        found[key] = (round(ends[0]), ends[1] if ends[1] == np.inf else round(ends[1]))
    return found


def assert_safe_with_display(values, relations, hidden, threshold=THRESHOLD):
    """No hidden count can be pinned, by an attacker who knows what the page says of each one.

    Except where the page's words alone pin it: with every non-zero count hidden, four groups of
    "minder dan 5" that add up to a total of "minder dan 5" hold one story each. Zero shown as 0 and
    1 to N-1 as "minder dan N" are the rule (spec 4.4), so there nothing more can be hidden."""
    assert not {k for k in hidden if values[k] == 0}, "a zero is shown as 0, never hidden"
    caught = set()
    for key, (low, high) in integer_bounds(values, relations, hidden, threshold).items():
        assert low <= values[key] <= high, "the attacker's reasoning is sound"
        if low == high:
            caught.add(key)
    if caught:
        everything = {k for k, v in values.items() if v > 0}
        inherent = {
            k
            for k, (low, high) in integer_bounds(values, relations, everything, threshold).items()
            if low == high
        }
        assert caught <= inherent, f"{caught - inherent} pinned by the bounds the page gives"
    return True


def assert_safe(values, relations, hidden, threshold=THRESHOLD):
    small = {k for k, v in values.items() if 0 < v < threshold}
    assert small <= hidden, "every small count is hidden"
    # A hidden zero may come out (a zero singles out no story); a hidden story count may not.
    solved = solvable_by_algebra(values, relations, hidden)
    assert not {k for k in solved if values[k] > 0}, f"{solved} follow from the sums"
    for key, (low, high) in bounds_by_reasoning(values, relations, hidden).items():
        assert low <= values[key] <= high, "the attacker's reasoning is sound"
        assert low < high or values[key] == 0, f"{key} is pinned to {low}"
    for r in relations:
        hidden_parts = [p for p in r.parts if p in hidden]
        if r.total not in hidden and hidden_parts:
            together = sum(values[p] for p in hidden_parts)
            assert together == 0 or together >= threshold, "hidden groups together single out few stories"
    return True


def two_way_table(cells: list[list[int]]):
    """A table with row totals, column totals and a grand total, as the dashboard publishes them."""
    values, relations = {}, []
    for i, row in enumerate(cells):
        for j, n in enumerate(row):
            values[("cell", i, j)] = n
        values[("row", i)] = sum(row)
        relations.append(Relation(("row", i), tuple(("cell", i, j) for j in range(len(row)))))
    for j in range(len(cells[0])):
        values[("col", j)] = sum(row[j] for row in cells)
        relations.append(Relation(("col", j), tuple(("cell", i, j) for i in range(len(cells)))))
    values[("total",)] = sum(map(sum, cells))
    relations.append(Relation(("total",), tuple(("row", i) for i in range(len(cells)))))
    relations.append(Relation(("total",), tuple(("col", j) for j in range(len(cells[0])))))
    return values, relations


counts = st.one_of(st.integers(0, 6), st.integers(0, 40))


@settings(max_examples=400, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda cols: st.lists(st.lists(counts, min_size=cols, max_size=cols), min_size=2, max_size=5)
    )
)
def test_two_way_tables_with_margins_hide_what_they_must(cells):
    values, relations = two_way_table(cells)
    assert_safe(values, relations, protect(values, relations, THRESHOLD))


@st.composite
def link_trees(draw):
    """Links grouped into organisations, organisations into types, links also into audiences; one total."""
    n_orgs = draw(st.integers(1, 5))
    values, relations = {}, []
    orgs_of_type: dict[int, list] = {}
    links_of_audience: dict[int, list] = {}
    all_links = []
    for o in range(n_orgs):
        links = [("link", o, k) for k in range(draw(st.integers(1, 3)))]
        for link in links:
            values[link] = draw(counts)
            links_of_audience.setdefault(draw(st.integers(0, 2)), []).append(link)
        all_links += links
        values[("org", o)] = sum(values[link] for link in links)
        relations.append(Relation(("org", o), tuple(links)))
        orgs_of_type.setdefault(draw(st.integers(0, 2)), []).append(("org", o))
    values[("general",)] = draw(counts)
    values[("total",)] = sum(values[link] for link in all_links) + values[("general",)]
    for t, orgs in orgs_of_type.items():
        values[("type", t)] = sum(values[o] for o in orgs)
        relations.append(Relation(("type", t), tuple(orgs)))
    for a, links in links_of_audience.items():
        values[("audience", a)] = sum(values[link] for link in links)
        relations.append(Relation(("audience", a), tuple(links)))
    for parts in (
        [*all_links, ("general",)],
        [*(("org", o) for o in range(n_orgs)), ("general",)],
        [*(("type", t) for t in orgs_of_type), ("general",)],
        [*(("audience", a) for a in links_of_audience), ("general",)],
    ):
        relations.append(Relation(("total",), tuple(parts)))
    return values, relations


@settings(max_examples=400, deadline=None)
@given(link_trees())
def test_links_organisations_types_and_audiences_together_hide_what_they_must(tree):
    values, relations = tree
    assert_safe(values, relations, protect(values, relations, THRESHOLD))


def test_an_organisation_total_does_not_give_away_its_small_link():
    values = {("org",): 53, ("a",): 50, ("b",): 3, ("total",): 53}
    relations = [Relation(("org",), (("a",), ("b",))), Relation(("total",), (("org",),))]
    hidden = protect(values, relations, 10)
    assert ("b",) in hidden and ("a",) in hidden
    assert_safe(values, relations, hidden, 10)


def test_two_small_groups_are_not_hidden_together_when_their_sum_is_small():
    values = {("total",): 40, ("x",): 1, ("y",): 2, ("z",): 37}
    relations = [Relation(("total",), (("x",), ("y",), ("z",)))]
    hidden = protect(values, relations, 10)
    assert hidden == {("x",), ("y",), ("z",)}
    assert_safe(values, relations, hidden, 10)


def test_nothing_is_hidden_when_every_count_is_large_or_zero():
    values = {("total",): 40, ("x",): 0, ("y",): 12, ("z",): 28}
    assert protect(values, [Relation(("total",), (("x",), ("y",), ("z",)))], 10) == set()


@settings(max_examples=150, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda cols: st.lists(st.lists(counts, min_size=cols, max_size=cols), min_size=2, max_size=4)
    )
)
def test_two_way_tables_stay_safe_against_an_attacker_who_reads_the_bounds(cells):
    values, relations = two_way_table(cells)
    assert_safe_with_display(values, relations, protect(values, relations, THRESHOLD))


@settings(max_examples=150, deadline=None)
@given(link_trees())
def test_link_trees_stay_safe_against_an_attacker_who_reads_the_bounds(tree):
    values, relations = tree
    assert_safe_with_display(values, relations, protect(values, relations, THRESHOLD))


def test_a_hidden_partner_of_at_least_the_threshold_does_not_give_away_a_single_story():
    """The attack found on main: 11 stories, one in a small group. Hiding its neighbour of 10 was enough
    for a solver that did not know the neighbour shows as "verborgen" (so at least 10): 11 - 10 = 1."""
    values = {("total",): 11, ("x",): 1, ("y",): 10, ("z",): 0}
    relations = [Relation(("total",), (("x",), ("y",), ("z",)))]
    hidden = protect(values, relations, 10)
    assert ("x",) in hidden and ("z",) not in hidden
    assert_safe_with_display(values, relations, hidden, 10)
