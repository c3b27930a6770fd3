"""Traject plan, action ledger, public feedback page and research research_export.

Thin: the rules live in plan.py, ledger.py, public.py, quotes.py and research_export.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import (
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

from vertelpunt import audit
from vertelpunt.coalition.dashboard import sees_exact_counts
from vertelpunt.coalition.gaps import target_states
from vertelpunt.core.access import FACILITATE, MANAGE_LINKS, VIEW, may, traject_for
from vertelpunt.core.assets import AssetBlueprint
from vertelpunt.core.errors import InputError
from vertelpunt.evolve import ledger, plan, public, public_check, publication, quotes, research_export
from vertelpunt.extensions import db
from vertelpunt.forms import evolve as forms
from vertelpunt.forms.base import Form, errors_of, values_of
from vertelpunt.models import Traject
from vertelpunt.share import services as sharing

# Its stylesheet and script are at /evolve/<name> (evolve.static).
bp = AssetBlueprint("evolve", __name__, static_folder="static", static_url_path="/evolve")
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
    facts = sharing.find_link_facts(token)
    if facts is None:
        abort(404)
    return _public(db.session.get(Traject, facts.traject_id))


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


def _sent(form) -> dict[str, object]:
    """What was sent, to show again; a field left out shows what the page had."""
    return {name: value for name, value in values_of(form).items() if value not in ("", None)}


def _checked(form) -> None:
    if not form.validate_on_submit():
        raise InputError(errors_of(form))


def _by_op(changes: dict[str, Callable]) -> Callable:
    """The change of the button that was pressed: each form's op is one of its keys."""

    def change(traject: Traject, form) -> None:
        _checked(form)
        changes[form.op.data](traject, form)

    return change


def _apply(traject: Traject, form, change, page, endpoint: str):
    """change(traject, form) says what it did; a refusal shows the page again with why (422)."""
    try:
        done = change(traject, form)
    except InputError as exc:
        return page(traject, exc.errors, _sent(form), 422)
    flash(done)
    return redirect(url_for(endpoint, slug=traject.slug))


def _plan_change(slug: str, form_class, change, done: str):
    def change_and_say(traject: Traject, form) -> str:
        change(traject, form)
        return done

    traject = traject_for(slug, MANAGE_LINKS)
    return _apply(traject, form_class(), change_and_say, _plan_page, "evolve.plan_page")


@bp.post("/staff/trajecten/<slug>/plan/default")
@login_required
def plan_default(slug: str):
    def accept(traject, form):
        _checked(form)
        if not plan.accept_default(traject):
            raise InputError({"plan": _("This traject already has a plan; change its dates below.")})

    return _plan_change(slug, Form, accept, _("The proposed plan is saved. You can change its dates."))


@bp.post("/staff/trajecten/<slug>/plan/cycles")
@login_required
def plan_cycles(slug: str):
    def save(traject, form):
        # Not refused at once: the plan adds what is wrong with the order of the dates it could read.
        form.validate_on_submit()
        plan.save_cycles(traject, form.data, errors_of(form))

    return _plan_change(slug, forms.PlanDatesForm, save, _("The dates of the plan are saved."))


@bp.post("/staff/trajecten/<slug>/plan/milestones")
@login_required
def plan_milestones(slug: str):
    changes = {
        "add": lambda t, f: plan.add_milestone(t, title=f.title.data, due_on=f.due_on.data, kind=f.kind.data),
        "done": lambda t, f: plan.set_milestone_done(t, f.milestone_id.data, _today()),
        "undo": lambda t, f: plan.set_milestone_done(t, f.milestone_id.data, None),
        "remove": lambda t, f: plan.remove_milestone(t, f.milestone_id.data),
    }
    return _plan_change(slug, forms.MilestoneForm, _by_op(changes), _("Milestones saved."))


@bp.post("/staff/trajecten/<slug>/plan/criteria")
@login_required
def plan_criteria(slug: str):
    changes = {
        "add": lambda t, f: plan.add_criterion(t, text=f.text.data, measure=f.measure.data),
        "status": lambda t, f: plan.set_criterion_status(t, f.criterion_id.data, f.status.data),
        "remove": lambda t, f: plan.remove_criterion(t, f.criterion_id.data),
    }
    return _plan_change(slug, forms.CriterionForm, _by_op(changes), _("Success criteria saved."))


@bp.post("/staff/trajecten/<slug>/plan/members")
@login_required
def plan_members(slug: str):
    changes = {
        "add": lambda t, f: plan.add_member(
            t,
            organisation=f.organisation.data,
            representative=f.representative.data,
            population=f.population.data,
        ),
        "remove": lambda t, f: plan.remove_member(t, f.member_id.data),
    }
    return _plan_change(slug, forms.MemberForm, _by_op(changes), _("Coalition members saved."))


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
        stale_weeks=ledger.STALE_WEEKS,
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


def _release(traject: Traject, form) -> str:
    quotes.release(
        traject,
        text=form.text.data,
        story_id=form.story_id.data,
        theme_id=form.theme_id.data,
        user=current_user,
    )
    return _(
        "The quote is released. The privacy check looks at it within a few minutes; then it is on the public page."
    )


def _edit(traject: Traject, form) -> str:
    quotes.edit(traject, form.quote_id.data, form.text.data)
    return _("The quote is changed.")


def _withdraw(traject: Traject, form) -> str:
    quotes.withdraw(traject, form.quote_id.data)
    return _("The quote is withdrawn and no longer public.")


@bp.post("/staff/trajecten/<slug>/citaten")
@login_required
def quotes_save(slug: str):
    def change(traject: Traject, form) -> str:
        _checked(form)
        return {"release": _release, "edit": _edit, "withdraw": _withdraw}[form.op.data](traject, form)

    traject = traject_for(slug, FACILITATE)
    return _apply(traject, forms.QuoteForm(), change, _quotes_page, "evolve.quotes_page")


# --- research export ------------------------------------------------------------------------------


@bp.get("/staff/trajecten/<slug>/onderzoek")
@login_required
def export_page(slug: str):
    traject = traject_for(slug, FACILITATE)
    return render_template("evolve/export.html", traject=traject, tables=research_export.TABLES)


def _export(slug: str, fmt: str) -> Response:
    traject = traject_for(slug, FACILITATE)
    data = research_export.build(traject, _today())
    body = research_export.to_zip(data) if fmt == "zip" else research_export.to_json(data)
    # What the export held, as an opaque fingerprint: ending the traject checks nothing changed since.
    audit.record_read("research_export", traject, f"{fmt}; {research_export.held_mark(traject)}")
    return Response(
        body,
        mimetype="application/zip" if fmt == "zip" else "application/json",
        headers={
            "Content-Disposition": f"attachment; filename={research_export.filename(traject, fmt, _today())}"
        },
    )


@bp.get("/staff/trajecten/<slug>/onderzoek.zip")
@login_required
def export_zip(slug: str):
    return _export(slug, "zip")


@bp.get("/staff/trajecten/<slug>/onderzoek.json")
@login_required
def export_json(slug: str):
    return _export(slug, "json")
