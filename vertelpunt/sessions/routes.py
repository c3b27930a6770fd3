"""Facilitator pages of a duidingssessie. Thin: the rules live in services.py, selection.py, figures.py,
sources.py and report.py. Every form works without JavaScript; a POST commits once or not at all."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from vertelpunt.core.access import FACILITATE, VIEW, may, traject_for
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession
from vertelpunt.models.actions import ACTION_STATUSES
from vertelpunt.sessions import figures, report, selection, services, sources
from vertelpunt.web import refuse_impossible_ids, send_asset

bp = Blueprint("sessions", __name__, url_prefix="/staff")
STATIC = Path(__file__).parent / "static"
PUBLIC_ASSETS = frozenset({"sessions.stylesheet"})
BASE = "/trajecten/<slug>/sessies/<int:session_id>"


bp.url_value_preprocessor(refuse_impossible_ids)


@bp.before_request
def _staff_only():
    if request.endpoint in PUBLIC_ASSETS:
        return None
    return login_required(lambda: None)()


@bp.get("/assets/sessions.css")
def stylesheet():
    return send_asset(STATIC / "sessions.css", "text/css")


def _session(slug: str, session_id: int, roles=FACILITATE) -> DuidingSession:
    traject = traject_for(slug, roles)
    session = services.session_in(traject, session_id)
    if session is None:
        abort(404)
    return session


def _back(endpoint: str, session: DuidingSession, anchor: str | None = None, **values):
    return redirect(
        url_for(endpoint, slug=session.traject.slug, session_id=session.id, _anchor=anchor, **values),
        code=303,
    )


def step_url(session: DuidingSession, step: int) -> str:
    """Where each step is done. Observations, the board and the evaluations are the live part of the
    session (vertelpunt/board); until an endpoint exists there, its agreed path is used."""
    slug, sid = session.traject.slug, session.id
    own = {1: "sessions.prepare", 2: "sessions.reviews", 5: "sessions.actions", 6: "sessions.dissent"}
    if step in own:
        return url_for(own[step], slug=slug, session_id=sid)
    if step == 8:
        return url_for("sessions.report_page", slug=slug, session_id=sid)
    if step == 9:
        return url_for("sessions.publish", slug=slug, session_id=sid)
    board = {
        3: ("board.observations", "observaties"),
        4: ("board.board", "bord"),
        7: ("board.evaluations", ""),
    }
    endpoint, path = board[step]
    try:
        return url_for(endpoint, slug=slug, session_id=sid)
    except BuildError:
        if path:
            return f"/staff/trajecten/{slug}/sessies/{sid}/{path}"
        return url_for("sessions.report_page", slug=slug, session_id=sid, _anchor="evaluation")


def _common(session: DuidingSession) -> dict:
    return {
        "traject": session.traject,
        "session": session,
        "step_url": step_url,
        "titles": {**report.step_titles(), 9: _("Publish")},
        "states": services.step_states(session),
        "theme_choices": [(t.id, t.name) for t in session.themes],
    }


# --- list, new, overview -----------------------------------------------------------------------------


@bp.get("/trajecten/<slug>/sessies")
def index(slug: str):
    traject = traject_for(slug, VIEW)
    return render_template(
        "sessions/index.html",
        traject=traject,
        sessions=services.sessions_of(traject),
        can_facilitate=may(current_user, traject, FACILITATE),
        duration=report.duration,
    )


def _session_form_context(traject, errors=None, form=None, chosen=None):
    return {
        "traject": traject,
        "errors": errors or {},
        "form": form or {},
        "choices": [(u.id, u.username) for u in services.facilitator_choices(traject)],
        "chosen": {str(i) for i in (chosen or [])},
    }


@bp.route("/trajecten/<slug>/sessies/nieuw", methods=["GET", "POST"])
def new(slug: str):
    traject = traject_for(slug, FACILITATE)
    if request.method == "POST":
        chosen = request.form.getlist("facilitators")
        try:
            session = services.create_session(
                traject, request.form, chosen, participants=request.form.get("participants", "")
            )
        except InputError as exc:
            db.session.rollback()
            context = _session_form_context(traject, exc.errors, request.form, chosen)
            return render_template("sessions/new.html", **context), 422
        db.session.commit()
        flash(_("Session created. Now choose its stories."))
        return _back("sessions.stories", session)
    mine = [current_user.id] if "facilitator" in current_user.roles_in(traject.id) else []
    form = {"duration_minutes": "150", "focus": traject.focus}
    return render_template("sessions/new.html", **_session_form_context(traject, form=form, chosen=mine))


@bp.get(BASE)
def overview(slug: str, session_id: int):
    session = _session(slug, session_id)
    return render_template(
        "sessions/overview.html",
        **_common(session),
        duration=report.duration,
        display_code=services.display_join_code(session.join_code),
    )


@bp.route(f"{BASE}/voorbereiden", methods=["GET", "POST"])
def prepare(slug: str, session_id: int):
    session = _session(slug, session_id)
    errors, form = {}, None
    chosen = [u.id for u in session.facilitators]
    if request.method == "POST":
        chosen = request.form.getlist("facilitators")
        try:
            services.update_session(session, request.form, chosen)
        except InputError as exc:
            db.session.rollback()
            errors, form = exc.errors, request.form
        else:
            db.session.commit()
            flash(_("Session saved."))
            return _back("sessions.prepare", session)
    if form is None:
        form = {
            "title": session.title,
            "held_on": session.held_on.isoformat(),
            "starts_at": session.starts_at,
            "duration_minutes": session.duration_minutes,
            "goal": session.goal,
            "focus": session.focus,
            "notes": session.notes,
        }
    return render_template(
        "sessions/prepare.html",
        **_common(session),
        **{
            k: v
            for k, v in _session_form_context(session.traject, errors, form, chosen).items()
            if k != "traject"
        },
        selection_text=selection.describe(session),
    ), 422 if errors else 200


@bp.post(f"{BASE}/deelnemers")
def add_participants(slug: str, session_id: int):
    session = _session(slug, session_id)
    try:
        added = services.add_participants(session, request.form.get("participants", ""))
    except InputError as exc:
        db.session.rollback()
        return _refuse(session, "sessions.prepare", exc)
    db.session.commit()
    flash(_("Participants added: %(n)s.", n=len(added)))
    return _back("sessions.prepare", session, "participants")


def _refuse(session: DuidingSession, endpoint: str, exc: InputError):
    """A refused POST from a small form: the page again with the message, status 422."""
    return render_template(
        "sessions/refused.html",
        **_common(session),
        nav=True,
        errors=exc.errors,
        back=url_for(endpoint, slug=session.traject.slug, session_id=session.id),
    ), 422


@bp.post(f"{BASE}/deelnemers/<int:participant_id>/verwijderen")
def remove_participant(slug: str, session_id: int, participant_id: int):
    session = _session(slug, session_id)
    if request.form.get("confirm") != "1":
        return _refuse(session, "sessions.prepare", InputError({"confirm": _("Confirm the removal.")}))
    try:
        services.remove_participant(session, participant_id)
    except InputError as exc:
        db.session.rollback()
        return _refuse(session, "sessions.prepare", exc)
    db.session.commit()
    flash(_("Participant removed."))
    return _back("sessions.prepare", session, "participants")


@bp.post(f"{BASE}/status")
def status(slug: str, session_id: int):
    session = _session(slug, session_id)
    to = request.form.get("to", "")
    try:
        services.set_status(session, to)
    except InputError as exc:
        db.session.rollback()
        return _refuse(session, "sessions.overview", exc)
    db.session.commit()
    if to == "open":
        return _back("sessions.code", session)
    if to == "closed":
        # Closing publishes nothing: what becomes public is chosen, previewed and confirmed in step 9.
        flash(_("Session closed. Nothing of it is public: choose what becomes public in the step Publish."))
        return _back("sessions.publish", session)
    flash(_("Session back in preparation."))
    return _back("sessions.overview", session)


@bp.get(f"{BASE}/code")
def code(slug: str, session_id: int):
    session = _session(slug, session_id)
    join_url = url_for("sessions.overview", slug=slug, session_id=session_id)
    try:
        join_url = url_for("board.join", _external=True)
    except BuildError:
        join_url = request.host_url.rstrip("/") + "/sessie"
    return render_template(
        "sessions/code.html",
        **_common(session),
        display_code=services.display_join_code(session.join_code),
        join_url=join_url,
    )


# --- story set -----------------------------------------------------------------------------------------


def _form_lists(form) -> dict[str, list[str]]:
    return {key: form.getlist(key) for key in (*selection.FILTERS, "from", "to")}


@bp.route(f"{BASE}/verhalen", methods=["GET", "POST"])
def stories(slug: str, session_id: int):
    session = _session(slug, session_id)
    errors: dict[str, str] = {}
    statements = None
    kind = request.form.get("kind", "")
    if request.method == "POST":
        try:
            if kind == "filter":
                count = selection.select_by_filter(
                    session, _form_lists(request.form), request.form.get("limit")
                )
            elif kind == "balanced":
                count = selection.select_balanced(
                    session, request.form.get("size"), request.form.get("seed"), _form_lists(request.form)
                )
            elif kind == "pattern":
                statements = selection.pattern_statements(session.traject)
                count = selection.select_by_pattern(session, request.form.get("statement", ""), statements)
            else:
                raise InputError({"kind": _("Choose how to select the stories.")})
        except InputError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Story set chosen: %(n)s stories.", n=count))
            return _back("sessions.stories", session)
    # The statements take about a second on a few hundred stories: computed when asked for.
    show_patterns = statements is not None or request.args.get("patronen") == "1"
    if statements is None and show_patterns:
        statements = selection.pattern_statements(session.traject)
    return render_template(
        "sessions/stories.html",
        **_common(session),
        errors=errors,
        kind=kind,
        form=request.form,
        choices=selection.filter_choices(session.traject),
        filter_titles=_filter_titles(),
        statements=statements or [],
        show_patterns=show_patterns,
        selection_text=selection.describe(session),
        perspectives=selection.perspective_counts(session),
        default_size=selection.DEFAULT_SAMPLE,
    ), 422 if errors else 200


def _filter_titles() -> dict[str, str]:
    return {
        "perspective": _("Perspective of the narrator"),
        "audience": _("Audience"),
        "age_group": _("Age group"),
        "municipality": _("Municipality"),
        "prompt": _("Prompt"),
        "organisation_type": _("Kind of organisation"),
    }


# --- step 2: review ----------------------------------------------------------------------------------


@bp.route(f"{BASE}/terugblik", methods=["GET", "POST"])
def reviews(slug: str, session_id: int):
    session = _session(slug, session_id)
    errors: dict[str, str] = {}
    failed_id = None
    if request.method == "POST":
        raw = request.form.get("action_id", "")
        failed_id = services.row_id(raw)
        try:
            if failed_id is None:
                raise InputError({"action": _("Choose an action to review.")})
            services.record_review(
                session,
                failed_id,
                status=request.form.get("status", ""),
                obstacles=request.form.get("obstacles", ""),
                opportunities=request.form.get("opportunities", ""),
                next_step=request.form.get("next_step", ""),
            )
        except InputError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Review saved."))
            return _back("sessions.reviews", session, f"action-{failed_id}")
    actions = services.actions_to_review(session)
    if failed_id not in {a.id for a in actions}:
        failed_id = None  # the message then shows at the top: there is no form of that action here
    return render_template(
        "sessions/reviews.html",
        **_common(session),
        actions=actions,
        review_of=services.review_of,
        history=services.history,
        statuses=ACTION_STATUSES,
        status_labels=report.status_labels(),
        owner=report.owner,
        errors=errors,
        failed_id=failed_id,
        form=request.form,
    ), 422 if errors else 200


# --- step 5: actions ---------------------------------------------------------------------------------


def _actions_page(session, errors=None, form=None, status=200):
    return render_template(
        "sessions/actions.html",
        **_common(session),
        grouped=services.actions_by_theme(session),
        errors=errors or {},
        form=form or {},
        owner=report.owner,
        term_labels=report.term_labels(),
        size_labels=report.size_labels(),
        status_labels=report.status_labels(),
    ), status


@bp.route(f"{BASE}/acties", methods=["GET", "POST"])
def actions(slug: str, session_id: int):
    session = _session(slug, session_id)
    if request.method == "POST":
        try:
            action = services.create_action(session, request.form)
        except InputError as exc:
            db.session.rollback()
            return _actions_page(session, exc.errors, request.form, 422)
        db.session.commit()
        flash(_("Action added."))
        return _back("sessions.actions", session, f"action-{action.id}")
    return _actions_page(session, form={"theme_id": request.args.get("theme_id", "")})


@bp.route(f"{BASE}/acties/<int:action_id>", methods=["GET", "POST"])
def edit_action(slug: str, session_id: int, action_id: int):
    session = _session(slug, session_id)
    action = services.action_in(session, action_id)
    if action is None:
        abort(404)
    errors, form = {}, None
    if request.method == "POST":
        try:
            services.update_action(session, action_id, request.form)
        except InputError as exc:
            db.session.rollback()
            errors, form = exc.errors, request.form
        else:
            db.session.commit()
            flash(_("Action saved."))
            return _back("sessions.actions", session, f"action-{action_id}")
    if form is None:
        form = {
            "title": action.title,
            "description": action.description,
            "term": action.term,
            "size": action.size,
            "owner_organisation": action.owner_organisation,
            "owner_person": action.owner_person,
            "next_step": action.next_step,
            "due_on": action.due_on.isoformat() if action.due_on else "",
            "first_step": "1" if action.first_step else "",
            "theme_id": str(action.theme_id or ""),
        }
    return render_template(
        "sessions/action_form.html",
        **_common(session),
        action=action,
        errors=errors,
        form=form,
        term_labels=report.term_labels(),
        size_labels=report.size_labels(),
    ), 422 if errors else 200


@bp.post(f"{BASE}/acties/<int:action_id>/verwijderen")
def delete_action(slug: str, session_id: int, action_id: int):
    session = _session(slug, session_id)
    if services.action_in(session, action_id) is None:
        abort(404)
    if request.form.get("confirm") != "1":
        return _refuse(session, "sessions.actions", InputError({"confirm": _("Confirm the removal.")}))
    services.delete_action(session, action_id)
    db.session.commit()
    flash(_("Action removed."))
    return _back("sessions.actions", session)


@bp.post(f"{BASE}/eerste-stappen")
def first_steps(slug: str, session_id: int):
    session = _session(slug, session_id)
    services.set_first_steps(session, request.form.getlist("first_step"))
    db.session.commit()
    flash(_("First steps saved."))
    return _back("sessions.actions", session, "first-steps")


# --- step 6: ritual dissent ----------------------------------------------------------------------------


@bp.route(f"{BASE}/dissent", methods=["GET", "POST"])
def dissent(slug: str, session_id: int):
    session = _session(slug, session_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        what = request.form.get("what", "")
        round_id = request.form.get("round_id", "")
        try:
            if what == "round":
                made = services.create_round(
                    session, request.form.get("proposal", ""), request.form.get("action_id")
                )
                round_id = str(made.id)
            elif what in ("critique", "suggestion"):
                services.add_remarks(session, round_id, what, request.form.get("text", ""))
            elif what == "revised":
                services.revise(session, round_id, request.form.get("revised_proposal", ""))
            else:
                raise InputError({"what": _("Choose what to record.")})
        except InputError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Saved."))
            return _back("sessions.dissent", session, f"round-{round_id}")
    return render_template(
        "sessions/dissent.html",
        **_common(session),
        actions=services.session_actions(session),
        errors=errors,
        form=request.form,
    ), 422 if errors else 200


# --- figures and sources -------------------------------------------------------------------------------


@bp.route(f"{BASE}/cijfers-en-bronnen", methods=["GET", "POST"])
def evidence(slug: str, session_id: int):
    session = _session(slug, session_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        what = request.form.get("what", "")
        try:
            if what == "indicators":
                figures.set_session_indicators(session, request.form.getlist("indicator"))
            elif what == "sources":
                sources.set_session_sources(session, request.form.getlist("source_id"))
            else:
                raise InputError({"what": _("Choose figures or sources.")})
        except InputError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Saved."))
            return _back("sessions.evidence", session)
    chosen = figures.session_indicators(session)
    return render_template(
        "sessions/evidence.html",
        **_common(session),
        indicators=figures.indicators(session.traject),
        chosen={e["key"] for e in chosen},
        charts=[(e, figures.chart(e, f"fig-{i}")) for i, e in enumerate(chosen)],
        format_value=figures.format_value,
        all_sources=sources.sources_of(session.traject),
        attached={s.id for s in session.sources},
        importance=sources.importance_labels(),
        errors=errors,
    ), 422 if errors else 200


@bp.route("/trajecten/<slug>/cijfers", methods=["GET", "POST"])
def figures_page(slug: str):
    traject = traject_for(slug, FACILITATE)
    result, error = None, None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            error = _("Choose a file to upload.")
        else:
            try:
                result = figures.import_figures(traject, upload.read())
            except InputError as exc:
                db.session.rollback()
                error = " ".join(exc.errors.values())
            else:
                if result.imported:
                    db.session.commit()
                    flash(
                        _("Figures imported: %(a)s new, %(b)s updated.", a=result.created, b=result.updated)
                    )
                    return redirect(url_for("sessions.figures_page", slug=slug), code=303)
                db.session.rollback()
    status = 422 if error or (result and not result.imported) else 200
    return render_template(
        "sessions/figures.html",
        traject=traject,
        indicators=figures.indicators(traject),
        format_value=figures.format_value,
        result=result,
        error=error,
        columns=figures.COLUMNS,
    ), status


@bp.route("/trajecten/<slug>/bronnen", methods=["GET", "POST"])
def sources_page(slug: str):
    traject = traject_for(slug, FACILITATE)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            if request.form.get("source_id"):
                sources.update_source(traject, request.form["source_id"], request.form)
            else:
                sources.create_source(traject, request.form)
        except InputError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Source saved."))
            return redirect(url_for("sessions.sources_page", slug=slug), code=303)
    return render_template(
        "sessions/sources.html",
        traject=traject,
        all_sources=sources.sources_of(traject),
        importance=sources.importance_labels(),
        errors=errors,
        form=request.form,
    ), 422 if errors else 200


@bp.post("/trajecten/<slug>/bronnen/verwijderen")
def delete_source(slug: str):
    traject = traject_for(slug, FACILITATE)
    try:
        sources.delete_source(traject, request.form.get("source_id"))
    except InputError as exc:
        db.session.rollback()
        return render_template(
            "sessions/refused.html",
            traject=traject,
            errors=exc.errors,
            back=url_for("sessions.sources_page", slug=slug),
        ), 422
    db.session.commit()
    flash(_("Source removed."))
    return redirect(url_for("sessions.sources_page", slug=slug), code=303)


# --- step 8: the report --------------------------------------------------------------------------------


@bp.get(f"{BASE}/verslag")
def report_page(slug: str, session_id: int):
    session = _session(slug, session_id, VIEW)
    built = report.build(session, protect_counts=_protect_counts(session))
    return render_template(
        "sessions/report.html",
        traject=session.traject,
        session=session,
        report=built,
        duration=report.duration,
        owner=report.owner,
        term_labels=report.term_labels(),
        size_labels=report.size_labels(),
        status_labels=report.status_labels(),
        importance=sources.importance_labels(),
        charts=[(e, figures.chart(e, f"fig-{i}")) for i, e in enumerate(built.indicators)],
        format_value=figures.format_value,
        can_facilitate=may(current_user, session.traject, FACILITATE),
        has_pdf=pdf_available(),
        hidden_note=report.hidden_note,
    )


def _protect_counts(session: DuidingSession) -> bool:
    """Readers below facilitator level (the coalition) see story counts as on their dashboard."""
    return not may(current_user, session.traject, FACILITATE)


def _filename(session: DuidingSession, ext: str) -> str:
    return f"verslag-{session.traject.slug}-{session.held_on.isoformat()}-{session.id}.{ext}"


@bp.get(f"{BASE}/verslag.md")
def report_markdown(slug: str, session_id: int):
    session = _session(slug, session_id, VIEW)
    body = report.markdown(report.build(session, protect_counts=_protect_counts(session)))
    return Response(
        body.encode("utf-8"),
        mimetype="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename={_filename(session, 'md')}"},
    )


def pdf_available() -> bool:
    from vertelpunt.sessions import pdf

    return pdf.available()


@bp.get(f"{BASE}/verslag.pdf")
def report_pdf(slug: str, session_id: int):
    from vertelpunt.sessions import pdf

    session = _session(slug, session_id, VIEW)
    if not pdf.available():
        # Without fpdf2 installed the browser makes the PDF: the printable page says how.
        flash(_("Use your browser's print function and choose 'Save as PDF'."))
        return report_page(slug, session_id)
    body = pdf.render(report.build(session, protect_counts=_protect_counts(session)))
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"attachment; filename={_filename(session, 'pdf')}"},
    )


# Step 9, Publiceren, lives in its own module; importing it registers its routes on this blueprint.
from vertelpunt.sessions import publish as _publish  # noqa: E402, F401
