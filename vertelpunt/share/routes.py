"""Narrator pages. Thin: the form is read in forms/narrator.py, stored by services.py; every failed
submit shows the typed text again.

The link is read once per request, as LinkFacts, in a read-only unit of work; a story is stored in
one short write that holds SQLite's write lock for its inserts only."""

from __future__ import annotations

from flask import Blueprint, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.exceptions import InternalServerError, TooManyRequests

from vertelpunt import database, errors
from vertelpunt.extensions import csrf, limiter
from vertelpunt.forms import narrator
from vertelpunt.framework import options as framework_options
from vertelpunt.retention import scrub_now_if_cheap
from vertelpunt.share import looks_personal, previews, services, slots
from vertelpunt.share.messages import unavailable_reason
from vertelpunt.share.questions import SLIDER_STEPS, TRIAD_POSITIONS, shown_questions
from vertelpunt.share.services import LinkFacts
from vertelpunt.share.thanks import thanks_page

bp = Blueprint("share", __name__)

_LINK = "narrator_link"
_UNREADABLE = object()  # the link's read failed in this request (the database is down, say)


def _story_limit() -> str:
    return current_app.config["STORY_RATE_LIMIT"]


@bp.url_value_preprocessor
def _forget_the_last_link(_endpoint, _values):
    # The narrator's first hook, before the rate limiter's: g outlives a request when a test or command
    # keeps the app context, and the link read once must be this request's own.
    g.pop(_LINK, None)


def _link(token: str) -> LinkFacts | None:
    """The link behind the token (None when unknown), read once per request. Callers read it in a
    read-only unit of work (database.reading), which takes no write lock."""
    if _LINK not in g:
        g.narrator_link = _UNREADABLE  # until the read returns: a failed read is not tried again
        g.narrator_link = services.find_link_facts(token)
    return g.narrator_link


def _form_page(
    link: LinkFacts,
    form: narrator.NarratorForm,
    notice: str = "",
    status: int = 200,
    can_send: bool = True,
    personal: list[str] | None = None,
    errors: dict[str, str] | None = None,
):
    framework = services.framework()
    prefill, municipalities = link.prefill, list(link.municipalities)
    return (
        render_template(
            "share/form.html",
            link=link,
            traject=link,
            framework=framework,
            prompt=framework["prompt"],
            prompt_options=framework_options.options_for(framework["prompt"], link),
            meaning=shown_questions(framework, prefill, municipalities, "meaning"),
            context=shown_questions(framework, prefill, municipalities, "context"),
            form=form.sent,
            errors=errors or {},
            notice=notice,
            submission_key=form.key,
            lang=str(get_locale()),
            slider_steps=SLIDER_STEPS,
            triad_positions=TRIAD_POSITIONS,
            can_send=can_send,
            personal=personal or [],
        ),
        status,
    )


def _unavailable(link: LinkFacts | None):
    return render_template(
        "share/unavailable.html",
        reason=unavailable_reason(link.status if link else "unknown"),
        traject=link,
    ), (404 if link is None else 410)


@bp.get("/<token>")
def form(token: str):
    with database.reading():
        link = _link(token)
    if previews.is_preview_fetcher(request.headers.get("User-Agent")):
        return _preview_card(link)
    if link is None or not link.usable:
        return _unavailable(link)
    return _form_page(link, narrator.form_for(link))


def _preview_card(link: LinkFacts | None):
    """The card a messenger shows for a shared link: the traject, never the organisation."""
    traject = link if link and link.usable else None
    return render_template("share/preview.html", traject=traject, page_url=request.base_url), (
        200 if traject else 404
    )


