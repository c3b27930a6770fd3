"""What a reader may see of a count: one rule for every page, CSV, digest and report (spec 4.4).

Facilitators and administrators see exact counts. Everyone below them sees a count as:

* 0 as 0: nobody responded, which singles out no one and shows whom to nudge;
* 1 to N-1 as "minder dan N", never as an empty bar or a blank;
* a count of N or more that is hidden only to stop differencing as "verborgen".

What is shown is also what an attacker knows: a count shown as "minder dan N" lies in [1, N-1], one
shown as "verborgen" in [N, infinity). The suppression solver (suppression.py) reasons with exactly
these bounds, and a target or criterion is decided from them alone ("nog niet te zeggen" otherwise), so
no target, chart or text tells more than the count it rests on.

N is the traject's threshold: the app's ANONYMITY_THRESHOLD, or the traject's own when it was raised."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup, escape

# Never below this, whatever is configured (the app refuses to start with less).
FLOOR = 5
EXACT, SMALL, HIDDEN = "exact", "small", "hidden"
# An upper bound for a count that has none ("verborgen"); far above any real count, and an int so that
# interval arithmetic stays exact.
UNBOUNDED = 10**12


def threshold_for(traject=None) -> int:
    """The threshold N for a traject: the configured one, or the traject's own when that is higher."""
    configured = int(current_app.config["ANONYMITY_THRESHOLD"])
    own = getattr(traject, "anonymity_threshold", None) or 0
    return max(configured, int(own), FLOOR)


def threshold_problem(traject, raw) -> tuple[int | None, str | None]:
    """A new threshold for a traject, checked: (the number, None) or (None, why not, for people).

    It may be raised at any time; lowered only before the vertelpunt opens (spec 4.4: readers have
    seen counts at the old threshold, and a lower one would show what was hidden then)."""
    text = str(raw or "").strip()
    configured = max(int(current_app.config["ANONYMITY_THRESHOLD"]), FLOOR)
    if not (text.isascii() and text.isdigit()) or not configured <= int(text) <= 1000:
        return None, _("Fill in a whole number of at least %(n)s.", n=configured)
    value = int(text)
    now = threshold_for(traject)
    if value < now and traject.id is not None and traject.has_opened():
        return None, _(
            "The vertelpunt of this traject has opened, so its threshold can be raised but not lowered. "
            "It is now %(n)s.",
            n=now,
        )
    return value, None


@dataclass(frozen=True)
class Shown:
    """One count as a reader sees it. `value` is the exact count, or None when it is not shown."""

    kind: str
    value: int | None
    threshold: int

    @property
    def exact(self) -> bool:
        return self.kind == EXACT

    @property
    def bounds(self) -> tuple[int, int]:
        """What the reader knows of the count: the smallest and largest value it can have."""
        if self.kind == SMALL:
            return 1, self.threshold - 1
        if self.kind == HIDDEN:
            return self.threshold, UNBOUNDED
        return self.value, self.value

    @property
    def text(self) -> str:
        if self.kind == SMALL:
            return _("fewer than %(n)s", n=self.threshold)
        if self.kind == HIDDEN:
            return _("hidden")
        return str(self.value)

    def __str__(self) -> str:
        return self.text

    def html(self, cell: str = "") -> Markup:
        """The count in a page: exact ones as the number, the others as words with their bounds as data,
        so a reader (and the attacker test) can tell which is which without guessing."""
        where = Markup(' data-cell="{}"').format(cell) if cell else Markup("")
        if self.exact:
            return Markup('<span class="count"{} data-low="{}" data-high="{}">{}</span>').format(
                where, self.value, self.value, self.value
            )
        low, high = self.bounds
        high_attr = "" if high >= UNBOUNDED else str(high)
        return Markup(
            '<span class="count hidden-count"{} data-low="{}" data-high="{}" title="{}">{}</span>'
        ).format(where, low, high_attr, escape(_("Hidden to protect anonymity")), self.text)


def cell_name(key: tuple) -> str:
    """A published cell's name in a page (data-cell), e.g. "organisation:12", "week:2026-03-02"."""
    return ":".join(k.isoformat() if isinstance(k, dt.date) else str(k) for k in key)


def shown(value: int, threshold: int, hidden: bool = False) -> Shown:
    """The one rule: an exact count and whether suppression hides it, as the reader may see it."""
    value = int(value)
    if not hidden or value == 0:
        # A zero is never hidden (suppression.protect never picks one); shown as 0 all the same.
        return Shown(EXACT, value, threshold)
    if value < threshold:
        return Shown(SMALL, None, threshold)
    return Shown(HIDDEN, None, threshold)


def exact(value: int, threshold: int) -> Shown:
    return Shown(EXACT, int(value), threshold)


def at_least(count: Shown, minimum: int) -> bool | None:
    """Whether the count is at least `minimum`, or None when what the reader sees does not decide it."""
    low, high = count.bounds
    if low >= minimum:
        return True
    if high < minimum:
        return False
    return None


def share_at_least(count: Shown, total: Shown, percent: int) -> bool | None:
    """Whether count is at least `percent` % of total, or None when the bounds do not decide it.

    Decided only when every pair of values within the bounds gives the same answer, so the answer tells
    nothing the bounds do not."""
    low, high = count.bounds
    total_low, total_high = total.bounds
    if total_high == 0:
        return False
    if 100 * low >= percent * total_high:
        return True
    if 100 * high < percent * max(total_low, 1):
        return False
    return None


def all_of(*decisions: bool | None) -> bool | None:
    """Met when every part is met, not met when any part is not; otherwise not to be said."""
    if any(d is False for d in decisions):
        return False
    if all(d is True for d in decisions):
        return True
    return None
