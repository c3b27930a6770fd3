"""Staff pages: trajecten (admin), organisations and links (coalition). The forms are read in
forms/staff.py, the rules are in services.py; a request commits once when it succeeds (core/transaction)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from linkgen import share as share_urls
from linkgen import tokens
from vertelpunt import audit, database
from vertelpunt.coalition.disclosure import threshold_for, threshold_problem
from vertelpunt.core import transaction
from vertelpunt.core.access import FACILITATE, MANAGE_LINKS, VIEW, may, require_admin, traject_for
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.forms.base import errors_of, submit, values_of
from vertelpunt.forms.staff import (
    EndTrajectForm,
    OrganisationForm,
    ThresholdForm,
    TrajectForm,
    link_form,
    organisation_types,
)
from vertelpunt.framework import get_framework
from vertelpunt.models import Link, Traject
from vertelpunt.staff import ending, services

bp = Blueprint("staff", __name__, url_prefix="/staff")

# The largest id an integer column holds: a larger number in an address is no link (PostgreSQL would
# refuse to compare it), so the route does not match it.
MAX_ID = 2**31 - 1


@bp.before_request
@login_required
def _staff_only():
    return None


@bp.get("/")
def index():
    query = select(Traject).order_by(Traject.opens_on.desc())
    if not current_user.is_admin:
        query = query.where(Traject.id.in_(current_user.traject_ids() or {-1}))
    return render_template("staff/index.html", trajecten=db.session.scalars(query).all())


def _shown(template: str, form, errors: dict, **context):
    """A form page as it was sent, with a sentence beside each wrong field (a 422 undoes any change)."""
    page = render_template(template, form=values_of(form), errors=errors, **context)
    return page, 422 if errors else 200


@bp.route("/trajecten/nieuw", methods=["GET", "POST"])
def new_traject():
    require_admin()
    form = TrajectForm()
    outcome = submit(form, lambda: services.create_traject(**form.for_service()))
    if outcome.done:
        flash(_("Traject created, with its general link."))
        return redirect(url_for("staff.traject", slug=outcome.result.slug))
    errors = outcome.errors
    return _shown("staff/traject_form.html", form, errors)


def _link_rows(traject: Traject) -> list[dict]:
    base = current_app.config["PUBLIC_BASE_URL"]
    return [
        {"link": link, "url": share_urls.link_url(base, link.token), "display": tokens.display(link.token)}
        for link in traject.links
    ]


@bp.get("/trajecten/<slug>")
def traject(slug: str):
    traject = traject_for(slug, VIEW)
    return render_template(
        "staff/traject.html",
        traject=traject,
        links=_link_rows(traject),
        can_manage=may(current_user, traject, MANAGE_LINKS),
        can_facilitate=may(current_user, traject, FACILITATE),
        framework=get_framework(),
        threshold=threshold_for(traject),
    )


@bp.post("/trajecten/<slug>/threshold")
def set_threshold(slug: str):
    """The traject's anonymity threshold (administrators): raised at any time, lowered only before the
    vertelpunt opens (coalition/disclosure.py says why not)."""
    require_admin()
    traject = traject_for(slug, VIEW)
    form = ThresholdForm()
    if form.validate():
        value, problem = threshold_problem(traject, form.threshold.data)
    else:
        value, problem = None, next(iter(errors_of(form).values()))
    if problem:
        transaction.refuse()
        flash(problem, "error")
    else:
        audit.record("threshold_changed", traject, f"{threshold_for(traject)} -> {value}")
        traject.anonymity_threshold = value
        flash(_("Threshold saved: numbers below %(n)s are hidden from coalition members.", n=value))
    return redirect(url_for("staff.traject", slug=slug))


@bp.route("/trajecten/<slug>/beeindigen", methods=["GET", "POST"])
def end_traject(slug: str):
    """Ending a traject for good (administrators): close, export, then delete everything (ending.py)."""
    require_admin()
    traject = traject_for(slug, VIEW)
    form = EndTrajectForm()
    op = form.op.data if form.is_submitted() else None
    change = (
        (lambda: ending.close_for_ending(traject))
        if op == "close"
        else (lambda: ending.end_traject(traject, form.confirm.data))
    )
    outcome = submit(form, change)
    if outcome.done and op == "end":
        from vertelpunt.retention import scrub_now_if_cheap  # here: retention imports the coalition package

        database.after_commit(scrub_now_if_cheap)
        flash(_("The traject has ended: everything it held is deleted."))
        return redirect(url_for("staff.index"))
    if outcome.done:
        flash(_("The vertelpunt is closed. Now download the research export."))
        return redirect(url_for("staff.end_traject", slug=slug))
    page = render_template("staff/end_traject.html", ending=ending.state(traject), errors=outcome.errors)
    return page, 422 if outcome.errors else 200


@bp.route("/trajecten/<slug>/organisaties/nieuw", methods=["GET", "POST"])
def new_organisation(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    form = OrganisationForm(traject)
    outcome = submit(form, lambda: services.create_organisation(traject, **form.for_service()))
    if outcome.done:
        flash(_("Organisation added. Now make a link for it."))
        return redirect(url_for("staff.traject", slug=slug))
    errors = outcome.errors
    return _shown("staff/organisation_form.html", form, errors, traject=traject, types=organisation_types())


@bp.route("/trajecten/<slug>/links/nieuw", methods=["GET", "POST"])
def new_link(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    choices = services.prefill_choices(traject)
    form = link_form(traject, choices)
    outcome = submit(
        form,
        lambda: services.create_link(
            traject, organisation=form.organisation(traject), prefill=form.prefill(), **form.for_service()
        ),
    )
    if outcome.done:
        flash(_("Link made."))
        return redirect(url_for("staff.traject", slug=slug))
    errors = outcome.errors
    return _shown(
        "staff/link_form.html",
        form,
        errors,
        traject=traject,
        audiences=form.audience.choices,
        choices=choices,
        framework=get_framework(),
        municipality_names={m.code: m.name for m in traject.municipalities},
    )


def _link_in(slug: str, link_id: int) -> Link:
    traject = traject_for(slug, MANAGE_LINKS)
    link = db.session.get(Link, link_id)
    if link is None or link.traject_id != traject.id:
        abort(404)
    return link


@bp.post(f"/trajecten/<slug>/links/<int(min=1, max={MAX_ID}):link_id>/<action>")
def link_action(slug: str, link_id: int, action: str):
    link = _link_in(slug, link_id)
    try:
        if action == "pause":
            services.set_link_status(link, "paused")
        elif action == "resume":
            services.set_link_status(link, "active")
        elif action == "close":
            services.set_link_status(link, "closed")
        elif action == "replace":
            services.replace_link(link)
        else:
            abort(404)
    except InputError as exc:
        transaction.refuse()
        for message in exc.errors.values():
            flash(message, "error")
    else:
        flash(_("Link updated."))
    return redirect(url_for("staff.traject", slug=slug))
