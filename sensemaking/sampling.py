"""A story set balanced across perspectives, for a duidingssessie.

Parents usually outnumber youths many times over; a plain random sample would let them fill the table
again. Here every perspective gets the same number of stories as far as it has them, and what a small
group cannot fill goes to the others. The same stories, size and seed give the same sample, so a
facilitator can say how the set was drawn and draw it again."""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping

UNANSWERED = "unanswered"


def quotas(available: Mapping[str, int], size: int) -> dict[str, int]:
    """How many stories each group gives: equal shares, leftovers to the groups that still have some.

    When the shares cannot be equal (7 stories over 3 groups), the extra ones go to the groups in
    name order, which keeps the result independent of dictionary order."""
    wanted = {group: 0 for group in available}
    remaining = min(size, sum(available.values()))
    while remaining > 0:
        open_groups = sorted(g for g in available if wanted[g] < available[g])
        share = remaining // len(open_groups)
        if share == 0:
            for group in open_groups[:remaining]:
                wanted[group] += 1
            break
        for group in open_groups:
            extra = min(share, available[group] - wanted[group])
            wanted[group] += extra
            remaining -= extra
    return wanted


def balanced_sample(
    stories: Iterable[tuple[Hashable, str | None]], size: int, seed: int | str = 0
) -> list[Hashable]:
    """Story ids, `size` at most, spread evenly over the perspectives given as (id, perspective).

    A story without a perspective counts as the group UNANSWERED. The result interleaves the groups
    (one of each in turn), so the reading order mixes perspectives too."""
    if size <= 0:
        return []
    groups: dict[str, list[Hashable]] = {}
    for story_id, perspective in stories:
        groups.setdefault(perspective or UNANSWERED, []).append(story_id)
    picked: dict[str, list[Hashable]] = {}
    for group, count in quotas({g: len(ids) for g, ids in groups.items()}, size).items():
        ids = sorted(groups[group], key=str)
        # A string seed per group: the draw in one group does not shift when another group changes.
        random.Random(f"{seed}:{group}").shuffle(ids)  # noqa: S311 - a reproducible draw, not a secret
        picked[group] = ids[:count]
    order: list[Hashable] = []
    for turn in range(max((len(ids) for ids in picked.values()), default=0)):
        for group in sorted(picked):
            if turn < len(picked[group]):
                order.append(picked[group][turn])
    return order
