"""A projector's own address for one session's board: read-only, without a login, so that the screen
the room looks at is not logged out halfway through the session, and no staff login is left open on
a shared laptop.

The address holds 256 random bits next to the session's id; only their SHA-256 is stored. It works
for that session only, until the hour the facilitator chose (at most PRESENTER_MAX_HOURS), and stops
at once when revoked. It shows what the board shows (the same board_view) and nothing more: no forms,
and no address it opens takes a POST. The page reloads itself every few seconds to show new cards;
a revoked or expired link then shows that it no longer works."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select, update

from vertelpunt.auth import clock
from vertelpunt.extensions import db
from vertelpunt.forms.base import errors_of
from vertelpunt.forms.board import NOT_A_SCREEN, PresenterForm, RevokeForm
from vertelpunt.logs import mark_request
from vertelpunt.models import DuidingSession, PresenterLink
from vertelpunt.sessions.board.board_view import board_view
from vertelpunt.sessions.board.facilitator import head, staff_session
from vertelpunt.sessions.board.routes import bp

BASE = "/staff/trajecten/<slug>/sessies/<int:session_id>"
# Seconds between reloads of the projected board.
REFRESH_SECONDS = 10
MAX_TOKEN_LENGTH = 100


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create(session: DuidingSession, hours: int, label: str, by) -> str:
    """A new presenter link's secret (shown to the facilitator once, never stored)."""
    now = clock.now()
    raw = secrets.token_urlsafe(32)
    db.session.add(
        PresenterLink(
            session_id=session.id,
            token_hash=_hash(raw),
            label=label.strip()[:80],
            created_by=by.id if by is not None else None,
            created_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    db.session.flush()
    return raw


def live_links(session: DuidingSession) -> list[PresenterLink]:
    query = (
        select(PresenterLink)
        .where(
            PresenterLink.session_id == session.id,
            PresenterLink.revoked_at.is_(None),
            PresenterLink.expires_at > clock.now(),
        )
        .order_by(PresenterLink.id)
    )
    return list(db.session.scalars(query))


def revoke(session: DuidingSession, link_id: int) -> bool:
    done = db.session.execute(
        update(PresenterLink)
        .where(
            PresenterLink.id == link_id,
            PresenterLink.session_id == session.id,
            PresenterLink.revoked_at.is_(None),
        )
        .values(revoked_at=clock.now())
    )
    return done.rowcount == 1


def session_for(session_id: int, raw: str) -> DuidingSession | None:
    """The session this link shows, if the link is for this session and still works."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    link = db.session.scalar(
        select(PresenterLink).where(
            PresenterLink.token_hash == _hash(raw),
            PresenterLink.session_id == session_id,
            PresenterLink.revoked_at.is_(None),
            PresenterLink.expires_at > clock.now(),
        )
    )
    return db.session.get(DuidingSession, session_id) if link else None


def _url(session: DuidingSession, raw: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"] + url_for(
        "board.presenter", session_id=session.id, token=raw
    )


def _page(traject, session, form, new_url: str = "", status: int = 200):
    return render_template(
        "board/presenter_links.html",
        traject=traject,
        session=session,
        form=form,
        screens=live_links(session),
        new_url=new_url,
        max_hours=current_app.config["PRESENTER_MAX_HOURS"],
        **head(traject, session),
    ), status


@bp.route(f"{BASE}/scherm", methods=["GET", "POST"])
@login_required
def presenter_links(slug: str, session_id: int):
    traject, session = staff_session(slug, session_id)
    form = PresenterForm()
    if not form.is_submitted():
        return _page(traject, session, form)
    if not form.validate_on_submit():
        return _page(traject, session, form, status=422)
    raw = create(session, form.hours.data, form.label.data or "", current_user)
    # Shown here once, not put in a redirect or a flash message: the secret stays out of the cookie.
    return _page(traject, session, PresenterForm(formdata=None), new_url=_url(session, raw))


@bp.post(f"{BASE}/scherm/intrekken")
@login_required
def revoke_presenter(slug: str, session_id: int):
    traject, session = staff_session(slug, session_id)
    form = RevokeForm(live_links(session))
    if not (form.validate_on_submit() and revoke(session, form.link_id.data)):
        flash(errors_of(form).get("link_id", str(NOT_A_SCREEN)), "error")
        return _page(traject, session, PresenterForm(formdata=None), status=422)
    flash(_("The screen link is revoked: the screen shows the board no more."))
    return redirect(url_for("board.presenter_links", slug=slug, session_id=session.id), code=303)


@bp.get("/scherm/<int:session_id>/<token>")
def presenter(session_id: int, token: str):
    mark_request(narrator=True)  # the address is a key: no access log line with it
    session = session_for(session_id, token)
    if session is None:
        return render_template("board/presenter_gone.html"), 404
    top = head(session.traject, session)
    return render_template(
        "board/presenter.html",
        session=session,
        view=board_view(session),
        refresh=REFRESH_SECONDS,
        join_url=top["join_url"],
        join_code=top["join_code"],
    )
