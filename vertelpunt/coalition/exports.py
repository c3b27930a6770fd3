"""The dashboard's tables as one CSV, with exactly the numbers the reader may see on the page (the days
they cover are in the page; facilitators' weekly columns are theirs only)."""

from __future__ import annotations

import io

from flask_babel import gettext as _

from linkgen import cells
from vertelpunt.coalition.dashboard import Dashboard


def dashboard_csv(board: Dashboard) -> bytes:
    out = io.StringIO()
    # Group labels are organisation and link names typed by people: cells escapes formula-like text.
    writer = cells.writer(out, delimiter=";", lineterminator="\r\n")
    # Every count as disclosure.shown() gives it: a number, "minder dan N" or "verborgen".
    writer.writerow([_("Breakdown"), _("Group"), _("Stories"), *[w.isoformat() for w in board.weeks]])
    writer.writerow([_("Total"), _("All stories"), board.total_shown.text])
    writer.writerow([_("Per week"), _("All stories"), "", *[s.text for s in board.weeks_shown]])
    for breakdown in board.breakdowns:
        rows = list(breakdown.rows) + ([breakdown.general] if breakdown.general else [])
        for row in rows:
            writer.writerow([breakdown.title, row.label, row.shown.text, *row.weeks])
    return out.getvalue().encode("utf-8-sig")
