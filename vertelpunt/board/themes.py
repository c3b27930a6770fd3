"""What people do on the board: move cards, make, rename, confirm, merge and split themes. Every change
here is a person's decision, which regrouping keeps (see regroup.py)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from vertelpunt.board.services import by_rules
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, Observation, Theme
from vertelpunt.text import clean_text
from vertelpunt.web import row_id, row_or_404

NAME_MAX = 160
# Where a card can go besides a theme.
NEW_THEME, ASIDE = "new", "unfit"


def theme_in_session(duiding: DuidingSession, theme_id: int) -> Theme:
    return row_or_404(Theme, theme_id, session_id=duiding.id)


def observation_in_session(duiding: DuidingSession, observation_id: int) -> Observation:
    return row_or_404(Observation, observation_id, session_id=duiding.id)


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


def _next_position(duiding: DuidingSession) -> int:
    last = db.session.scalar(select(func.max(Theme.position)).where(Theme.session_id == duiding.id))
    return (last or 0) + 1


def new_theme(duiding: DuidingSession, name: str) -> Theme:
    theme = Theme(
        session_id=duiding.id,
        name=_name(name),
        named_by_person=True,
        origin="person",
        position=_next_position(duiding),
    )
    db.session.add(theme)
    db.session.flush()
    return theme


def move(duiding: DuidingSession, observation: Observation, target: str) -> Theme | None:
    """Put a card in a theme, in a new theme, or on the "does not fit" pile; a person placed it."""
    target = (target or "").strip()
    if target == ASIDE:
        theme = None
    elif target == NEW_THEME:
        theme = new_theme(duiding, _("New theme"))
        theme.named_by_person = False
    elif row_id(target):
        theme = db.session.get(Theme, row_id(target))
        if theme is None or theme.session_id != duiding.id:
            raise InputError({"target": _("Choose one of the themes on this board.")})
    else:
        raise InputError({"target": _("Choose one of the themes on this board.")})
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


def merge(duiding: DuidingSession, theme: Theme, into: str) -> Theme:
    """All cards of `theme` go to the other theme, which keeps its name; `theme` itself goes away and
    its actions now belong to the merged theme."""
    target = db.session.get(Theme, wanted) if (wanted := row_id(into)) else None
    if target is None or target.session_id != duiding.id or target.id == theme.id:
        raise InputError({"into": _("Choose another theme on this board to merge with.")})
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


def split(duiding: DuidingSession, theme: Theme, observation_ids: Iterable[str], name: str) -> Theme:
    """The chosen cards of a theme form a new theme of their own."""
    wanted = {i for i in map(row_id, observation_ids) if i is not None}
    cards = [o for o in theme.observations if o.id in wanted]
    errors = {}
    if not cards:
        errors["observations"] = _("Choose the cards that form the new theme.")
    elif len(cards) == len(theme.observations):
        errors["observations"] = _("Leave at least one card in the old theme.")
    try:
        clean = _name(name)
    except InputError as exc:
        errors.update(exc.errors)
    if errors:
        raise InputError(errors)
    part = new_theme(duiding, clean)
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
