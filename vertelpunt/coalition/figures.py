"""Plotly figures made on the server. The page gets each figure as a JSON data block and draws it with
the plotly.js this platform serves itself (no third party, no inline script); every figure has a table
beside it with the same numbers, which is also what a reader without JavaScript sees.

Figures are written as plotly's figure dictionaries and serialised by plotly.io without building
graph objects: validating graph objects costs about 10 ms a figure on every page view, so the tests
validate every figure once instead (plotly.graph_objects.Figure raises on anything plotly.js rejects)."""

from __future__ import annotations

import plotly.io as pio
from flask_babel import gettext as _
from markupsafe import Markup

from vertelpunt.coalition.dashboard import Breakdown, Dashboard
from vertelpunt.coalition.disclosure import Shown

# No mode bar: its buttons would be focusable inside a chart that is aria-hidden (the table beside it
# carries the numbers for assistive technology).
CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
_COLOUR = "#1f5f7a"
_SECOND = "#9aa5ab"
_RANGE = "#c9dde6"  # a count of 1 to N-1: a pale, hatched bar over the whole range it may have
_FONT = {"family": "system-ui, sans-serif", "size": 13}


def data_block(figure: dict, div_id: str) -> Markup:
    """An empty chart element and the figure as a JSON data block that coalition.js draws.

    Labels are organisation names typed by people, so <, > and & are escaped: a name can never
    close the data block, nor become a link in the chart (see _plain)."""
    text = pio.to_json({**_plain(figure), "config": CONFIG}, validate=False, pretty=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(  # noqa: S704 - no <, > or & is left in the JSON, and div_id is a fixed name
        f'<div class="chart" id="{div_id}" aria-hidden="true"></div>'
        f'<script type="application/json" data-chart="{div_id}">{text}</script>'
    )


# Templates are this module's own markup (<extra></extra>); everything else in a figure may hold a name.
_MARKUP_KEYS = frozenset({"hovertemplate", "texttemplate"})


def _plain(value):
    """Every text of a figure as plain text. plotly.js reads labels and titles as HTML-like markup, so
    an organisation called '<a href="https://...">' would become a clickable link in the chart; with
    <, > and & written as entities plotly.js shows the name exactly as typed."""
    if isinstance(value, str):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if isinstance(value, dict):
        return {k: v if k in _MARKUP_KEYS else _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _bar(shown: Shown) -> int | None:
    """How long a count's bar is: the count; for 1 to N-1 the range it may have (drawn pale and hatched,
    never an empty bar that would read as 0); none for a count hidden to stop differencing."""
    if shown.exact:
        return shown.value
    return shown.threshold - 1 if shown.kind == "small" else None


def _label(label: str, shown: Shown) -> str:
    return label if shown.exact else f"{label} ({shown.text})"


def breakdown_spec(breakdown: Breakdown) -> dict:
    """Horizontal bars per group; a count the reader may not see says so in its label."""
    rows = list(breakdown.rows) + ([breakdown.general] if breakdown.general else [])
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [_bar(r.shown) for r in rows],
                "y": [_label(r.label, r.shown) for r in rows],
                "marker": {
                    "color": [
                        _RANGE if not r.shown.exact else _SECOND if breakdown.general is r else _COLOUR
                        for r in rows
                    ],
                    "pattern": {"shape": ["" if r.shown.exact else "/" for r in rows]},
                },
                "customdata": [r.shown.text for r in rows],
                "hovertemplate": "%{y}: %{customdata}<extra></extra>",
            }
        ],
        "layout": {
            "height": max(220, 26 * len(rows) + 80),
            "margin": {"l": 10, "r": 10, "t": 30, "b": 30},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "xaxis": {"title": {"text": _("Stories")}, "rangemode": "tozero", "automargin": True},
            "title": {"text": breakdown.title},
            "font": _FONT,
        },
    }


def weekly_spec(dashboard: Dashboard) -> dict:
    return {
        "data": [
            {
                "type": "bar",
                "x": [w.isoformat() for w in dashboard.weeks],
                "y": [_bar(s) for s in dashboard.weeks_shown],
                "marker": {
                    "color": [_COLOUR if s.exact else _RANGE for s in dashboard.weeks_shown],
                    "pattern": {"shape": ["" if s.exact else "/" for s in dashboard.weeks_shown]},
                },
                "customdata": [s.text for s in dashboard.weeks_shown],
                "hovertemplate": _("week of") + " %{x}: %{customdata}<extra></extra>",
            }
        ],
        "layout": {
            "height": 340,
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "xaxis": {"title": {"text": _("Week (starting Monday)")}, "type": "category", "automargin": True},
            "yaxis": {"title": {"text": _("Stories")}, "rangemode": "tozero", "automargin": True},
            "title": {"text": _("Stories per week")},
            "font": _FONT,
        },
    }


def breakdown_figure(breakdown: Breakdown) -> Markup:
    return data_block(breakdown_spec(breakdown), f"fig-{breakdown.dimension}")


def weekly_figure(dashboard: Dashboard) -> Markup:
    return data_block(weekly_spec(dashboard), "fig-weeks")
