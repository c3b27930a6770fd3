"""Monitoring figures and sources ('fly on the wall'): the traject's lists, and which of them a session
brings in."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from vertelpunt import audit
from vertelpunt.core.access import FACILITATE, traject_for
from vertelpunt.core.errors import InputError
from vertelpunt.forms.base import errors_of, submit, values_of
from vertelpunt.forms.sessions import EvidenceForm, FiguresForm, SourceForm, SourceRemovalForm, typed
from vertelpunt.sessions import monitoring, services, sources
from vertelpunt.sessions.routes import BASE, REFUSED, back, bp, common, refuse, session_or_404


@bp.route(f"{BASE}/cijfers-en-bronnen", methods=["GET", "POST"])
def evidence(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    indicators = monitoring.indicators(session.traject)
    listed = sources.sources_of(session.traject)
    form = EvidenceForm([(e["key"], e["label"]) for e in indicators], [(s.id, s.title) for s in listed])

    def change():
        services.refuse_if_closed(session)
        if form.what.data == "indicators":
            monitoring.set_session_indicators(session, form.indicator.data)
        else:
            sources.set_session_sources(session, form.source_id.data)

    outcome = submit(form, change)
    if outcome.done:
        flash(_("Saved."))
        return back("sessions.evidence", session)
    errors = outcome.errors
    chosen = monitoring.session_indicators(session)
    return render_template(
        "sessions/evidence.html",
        **common(session),
        indicators=indicators,
        chosen={e["key"] for e in chosen},
        charts=[(e, monitoring.chart(e, f"fig-{i}")) for i, e in enumerate(chosen)],
        format_value=monitoring.format_value,
        all_sources=listed,
        attached={s.id for s in session.sources},
        importance=sources.importance_labels(),
        errors=errors,
    ), REFUSED if errors else 200


@bp.route("/trajecten/<slug>/cijfers", methods=["GET", "POST"])
def figures_page(slug: str):
    traject = traject_for(slug, FACILITATE)
    form = FiguresForm()
    result, error = None, None
    if form.validate_on_submit():
        try:
            result = monitoring.import_figures(traject, form.file.data.read())
        except InputError as exc:
            error = " ".join(exc.errors.values())
        else:
            if result.imported:
                flash(_("Figures imported: %(a)s new, %(b)s updated.", a=result.created, b=result.updated))
                return redirect(url_for("sessions.figures_page", slug=slug), code=303)
    elif form.is_submitted():
        error = " ".join(errors_of(form).values())
    # A file with a wrong row imports nothing: the refusal's status undoes the rows read before it.
    refused = error or (result and not result.imported)
    return render_template(
        "sessions/figures.html",
        traject=traject,
        indicators=monitoring.indicators(traject),
        format_value=monitoring.format_value,
        result=result,
        error=error,
        columns=monitoring.COLUMNS,
    ), REFUSED if refused else 200


@bp.route("/trajecten/<slug>/bronnen", methods=["GET", "POST"])
def sources_page(slug: str):
    traject = traject_for(slug, FACILITATE)
    form = SourceForm()

    def change():
        if form.source_id.data is not None:
            sources.update_source(traject, form.source_id.data, typed(form))
        else:
            sources.create_source(traject, typed(form))

    outcome = submit(form, change)
    if outcome.done:
        flash(_("Source saved."))
        return redirect(url_for("sessions.sources_page", slug=slug), code=303)
    errors = outcome.errors
    return render_template(
        "sessions/sources.html",
        traject=traject,
        all_sources=sources.sources_of(traject),
        importance=sources.importance_labels(),
        errors=errors,
        form=values_of(form),
    ), REFUSED if errors else 200


@bp.post("/trajecten/<slug>/bronnen/verwijderen")
def delete_source(slug: str):
    traject = traject_for(slug, FACILITATE)
    form = SourceRemovalForm()
    if not form.validate_on_submit():
        return refuse(traject, "sessions.sources_page", errors_of(form))
    try:
        sources.delete_source(traject, form.source_id.data)
    except InputError as exc:
        return refuse(traject, "sessions.sources_page", exc.errors)
    audit.record("source_deleted", traject, f"source {form.source_id.data}")
    flash(_("Source removed."))
    return redirect(url_for("sessions.sources_page", slug=slug), code=303)
