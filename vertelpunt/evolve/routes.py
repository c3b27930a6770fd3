"""Traject plan, action ledger, public feedback page and research export.

Thin: the rules live in plan.py, ledger.py, public.py, quotes.py and export.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from vertelpunt.coalition.dashboard import sees_exact_counts
from vertelpunt.coalition.gaps import target_states
from vertelpunt.core.access import FACILITATE, MANAGE_LINKS, VIEW, may, traject_for
from vertelpunt.core.errors import InputError
from vertelpunt.evolve import export, ledger, plan, public, public_check, publication, quotes
from vertelpunt.extensions import db
from vertelpunt.models import Traject
from vertelpunt.share import services as sharing
from vertelpunt.web import send_asset

bp = Blueprint("evolve", __name__)
STATIC = Path(__file__).parent / "static"
PUBLIC_PAGES = frozenset({"evolve.public_page", "evolve.public_text", "evolve.public_via_link"})


def feedback_url(slug: str) -> str:
    """The public feedback page's full address, for share kits and newsletters."""
    return current_app.config["PUBLIC_BASE_URL"] + url_for("evolve.public_page", slug=slug)


@bp.after_request
def _no_cookie_on_public_pages(response):
    # The feedback page sets no cookie: the language comes with ?lang= on every link instead.
    if (
        request.endpoint in PUBLIC_PAGES
        and request.cookies.get(current_app.config["SESSION_COOKIE_NAME"]) is None
    ):
        session.modified = False
    return response


@bp.get("/evolve/evolve.css")
def stylesheet():
    return send_asset(STATIC / "evolve.css", "text/css")


@bp.get("/evolve/evolve.js")
def script():
    return send_asset(STATIC / "evolve.js", "text/javascript")


def _today() -> dt.date:
    return dt.date.today()


# --- public feedback page -------------------------------------------------------------------------


def _public(traject: Traject):
    data = public.feedback(traject)
    url = feedback_url(traject.slug)
    return render_template(
        "evolve/public.html",
        traject=traject,
        data=data,
        newsletter=public.newsletter_text(data, url, _today()),
        url=url,
        count_text=public.count_text,
        lang=request.args.get("lang") if request.args.get("lang") in ("nl", "en") else None,
    )


@bp.get("/terugkoppeling/<slug>")
def public_page(slug: str):
    traject = public.traject_for_public(slug)
    if traject is None:
        abort(404)
    return _public(traject)


@bp.get("/terugkoppeling/link/<token>")
def public_via_link(token: str):
    """From the thank-you page, which knows the narrator's link but not the traject's short name."""
    state = sharing.find_link(token)
    if state.link is None:
        abort(404)
    return _public(state.link.traject)


@bp.get("/terugkoppeling/<slug>/nieuwsbrief.txt")
def public_text(slug: str):
    traject = public.traject_for_public(slug)
    if traject is None:
        abort(404)
    body = public.newsletter_text(public.feedback(traject), feedback_url(slug), _today())
    return Response(
        body,
        mimetype="text/plain",
        headers={"Content-Disposition": f"attachment; filename=terugkoppeling-{slug}.txt"},
    )


# --- traject plan ---------------------------------------------------------------------------------


def _plan_page(traject: Traject, errors: dict | None = None, form=None, status: int = 200):
    today = _today()
    stored = plan.stored_plan(traject)
    shown = stored or plan.default_plan(traject)
    timeline = plan.moments(traject, today)
    return render_template(
        "evolve/plan.html",
        traject=traject,
        stored=bool(stored),
        cycles=shown,
        timeline=timeline,
        position=plan.position(stored, timeline, today),
        today=today,
        criteria=plan.criteria(traject),
        response_criteria=plan.response_criteria(traject, sees_exact_counts(current_user, traject), today),
        target_states=target_states(),
        members=plan.members(traject),
        can_manage=may(current_user, traject, MANAGE_LINKS),
        cycle_names=plan.cycle_names(),
        phase_names=plan.phase_names(),
        kind_names=plan.milestone_kind_names(),
        manual_kinds=plan.MANUAL_KINDS,
        criterion_names=plan.criterion_status_names(),
        errors=errors or {},
        form=form or {},
    ), status


@bp.get("/staff/trajecten/<slug>/plan")
@login_required
def plan_page(slug: str):
    return _plan_page(traject_for(slug, VIEW))


def _plan_change(slug: str, change, done: str):
    traject = traject_for(slug, MANAGE_LINKS)
    try:
        change(traject, request.form)
    except InputError as exc:
        db.session.rollback()
        return _plan_page(traject, exc.errors, request.form, 422)
    db.session.commit()
    flash(done)
    return redirect(url_for("evolve.plan_page", slug=traject.slug))


@bp.post("/staff/trajecten/<slug>/plan/default")
@login_required
def plan_default(slug: str):
    def accept(traject, _form):
        if not plan.accept_default(traject):
            raise InputError({"plan": _("This traject already has a plan; change its dates below.")})

    return _plan_change(slug, accept, _("The proposed plan is saved. You can change its dates."))


@bp.post("/staff/trajecten/<slug>/plan/cycles")
@login_required
def plan_cycles(slug: str):
    return _plan_change(slug, plan.save_cycles, _("The dates of the plan are saved."))


def _unknown_op():
    raise InputError({"op": _("Something went wrong with this form. Try again.")})


