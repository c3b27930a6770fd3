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

# No mode bar: its buttons would be focusable inside a chart that is aria-hidden (the table beside it
# carries the numbers for assistive technology).
CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
_COLOUR = "#1f5f7a"
_SECOND = "#9aa5ab"
_FONT = {"family": "system-ui, sans-serif", "size": 13}


def data_block(figure: dict, div_id: str) -> Markup:
    """An empty chart element and the figure as a JSON data block that coalition.js draws.

    Labels are organisation names typed by people, so <, > and & are escaped: a name can never
    close the data block."""
    text = pio.to_json({**figure, "config": CONFIG}, validate=False, pretty=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(  # noqa: S704 - no <, > or & is left in the JSON, and div_id is a fixed name
        f'<div class="chart" id="{div_id}" aria-hidden="true"></div>'
        f'<script type="application/json" data-chart="{div_id}">{text}</script>'
    )


def breakdown_spec(breakdown: Breakdown) -> dict:
    """Horizontal bars per group; hidden counts get no bar and say so in their label."""
    rows = list(breakdown.rows) + ([breakdown.general] if breakdown.general else [])
    hidden = _("hidden")
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [r.total for r in rows],
                "y": [r.label if r.total is not None else f"{r.label} ({hidden})" for r in rows],
                "marker": {"color": [_SECOND if breakdown.general is r else _COLOUR for r in rows]},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
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
                "y": dashboard.week_totals,
                "marker": {"color": _COLOUR},
                "hovertemplate": _("week of") + " %{x}: %{y}<extra></extra>",
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
