"""What people do on the board: move cards, make, rename, confirm, merge and split themes. Every change
here is a person's decision, which regrouping keeps (see regroup.py)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as N_  # lazy, under a name Babel's extractor knows
from sqlalchemy import func, select, update

from vertelpunt.core.errors import InputError
from vertelpunt.core.ids import row_or_404
from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, Observation, Theme
from vertelpunt.sessions.board.personal import by_rules
from vertelpunt.text import clean_text

NAME_MAX = 160
# Where a card can go besides a theme.
NEW_THEME, ASIDE = "new", "unfit"
# Lazy: the board's forms refuse a choice that is not on the board with the same sentences.
NOT_A_THEME = N_("Choose one of the themes on this board.")
NOT_ANOTHER_THEME = N_("Choose another theme on this board to merge with.")
CHOOSE_CARDS = N_("Choose the cards that form the new theme.")


def theme_in_session(session: DuidingSession, theme_id: int) -> Theme:
    return row_or_404(Theme, theme_id, session_id=session.id)


def observation_in_session(session: DuidingSession, observation_id: int) -> Observation:
    return row_or_404(Observation, observation_id, session_id=session.id)


def _name(raw: str) -> str:
    """A typed theme name as the board shows it: the board is projected, so what looks personal is
    replaced by the rules' tags ("[naam]"), as on a card. The tags may make it longer; it must still fit."""
    name = " ".join(clean_text(raw).split())
    if not name:
        raise InputError({"name": _("Give the theme a name.")})
    if len(name) <= NAME_MAX:
        name = by_rules(name).text
    if len(name) > NAME_MAX:
        raise InputError({"name": _("Make the name shorter (at most %(n)s characters).", n=NAME_MAX)})
    return name


def _next_position(session: DuidingSession) -> int:
    last = db.session.scalar(select(func.max(Theme.position)).where(Theme.session_id == session.id))
    return (last or 0) + 1


def new_theme(session: DuidingSession, name: str) -> Theme:
    theme = Theme(
        session_id=session.id,
        name=_name(name),
        named_by_person=True,
        origin="person",
        position=_next_position(session),
    )
    db.session.add(theme)
    db.session.flush()
    return theme


def _theme_of(session: DuidingSession, theme_id: int) -> Theme | None:
    theme = db.session.get(Theme, theme_id) if isinstance(theme_id, int) else None
    return theme if theme is not None and theme.session_id == session.id else None


def move(session: DuidingSession, observation: Observation, target: int | str) -> Theme | None:
    """Put a card in a theme (target: its id), in a new theme (NEW_THEME), or on the "does not fit"
    pile (ASIDE); a person placed it."""
    if target == ASIDE:
        theme = None
    elif target == NEW_THEME:
        theme = new_theme(session, _("New theme"))
        theme.named_by_person = False
    elif (theme := _theme_of(session, target)) is None:
        raise InputError({"target": str(NOT_A_THEME)})
    observation.theme_id = theme.id if theme else None
    observation.placement = "person"
    observation.unfit = theme is None
    observation.fit_score = None
    observation.also_fits = [
        pair for pair in observation.also_fits or [] if theme is None or pair[0] != theme.id
    ]
    db.session.flush()
    return theme


def rename(theme: Theme, name: str) -> None:
    theme.name = _name(name)
    theme.named_by_person = True
    db.session.flush()


def set_confirmed(theme: Theme, confirmed: bool) -> None:
    theme.confirmed = confirmed
    db.session.flush()


def merge(session: DuidingSession, theme: Theme, into: int) -> Theme:
    """All cards of `theme` go to the other theme (`into`: its id), which keeps its name; `theme` itself
    goes away and its actions now belong to the merged theme."""
    target = _theme_of(session, into)
    if target is None or target.id == theme.id:
        raise InputError({"into": str(NOT_ANOTHER_THEME)})
    for observation in list(theme.observations):
        observation.theme_id = target.id
        observation.placement = "person"
        observation.unfit = False
    db.session.execute(update(Action).where(Action.theme_id == theme.id).values(theme_id=target.id))
    target.confirmed = target.confirmed or theme.confirmed
    db.session.flush()
    # The loaded collection still lists the moved cards; deleting with it would unset their theme.
    db.session.expire(theme, ["observations"])
    db.session.delete(theme)
    db.session.flush()
    return target


def split(session: DuidingSession, theme: Theme, observation_ids: Iterable[int], name: str) -> Theme:
    """The chosen cards of a theme form a new theme of their own."""
    wanted = set(observation_ids)
    cards = [o for o in theme.observations if o.id in wanted]
    errors = {}
    if not cards:
        errors["observations"] = str(CHOOSE_CARDS)
    elif len(cards) == len(theme.observations):
        errors["observations"] = _("Leave at least one card in the old theme.")
    try:
        clean = _name(name)
    except InputError as exc:
        errors.update(exc.errors)
    if errors:
        raise InputError(errors)
    part = new_theme(session, clean)
    for card in cards:
        card.theme_id = part.id
        card.placement = "person"
        card.unfit = False
    # The cards that stay were chosen to stay: they are a person's decision now too.
    for card in theme.observations:
        if card.id not in wanted:
            card.placement = "person"
    db.session.flush()
    db.session.expire(theme, ["observations"])
    return part
