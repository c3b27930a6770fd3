"""Step 1 of a session and its life: the list of sessions, a new session, its details and participants,
opening and closing it, the code on the projector, and the story set."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from vertelpunt.core.access import FACILITATE, VIEW, may, traject_for
from vertelpunt.core.errors import InputError
from vertelpunt.forms.base import errors_of, submit, values_of
from vertelpunt.forms.sessions import (
    ConfirmForm,
    NewSessionForm,
    ParticipantsForm,
    SessionForm,
    StatusForm,
    StorySetForm,
    typed,
)
from vertelpunt.sessions import report, selection, services
from vertelpunt.sessions.join_codes import display_join_code
from vertelpunt.sessions.routes import BASE, REFUSED, back, bp, common, refuse, session_or_404

# The session's columns its details page shows.
DETAILS = ("title", "held_on", "starts_at", "duration_minutes", "goal", "focus", "notes")


@bp.get("/trajecten/<slug>/sessies")
def index(slug: str):
    traject = traject_for(slug, VIEW)
    return render_template(
        "sessions/index.html",
        traject=traject,
        sessions=services.sessions_of(traject),
        can_facilitate=may(current_user, traject, FACILITATE),
        duration=report.duration,
    )


def _facilitators(traject) -> list[tuple[int, str]]:
    return [(u.id, u.username) for u in services.facilitator_choices(traject)]


def _details_page(template: str, form: SessionForm, facilitators: list, errors: dict, **context):
    """The details form again (with what was sent and why it was refused), or for the first time."""
    ticked = form.facilitators.raw_data if form.facilitators.raw_data is not None else form.facilitators.data
    return render_template(
        template,
        **context,
        errors=errors,
        form=values_of(form),
        choices=facilitators,
        chosen={str(i) for i in ticked or ()},
    ), REFUSED if errors else 200


@bp.route("/trajecten/<slug>/sessies/nieuw", methods=["GET", "POST"])
def new(slug: str):
    traject = traject_for(slug, FACILITATE)
    facilitators = _facilitators(traject)
    mine = [current_user.id] if "facilitator" in current_user.roles_in(traject.id) else []
    shown = {"duration_minutes": services.DEFAULT_MINUTES, "focus": traject.focus, "facilitators": mine}
    form = NewSessionForm(facilitators, data=None if request.method == "POST" else shown)
    outcome = submit(
        form,
        lambda: services.create_session(
            traject, typed(form), form.facilitators.data, form.participants.data or ""
        ),
    )
    if outcome.done:
        flash(_("Session created. Now choose its stories."))
        return back("sessions.stories", outcome.result)
    errors = outcome.errors
    return _details_page("sessions/new.html", form, facilitators, errors, traject=traject)


@bp.get(BASE)
def overview(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    return render_template(
        "sessions/overview.html",
        **common(session),
        duration=report.duration,
        display_code=display_join_code(session.join_code),
    )


@bp.route(f"{BASE}/voorbereiden", methods=["GET", "POST"])
def prepare(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    facilitators = _facilitators(session.traject)
    shown = {name: getattr(session, name) for name in DETAILS}
    shown["facilitators"] = [u.id for u in session.facilitators]
    # A post is read as sent: a field it leaves out is not filled in from the session.
    form = SessionForm(facilitators, data=None if request.method == "POST" else shown)
    outcome = submit(form, lambda: services.update_session(session, typed(form), form.facilitators.data))
    if outcome.done:
        flash(_("Session saved."))
        return back("sessions.prepare", session)
    errors = outcome.errors
    return _details_page(
        "sessions/prepare.html",
        form,
        facilitators,
        errors,
        **common(session),
        selection_text=selection.describe(session),
    )


@bp.post(f"{BASE}/deelnemers")
def add_participants(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    form = ParticipantsForm()
    if not form.validate_on_submit():
        return refuse(session, "sessions.prepare", errors_of(form))
    try:
        added = services.add_participants(session, form.participants.data or "")
    except InputError as exc:
        return refuse(session, "sessions.prepare", exc.errors)
    flash(_("Participants added: %(n)s.", n=len(added)))
    return back("sessions.prepare", session, "participants")


@bp.post(f"{BASE}/deelnemers/<int:participant_id>/verwijderen")
def remove_participant(slug: str, session_id: int, participant_id: int):
    session = session_or_404(slug, session_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return refuse(session, "sessions.prepare", errors_of(form))
    try:
        services.remove_participant(session, participant_id)
    except InputError as exc:
        return refuse(session, "sessions.prepare", exc.errors)
    flash(_("Participant removed."))
    return back("sessions.prepare", session, "participants")


@bp.post(f"{BASE}/status")
def status(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return refuse(session, "sessions.overview", errors_of(form))
    try:
        services.set_status(session, form.to.data)
    except InputError as exc:
        return refuse(session, "sessions.overview", exc.errors)
    if form.to.data == "open":
        return back("sessions.code", session)
    if form.to.data == "closed":
        # Closing publishes nothing: what becomes public is chosen, previewed and confirmed in step 9.
        flash(_("Session closed. Nothing of it is public: choose what becomes public in the step Publish."))
        return back("sessions.publish", session)
    flash(_("Session back in preparation."))
    return back("sessions.overview", session)


@bp.get(f"{BASE}/code")
def code(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    join_url = url_for("board.join", _external=True)
    return render_template(
        "sessions/code.html",
        **common(session),
        display_code=display_join_code(session.join_code),
        join_url=join_url,
    )


# --- the story set -------------------------------------------------------------------------------------


def _choose_stories(session, form: StorySetForm, statements: list | None) -> int:
    """The story set chosen the way the form asks."""
    services.refuse_if_closed(session)
    if form.kind.data == "filter":
        return selection.select_by_filter(session, form.criteria(), form.limit.data)
    if form.kind.data == "balanced":
        return selection.select_balanced(session, form.size.data, form.seed.data or "", form.criteria())
    return selection.select_by_pattern(session, form.statement.data or "", statements)


@bp.route(f"{BASE}/verhalen", methods=["GET", "POST"])
def stories(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    choices = selection.filter_choices(session.traject)
    form = StorySetForm(choices)
    # The statements take about a second on a few hundred stories: computed when asked for.
    asked = (form.is_submitted() and form.kind.data == "pattern") or request.args.get("patronen") == "1"
    statements = selection.pattern_statements(session.traject) if asked else None
    outcome = submit(form, lambda: _choose_stories(session, form, statements))
    if outcome.done:
        flash(_("Story set chosen: %(n)s stories.", n=outcome.result))
        return back("sessions.stories", session)
    errors = outcome.errors
    values = values_of(form)
    return render_template(
        "sessions/stories.html",
        **common(session),
        errors=errors,
        kind=values["kind"] or "",
        form=values,
        choices=choices,
        filter_titles=_filter_titles(),
        statements=statements or [],
        show_patterns=asked,
        selection_text=selection.describe(session),
        perspectives=selection.perspective_counts(session),
        default_size=selection.DEFAULT_SAMPLE,
    ), REFUSED if errors else 200


def _filter_titles() -> dict[str, str]:
    return {
        "perspective": _("Perspective of the narrator"),
        "audience": _("Audience"),
        "age_group": _("Age group"),
        "municipality": _("Municipality"),
        "prompt": _("Prompt"),
        "organisation_type": _("Kind of organisation"),
    }
