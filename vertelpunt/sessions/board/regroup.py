"""Asking the sensemaking engine to group a session's observations, and keeping what people decided.

What people decided goes to the engine as constraints (sensemaking.grouping.HumanGroup). A theme
people worked on (they moved a card into it, named it, made it, or confirmed it) keeps every card it
has now and is proposed new cards first; a name a person gave or a confirmed theme's name is never
replaced. Cards a person put outside every theme stay there. Only the engine's own, untouched themes
are grouped afresh; they are recognised by their cards, so a theme keeps its id (actions may point at
it) when the engine finds it again."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from vertelpunt import jobs
from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, Observation, Theme
from vertelpunt.privacy import TAGS

# Fewer cards than this do not make themes worth suggesting.
MIN_TO_GROUP = 3
# What the room can ask for: "meer thema's" / "minder thema's" move one from the themes on the board.
THEMES_MIN, THEMES_MAX = 2, 20
# A grouping the worker has not finished after this long is reported as failed on the board, so the
# room can ask again (the worker was down, or the job kept failing and went to the dead-letter list).
GROUPING_PATIENCE = dt.timedelta(minutes=2)
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


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def wanted_count(session: DuidingSession, change: str, number: int | None) -> int | None:
    """The number of themes the room asks for: "more"/"fewer" than the board shows now, a number, or
    "auto" (the engine chooses, None). A plain "group" keeps what the room asked for before."""
    shown = sum(1 for t in session.themes if t.observations) or MIN_TO_GROUP
    wanted = {
        "more": shown + 1,
        "fewer": shown - 1,
        "number": number,
        "auto": None,
    }.get(change, session.theme_count)
    return None if wanted is None else min(max(wanted, THEMES_MIN), THEMES_MAX)


def ask(session: DuidingSession, change: str = "group", number: int | None = None) -> bool:
    """The room asks for a grouping: the worker does it (its models are loaded and the session's cards
    embedded as they arrived), the board shows it is busy until then. False: too few cards."""
    session.theme_count = wanted_count(session, change, number)
    if sum(1 for o in session.observations if not _is_kept_aside(o)) < MIN_TO_GROUP:
        return False
    session.grouping_since = now()
    jobs.enqueue_after_commit("group_session", session.id)
    return True


def grouping_state(session: DuidingSession) -> str:
    """ "busy", "failed" (asked too long ago: ask again) or "" for the board and its poll."""
    if session.grouping_since is None:
        return ""
    return "failed" if now() - session.grouping_since > GROUPING_PATIENCE else "busy"


def run_asked(session: DuidingSession) -> Outcome | None:
    """The worker's job: the grouping the room asked for, unless it was done already (a job run twice
    by the sweep, or a closed session: nothing changes then)."""
    if session.grouping_since is None:
        return None
    session.grouping_since = None
    if session.status == "closed":
        return None
    return regroup(session)


def _engine_input(session: DuidingSession) -> tuple[list[Observation], list[str], str]:
    cards = [o for o in session.observations if not _is_kept_aside(o)]
    return cards, [engine_text(o) for o in cards], current_app.config.get("BOARD_GROUPING_MODELS", "auto")


def embed_cards(session: DuidingSession) -> int:
    """Fill this worker's vector cache with the session's cards as they arrive (the fast path: when the
    room asks, only the grouping itself is left). Returns the number of cards."""
    from sensemaking.vectors import model_blocks

    _cards, texts, models = _engine_input(session)
    if len(texts) >= MIN_TO_GROUP:
        model_blocks(texts, models, _vector_cache())  # the same views group_texts will ask for
    return len(texts)


def warm() -> None:
    """Load the embedding models once in this process (the worker, at its start)."""
    from sensemaking.vectors import choose_models, load_embedder

    for name in choose_models(1, current_app.config.get("BOARD_GROUPING_MODELS", "auto")):
        load_embedder(name).embed(["De jongere werd gehoord."])


def regroup(session: DuidingSession) -> Outcome:
    from sensemaking.grouping import group_texts

    cards, texts, models = _engine_input(session)
    if len(cards) < MIN_TO_GROUP:
        return Outcome(len(cards), 0, 0)
    themes = list(session.themes)
    index = {o.id: i for i, o in enumerate(cards)}
    human = _human_groups(themes, index)
    k = session.theme_count
    result = group_texts(texts, k=k, human=human, models=models, cache=_vector_cache())

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
