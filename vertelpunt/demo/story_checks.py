"""A check of the demo's fragment pool: every narrator, age and theme finds a fragment for each part
of a story, so adding or retagging fragments cannot leave a combination that cannot be told."""

from __future__ import annotations

import random

from vertelpunt.demo.stories import AGE_WEIGHTS, CONTEXT, ENDINGS, FEELINGS, THEMES, YOUNG_AGE, usable
from vertelpunt.demo.story_words import GROUP, context_for


def _perspective_ages(perspective: str) -> list[str]:
    if perspective in YOUNG_AGE:
        return [YOUNG_AGE[perspective]]
    return list(AGE_WEIGHTS["pro"] if GROUP[perspective] == "pro" else AGE_WEIGHTS[perspective])


def pool_gaps() -> list[str]:
    """Combinations of narrator, age and theme for which some fragment list has nothing that fits.

    Empty when the pool is complete; the tests keep it so whenever fragments are added or retagged.
    """
    gaps = []
    rng = random.Random(0)
    for perspective, group in GROUP.items():
        for age in _perspective_ages(perspective):
            for theme in THEMES:
                if age not in theme.ages:
                    continue
                ctx = context_for(rng, perspective, age, theme)
                lists = {f"{theme.key}.{kind}": theme.text[group][kind] for kind in ("open", "pos", "neg")}
                lists.update({f"{theme.key}.title.{v}": theme.titles[v] for v in ("pos", "neg")})
                lists.update({f"context.{kind}": CONTEXT[group][kind] for kind in ("self", "divorce")})
                for valence in ("pos", "neg", "mixed"):
                    lists[f"feeling.{valence}"] = FEELINGS[group][valence]
                    lists[f"ending.{valence}"] = ENDINGS[group][valence]
                for name, fragments in lists.items():
                    if not usable(fragments, ctx, perspective, age):
                        gaps.append(f"{perspective}/{age}: nothing fits {name}")
                if group == "pro":
                    # A professional's event says "het meisje"; the opening must have introduced her.
                    for opening in usable(theme.text[group]["open"], ctx, perspective, age):
                        if "{een_kind}" not in opening and "{Een_kind}" not in opening:
                            gaps.append(
                                f"{perspective}/{age}: {theme.key} opening never introduces the child"
                            )
    return gaps
