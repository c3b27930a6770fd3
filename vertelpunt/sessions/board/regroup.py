"""Asking the sensemaking engine to group a session's observations, and keeping what people decided.

What people decided goes to the engine as constraints (sensemaking.grouping.HumanGroup). A theme
people worked on (they moved a card into it, named it, made it, or confirmed it) keeps every card it
has now and is proposed new cards first; a name a person gave or a confirmed theme's name is never
replaced. Cards a person put outside every theme stay there. Only the engine's own, untouched themes
are grouped afresh; they are recognised by their cards, so a theme keeps its id (actions may point at
it) when the engine finds it again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, Observation, Theme
from vertelpunt.privacy import TAGS

# Fewer cards than this do not make themes worth suggesting.
MIN_TO_GROUP = 3
# The tags the rules put in a card's place of a name or number ("[naam]"): not a topic, so never a key term.
_TAGS = re.compile("|".join(re.escape(tag) for tag in sorted({*TAGS.values(), "[gegevens]"})))
_cache = None


def _vector_cache():
    """Vectors per observation text for this worker: regrouping after one new card embeds one text."""
    global _cache
    if _cache is None:
        from sensemaking.vectors import VectorCache

        _cache = VectorCache()
    return _cache


@dataclass(frozen=True)
class Outcome:
    grouped: int  # observations the engine looked at
    themes: int
    unfit: int


def _is_kept_aside(o: Observation) -> bool:
    """A person put this card outside every theme: the engine leaves it there."""
    return o.placement == "person" and o.theme_id is None


def _touched(theme: Theme) -> bool:
    """People worked on this theme: its cards as they are now are their decision."""
    return (
        theme.confirmed
        or theme.named_by_person
        or theme.origin == "person"
        or any(o.placement == "person" for o in theme.observations)
    )


def _human_groups(themes: list[Theme], index: dict[int, int]):
    from sensemaking.grouping import HumanGroup

    groups = []
    for theme in themes:
        members = [index[o.id] for o in theme.observations if o.id in index] if _touched(theme) else []
        if members:
            keep_name = theme.confirmed or theme.named_by_person
            groups.append(
                HumanGroup(f"t{theme.id}", members, theme.name if keep_name else "", theme.confirmed)
            )
    return groups


def _match_engine_themes(result, cards: list[Observation], candidates: list[Theme]) -> dict[str, Theme]:
    """Engine groups of this run -> themes of an earlier run holding most of the same cards."""
    pairs = []
    for group in result.groups:
        if group.from_people:
            continue
        now = [cards[m.index].theme_id for m in group.members if m.primary]
        for theme in candidates:
            overlap = sum(1 for t in now if t == theme.id)
            if overlap:
                pairs.append((-overlap, group.key, theme.id, theme))
    matched: dict[str, Theme] = {}
    used: set[int] = set()
    for _overlap, key, theme_id, theme in sorted(pairs, key=lambda p: p[:3]):
        if key not in matched and theme_id not in used:
            matched[key] = theme
            used.add(theme_id)
    return matched


def removable(theme: Theme) -> bool:
    """Whether the engine may drop this theme once it holds no cards: nobody named, made or confirmed
    it, and no action grew from it."""
    if theme.confirmed or theme.named_by_person or theme.origin == "person":
        return False
    return db.session.scalar(select(Action.id).where(Action.theme_id == theme.id).limit(1)) is None


def engine_text(card: Observation) -> str:
    """What the engine reads of a card: its stored text, which the rules redacted when it was written
    (board/cards.py), without the tags. Key terms and engine-made theme names come from this only."""
    return " ".join(_TAGS.sub(" ", card.text).split())


def regroup(session: DuidingSession) -> Outcome:
    from sensemaking.grouping import group_texts

    cards = [o for o in session.observations if not _is_kept_aside(o)]
    if len(cards) < MIN_TO_GROUP:
        return Outcome(len(cards), 0, 0)
    themes = list(session.themes)
    index = {o.id: i for i, o in enumerate(cards)}
    human = _human_groups(themes, index)
    models = current_app.config.get("BOARD_GROUPING_MODELS", "auto")
    result = group_texts([engine_text(o) for o in cards], human=human, models=models, cache=_vector_cache())

    by_id = {t.id: t for t in themes}
    kept_ids = {int(g.key[1:]) for g in human}
    candidates = [t for t in themes if t.id not in kept_ids and not t.confirmed]
    matched = _match_engine_themes(result, cards, candidates)
    theme_for: dict[str, Theme] = {}
    for position, group in enumerate(result.groups):
        if group.from_people:
            theme = by_id[int(group.key[1:])]
        else:
            theme = matched.get(group.key)
            if theme is None:
                theme = Theme(session_id=session.id, name=group.name[:160], origin="engine")
                db.session.add(theme)
        if not (theme.confirmed or theme.named_by_person):
            theme.name = group.name[:160]
        theme.key_terms = list(group.key_terms)
        theme.position = position
        theme_for[group.key] = theme
    db.session.flush()

    unfit = set(result.unassigned)
    fixed = {i for g in human for i in g.members}
    for i, card in enumerate(cards):
        memberships = result.memberships[i]
        person_placed = i in fixed
        if i in unfit and not person_placed:
            card.theme_id, card.unfit, card.fit_score, card.also_fits = None, True, None, []
            continue
        if memberships:
            main_key, score = memberships[0]
            if not person_placed:
                card.theme_id = theme_for[main_key].id
            card.fit_score = round(float(score), 4)
            card.also_fits = [
                [theme_for[key].id, round(float(s), 4)]
                for key, s in memberships[1:]
                if theme_for[key].id != card.theme_id
            ]
        card.unfit = False

    db.session.flush()
    used = {t.id for t in theme_for.values()}
    last = len(result.groups)
    for theme in themes:
        if theme.id in used:
            continue
        if removable(theme):
            # Its loaded collection may still list cards that moved on; they must keep their new theme.
            db.session.expire(theme, ["observations"])
            db.session.delete(theme)
        else:
            theme.position = last
            last += 1
    db.session.flush()
    db.session.expire(session, ["themes", "observations"])
    return Outcome(len(cards), len(result.groups), len(unfit))
