"""The facilitator's side of the live session: the themes board and the observations as they arrive.

New observations reach the facilitator's screen by polling a small JSON endpoint with the id of the
last observation seen, every few seconds. Not server-sent events: gunicorn's sync workers would each
be held by one open event stream, so a handful of screens could block the whole site."""

from __future__ import annotations

import functools

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from vertelpunt import audit
from vertelpunt.core import transaction
from vertelpunt.core.errors import InputError
from vertelpunt.forms.base import errors_of, values_of
from vertelpunt.forms.board import (
    ConfirmForm,
    GroupForm,
    MergeForm,
    MoveForm,
    ObservationForm,
    PollForm,
    SplitForm,
    ThemeNameForm,
)
from vertelpunt.sessions import services
from vertelpunt.sessions.board import cards, feed, regroup, themes
from vertelpunt.sessions.board.board_view import board_view
from vertelpunt.sessions.board.personal import LooksPersonal
from vertelpunt.sessions.board.routes import bp
from vertelpunt.sessions.board.signification import story_title
from vertelpunt.sessions.board.stories import session_stories
from vertelpunt.sessions.join_codes import display_join_code
from vertelpunt.sessions.routes import session_or_404

BASE = "/staff/trajecten/<slug>/sessies/<int:session_id>"
# How often the facilitator's screen asks for new observations (milliseconds).
POLL_MS = 4000


def staff_session(slug: str, session_id: int):
    """The traject and its session, for the traject's facilitators (one lookup for every session page:
    a session id of another traject is 404, so it reveals nothing)."""
    session = session_or_404(slug, session_id)
    return session.traject, session


def head(traject, session) -> dict:
    """What the top of every board page shows: links to the session's other pages and the join code."""
    values = {"slug": traject.slug, "session_id": session.id}
    wanted = (("sessions.overview", _("Session")), ("sessions.report_page", _("Report")))
    links = [(url_for(endpoint, **values), label) for endpoint, label in wanted]
    links.append((url_for("board.evaluations", **values), _("Evaluations")))
    return {
        "links": links,
        "join_url": url_for("board.join", _external=True),
        "join_code": display_join_code(session.join_code),
    }


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _checked(form):
    """The posted form if it is valid; otherwise InputError, the way the board's modules refuse, so a
    view answers both alike."""
    if not form.validate_on_submit():
        raise InputError(errors_of(form))
    return form


def _done(traject, session, message: str = "", anchor: str = "", **data):
    """After a board change: JSON for the script that made it, else back to the board."""
    if _wants_json():
        return jsonify({"ok": True, "message": message, **data})
    if message:
        flash(message, "ok")
    url = url_for("board.board", slug=traject.slug, session_id=session.id)
    return redirect(f"{url}#{anchor}" if anchor else url, code=303)


def _refused(traject, session, exc: InputError):
    """Nothing of the change is kept: a 422 for the script, or back to the board with the reason."""
    message = " ".join(exc.errors.values())
    if _wants_json():
        return jsonify({"ok": False, "message": message}), 422
    transaction.refuse()
    flash(message, "error")
    return redirect(url_for("board.board", slug=traject.slug, session_id=session.id), code=303)


@bp.get(f"{BASE}/bord")
@login_required
def board(slug: str, session_id: int):
    traject, session = staff_session(slug, session_id)
    view = board_view(session)
    return render_template(
        "board/board.html",
        traject=traject,
        session=session,
        view=view,
        live_url=url_for("board.live", slug=slug, session_id=session.id),
        poll_ms=POLL_MS,
        grouping=regroup.grouping_state(session),
        themes_min=regroup.THEMES_MIN,
        themes_max=regroup.THEMES_MAX,
        **head(traject, session),
    )


def board_change(view):
    """A facilitator's change to the board: the view gets the traject and session; input it refuses
    (InputError) goes back as _refused, with nothing of the change kept."""

    @functools.wraps(view)
    def change(slug: str, session_id: int, **ids):
        traject, session = staff_session(slug, session_id)
        try:
            services.refuse_if_closed(session)
            return view(traject, session, **ids)
        except InputError as exc:
            return _refused(traject, session, exc)

    return login_required(change)


@bp.post(f"{BASE}/bord/groeperen")
@board_change
def group(traject, session):
    form = _checked(GroupForm())
    if not regroup.ask(session, form.change.data, form.count.data):
        raise InputError(
            {"": _("Too few observations to group yet: at least %(n)s are needed.", n=regroup.MIN_TO_GROUP)}
        )
    # No message: the board's grouping line says it is busy, and the page reloads when it is done.
    return _done(traject, session, grouping="busy")


@bp.post(f"{BASE}/bord/themas")
@board_change
def add_theme(traject, session):
    theme = themes.new_theme(session, _checked(ThemeNameForm()).name.data)
    return _done(traject, session, _("Theme added."), f"theme-{theme.id}", theme_id=theme.id)


@bp.post(f"{BASE}/bord/kaarten/<int:observation_id>")
@board_change
def move(traject, session, observation_id: int):
    observation = themes.observation_in_session(session, observation_id)
    theme = themes.move(session, observation, _checked(MoveForm(session.themes)).target.data)
    anchor = f"theme-{theme.id}" if theme else "unfit"
    return _done(
        traject,
        session,
        _("Card moved."),
        anchor,
        theme_id=theme.id if theme else None,
        theme_name=theme.name if theme else "",
    )


