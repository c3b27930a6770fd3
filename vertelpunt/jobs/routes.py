"""/staff/taken: the job queue for administrators: how much waits, and the jobs that failed for good,
each to send again or to clear."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import func, select

from vertelpunt import jobs
from vertelpunt.core.access import require_admin
from vertelpunt.extensions import db
from vertelpunt.forms.base import Form
from vertelpunt.jobs import dead_letters
from vertelpunt.models import FailedJob, Story

bp = Blueprint("jobs", __name__)
MAX_ID = 2**31 - 1
NAMES = {
    "redact_story": _l("Redact a story with deduce"),
    "check_publications": _l("Check what was asked to be published"),
    "scrub_files": _l("Scrub deleted text from the database files"),
    "send_digest": _l("Send a traject's digest"),
}


@bp.get("/staff/taken")
@login_required
def queue():
    require_admin()
    try:
        waiting = jobs.waiting()
    except Exception:  # noqa: BLE001 - the page says the queue cannot be reached instead of failing
        waiting = None
    stories = db.session.scalar(select(func.count(Story.id)).where(Story.redaction == "rules"))
    return render_template(
        "staff/jobs.html", waiting=waiting, stories=stories, failed=dead_letters.recent(), names=NAMES
    )


@bp.post(f"/staff/taken/<int(min=1, max={MAX_ID}):failed_id>/<op>")
@login_required
def failed_job(failed_id: int, op: str):
    require_admin()
    if op not in ("opnieuw", "wissen") or not Form().validate():
        abort(400)
    failed = db.session.get(FailedJob, failed_id)
    if failed is None:
        abort(404)
    if op == "wissen":
        db.session.delete(failed)
        flash(_("The failed job is cleared from the list."))
    elif dead_letters.send_again(failed):
        flash(_("The job is queued again."))
    else:
        flash(_("The job could not be queued: is the queue (Redis) running?"), "error")
    return redirect(url_for("jobs.queue"))
