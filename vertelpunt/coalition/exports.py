"""The dashboard's tables as one CSV, with exactly the numbers the reader may see on the page."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from vertelpunt.coalition.dashboard import Dashboard


def dashboard_csv(board: Dashboard) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    hidden = _("hidden")
    writer.writerow([_("Breakdown"), _("Group"), _("Stories"), *[w.isoformat() for w in board.weeks]])
    writer.writerow([_("Total"), _("All stories"), hidden if board.total is None else board.total])
    writer.writerow(
        [_("Per week"), _("All stories"), "", *[hidden if n is None else n for n in board.week_totals]]
    )
    for breakdown in board.breakdowns:
        rows = list(breakdown.rows) + ([breakdown.general] if breakdown.general else [])
        for row in rows:
            writer.writerow(
                [breakdown.title, row.label, hidden if row.total is None else row.total, *row.weeks]
            )
    return out.getvalue().encode("utf-8-sig")
