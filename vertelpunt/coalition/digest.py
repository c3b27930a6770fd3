"""The twice-weekly update to the coalition: new stories per group since the last digest, targets not
met, quiet links, and actions past their date or without news. Sent through SMTP when a server is configured, otherwise written to an outbox folder.

The digest goes to coalition members, so every count in it is suppressed like their dashboard, of
closed days only, and shown by the same rule (disclosure.shown). The new counts per group are protected
as one table of their own, in which every count the dashboard hides stays hidden: the first digest's
new counts are the dashboard's counts, and a count shown here but hidden there would undo the hiding."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from vertelpunt import database, mail
from vertelpunt.coalition import counts as counting
from vertelpunt.coalition import dashboard, disclosure, gaps
from vertelpunt.coalition.disclosure import Shown
from vertelpunt.coalition.services import settings_for
from vertelpunt.evolve import ledger
from vertelpunt.extensions import db
from vertelpunt.models import Digest, Traject

DIGEST_DIMENSIONS = ("organisation", "audience", "perspective", "age_group", "municipality")
# A traject keeps getting digests for two weeks after closing, so late gaps and the final count arrive.
AFTER_CLOSING = dt.timedelta(days=14)


def latest(traject: Traject) -> Digest | None:
    return db.session.scalar(
        select(Digest).where(Digest.traject_id == traject.id).order_by(Digest.id.desc()).limit(1)
    )


def is_due(traject: Traject, today: dt.date) -> bool:
    return traject.has_opened(today) and not traject.has_closed(today - AFTER_CLOSING)


@dataclass
class NewRow:
    label: str
    count: Shown
    cell: str = ""


def _new_since(current: dict, previous: dict) -> dict[str, dict[str, int]]:
    return {
        dimension: {
            group: max(0, n - previous.get(dimension, {}).get(group, 0)) for group, n in groups.items()
        }
        for dimension, groups in current.items()
    }


def compose(traject: Traject, today: dt.date) -> tuple[str, dict]:
    """The digest's HTML and the exact counts it is based on (the next digest's baseline): those of the
    days before `today`, as the coalition's dashboard shows them."""
    threshold = disclosure.threshold_for(traject)
    counts = counting.count_responses(traject, today, closed_only=True)
    structure = dashboard.structure_of(traject, counts.links, set(counts.last_story_on))
    current = {d: counts.totals(d) for d in counting.DIMENSIONS}
    before = latest(traject)
    previous = (before.counts or {}).get("groups", {}) if before else {}
    new = _new_since(current, previous)
    board = dashboard.build(traject, exact=False, today=today)
    values, relations = dashboard.published(new, None, structure)
    hidden = dashboard.protected(values, relations, threshold, start=board.hidden & set(values))
    titles = dashboard.dimension_titles()

    def row(label: str, key: tuple) -> NewRow:
        return NewRow(
            label, disclosure.shown(values[key], threshold, key in hidden), disclosure.cell_name(key)
        )

    tables = []
    for dimension in DIGEST_DIMENSIONS:
        rows = [
            row(structure.labels[dimension].get(g, g), (dimension, g))
            for g in structure.groups[dimension]
            if values.get((dimension, g), 0)
        ]
        if dimension in ("organisation", "audience") and values[dashboard.GENERAL_KEY]:
            rows.append(row(_("General link (second choice)"), dashboard.GENERAL_KEY))
        tables.append((titles[dimension], rows))
    html = render_template(
        "coalition/digest_email.html",
        traject=traject,
        today=today,
        since=before.made_on if before else None,
        new_total=disclosure.shown(values[dashboard.TOTAL], threshold, dashboard.TOTAL in hidden),
        total=board.total_shown,
        until=board.until,
        tables=tables,
        gaps=[t for t in board.targets if t.met is not True],
        targets_count=len(board.targets),
        target_states=gaps.target_states(),
        quiet=board.quiet,
        quiet_weeks=board.quiet_weeks,
        threshold=threshold,
        attention=ledger.needing_attention(traject, today),
        stale_weeks=ledger.STALE_WEEKS,
        ledger_url=f"{current_app.config['PUBLIC_BASE_URL']}/staff/trajecten/{traject.slug}/acties",
        dashboard_url=f"{current_app.config['PUBLIC_BASE_URL']}/staff/trajecten/{traject.slug}/response",
    )
    return html, {"total": counts.total, "groups": current}


def _message(traject: Traject, today: dt.date, html: str, recipients: list[str]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = _(
        "StoryCycle update for %(name)s, %(day)s", name=traject.name, day=today.isoformat()
    )
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = ", ".join(recipients) if recipients else "coalitie@localhost"
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="storycycle")
    message.set_content(
        _("This update is in HTML. Open it in a mail program that shows HTML, or see the dashboard.")
    )
    message.add_alternative(html, subtype="html")
    return message


def _deliver(message: EmailMessage, recipients: list[str], slug: str, today: dt.date) -> str:
    # Through vertelpunt/mail.py: each recipient recorded, and a refused address stops no one else.
    return mail.deliver(message, recipients, "digest", outbox_name=f"{slug}-{today.isoformat()}").how


def send(traject: Traject, today: dt.date | None = None) -> Digest:
    """Compose, deliver and record one digest (flushed; the caller commits).

    Counting runs in a read transaction (database.reading()), so narrators' stories are not held up
    behind it; the digest row is written in a fresh one afterwards."""
    today = today or dt.date.today()
    traject_id, slug = traject.id, traject.slug
    db.session.rollback()  # the caller's transaction may hold SQLite's write lock: not while counting
    with database.reading():
        html, counted = compose(traject, today)
        recipients = [a.strip() for a in settings_for(traject).recipients.split(",") if a.strip()]
        message = _message(traject, today, html, recipients)
    delivery = _deliver(message, recipients, slug, today)
    digest = Digest(
        traject_id=traject_id,
        made_on=today,
        counts=counted,
        html=html,
        delivery=delivery,
        recipients=", ".join(recipients),
    )
    db.session.add(digest)
    db.session.flush()
    return digest
