"""Coalition pages: response dashboard, organisation table, share kit, texts, targets and digest.

Thin: the rules live in services.py, dashboard.py, kit.py and digest.py."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from linkgen import qr
from linkgen import table as tables
from linkgen import texts as share_texts
from vertelpunt.coalition import dashboard, digest, figures, gaps, kit, organisation_table, services
from vertelpunt.coalition.exports import dashboard_csv
from vertelpunt.core import transaction
from vertelpunt.core.access import MANAGE_LINKS, VIEW, may, traject_for
from vertelpunt.core.assets import AssetBlueprint, compressed_page, is_asset, send_library_file
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.forms.base import errors_of, values_of
from vertelpunt.forms.coalition import (
    DigestSettingsForm,
    RemoveTargetForm,
    TableForm,
    TargetForm,
    TextsForm,
)
from vertelpunt.framework.options import audience_label
from vertelpunt.models import Link
from vertelpunt.models.coalition import EVERY_VALUE, TARGET_DIMENSIONS

# Its own stylesheets and script are at /staff/assets/coalition/<name> (coalition.static).
bp = AssetBlueprint(
    "coalition", __name__, url_prefix="/staff", static_folder="static", static_url_path="/assets/coalition"
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A partial plotly.js (only the trace types drawn here; scripts/plotly_bundle.sh), not the full 4.8 MB one.
PLOTLY_JS = Path(__file__).parent / "static" / "plotly-partial.min.js"


@bp.before_request
def _staff_only():
    # Library code and styling, nothing of any traject: served to anyone, and cached.
    if is_asset(request.endpoint) or request.endpoint == "coalition.plotly_js":
        return None
    return login_required(lambda: None)()


@bp.get("/assets/plotly.min.js")
def plotly_js():
    return send_library_file(PLOTLY_JS, "text/javascript")


@bp.get("/trajecten/<slug>/response")
@compressed_page  # 100 KB of number tables; its one secret changes every second (core/assets.py)
def response(slug: str):
    traject = traject_for(slug, VIEW)
    board = dashboard.build(traject, exact=dashboard.sees_exact_counts(current_user, traject))
    return render_template(
        "coalition/dashboard.html",
        traject=traject,
        board=board,
        weekly_figure=figures.weekly_figure(board),
        figures={b.dimension: figures.breakdown_figure(b) for b in board.breakdowns},
        target_states=gaps.target_states(),
        can_manage=may(current_user, traject, MANAGE_LINKS),
    )


@bp.get("/trajecten/<slug>/response.csv")
def response_csv(slug: str):
    traject = traject_for(slug, VIEW)
    board = dashboard.build(traject, exact=dashboard.sees_exact_counts(current_user, traject))
    return Response(
        dashboard_csv(board),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=respons-{traject.slug}.csv"},
    )


@bp.route("/trajecten/<slug>/table", methods=["GET", "POST"])
def table(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    form = TableForm()
    report, error = None, None
    if request.method == "POST":
        if not form.validate_on_submit():
            error = " ".join(errors_of(form).values())
        else:
            upload = form.file.data
            try:
                report = organisation_table.import_table(
                    traject, upload.read(), upload.filename, valid_only=form.valid_only.data
                )
            except InputError as exc:
                error = " ".join(exc.errors.values())
            else:
                if report.imported:
                    flash(_("Table imported."))
    # A refused table leaves nothing behind: the request's transaction rolls back on this status.
    status = 422 if error or (report and not report.imported) else 200
    return render_template(
        "coalition/table.html",
        traject=traject,
        rows=organisation_table.table_rows(traject),
        columns=tables.COLUMNS,
        headers=tables.HEADERS,
        report=report,
        error=error,
    ), status


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}"}
    )


@bp.get("/trajecten/<slug>/table.csv")
def table_csv(slug: str):
    rows = organisation_table.table_rows(traject_for(slug, MANAGE_LINKS))
    return _download(tables.write_csv(rows), "text/csv; charset=utf-8", f"organisaties-{slug}.csv")


@bp.get("/trajecten/<slug>/table.xlsx")
def table_xlsx(slug: str):
    rows = organisation_table.table_rows(traject_for(slug, MANAGE_LINKS))
    return _download(tables.write_xlsx(rows), XLSX, f"organisaties-{slug}.xlsx")


def _link(slug: str, link_id: int) -> Link:
    traject = traject_for(slug, MANAGE_LINKS)
    link = db.session.get(Link, link_id)
    if link is None or link.traject_id != traject.id:
        abort(404)
    return link


@bp.get("/trajecten/<slug>/kit/<int:link_id>")
def kit_page(slug: str, link_id: int):
    link = _link(slug, link_id)
    the_kit = kit.kit_for(link)
    return render_template(
        "coalition/kit.html",
        traject=link.traject,
        link=link,
        kit=the_kit,
        qr_svg=qr.svg(the_kit["url"], scale=6, title=_("QR code for %(url)s", url=the_kit["short"])),
        audience_label=audience_label,
    )


@bp.get("/trajecten/<slug>/kit/<int:link_id>/qr.svg")
def kit_qr_svg(slug: str, link_id: int):
    link = _link(slug, link_id)
    return _download(qr.svg(kit.link_url(link), scale=10).encode(), "image/svg+xml", f"qr-{link.token}.svg")


@bp.get("/trajecten/<slug>/kit/<int:link_id>/qr.png")
def kit_qr_png(slug: str, link_id: int):
    link = _link(slug, link_id)
    return _download(qr.png(kit.link_url(link), scale=12), "image/png", f"qr-{link.token}.png")


@bp.get("/trajecten/<slug>/kit/<int:link_id>/flyer")
def kit_flyer(slug: str, link_id: int):
    link = _link(slug, link_id)
    the_kit = kit.kit_for(link)
    return render_template(
        "coalition/flyer.html",
        traject=link.traject,
        link=link,
        kit=the_kit,
        flyer=kit.flyer_text(link, with_organisation=request.args.get("organisation") != "0"),
        qr_svg=qr.svg(the_kit["url"], scale=10, title=_("QR code for %(url)s", url=the_kit["short"])),
    )


@bp.route("/trajecten/<slug>/texts", methods=["GET", "POST"])
def texts(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    form = TextsForm()
    audience = request.args.get("audience") or form.audience.data or "youth"
    if audience not in share_texts.AUDIENCES:
        abort(404)
    errors = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            errors = errors_of(form)
        else:
            try:
                services.save_share_texts(traject, audience, form.texts())
            except InputError as exc:
                errors = exc.errors
            else:
                flash(_("Texts saved."))
                return redirect(url_for("coalition.texts", slug=slug, audience=audience))
    sent = form.texts() if errors else {}
    current = {k: sent[k] if errors else services.share_text(traject, audience, k) for k in share_texts.KINDS}
    return render_template(
        "coalition/texts.html",
        traject=traject,
        audience=audience,
        audiences=share_texts.AUDIENCES,
        kinds=share_texts.KINDS,
        current=current,
        errors=errors,
        placeholders=share_texts.PLACEHOLDERS,
        audience_label=audience_label,
    ), 422 if errors else 200


def _targets_page(traject, errors: dict, form, status: int = 200):
    board = dashboard.build(traject, exact=dashboard.sees_exact_counts(current_user, traject))
    labels = dashboard.structure_of(traject, {}, set()).labels
    choices = {
        d: [(EVERY_VALUE, _("every group"))]
        + [(v, labels[d].get(v, v)) for v in services.target_values(traject, d)]
        for d in TARGET_DIMENSIONS
    }
    return render_template(
        "coalition/targets.html",
        traject=traject,
        board=board,
        target_states=gaps.target_states(),
        targets=services.targets(traject),
        titles=dashboard.dimension_titles(),
        choices=choices,
        labels=labels,
        every=EVERY_VALUE,
        errors=errors,
        form=form,
        can_manage=may(current_user, traject, MANAGE_LINKS),
    ), status


@bp.get("/trajecten/<slug>/targets")
def targets(slug: str):
    return _targets_page(traject_for(slug, VIEW), {}, {})


@bp.post("/trajecten/<slug>/targets")
def add_target(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    form = TargetForm()
    if not form.validate_on_submit():
        return _targets_page(traject, errors_of(form), values_of(form), 422)
    try:
        services.add_target(
            traject,
            dimension=form.dimension.data or "",
            value=form.value(),
            min_count=form.min_count.data,
            min_share=form.min_share.data,
        )
    except InputError as exc:
        return _targets_page(traject, exc.errors, values_of(form), 422)
    flash(_("Target added."))
    return redirect(url_for("coalition.targets", slug=slug))


@bp.post("/trajecten/<slug>/targets/remove")
def remove_target(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    form = RemoveTargetForm()
    if not form.validate_on_submit():
        return _targets_page(traject, errors_of(form), {}, 422)
    try:
        services.remove_target(traject, form.target_id.data)
    except InputError as exc:
        # A target removed meanwhile (another tab, a double click): said on the page it was asked from.
        transaction.refuse()
        for message in exc.errors.values():
            flash(message, "error")
    else:
        flash(_("Target removed."))
    return redirect(url_for("coalition.targets", slug=slug))


def _digest_page(traject, errors: dict, form, status: int = 200):
    return render_template(
        "coalition/digest.html",
        traject=traject,
        digest=digest.latest(traject),
        settings=services.settings_for(traject),
        quiet_weeks=services.quiet_weeks(services.settings_for(traject)),
        quiet_choices=services.QUIET_WEEKS,
        errors=errors,
        form=form,
        can_manage=may(current_user, traject, MANAGE_LINKS),
    ), status


@bp.get("/trajecten/<slug>/digest")
def digest_page(slug: str):
    return _digest_page(traject_for(slug, VIEW), {}, {})


@bp.post("/trajecten/<slug>/digest")
def digest_settings(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    form = DigestSettingsForm()
    if not form.validate_on_submit():
        return _digest_page(traject, errors_of(form), values_of(form), 422)
    try:
        services.save_settings(
            traject, recipients=form.recipients.data or "", quiet_days=form.quiet_days.data
        )
    except InputError as exc:
        return _digest_page(traject, exc.errors, values_of(form), 422)
    flash(_("Settings saved."))
    return redirect(url_for("coalition.digest_page", slug=slug))
