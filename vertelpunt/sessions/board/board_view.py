"""What the board shows: themes with their cards, new cards not yet grouped, and the "past nergens" pile."""

from __future__ import annotations

from dataclasses import dataclass, field

from vertelpunt.models import DuidingSession, Observation, Theme
from vertelpunt.sessions.board.cards import observations_of
from vertelpunt.sessions.board.feed import author_name
from vertelpunt.sessions.board.signification import story_title
from vertelpunt.sessions.board.stories import readable

TYPICAL = 3


@dataclass
class Card:
    id: int
    text: str
    author: str
    stories: list[tuple[int, str]]
    by_person: bool
    theme_id: int | None = None
    typical: bool = False
    also: list[tuple[int, str]] = field(default_factory=list)  # (theme id, name)


@dataclass
class ThemeCard:
    id: int
    name: str
    key_terms: list[str]
    confirmed: bool
    named_by_person: bool
    cards: list[Card]


@dataclass
class BoardView:
    themes: list[ThemeCard]
    new: list[Card]
    aside: list[Card]
    last_id: int
    total: int

    def choices(self) -> list[tuple[int, str]]:
        return [(t.id, t.name) for t in self.themes]


def _card(o: Observation, names: dict[int, str]) -> Card:
    also = [(int(pair[0]), names[int(pair[0])]) for pair in (o.also_fits or []) if int(pair[0]) in names]
    return Card(
        o.id,
        o.text,
        author_name(o),
        [(s.id, story_title(s)) for s in readable(o)],
        o.placement == "person",
        o.theme_id,
        also=[a for a in also if a[0] != o.theme_id],
    )


def _typical(members: list[Observation]) -> set[int]:
    scored = sorted((o for o in members if o.fit_score is not None), key=lambda o: (-o.fit_score, o.id))
    return {o.id for o in scored[:TYPICAL]} if len(members) > TYPICAL else set()


def board_view(session: DuidingSession) -> BoardView:
    observations = observations_of(session)
    theme_rows: list[Theme] = sorted(session.themes, key=lambda t: (t.position, t.id))
    names = {t.id: t.name for t in theme_rows}
    by_theme: dict[int, list[Observation]] = {t.id: [] for t in theme_rows}
    new, aside = [], []
    for o in observations:
        if o.theme_id in by_theme:
            by_theme[o.theme_id].append(o)
        elif o.unfit or o.placement == "person":
            aside.append(_card(o, names))
        else:
            new.append(_card(o, names))
    shown = []
    for t in theme_rows:
        typical = _typical(by_theme[t.id])
        cards = [_card(o, names) for o in by_theme[t.id]]
        for c in cards:
            c.typical = c.id in typical
        cards.sort(key=lambda c: (not c.typical, c.id))
        shown.append(ThemeCard(t.id, t.name, list(t.key_terms or []), t.confirmed, t.named_by_person, cards))
    return BoardView(shown, new, aside, observations[-1].id if observations else 0, len(observations))
