"""The facilitator's session pages: the blueprint and what every page shares (finding the session,
the stepper, going back, refusing a small form). The pages themselves are in prepare_pages.py (steps 1
and the session's status), action_pages.py (steps 2, 5 and 6), evidence_pages.py (figures and
sources), report_pages.py (step 8) and publish.py (step 9); each adds its views to `bp`.

Views are thin: forms (vertelpunt/forms/sessions.py) type what was sent, the services keep the rules.
A view never commits: a response below 400 is committed after the view, a refusal is rolled back
(vertelpunt/core/transaction.py)."""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from vertelpunt.core.access import FACILITATE, traject_for
from vertelpunt.core.assets import AssetBlueprint, is_asset
from vertelpunt.models import DuidingSession, Traject
from vertelpunt.sessions import report, services

# Its stylesheet is at /staff/assets/sessions/<name> (sessions.static).
bp = AssetBlueprint(
    "sessions", __name__, url_prefix="/staff", static_folder="static", static_url_path="/assets/sessions"
)
BASE = "/trajecten/<slug>/sessies/<int:session_id>"
REFUSED = 422


@bp.before_request
def _staff_only():
    if is_asset(request.endpoint):
        return None
    return login_required(lambda: None)()


def session_or_404(slug: str, session_id: int, roles=FACILITATE) -> DuidingSession:
    traject = traject_for(slug, roles)
    session = services.session_in(traject, session_id)
    if session is None:
        abort(404)
    return session


def back(endpoint: str, session: DuidingSession, anchor: str | None = None, **values):
    return redirect(
        url_for(endpoint, slug=session.traject.slug, session_id=session.id, _anchor=anchor, **values),
        code=303,
    )


def step_url(session: DuidingSession, step: int) -> str:
    """Where each step is done. Observations, the board and the evaluations are the live part of the
    session (vertelpunt/sessions/board)."""
    slug, sid = session.traject.slug, session.id
    own = {1: "sessions.prepare", 2: "sessions.reviews", 5: "sessions.actions", 6: "sessions.dissent"}
    if step in own:
        return url_for(own[step], slug=slug, session_id=sid)
    if step == 8:
        return url_for("sessions.report_page", slug=slug, session_id=sid)
    if step == 9:
        return url_for("sessions.publish", slug=slug, session_id=sid)
    board = {
        3: "board.observations",
        4: "board.board",
        7: "board.evaluations",
    }
    return url_for(board[step], slug=slug, session_id=sid)


def common(session: DuidingSession) -> dict:
    """What every page of a session shows: the stepper and the session's themes to choose from."""
    return {
        "traject": session.traject,
        "session": session,
        "step_url": step_url,
        "titles": {**report.step_titles(), 9: _("Publish")},
        "states": services.step_states(session),
        "theme_choices": [(t.id, t.name) for t in session.themes],
    }


def refuse(place: DuidingSession | Traject, endpoint: str, errors: Mapping[str, str]):
    """A refused small form (a button, a list of names): a page saying why, with the way back.
    Its status undoes whatever the view had changed."""
    if isinstance(place, DuidingSession):
        context = {**common(place), "nav": True}
        back_to = url_for(endpoint, slug=place.traject.slug, session_id=place.id)
    else:
        context = {"traject": place}
        back_to = url_for(endpoint, slug=place.slug)
    return render_template("sessions/refused.html", **context, errors=errors, back=back_to), REFUSED
