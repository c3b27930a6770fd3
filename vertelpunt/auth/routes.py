"""Login and logout for staff."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from vertelpunt.auth import services
from vertelpunt.clients import client_key
from vertelpunt.extensions import db, limiter, login_manager

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = None


@login_manager.user_loader
def _load_user(session_id: str):
    return services.user_for_session(session_id)


def _safe_next(target: str | None) -> str:
    # Only paths on this site: an open redirect would make the login page a phishing tool.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("staff.index")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    error, status = "", 200
    if request.method == "POST":
        result = services.authenticate(
            request.form.get("username", ""), request.form.get("password", ""), client=client_key()
        )
        if result.user is not None:
            session.clear()
            services.start_login_session(result.user)
            login_user(result.user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        db.session.commit()
        status = 401
        if result.wait_seconds:
            error = _(
                "Wrong username or password. Wait %(n)s seconds before you try again.", n=result.wait_seconds
            )
        else:
            error = _("Wrong username or password.")
    return render_template("auth/login.html", error=error, username=request.form.get("username", "")), status


@bp.post("/logout")
@login_required
def logout():
    services.end_login_session(current_user.get_id())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))
