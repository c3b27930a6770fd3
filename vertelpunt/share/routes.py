"""Narrator pages. Thin: the work is in services.py; every failed submit shows the typed text again."""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import ValidationError, validate_csrf
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import TooManyRequests

from vertelpunt.database import write_intent
from vertelpunt.extensions import csrf, db, limiter
from vertelpunt.retention import scrub_storage
from vertelpunt.share import previews, privacy, services, slots
from vertelpunt.share.messages import field_error, unavailable_reason
from vertelpunt.share.questions import SLIDER_STEPS, TRIAD_POSITIONS, shown_questions
from vertelpunt.share.thanks import thanks_page

bp = Blueprint("share", __name__)

_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _story_limit() -> str:
    return current_app.config["STORY_RATE_LIMIT"]


def _form_page(
    link,
    form: MultiDict | None = None,
    errors=None,
    notice: str = "",
    status: int = 200,
    can_send: bool = True,
    personal: list[str] | None = None,
):
    framework = services.framework()
    prefill = dict(link.prefill or {})
    municipalities = services.traject_municipalities(link.traject)
    form = form if form is not None else MultiDict()
    key = form.get("submission_key", "")
    return (
        render_template(
            "share/form.html",
            link=link,
            traject=link.traject,
            framework=framework,
            prompt=framework["prompt"],
            meaning=shown_questions(framework, prefill, municipalities, "meaning"),
            context=shown_questions(framework, prefill, municipalities, "context"),
            form=form,
            errors={k: field_error(v, framework) for k, v in (errors or {}).items()},
            notice=notice,
            submission_key=key if _KEY.match(key) else secrets.token_urlsafe(18),
            lang=str(get_locale()),
            slider_steps=SLIDER_STEPS,
            triad_positions=TRIAD_POSITIONS,
            can_send=can_send,
            personal=personal or [],
        ),
        status,
    )


def _unavailable(state: services.LinkState):
    return render_template(
        "share/unavailable.html",
        reason=unavailable_reason(state.status),
        traject=state.link.traject if state.link else None,
    ), (404 if state.status == "unknown" else 410)


@bp.get("/<token>")
def form(token: str):
    state = services.find_link(token)
    if previews.is_preview_fetcher(request.headers.get("User-Agent")):
        return _preview_card(state)
    if not state.usable:
        return _unavailable(state)
    return _form_page(state.link)


def _preview_card(state: services.LinkState):
    """The card a messenger shows for a shared link: the traject, never the organisation."""
    traject = state.link.traject if state.link and state.usable else None
    return render_template("share/preview.html", traject=traject, page_url=request.base_url), (
        200 if traject else 404
    )


@bp.post("/<token>")
@csrf.exempt  # checked below, so that an expired token re-shows the story instead of an error page
@limiter.limit(_story_limit, methods=["POST"])
def submit(token: str):
    # Read first without SQLite's write lock; only the store itself takes it (see below).
    write_intent.set(False)
    facts = services.find_link_facts(token)
    if facts is None or not facts.usable:
        return _refused(token)
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        notice = _("The page was open for a long time. Your text is still here. Press Send again.")
        return _reshow(token, notice, status=400)

    sub = services.parse_submission(request.form, services.framework(), facts)
    if sub.errors:
        notice = _("Something is not right yet. Look at the questions marked below.")
        return _reshow(token, notice, status=422, errors=sub.errors)
    redacted = services.redact_by_rules(sub)
    if request.form.get("personal_checked") != "yes":
        personal = privacy.personal_snippets(*redacted)
        if personal:
            # Never a refusal: the narrator sees what looks personal, may change it, and sends again.
            return _reshow(token, "", status=200, personal=personal)
    key = request.form.get("submission_key", "")
    # The write transaction holds the database's one write lock: it does nothing but the inserts, and
    # starts fresh (BEGIN IMMEDIATE) so it never has to upgrade a read transaction.
    db.session.rollback()
    write_intent.set(True)
    try:
        stored = services.store_submission(
            sub,
            facts,
            key if _KEY.match(key) else secrets.token_urlsafe(18),
            str(get_locale()),
            redacted=redacted,
        )
        secret = None
        if not stored.duplicate:  # the code's slot: one more insert in the same transaction
            secret = slots.keep(db.session.connection(), facts.token, stored.receipt_code)
        db.session.commit()
    finally:
        write_intent.set(False)
    if secret is None:
        return _no_referrer(make_response(thanks_page(facts, None, "duplicate")))
    # Post/redirect/get: Back and reload land on the thank-you page's own address, which shows the code
    # from the slot for 15 minutes; the code itself is never in a URL or the browser's history.
    response = redirect(url_for("share.thanks", token=facts.token), code=303)
    slots.set_cookie(response, facts.token, secret)
    return response