@bp.post(f"{BASE}/bord/kaarten/<int:observation_id>/verwijderen")
@board_change
def remove(traject, session, observation_id: int):
    """The facilitator takes a card off the board, e.g. one that names a child before it is projected."""
    cards.remove_observation(themes.observation_in_session(session, observation_id))
    audit.record("card_removed", traject, f"session {session.id}, card {observation_id}")
    return _done(traject, session, _("Card taken off the board."), "board")


@bp.post(f"{BASE}/bord/themas/<int:theme_id>/naam")
@board_change
def rename(traject, session, theme_id: int):
    theme = themes.theme_in_session(session, theme_id)
    themes.rename(theme, _checked(ThemeNameForm()).name.data)
    return _done(traject, session, _("Theme renamed."), f"theme-{theme.id}", name=theme.name)


@bp.post(f"{BASE}/bord/themas/<int:theme_id>/bevestigen")
@board_change
def confirm(traject, session, theme_id: int):
    theme = themes.theme_in_session(session, theme_id)
    confirmed = _checked(ConfirmForm()).confirmed.data == "1"
    themes.set_confirmed(theme, confirmed)
    message = _("Theme confirmed: regrouping keeps it as it is.") if confirmed else _("Theme open again.")
    return _done(traject, session, message, f"theme-{theme.id}", confirmed=confirmed)


@bp.post(f"{BASE}/bord/themas/<int:theme_id>/samenvoegen")
@board_change
def merge(traject, session, theme_id: int):
    theme = themes.theme_in_session(session, theme_id)
    target = themes.merge(session, theme, _checked(MergeForm(theme, session.themes)).into.data)
    return _done(traject, session, _("Themes merged."), f"theme-{target.id}", theme_id=target.id)


@bp.post(f"{BASE}/bord/themas/<int:theme_id>/splitsen")
@board_change
def split(traject, session, theme_id: int):
    theme = themes.theme_in_session(session, theme_id)
    form = _checked(SplitForm(theme))
    part = themes.split(session, theme, form.observations.data, form.name.data)
    return _done(traject, session, _("Theme split."), f"theme-{part.id}", theme_id=part.id)


@bp.route(f"{BASE}/observaties", methods=["GET", "POST"])
@login_required
def observations(slug: str, session_id: int):
    traject, session = staff_session(slug, session_id)
    stories = session_stories(session)
    errors: dict[str, str] = {}
    personal: list[str] = []
    shown: dict = {"text": "", "stories": [], "form_key": cards.new_form_key()}
    form = ObservationForm(stories)
    if form.is_submitted():
        shown = {**values_of(form), "form_key": form.form_key.data or cards.new_form_key()}
        try:
            services.refuse_if_closed(session)
            _checked(form)
            cards.add_observation(
                session,
                form.text.data,
                form.stories.data,
                author=current_user,
                form_key=shown["form_key"],
                personal_checked=form.personal_checked.data,
            )
        except InputError as exc:
            errors = exc.errors
        except LooksPersonal as exc:
            transaction.refuse()  # shown back to the writer, not stored
            personal = exc.snippets
        else:
            flash(_("Observation added."), "ok")
            return redirect(url_for("board.observations", slug=slug, session_id=session.id), code=303)
    items = feed.feed(session, 0)
    return render_template(
        "board/observations.html",
        traject=traject,
        session=session,
        items=items,
        last_id=items[-1].id if items else 0,
        stories=[(s.id, story_title(s)) for s in stories],
        errors=errors,
        personal=personal,
        form=shown,
        chosen=set(shown["stories"]),
        live_url=url_for("board.live", slug=slug, session_id=session.id),
        poll_ms=POLL_MS,
        grouping=regroup.grouping_state(session),
        themes_min=regroup.THEMES_MIN,
        themes_max=regroup.THEMES_MAX,
        **head(traject, session),
    ), (422 if errors else 200)


@bp.get(f"{BASE}/observaties/live")
@login_required
def live(slug: str, session_id: int):
    """Observations after ?since=<id>, as JSON; see the module doc for why this is polled. With
    ?changed_after=<the last answer's "now">, also the shown cards their authors changed since, and the
    ids of all cards left (a card taken back disappears from the projected screen as well)."""
    _traject, session = staff_session(slug, session_id)
    poll = PollForm.from_query()
    since = poll.last_id()
    items = feed.feed(session, since)
    known = feed.changes(session, since, poll.changed_after.data)
    return jsonify(
        {
            "observations": [i.as_json() for i in items],
            "last_id": items[-1].id if items else since,
            "count": len(known.ids),
            "changed": [i.as_json() for i in known.changed],
            "ids": known.ids,
            "now": known.now,
            "grouping": regroup.grouping_state(session),
        }
    )


@bp.get(f"{BASE}/evaluaties")
@login_required
def evaluations(slug: str, session_id: int):
    """The participants' evaluations, without names (as in the report)."""
    traject, session = staff_session(slug, session_id)
    rows = list(session.evaluations)
    average = round(sum(e.rating for e in rows) / len(rows), 1) if rows else None
    return render_template(
        "board/evaluations.html",
        traject=traject,
        session=session,
        rows=rows,
        average=average,
        **head(traject, session),
    )
