"""Logging in (password, then the second factor when the account has one or its role needs one),
logging out, and choosing a password through an invitation or reset link. The self-service pages are
in account_routes.py, the administrators' pages in admin_routes.py."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from vertelpunt import database, mail
from vertelpunt.auth import clock, messages, services, tokens, totp
from vertelpunt.clients import client_key
from vertelpunt.extensions import db, limiter, login_manager
from vertelpunt.forms import auth as forms
from vertelpunt.logs import mark_request
from vertelpunt.models import User

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = None

# Between the password and the second factor: who, since when, where to go after.
PENDING = "pending_login"
PENDING_SECONDS = 300
# The secret being set up, sealed (the session cookie is signed, not encrypted).
ENROL = "totp_enrol"
# Pages whose address holds a secret: their requests get no access log line.
SECRET_ADDRESSES = frozenset({"auth.reset_password", "auth.accept_invitation"})


@login_manager.user_loader
def _load_user(session_id: str):
    return services.user_for_session(session_id)


@bp.record_once
def _check_settings(state) -> None:
    unknown = set(state.app.config.get("TOTP_REQUIRED_ROLES") or ()) - set(totp.ROLE_NAMES)
    if unknown:
        from vertelpunt import ConfigError

        raise ConfigError(f"TOTP_REQUIRED_ROLES: unknown role(s) {sorted(unknown)}; use {totp.ROLE_NAMES}.")


@bp.before_app_request
def _end_expired_login():
    session_id = session.get("_user_id")
    if session_id and not services.keep_alive(session_id):
        session.clear()
        flash(
            _(
                "You were logged out: you were away for a while, logged in long ago, "
                "or something about your account changed. Log in again."
            )
        )


@bp.before_request
def _keep_secrets_out_of_logs():
    if request.endpoint in SECRET_ADDRESSES:
        mark_request(narrator=True)


def _safe_next(target: str | None) -> str:
    # Only paths on this site: an open redirect would make the login page a phishing tool.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("staff.index")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _finish(user: User, target: str):
    session.clear()
    services.start_login_session(user)
    login_user(user)
    return redirect(target)


def _after_password(user: User):
    target = _safe_next(request.args.get("next"))
    step = "code" if user.has_totp else "enrol" if totp.required_for(user) else ""
    if not step:
        return _finish(user, target)
    session.clear()
    session[PENDING] = {"user": user.id, "at": int(clock.now().timestamp()), "next": target, "step": step}
    return redirect(url_for("auth.login_code" if step == "code" else "auth.login_setup"))


def _pending(step: str) -> tuple[User, dict] | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("step") != step:
        return None
    age = int(clock.now().timestamp()) - int(pending.get("at", 0))
    user = db.session.get(User, pending.get("user")) if 0 <= age <= PENDING_SECONDS else None
    if user is None or not user.active:
        session.pop(PENDING, None)
        return None
    return user, pending


def _again():
    flash(_("Log in again with your username and password."))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = forms.LoginForm()
    error, status = "", 200
    if form.validate_on_submit():
        # A failed try counts although the answer is a refusal: otherwise guessing would cost nothing.
        with database.short_write():
            result = services.authenticate(form.username.data, form.password.data, client=client_key())
        if result.user is not None:
            return _after_password(result.user)
        status = 401
        if result.wait_seconds:
            error = _(
                "Wrong username or password. Wait %(n)s seconds before you try again.", n=result.wait_seconds
            )
        else:
            error = _("Wrong username or password.")
    elif form.is_submitted():
        error, status = _("Wrong username or password."), 401
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login_code():
    found = _pending("code")
    if found is None:
        return _again()
    user, pending = found
    form = forms.CodeForm()
    error, status = "", 200
    if form.validate_on_submit():
        wait = services.code_wait(user)
        if not wait and totp.check_code(user, form.code.data):
            services.code_succeeded(user)
            return _finish(user, pending["next"])
        if not wait:
            with database.short_write():  # counted although the answer is a refusal
                wait = services.code_failed(user)
        status = 401
        error = _("This code is not right. Wait %(n)s seconds before you try again.", n=wait) if wait else ""
        error = error or _("This code is not right. Look at your app and type the code it shows now.")
    elif form.is_submitted():
        status = 422
    return render_template("auth/code.html", form=form, error=error), status


def _enrol_secret() -> str:
    secret = totp.unseal(session.get(ENROL) or "")
    if not secret:
        secret = totp.new_secret()
        session[ENROL] = totp.seal(secret)
    return secret


def setup_page(user: User, form, error: str, status: int, during_login: bool):
    secret = _enrol_secret()
    return render_template(
        "auth/totp_setup.html",
        form=form,
        error=error,
        qr=totp.qr_data_uri(totp.setup_uri(secret, user.username)),
        secret=totp.grouped(secret),
        during_login=during_login,
    ), status


def try_enrol(user: User, form) -> str | None:
    """None when the second factor is now on; else the error to show."""
    if totp.enable(user, _enrol_secret(), form.code.data):
        session.pop(ENROL, None)
        return None
    return _("This code is not right. Scan the code again, or type the key over, and try once more.")


@bp.route("/login/tweede-stap", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login_setup():
    """Someone whose role needs the second factor, without one yet, sets it up before getting in."""
    found = _pending("enrol")
    if found is None:
        return _again()
    user, pending = found
    form = forms.CodeForm()
    if form.validate_on_submit():
        error = try_enrol(user, form)
        if error is None:
            flash(_("Your second factor is on. From now on you log in with a code from your app."))
            return _finish(user, pending["next"])
        return setup_page(user, form, error, 401, during_login=True)
    return setup_page(user, form, "", 422 if form.is_submitted() else 200, during_login=True)


@bp.post("/logout")
@login_required
def logout():
    with database.short_write():  # ended even if answering the logout fails
        services.end_login_session(current_user.get_id())
    logout_user()
    session.clear()
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """The same answer, as fast, whether or not an account has the address: the mail goes out after
    the response (mail.deliver_later)."""
    form = forms.ForgotForm()
    if form.validate_on_submit():
        email = services.normal_email(form.email.data)
        user = db.session.scalar(select(User).where(User.email == email))
        outgoing = None
        if user is not None and user.active and not user.invited and not tokens.issued_lately(user, "reset"):
            outgoing = messages.reset(user, tokens.issue(user, "reset"))
        if outgoing is not None:
            # Once the link is stored: the mail must not arrive before its link works.
            address = user.email
            database.after_commit(lambda: mail.deliver_later(outgoing, [address], "reset"))
        minutes = current_app.config["RESET_VALID_MINUTES"]
        flash(
            _(
                "If an account has this address, a link to choose a new password is on its way. "
                "It works for %(n)s minutes.",
                n=minutes,
            )
        )
        return redirect(url_for("auth.forgot_password"))
    return render_template("auth/forgot.html", form=form), 422 if form.is_submitted() else 200


def _choose_password(token: str, kind: str):
    """The page of an invitation link (kind "invite") and of a reset link ("reset")."""
    user = tokens.holder(token, kind)
    if user is None:
        return render_template("auth/link_invalid.html", kind=kind), 404
    form = forms.NewPasswordForm()
    error, status = "", 200
    if form.validate_on_submit():
        try:
            tokens.redeem(token, kind, form.password.data)
        except services.AccountError as exc:
            error, status = str(exc), 422
        except tokens.TokenError:
            return render_template("auth/link_invalid.html", kind=kind), 404
        else:
            flash(_("Your password is set. Log in with it."))
            return redirect(url_for("auth.login"))
    elif form.is_submitted():
        status = 422
    return render_template("auth/choose_password.html", form=form, user=user, kind=kind, error=error), status


@bp.route("/wachtwoord-vergeten/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str):
    return _choose_password(token, "reset")


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def accept_invitation(token: str):
    return _choose_password(token, "invite")


from vertelpunt.auth import account_routes, admin_routes  # noqa: E402, F401 - attach the views to bp