@bp.post("/staff/trajecten/<slug>/plan/milestones")
@login_required
def plan_milestones(slug: str):
    def change(traject, form):
        op = form.get("op")
        if op == "add":
            kind = form.get("kind", "other")
            if kind not in plan.MANUAL_KINDS:
                raise InputError({"kind": _("Choose a kind of milestone.")})
            plan.add_milestone(traject, title=form.get("title", ""), due_on=form.get("due_on", ""), kind=kind)
        elif op in ("done", "undo"):
            plan.set_milestone_done(traject, form.get("milestone_id"), _today() if op == "done" else None)
        elif op == "remove":
            plan.remove_milestone(traject, form.get("milestone_id"))
        else:
            _unknown_op()

    return _plan_change(slug, change, _("Milestones saved."))


@bp.post("/staff/trajecten/<slug>/plan/criteria")
@login_required
def plan_criteria(slug: str):
    def change(traject, form):
        op = form.get("op")
        if op == "add":
            plan.add_criterion(traject, text=form.get("text", ""), measure=form.get("measure", ""))
        elif op == "status":
            plan.set_criterion_status(traject, form.get("criterion_id"), form.get("status", ""))
        elif op == "remove":
            plan.remove_criterion(traject, form.get("criterion_id"))
        else:
            _unknown_op()

    return _plan_change(slug, change, _("Success criteria saved."))


@bp.post("/staff/trajecten/<slug>/plan/members")
@login_required
def plan_members(slug: str):
    def change(traject, form):
        op = form.get("op")
        if op == "add":
            plan.add_member(
                traject,
                organisation=form.get("organisation", ""),
                representative=form.get("representative", ""),
                population=form.get("population", ""),
            )
        elif op == "remove":
            plan.remove_member(traject, form.get("member_id"))
        else:
            _unknown_op()

    return _plan_change(slug, change, _("Coalition members saved."))


# --- action ledger --------------------------------------------------------------------------------


def _ledger(slug: str):
    traject = traject_for(slug, VIEW)
    owners = ledger.owners(traject)
    errors = {}
    try:
        filters = ledger.read_filters(request.args, owners)
    except InputError as exc:
        errors, filters = exc.errors, ledger.Filters()
    with_stories = may(current_user, traject, FACILITATE)
    rows = ledger.rows(traject, filters, _today(), with_stories)
    return traject, owners, filters, errors, with_stories, rows


@bp.get("/staff/trajecten/<slug>/acties")
@login_required
def ledger_page(slug: str):
    traject, owners, filters, errors, with_stories, rows = _ledger(slug)
    return render_template(
        "evolve/ledger.html",
        traject=traject,
        owners=owners,
        filters=filters,
        errors=errors,
        with_stories=with_stories,
        rows=rows,
        status_names=ledger.status_names(),
        statuses=ledger.ACTION_STATUSES,
        today=_today(),
    ), (422 if errors else 200)


@bp.get("/staff/trajecten/<slug>/acties.csv")
@login_required
def ledger_csv(slug: str):
    traject, _owners, _filters, errors, with_stories, rows = _ledger(slug)
    if errors:
        return Response(" ".join(errors.values()), status=422, mimetype="text/plain")
    return Response(
        ledger.to_csv(rows, with_stories),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename=acties-{traject.slug}.csv"},
    )


# --- released quotes ------------------------------------------------------------------------------


def _quotes_page(traject: Traject, errors: dict | None = None, form=None, status: int = 200):
    return render_template(
        "evolve/quotes.html",
        traject=traject,
        quotes=quotes.released(traject),
        themes=quotes.themes_with_stories(traject),
        errors=errors or {},
        form=form or {},
        max_length=quotes.MAX_LENGTH,
        publication_states=publication.state_labels(),
        refusal=public_check.findings_message,
    ), status


@bp.get("/staff/trajecten/<slug>/citaten")
@login_required
def quotes_page(slug: str):
    return _quotes_page(traject_for(slug, FACILITATE))


@bp.post("/staff/trajecten/<slug>/citaten")
@login_required
def quotes_save(slug: str):
    traject = traject_for(slug, FACILITATE)
    form, op = request.form, request.form.get("op")
    try:
        if op == "release":
            quotes.release(
                traject,
                text=form.get("text", ""),
                story_id=form.get("story_id"),
                theme_id=form.get("theme_id"),
                user=current_user,
            )
            done = _(
                "The quote is released. The privacy check looks at it within a few minutes; then it is on the public page."
            )
        elif op == "edit":
            quotes.edit(traject, form.get("quote_id"), form.get("text", ""))
            done = _("The quote is changed.")
        elif op == "withdraw":
            quotes.withdraw(traject, form.get("quote_id"))
            done = _("The quote is withdrawn and no longer public.")
        else:
            _unknown_op()
    except InputError as exc:
        db.session.rollback()
        return _quotes_page(traject, exc.errors, form, 422)
    db.session.commit()
    flash(done)
    return redirect(url_for("evolve.quotes_page", slug=traject.slug))


# --- research export ------------------------------------------------------------------------------


@bp.get("/staff/trajecten/<slug>/onderzoek")
@login_required
def export_page(slug: str):
    traject = traject_for(slug, FACILITATE)
    return render_template("evolve/export.html", traject=traject, tables=export.TABLES)


def _export(slug: str, fmt: str) -> Response:
    traject = traject_for(slug, FACILITATE)
    data = export.build(traject, _today())
    body = export.to_zip(data) if fmt == "zip" else export.to_json(data)
    return Response(
        body,
        mimetype="application/zip" if fmt == "zip" else "application/json",
        headers={"Content-Disposition": f"attachment; filename={export.filename(traject, fmt, _today())}"},
    )


@bp.get("/staff/trajecten/<slug>/onderzoek.zip")
@login_required
def export_zip(slug: str):
    return _export(slug, "zip")


@bp.get("/staff/trajecten/<slug>/onderzoek.json")
@login_required
def export_json(slug: str):
    return _export(slug, "json")
