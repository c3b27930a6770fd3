"""Small counts hidden below facilitator level, and every count from which a hidden one could be worked out.

A published set of counts is a set of cells plus the sums that tie them together (a total is the sum of
its groups; an organisation is the sum of its links). Cells under the threshold are hidden first; then,
as long as a hidden cell can still be recovered, more cells are hidden:

* in every sum, zero or at least two cells are hidden, so no single one follows by subtraction;
* in every sum whose total is shown, the hidden groups together hold zero or at least the threshold,
  so the hidden groups taken together never single out fewer stories than the threshold;
* finally all sums are solved together, as an attacker would, knowing what the page says of every
  hidden cell (disclosure.py): a small one lies in [1, N-1], one hidden to stop differencing ("verborgen")
  in [N, infinity). Exact linear algebra, then reasoning with bounds, then linear programming over
  all sums at once; any hidden cell that still has a single possible value gets a partner hidden next to
  it, and the checks run again.

Zero is shown as zero and never hidden: it singles out no story, and a coalition needs to see which
groups are missing. A partner is therefore always a count of at least the threshold ("verborgen").
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from vertelpunt.coalition.disclosure import UNBOUNDED

# Solving modulo a large prime keeps the numbers small; with coefficients of +1/-1 a false "solvable"
# would need this prime to divide a determinant of the sum system, which cannot happen at these sizes.
_PRIME = (1 << 61) - 1


@dataclass(frozen=True)
class Relation:
    """total == sum(parts), known to anyone who sees the published figures."""

    total: Hashable
    parts: tuple[Hashable, ...]

    def members(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


def _order(key: Hashable) -> str:
    return repr(key)


def display_bounds(value: int, threshold: int) -> tuple[int, int]:
    """What the page says of a hidden count (see disclosure.shown): [1, N-1] or [N, infinity)."""
    return (1, threshold - 1) if 0 < value < threshold else (threshold, UNBOUNDED)


def _partner(relation: Relation, values: Mapping, hidden: set, touching: Mapping) -> Hashable | None:
    """The cell to hide next to the hidden ones of a sum: never a zero (a zero is shown as 0).

    Preferred: a group rather than the total, then the one that leaves the fewest other sums with a
    single hidden cell (hiding it may complete a pair elsewhere), then the smallest."""
    shown = [m for m in relation.members() if m not in hidden and values[m] > 0]
    if not shown:
        return None

    def cost(member):
        new_singles = completed = 0
        for other in touching.get(member, ()):
            if other is relation:
                continue
            already = sum(1 for m in other.members() if m in hidden)
            new_singles += already == 0
            completed += already == 1
        return (member == relation.total, new_singles - completed, values[member], _order(member))

    return min(shown, key=cost)


def _needs_partner(relation: Relation, values: Mapping, hidden: set, threshold: int) -> bool:
    hidden_members = [m for m in relation.members() if m in hidden]
    if not hidden_members:
        return False
    if len(hidden_members) == 1:
        return True
    if relation.total in hidden:
        return False
    together = sum(values[m] for m in hidden_members)
    return 0 < together < threshold


def _close_sums(
    values: Mapping, relations: Sequence[Relation], hidden: set, threshold: int, touching: Mapping
) -> bool:
    changed = False
    again = True
    while again:
        again = False
        for relation in relations:
            if _needs_partner(relation, values, hidden, threshold):
                partner = _partner(relation, values, hidden, touching)
                if partner is not None:
                    hidden.add(partner)
                    changed = again = True
    return changed


def recoverable(relations: Iterable[Relation], hidden: set) -> set:
    """Hidden cells whose value follows exactly from the shown cells and the sums."""
    index = {key: i for i, key in enumerate(sorted(hidden, key=_order))}
    pivots: dict[int, dict[int, int]] = {}
    for relation in relations:
        row: dict[int, int] = {}
        for key, coefficient in ((relation.total, 1), *((p, _PRIME - 1) for p in relation.parts)):
            if key in index:
                i = index[key]
                row[i] = (row.get(i, 0) + coefficient) % _PRIME
        row = {i: c for i, c in row.items() if c}
        for var in [v for v in row if v in pivots]:
            factor = row.get(var, 0)
            if factor:
                for i, c in pivots[var].items():
                    row[i] = (row.get(i, 0) - factor * c) % _PRIME
                row = {i: c for i, c in row.items() if c}
        if not row:
            continue
        pivot = min(row)
        inverse = pow(row[pivot], _PRIME - 2, _PRIME)
        row = {i: c * inverse % _PRIME for i, c in row.items()}
        for other in pivots.values():
            factor = other.get(pivot, 0)
            if factor:
                for i, c in row.items():
                    other[i] = (other.get(i, 0) - factor * c) % _PRIME
                for i in [i for i, c in other.items() if not c]:
                    del other[i]
        pivots[pivot] = row
    keys = {i: key for key, i in index.items()}
    return {keys[var] for var, row in pivots.items() if len(row) == 1}


def attacker_bounds(
    values: Mapping, relations: Sequence[Relation], hidden: set, threshold: int, passes: int = 60
) -> dict[Hashable, tuple[int, int]]:
    """What reasoning with bounds tells of every hidden cell: it starts from what the page says
    ([1, N-1] or [N, infinity)), a total bounds its parts and the parts their total. Capped in passes:
    a check that errs towards hiding more, not a proof (see lp_pinned for the full one)."""
    low = {k: values[k] for r in relations for k in r.members()}
    high = dict(low)
    for k in hidden:
        low[k], high[k] = display_bounds(values[k], threshold)
    relevant = [r for r in relations if hidden & set(r.members())]
    for _ in range(passes):
        changed = False
        for r in relevant:
            parts_low = sum(low[p] for p in r.parts)
            parts_high = sum(high[p] for p in r.parts)
            if parts_low > low[r.total] or parts_high < high[r.total]:
                low[r.total], high[r.total] = max(low[r.total], parts_low), min(high[r.total], parts_high)
                changed = True
            for p in r.parts:
                new_low = max(low[p], low[r.total] - (parts_high - high[p]))
                new_high = min(high[p], high[r.total] - (parts_low - low[p]))
                if (new_low, new_high) != (low[p], high[p]):
                    parts_low += new_low - low[p]
                    parts_high += new_high - high[p]
                    low[p], high[p] = new_low, new_high
                    changed = True
        if not changed:
            break
    return {k: (low[k], high[k]) for k in hidden}


def pinned(values: Mapping, relations: Sequence[Relation], hidden: set, threshold: int) -> set:
    """Hidden cells that reasoning with bounds pins to a single value."""
    return {
        k for k, (low, high) in attacker_bounds(values, relations, hidden, threshold).items() if low >= high
    }


def lp_pinned(values: Mapping, relations: Sequence[Relation], hidden: set, threshold: int) -> set:
    """Hidden cells with a single possible value when all sums are solved at once with the bounds the
    page gives, by linear programming.

    The sums of the dashboard form a network (links within organisations within kinds, links within
    audiences, every breakdown of the same total), whose linear programmes have whole-number corners,
    so the smallest and largest value found here are those an attacker finds with whole numbers. Each
    solution shows every cell it moves to be free, so few programmes are solved."""
    import numpy as np
    from scipy.optimize import linprog

    relevant = [r for r in relations if hidden & set(r.members())]
    names = sorted({k for r in relevant for k in r.members() if k in hidden}, key=_order)
    if not names:
        return set()
    column = {k: i for i, k in enumerate(names)}
    matrix = np.zeros((len(relevant), len(names)))
    constant = np.zeros(len(relevant))
    for row, r in enumerate(relevant):
        for key, sign in ((r.total, 1.0), *((p, -1.0) for p in r.parts)):
            if key in column:
                matrix[row, column[key]] += sign
            else:
                constant[row] -= sign * values[key]
    bounds = [display_bounds(values[k], threshold) for k in names]
    truth = np.array([values[k] for k in names], dtype=float)
    candidates = set(range(len(names)))

    def free_by(objective) -> bool:
        result = linprog(objective, A_eq=matrix, b_eq=constant, bounds=bounds, method="highs")
        if result.status != 0:
            return False
        moved = {i for i in candidates if abs(result.x[i] - truth[i]) > 0.5}
        candidates.difference_update(moved)
        return bool(moved)

    free_by(np.ones(len(names)))
    free_by(-np.ones(len(names)))
    for i in sorted(candidates):
        if i not in candidates:
            continue
        objective = np.zeros(len(names))
        objective[i] = -1.0
        if not free_by(objective):
            objective[i] = 1.0
            free_by(objective)
    return {names[i] for i in candidates}


def exposed(values: Mapping, relations: Sequence[Relation], hidden: set, threshold: int) -> set:
    """Hidden non-zero cells an attacker can pin to a single value: the cheap checks first."""
    relevant = [r for r in relations if hidden & set(r.members())]
    found = {k for k in recoverable(relevant, hidden) if values[k] > 0}
    if not found:
        found = {k for k in pinned(values, relations, hidden, threshold) if values[k] > 0}
    if not found:
        found = {k for k in lp_pinned(values, relations, hidden, threshold) if values[k] > 0}
    return found


def protect(
    values: Mapping[Hashable, int], relations: Sequence[Relation], threshold: int, start: Iterable = ()
) -> set:
    """The cells to hide so that no count under the threshold can be seen or worked out, and no hidden
    count pinned down. `start`: cells that are hidden anyway (e.g. because another page hides them)."""
    hidden = {key for key, value in values.items() if 0 < value < threshold}
    hidden |= {key for key in start if values.get(key, 0) > 0}
    touching: dict[Hashable, list[Relation]] = {}
    for relation in relations:
        for member in relation.members():
            touching.setdefault(member, []).append(relation)
    while True:
        _close_sums(values, relations, hidden, threshold, touching)
        found = exposed(values, relations, hidden, threshold)
        if not found:
            return hidden
        grew = False
        for key in sorted(found, key=_order):
            for relation in touching.get(key, ()):
                partner = _partner(relation, values, hidden, touching)
                if partner is not None:
                    hidden.add(partner)
                    grew = True
                    break
        if not grew:
            # Nothing left to hide beside them: hide every non-zero cell tied to an exposed one, and
            # then every non-zero cell, which leaves nothing to work out but the bounds themselves.
            for key in found:
                for relation in touching.get(key, ()):
                    hidden.update(m for m in relation.members() if values[m] > 0)
            if not exposed(values, relations, hidden, threshold):
                return hidden
            return {key for key, value in values.items() if value > 0}
