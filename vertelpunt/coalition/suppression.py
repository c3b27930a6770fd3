"""Small counts hidden below facilitator level, and every count from which a hidden one could be worked out.

A published set of counts is a set of cells plus the sums that tie them together (a total is the sum of
its groups; an organisation is the sum of its links). Cells under the threshold are hidden first; then,
as long as a hidden cell can still be recovered, more cells are hidden:

* in every sum, zero or at least two cells are hidden, so no single one follows by subtraction;
* in every sum whose total is shown, the hidden groups together hold zero or at least the threshold,
  so the hidden groups taken together never single out fewer stories than the threshold;
* finally all sums are solved together (exact linear algebra, then reasoning with bounds: counts are
  never negative); any hidden non-zero cell that still has a single possible value gets a partner hidden
  next to it, and the checks run again.

Zero is shown as zero: it singles out no story, and a coalition needs to see which groups are missing.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

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


def _partner(relation: Relation, values: Mapping, hidden: set, touching: Mapping) -> Hashable | None:
    """The cell to hide next to the hidden ones of a sum.

    Preferred: a non-zero group rather than a zero or the total, then the one that leaves the fewest other
    sums with a single hidden cell (hiding it may complete a pair elsewhere), then the smallest."""
    shown = [m for m in relation.members() if m not in hidden]
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
        return (
            values[member] == 0,
            member == relation.total,
            new_singles - completed,
            values[member],
            _order(member),
        )

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


def pinned(values: Mapping, relations: Sequence[Relation], hidden: set, passes: int = 60) -> set:
    """Hidden non-zero cells whose value follows from reasoning with bounds: counts are whole numbers of
    at least zero (at least one when no zero is hidden), a total bounds its parts and the parts their
    total. Capped in passes: a check that errs towards hiding more, not a proof."""
    relevant = [r for r in relations if hidden & set(r.members())]
    floor = 1 if all(values[k] > 0 for k in hidden) else 0
    ceiling = max(values.values(), default=0)
    low = {k: floor if k in hidden else values[k] for r in relevant for k in r.members()}
    high = {k: ceiling if k in hidden else values[k] for k in low}
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
    return {k for k in hidden if k in low and values[k] > 0 and low[k] >= high[k]}


def protect(values: Mapping[Hashable, int], relations: Sequence[Relation], threshold: int) -> set:
    """The cells to hide so that no count under the threshold can be seen or worked out."""
    hidden = {key for key, value in values.items() if 0 < value < threshold}
    touching: dict[Hashable, list[Relation]] = {}
    for relation in relations:
        for member in relation.members():
            touching.setdefault(member, []).append(relation)
    while True:
        _close_sums(values, relations, hidden, threshold, touching)
        exposed = recoverable([r for r in relations if hidden & set(r.members())], hidden)
        exposed = {k for k in exposed if values[k] > 0} or pinned(values, relations, hidden)
        if not exposed:
            return hidden
        grew = False
        for key in sorted(exposed, key=_order):
            for relation in touching.get(key, ()):
                partner = _partner(relation, values, hidden, touching)
                if partner is not None:
                    hidden.add(partner)
                    grew = True
                    break
        if not grew:
            # Nothing left to hide beside them: hide every cell tied to an exposed one.
            for key in exposed:
                for relation in touching.get(key, ()):
                    hidden.update(relation.members())
            if not recoverable([r for r in relations if hidden & set(r.members())], hidden) and not pinned(
                values, relations, hidden
            ):
                return hidden
            return set(values)