@bp.get("/<token>/bedankt")
def thanks(token: str):
    write_intent.set(False)
    facts = services.find_link_facts(token)
    if facts is None:
        return _unavailable(services.find_link(token))
    secret = slots.read_cookie()
    code = None
    if secret is not None:  # the page right after a story, or its reload: this phone's cookie
        conn = db.session.connection()
        code = slots.open_slot(conn, facts.token, secret)
        if slots.any_expired(conn):
            _purge_slots()
    response = make_response(thanks_page(facts, code, "code" if code else "gone"))
    if secret is not None and code is None:
        slots.forget_cookie(response, facts.token)
    return _no_referrer(response)


def _purge_slots() -> None:
    """Delete every slot past its 15 minutes. Every story is followed by its thank-you page, so expired
    slots go with the next story at the latest (and with the daily retention purge); only this short
    delete takes the write lock, and only when there is something to delete."""
    db.session.rollback()
    write_intent.set(True)
    try:
        slots.purge(db.session.connection())
        db.session.commit()
    finally:
        write_intent.set(False)


def _no_referrer(response):
    # Nothing of this page travels on (the links open beside it); no cache keeps it (security.py too).
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused(token: str):
    """An unknown, paused, closed or not (yet) open link: the typed story comes back, read-only."""
    state = services.find_link(token)
    if state.link is None:
        return _unavailable(state)
    notice = _(
        "This link no longer accepts stories. Your text is still below: copy it if you want to keep it."
    )
    return _form_page(state.link, request.form, notice=notice, status=409, can_send=False)


def _reshow(token: str, notice: str, status: int, errors=None, personal=None):
    state = services.find_link(token)
    if state.link is None:  # deleted in between: nothing to show the form for
        return _unavailable(state)
    return _form_page(state.link, request.form, errors, notice=notice, status=status, personal=personal)


def reshow_after_rate_limit(error: TooManyRequests):
    """The limiter refused a story: give the narrator their text back with a clear message."""
    if request.endpoint != "share.submit":
        return None
    state = services.find_link(request.view_args.get("token", ""))
    if state.link is None:
        return _unavailable(state)
    notice = _(
        "Many stories are arriving right now. Your text is still here. Wait a minute and press Send again."
    )
    return _form_page(state.link, request.form, notice=notice, status=429)


def reshow_after_failure():
    """A server error during a submit: nothing was saved, but the narrator keeps the text. When even
    the link cannot be read (database down), a plain page still holds every answer for a retry."""
    if request.endpoint != "share.submit":
        return None
    try:
        db.session.rollback()
        state = services.find_link(request.view_args.get("token", ""))
        if state.link is not None:
            notice = _(
                "Something went wrong on our side. Nothing was sent yet. Your text is still here. Try again."
            )
            return _form_page(state.link, request.form, notice=notice, status=500)
    except Exception:  # noqa: BLE001 - the database itself may be what failed
        db.session.rollback()
    hidden = [(k, v) for k, v in request.form.items(multi=True) if k not in ("csrf_token", "title", "story")]
    page = render_template(
        "share/fallback.html",
        hidden=hidden,
        title=request.form.get("title", ""),
        story=request.form.get("story", ""),
    )
    return page, 503


@bp.route("/intrekken", methods=["GET", "POST"])
def withdraw():
    error = ""
    if request.method == "POST":
        code = request.form.get("code", "")
        if request.form.get("confirm") != "yes":
            error = _("Tick the box to confirm that the story may be deleted.")
        elif not code.strip():
            error = _("Fill in your withdrawal code.")
        elif services.withdraw(code):
            db.session.commit()
            scrub_storage()
            return render_template("share/withdrawn.html")
        else:
            error = _("We cannot find a story with this code. Check the code and try again.")
        return render_template("share/withdraw.html", error=error, code=code), 422
    return render_template("share/withdraw.html", error=error, code="")


@bp.get("/")
def home():
    return render_template("share/home.html")
