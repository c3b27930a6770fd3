"""Staff pages: trajecten (admin), organisations and links (coalition). Logic lives in services.py."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from linkgen import share as share_urls
from linkgen import tokens
from vertelpunt.coalition.disclosure import threshold_for, threshold_problem
from vertelpunt.core.access import FACILITATE, MANAGE_LINKS, VIEW, may, require_admin, traject_for
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.models import Link, Organisation, Traject
from vertelpunt.models.links import AUDIENCES
from vertelpunt.staff import services

bp = Blueprint("staff", __name__, url_prefix="/staff")


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


@bp.route("/trajecten/new", methods=["GET", "POST"])
def new_traject():
    require_admin()
    errors, form = {}, request.form
    if request.method == "POST":
        try:
            traject = services.create_traject(
                slug=form.get("slug", ""),
                name=form.get("name", ""),
                region=form.get("region", ""),
                focus=form.get("focus", ""),
                opens_on=form.get("opens_on", ""),
                closes_on=form.get("closes_on", ""),
                municipalities=form.get("municipalities", "").splitlines(),
                focus_prompt_nl=form.get("focus_prompt_nl", ""),
                focus_prompt_en=form.get("focus_prompt_en", ""),
                results_note=form.get("results_note", ""),
            )
        except InputError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Traject created, with its general link."))
            return redirect(url_for("staff.traject", slug=traject.slug))
    return render_template("staff/traject_form.html", errors=errors, form=form), 422 if errors else 200


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
    value, problem = threshold_problem(traject, request.form.get("threshold", ""))
    if problem:
        flash(problem, "error")
    else:
        traject.anonymity_threshold = value
        db.session.commit()
        flash(_("Threshold saved: numbers below %(n)s are hidden from coalition members.", n=value))
    return redirect(url_for("staff.traject", slug=slug))


def _org_choices():
    question = get_framework()["organisation_type"]
    return [(o.id, o.label("nl")) for o in question.options]


@bp.route("/trajecten/<slug>/organisations/new", methods=["GET", "POST"])
def new_organisation(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    errors, form = {}, request.form
    if request.method == "POST":
        try:
            services.create_organisation(
                traject,
                name=form.get("name", ""),
                organisation_type=form.get("organisation_type", ""),
                municipality_code=form.get("municipality_code", ""),
                contact_person=form.get("contact_person", ""),
            )
        except InputError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Organisation added. Now make a link for it."))
            return redirect(url_for("staff.traject", slug=slug))
    return render_template(
        "staff/organisation_form.html", traject=traject, errors=errors, form=form, types=_org_choices()
    ), 422 if errors else 200


@bp.route("/trajecten/<slug>/links/new", methods=["GET", "POST"])
def new_link(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    errors, form = {}, request.form
    framework = get_framework()
    choices = services.prefill_choices(traject)
    if request.method == "POST":
        organisation = None
        org_id = form.get("organisation_id", "")
        if org_id:
            organisation = db.session.get(Organisation, int(org_id)) if org_id.isdigit() else None
            if organisation is None or organisation.traject_id != traject.id:
                errors["organisation_id"] = _("Choose an organisation from the list.")
        if not errors:
            try:
                services.create_link(
                    traject,
                    organisation=organisation,
                    audience=form.get("audience", ""),
                    prefill={q: form.get(f"prefill_{q}", "") for q in choices},
                    label=form.get("label", ""),
                    channel=form.get("channel", ""),
                )
            except InputError as exc:
                db.session.rollback()
                errors = exc.errors
            else:
                db.session.commit()
                flash(_("Link made."))
                return redirect(url_for("staff.traject", slug=slug))
    return render_template(
        "staff/link_form.html",
        traject=traject,
        errors=errors,
        form=form,
        audiences=AUDIENCES,
        choices=choices,
        framework=framework,
        municipality_names={m.code: m.name for m in traject.municipalities},
    ), 422 if errors else 200


def _link_in(slug: str, link_id: int) -> Link:
    traject = traject_for(slug, MANAGE_LINKS)
    link = db.session.get(Link, link_id)
    if link is None or link.traject_id != traject.id:
        abort(404)
    return link


@bp.post("/trajecten/<slug>/links/<int:link_id>/<action>")
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
        db.session.rollback()
        for message in exc.errors.values():
            flash(message, "error")
    else:
        db.session.commit()
        flash(_("Link updated."))
    return redirect(url_for("staff.traject", slug=slug))
