"""The administrators' account pages. Thin: the rules are in admin.py."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from vertelpunt import audit, database, mail
from vertelpunt.auth import admin, clock, messages
from vertelpunt.auth.routes import bp
from vertelpunt.core.access import require_admin
from vertelpunt.core.errors import InputError
from vertelpunt.core.ids import row_or_404
from vertelpunt.extensions import db
from vertelpunt.forms import auth as forms
from vertelpunt.models import SentMail, User

# How far back the accounts page shows mail that could not be delivered.
FAILED_MAIL_DAYS = 30


def _admin() -> None:
    require_admin()


def _send_invitation(user: User, token: str) -> None:
    """Mail the link (stored already, so it works by the time the mail arrives) and say how it went."""
    delivery = mail.deliver(messages.invitation(user, token), [user.email], "invitation")
    if delivery.failures:
        flash(
            _(
                "The invitation could not be sent to %(address)s: %(error)s. Check the address, then send it again.",
                address=user.email,
                error=delivery.failures[0].error,
            ),
            "error",
        )
    else:
        flash(_("Invitation sent to %(address)s.", address=user.email))


def _failed_mail() -> list[SentMail]:
    since = clock.now() - dt.timedelta(days=FAILED_MAIL_DAYS)
    query = (
        select(SentMail)
        .where(SentMail.status == "failed", SentMail.created_at >= since)
        .order_by(SentMail.id.desc())
        .limit(50)
    )
    return list(db.session.scalars(query))


@bp.get("/staff/accounts")
@login_required
def accounts():
    _admin()
    return render_template("auth/admin/accounts.html", rows=admin.rows(), failed=_failed_mail())


@bp.get("/staff/logboek")
@login_required
def audit_log():
    """The audit trail, for administrators: who exported, published or deleted what, and when."""
    _admin()
    return render_template("auth/admin/audit.html", entries=audit.recent(), labels=audit.LABELS)


@bp.route("/staff/accounts/uitnodigen", methods=["GET", "POST"])
@login_required
def invite():
    _admin()
    places = admin.trajecten()
    form = admin.access_form(forms.InviteFields, places)
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            # Stored at once, apart from the request: the mail below must not carry a link that
            # does not work yet.
            with database.short_write():
                user, token = admin.invite(
                    form.username.data, form.email.data, form.is_admin.data, admin.chosen_roles(form, places)
                )
        except InputError as exc:
            errors = exc.errors
        else:
            _send_invitation(user, token)
            return _to_account(user.id)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/admin/invite.html", form=form, places=places, errors=errors), status


def _edit_page(user: User, form=None, errors=None, status: int = 200):
    places = admin.trajecten()
    return render_template(
        "auth/admin/account.html",
        account=user,
        form=form or admin.access_form(forms.AccessFields, places, user, formdata=None),
        places=places,
        errors=errors or {},
    ), status


def _to_account(user_id: int):
    return redirect(url_for("auth.edit_account", user_id=user_id))


@bp.route("/staff/accounts/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit_account(user_id: int):
    _admin()
    user = row_or_404(User, user_id)
    if request.method == "GET":
        return _edit_page(user)
    places = admin.trajecten()
    form = admin.access_form(forms.AccessFields, places)
    if not form.validate_on_submit():
        return _edit_page(user, form, status=422)
    try:
        admin.set_access(
            user, current_user, form.email.data, form.is_admin.data, admin.chosen_roles(form, places)
        )
    except InputError as exc:
        return _edit_page(user, form, exc.errors, 422)
    audit.record("access_changed", detail=f"account {user.username}")
    flash(_("Saved."))
    return _to_account(user_id)


def _button(user_id: int, key: str, form_class, act):
    """A button on an account's page: act(user, form) once the form is right; a refusal shows the
    page again with its reason at ``key`` (or at the field the refusal names)."""
    _admin()
    user = row_or_404(User, user_id)
    form = form_class()
    if not form.validate_on_submit():
        return _edit_page(user, errors={key: _("Try again.")}, status=422)
    try:
        act(user, form)
    except InputError as exc:
        return _edit_page(user, errors=exc.errors, status=422)
    return _to_account(user_id)


@bp.post("/staff/accounts/<int:user_id>/actief")
@login_required
def set_active(user_id: int):
    def act(user: User, form) -> None:
        admin.set_active(user, current_user, form.active.data == "1")
        audit.record(
            "account_activated" if user.active else "account_deactivated", detail=f"account {user.username}"
        )
        if user.active:
            flash(_("The account is active again."))
        else:
            flash(_("The account is deactivated; its logins have ended."))

    return _button(user_id, "active", forms.ActiveForm, act)


@bp.post("/staff/accounts/<int:user_id>/uitnodiging")
@login_required
def resend_invitation(user_id: int):
    def act(user: User, _form) -> None:
        with database.short_write():  # as in invite(): the link works before the mail is sent
            token = admin.reinvite(user)
        _send_invitation(user, token)

    return _button(user_id, "user", forms.ConfirmForm, act)


@bp.post("/staff/accounts/<int:user_id>/tweede-stap")
@login_required
def reset_totp(user_id: int):
    def act(user: User, _form) -> None:
        admin.reset_second_factor(user, current_user)
        name = user.username
        flash(_("The second factor is reset. %(name)s sets up a new one at the next login.", name=name))

    return _button(user_id, "totp", forms.ConfirmForm, act)
