"""Coalition pages: response dashboard, organisation table, share kit, texts, targets and digest.

Thin: the rules live in services.py, dashboard.py, kit.py and digest.py."""

from __future__ import annotations

from pathlib import Path

import plotly
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from linkgen import qr
from linkgen import table as tables
from linkgen import texts as share_texts
from vertelpunt.coalition import dashboard, digest, figures, gaps, kit, services
from vertelpunt.coalition.exports import dashboard_csv
from vertelpunt.core.access import MANAGE_LINKS, VIEW, may, traject_for
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db
from vertelpunt.models import Link
from vertelpunt.models.coalition import EVERY_VALUE, TARGET_DIMENSIONS
from vertelpunt.web import send_asset

bp = Blueprint("coalition", __name__, url_prefix="/staff")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
STATIC = Path(__file__).parent / "static"
# Library code and styling, nothing of any traject: served to anyone, and cached.
PUBLIC_ASSETS = frozenset(
    {
        "coalition.plotly_js",
        "coalition.plotly_css",
        "coalition.script",
        "coalition.stylesheet",
        "coalition.flyer_css",
    }
)


@bp.before_request
def _staff_only():
    if request.endpoint in PUBLIC_ASSETS:
        return None
    return login_required(lambda: None)()


@bp.get("/assets/plotly.min.js")
def plotly_js():
    return send_asset(PLOTLY_JS, "text/javascript")


@bp.get("/assets/plotly-base.css")
def plotly_css():
    return send_asset(STATIC / "plotly-base.css", "text/css")


@bp.get("/assets/coalition.js")
def script():
    return send_asset(STATIC / "coalition.js", "text/javascript")


@bp.get("/assets/coalition.css")
def stylesheet():
    return send_asset(STATIC / "coalition.css", "text/css")


@bp.get("/assets/flyer.css")
def flyer_css():
    return send_asset(STATIC / "flyer.css", "text/css")


@bp.get("/trajecten/<slug>/response")
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
    report, error = None, None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            error = _("Choose a file to upload.")
        else:
            try:
                report = services.import_table(
                    traject, upload.read(), upload.filename, valid_only=request.form.get("valid_only") == "1"
                )
            except InputError as exc:
                db.session.rollback()
                error = " ".join(exc.errors.values())
            else:
                if report.imported:
                    db.session.commit()
                    flash(_("Table imported."))
                else:
                    db.session.rollback()
    status = 422 if error or (report and not report.imported) else 200
    return render_template(
        "coalition/table.html",
        traject=traject,
        rows=services.table_rows(traject),
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
    rows = services.table_rows(traject_for(slug, MANAGE_LINKS))
    return _download(tables.write_csv(rows), "text/csv; charset=utf-8", f"organisaties-{slug}.csv")


@bp.get("/trajecten/<slug>/table.xlsx")
def table_xlsx(slug: str):
    rows = services.table_rows(traject_for(slug, MANAGE_LINKS))
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
        audience_label=dashboard.audience_label,
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
        qr_svg=qr.svg(the_kit["url"], scale=10, title=_("QR code for %(url)s", url=the_kit["short"])),
    )


@bp.route("/trajecten/<slug>/texts", methods=["GET", "POST"])
def texts(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    audience = request.values.get("audience", "youth")
    if audience not in share_texts.AUDIENCES:
        abort(404)
    errors, form = {}, request.form
    if request.method == "POST":
        try:
            services.save_share_texts(traject, audience, {k: form.get(k, "") for k in share_texts.KINDS})
        except InputError as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Texts saved."))
            return redirect(url_for("coalition.texts", slug=slug, audience=audience))
    current = {
        k: form.get(k) if errors else services.share_text(traject, audience, k) for k in share_texts.KINDS
    }
    return render_template(
        "coalition/texts.html",
        traject=traject,
        audience=audience,
        audiences=share_texts.AUDIENCES,
        kinds=share_texts.KINDS,
        current=current,
        errors=errors,
        placeholders=share_texts.PLACEHOLDERS,
        audience_label=dashboard.audience_label,
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
    form = request.form
    dimension = form.get("dimension", "")
    try:
        services.add_target(
            traject,
            dimension=dimension,
            value=form.get(f"value_{dimension}", ""),
            min_count=form.get("min_count", ""),
            min_share=form.get("min_share", ""),
        )
    except InputError as exc:
        db.session.rollback()
        return _targets_page(traject, exc.errors, form, 422)
    db.session.commit()
    flash(_("Target added."))
    return redirect(url_for("coalition.targets", slug=slug))


@bp.post("/trajecten/<slug>/targets/remove")
def remove_target(slug: str):
    traject = traject_for(slug, MANAGE_LINKS)
    target_id = request.form.get("target_id", "")
    try:
        services.remove_target(traject, int(target_id) if target_id.isdigit() else 0)
    except InputError as exc:
        db.session.rollback()
        for message in exc.errors.values():
            flash(message, "error")
    else:
        db.session.commit()
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
    form = request.form
    try:
        services.save_settings(
            traject, recipients=form.get("recipients", ""), quiet_days=form.get("quiet_days", "")
        )
    except InputError as exc:
        db.session.rollback()
        return _digest_page(traject, exc.errors, form, 422)
    db.session.commit()
    flash(_("Settings saved."))
    return redirect(url_for("coalition.digest_page", slug=slug))
