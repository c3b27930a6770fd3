"""A person's own account: their password and their second factor."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from vertelpunt.auth import services, totp
from vertelpunt.auth.routes import bp, setup_page, try_enrol
from vertelpunt.extensions import limiter
from vertelpunt.forms import auth as forms


def _limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _page(password_form=None, off_form=None, errors=None, status: int = 200):
    return render_template(
        "auth/account.html",
        password_form=password_form or forms.ChangePasswordForm(formdata=None),
        off_form=off_form or forms.PasswordCheckForm(formdata=None),
        required=totp.required_for(current_user),
        errors=errors or {},
        idle=current_app.config["SESSION_IDLE_MINUTES"],
        longest=current_app.config["SESSION_MAX_HOURS"],
    ), status


@bp.get("/staff/account")
@login_required
def account():
    return _page()


@bp.post("/staff/account/wachtwoord")
@login_required
@limiter.limit(_limit)
def change_password():
    """Other logins of the account end; this one goes on."""
    form = forms.ChangePasswordForm()
    if not form.validate_on_submit():
        return _page(password_form=form, status=422)
    if not services.check_password(current_user, form.current.data):
        return _page(
            password_form=form, errors={"current": _("This is not your current password.")}, status=422
        )
    services.set_password(current_user, form.password.data, keep=current_user.get_id())
    flash(_("Your password is changed. Your other logins have ended."))
    return redirect(url_for("auth.account"))


@bp.route("/staff/account/tweede-stap", methods=["GET", "POST"])
@login_required
@limiter.limit(_limit, methods=["POST"])
def totp_setup():
    if current_user.has_totp:
        flash(_("Your second factor is already on."))
        return redirect(url_for("auth.account"))
    form = forms.CodeForm()
    if form.validate_on_submit():
        error = try_enrol(current_user, form)
        if error is None:
            services.end_user_sessions(current_user, keep=current_user.get_id())
            flash(_("Your second factor is on. From now on you log in with a code from your app."))
            return redirect(url_for("auth.account"))
        return setup_page(current_user, form, error, 401, during_login=False)
    return setup_page(current_user, form, "", 422 if form.is_submitted() else 200, during_login=False)


@bp.post("/staff/account/tweede-stap/uit")
@login_required
@limiter.limit(_limit)
def totp_off():
    form = forms.PasswordCheckForm()
    if totp.required_for(current_user):
        return _page(off_form=form, errors={"off": _("Your role needs the second factor.")}, status=422)
    if not form.validate_on_submit() or not services.check_password(current_user, form.current.data):
        return _page(off_form=form, errors={"off": _("This is not your current password.")}, status=422)
    totp.disable(current_user)
    flash(_("Your second factor is off."))
    return redirect(url_for("auth.account"))