@bp.post("/<token>")
@csrf.exempt  # the form checks the token, so that an expired one re-shows the story instead of an error
@limiter.limit(_story_limit, methods=["POST"])
def submit(token: str):
    with database.reading():
        link = _link(token)
    if link is None:
        return _unavailable(None)
    form = narrator.form_for(link)
    if not link.usable:
        notice = _(
            "This link no longer accepts stories. Your text is still below: copy it if you want to keep it."
        )
        return _form_page(link, form, notice, status=409, can_send=False)
    if not form.validate():
        if form.csrf_failed:
            notice = _("The page was open for a long time. Your text is still here. Press Send again.")
            return _form_page(link, form, notice, status=400)
        notice = _("Something is not right yet. Look at the questions marked below.")
        return _form_page(link, form, notice, status=422, errors=form.field_errors())
    sub = form.submission()
    redacted = services.redact_by_rules(sub)
    if not form.personal_seen:
        personal = looks_personal.personal_snippets(*redacted)
        if personal:
            # Never a refusal: the narrator sees what looks personal, may change it, and sends again.
            return _form_page(link, form, status=200, personal=personal)
    # The one write of a story: its inserts and the code's slot, nothing else under the write lock.
    with database.short_write() as session:
        stored = services.store_submission(sub, link, form.key, str(get_locale()), redacted=redacted)
        secret = None
        if not stored.duplicate:
            secret = slots.keep(session.connection(), link.token, stored.receipt_code)
    if secret is None:
        return _no_referrer(make_response(thanks_page(link, None, "duplicate")))
    # Post/redirect/get: Back and reload land on the thank-you page's own address, which shows the code
    # from the slot for 15 minutes; the code itself is never in a URL or the browser's history.
    response = redirect(url_for("share.thanks", token=link.token), code=303)
    slots.set_cookie(response, link.token, secret)
    return response


@bp.get("/<token>/bedankt")
def thanks(token: str):
    secret = slots.read_cookie()
    code, expired = None, False
    with database.reading() as session:
        link = _link(token)
        if link is not None and secret is not None:  # right after a story, or its reload: this phone's cookie
            conn = session.connection()
            code = slots.open_slot(conn, link.token, secret)
            expired = slots.any_expired(conn)
    if link is None:
        return _unavailable(None)
    if expired:
        # Every story is followed by its thank-you page, so expired slots go with the next story at the
        # latest (and with the daily retention purge); only this short delete takes the write lock.
        with database.short_write() as session:
            slots.purge(session.connection())
    response = make_response(thanks_page(link, code, "code" if code else "gone"))
    if secret is not None and code is None:
        slots.forget_cookie(response, link.token)
    return _no_referrer(response)


def _no_referrer(response):
    # Nothing of this page travels on (the links open beside it); no cache keeps it (security.py too).
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


# --- failures on the narrator's pages: the story typed is never lost ------------------------------


@bp.errorhandler(TooManyRequests)
def _rate_limited(error: TooManyRequests):
    """The limiter refused a story: give the narrator their text back with a clear message."""
    if request.endpoint != "share.submit":
        return errors.page_for(error)
    with database.reading():
        link = _link(request.view_args.get("token", ""))
    if link is None:
        return _unavailable(None)
    notice = _(
        "Many stories are arriving right now. Your text is still here. Wait a minute and press Send again."
    )
    return _form_page(link, narrator.form_for(link), notice, status=429)


@bp.errorhandler(InternalServerError)
def _failed(error: InternalServerError):
    """A server error during a submit: nothing was saved, but the narrator keeps the text. When even
    the link cannot be read (database down), a plain page still holds every answer for a retry."""
    if request.endpoint != "share.submit":
        return errors.page_for(error)
    try:
        with database.reading():  # ends whatever the failure left open, too
            link = _link(request.view_args.get("token", ""))
        if link is not None and link is not _UNREADABLE:
            notice = _(
                "Something went wrong on our side. Nothing was sent yet. Your text is still here. Try again."
            )
            return _form_page(link, narrator.form_for(link), notice, status=500)
    except Exception:  # noqa: BLE001, S110 - the database itself may be what failed: the plain page follows
        pass
    sent = narrator.posted()
    hidden = [(k, v) for k, v in sent.items(multi=True) if k not in ("csrf_token", "title", "story")]
    page = render_template(
        "share/fallback.html", hidden=hidden, title=sent.get("title", ""), story=sent.get("story", "")
    )
    return page, 503


@bp.route("/intrekken", methods=["GET", "POST"])
def withdraw():
    form = narrator.WithdrawForm()
    if not form.is_submitted():
        return render_template("share/withdraw.html", error="", code="")
    if not form.validate():
        error = form.first_error()
    elif services.withdraw(form.code.data):
        database.after_commit(scrub_now_if_cheap)  # traces leave the files once committed (or by the worker)
        return render_template("share/withdrawn.html")
    else:
        error = _("We cannot find a story with this code. Check the code and try again.")
    return render_template("share/withdraw.html", error=error, code=form.code.data or ""), 422


@bp.get("/")
def home():
    return render_template("share/home.html")
