"""Friendly error pages: a person sees a short Dutch explanation, never a stack trace.

A blueprint that must answer some errors its own way (the narrator's form keeps the typed story)
registers its handlers on itself, for a status code (429, 500); for the requests it does not treat
specially it answers with `page_for`. An unexpected exception is logged here and then handled as a
500, so those blueprint handlers see it too."""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from vertelpunt.extensions import db


def _page(status: int, title: str, text: str):
    try:
        return render_template("errors/error.html", status=status, title=title, text=text), status
    except Exception:  # noqa: BLE001 - e.g. a refused Host header leaves no URL adapter to render with
        return Response(f"{title}\n\n{text}\n", status=status, mimetype="text/plain")


def page_for(error: HTTPException):
    """The application's page for an HTTP error."""
    status = error.code or 500
    if isinstance(error, CSRFError):
        return _page(400, _("The page was open too long"), _("Go back, reload the page and try again."))
    if status == 429:
        return _page(429, _("Too many attempts"), _("Wait a few minutes and try again."))
    if status == 500 and getattr(error, "original_exception", None) is not None:
        return _page(500, _("Something went wrong"), _("Our mistake. Nothing was saved. Try again later."))
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
    return _page(
        status, titles.get(status, _("Something went wrong")), texts.get(status, _("Try again later."))
    )


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, page_for)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return page_for(error)
        db.session.rollback()
        current_app.logger.exception("Unhandled error")
        # As a 500, found by status code: a blueprint's own 500 handler comes before the app's.
        return current_app.handle_http_exception(InternalServerError(original_exception=error))
