"""Friendly error pages: a person sees a short Dutch explanation, never a stack trace."""

from __future__ import annotations

from flask import Flask, Response, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, TooManyRequests

from vertelpunt.extensions import db


def _page(status: int, title: str, text: str):
    try:
        return render_template("errors/error.html", status=status, title=title, text=text), status
    except Exception:  # noqa: BLE001 - e.g. a refused Host header leaves no URL adapter to render with
        return Response(f"{title}\n\n{text}\n", status=status, mimetype="text/plain")


def init_app(app: Flask) -> None:
    from vertelpunt.share.routes import reshow_after_failure, reshow_after_rate_limit

    @app.errorhandler(TooManyRequests)
    def too_many(error):
        reshown = reshow_after_rate_limit(error)
        if reshown is not None:
            return reshown
        return _page(429, _("Too many attempts"), _("Wait a few minutes and try again."))

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return _page(400, _("The page was open too long"), _("Go back, reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        titles = {
            403: _("No access"),
            404: _("Page not found"),
            405: _("This does not work here"),
            413: _("Too much text at once"),
        }
        texts = {
            403: _("You do not have access to this page."),
            404: _("This page does not exist. Check the address."),
            413: _("What you sent is too large. Make it shorter and try again."),
        }
        status = error.code or 500
        return _page(
            status, titles.get(status, _("Something went wrong")), texts.get(status, _("Try again later."))
        )

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        db.session.rollback()
        app.logger.exception("Unhandled error")
        reshown = reshow_after_failure()
        if reshown is not None:
            return reshown
        return _page(500, _("Something went wrong"), _("Our mistake. Nothing was saved. Try again later."))
