"""Participant pages: join with the session code, read the session's stories, write observations and
evaluate the session, on one's own phone or laptop and without an account.

Every page checks, in this order: the device joined this session (else: back to the code form, the
same for a session that does not exist, so session ids reveal nothing), and the session is still open
(else: a friendly page without stories)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from vertelpunt.clients import client_key
from vertelpunt.core import transaction
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db, limiter
from vertelpunt.forms.base import errors_of, values_of
from vertelpunt.forms.board import (
    EvaluationForm,
    JoinForm,
    NameForm,
    ObservationForm,
    ParticipantObservationForm,
)
from vertelpunt.models import DuidingSession
from vertelpunt.sessions.board import cards, devices
from vertelpunt.sessions.board.evaluation import evaluation_of, save_evaluation
from vertelpunt.sessions.board.personal import LooksPersonal
from vertelpunt.sessions.board.routes import bp
from vertelpunt.sessions.board.signification import shown_story, story_title
from vertelpunt.sessions.board.stories import session_stories, session_story_or_404
from vertelpunt.sessions.join_codes import open_session_by_code


def _join_limit() -> str:
    return current_app.config.get("JOIN_RATE_LIMIT", "10 per 10 minutes")


def _device_limit() -> str:
    return current_app.config.get("JOIN_DEVICE_LIMIT", "120 per 10 minutes")


def _device_key() -> str:
    # A browser that never loaded the form (no device name) counts with everyone else at its address.
    device = devices.device_id()
    return f"device:{device}" if device else f"address:{client_key()}"


def _failed_try(response) -> bool:
    # Only wrong codes count: a whole room behind one school or office address joins at once.
    return response.status_code != 302


def _has_device() -> bool:
    # Only handing out a device name counts: someone throwing the cookie away to get ten fresh tries
    # needs a new name each time, and an address gets a classroom's worth of those, not unlimited.
    return devices.device_id() is not None


def _lang() -> str:
    from flask_babel import get_locale

    return str(get_locale())


@bp.route("/sessie", methods=["GET", "POST"])
@limiter.limit(_join_limit, key_func=_device_key, methods=["POST"], deduct_when=_failed_try)
@limiter.limit(_device_limit, key_func=client_key, methods=["GET"], exempt_when=_has_device)
def join():
    error, code = "", ""
    form = JoinForm()
    if not form.is_submitted():
        devices.new_device_id()
    elif not form.validate_on_submit():
        code, error = values_of(form)["code"] or "", " ".join(errors_of(form).values())
    elif (session := open_session_by_code(form.code.data)) is not None:
        devices.remember_code(session.id)
        if devices.participant_for(session) is not None:
            return redirect(url_for("board.participant_home", session_id=session.id))
        return redirect(url_for("board.join_name", session_id=session.id))
    else:
        code = form.code.data
        error = _(
            "This code does not work. Check the code, or ask the facilitator whether the session is open."
        )
    return render_template("board/join.html", error=error, code=code), (422 if error else 200)


@bp.route("/sessie/<int:session_id>/naam", methods=["GET", "POST"])
def join_name(session_id: int):
    session = db.session.get(DuidingSession, session_id)
    person = devices.participant_for(session) if session else None
    if session is None or (person is None and not devices.code_verified(session_id)):
        return redirect(url_for("board.join"))
    if session.status != "open":
        return _closed(session)
    errors: dict[str, str] = {}
    shown = {"name": person.name if person else "", "organisation": person.organisation if person else ""}
    form = NameForm()
    if form.validate_on_submit():
        name, organisation = form.name.data, form.organisation.data
        if person is None:
            devices.join(session, name, organisation, _("anonymous"))
        else:
            person.name = name or _("anonymous")
            person.organisation = organisation
        return redirect(url_for("board.participant_home", session_id=session.id))
    if form.is_submitted():
        shown, errors = values_of(form), errors_of(form)
    return render_template(
        "board/name.html", session=session, form=shown, errors=errors, joined=person is not None
    ), (422 if errors else 200)


def _closed(session: DuidingSession):
    return render_template("board/closed.html", session=session), 410


def participant_page(view: Callable) -> Callable:
    """Gives the view the session and the participant, or turns the visitor away (see module doc)."""

    @wraps(view)
    def guarded(session_id: int, **kwargs):
        session = db.session.get(DuidingSession, session_id)
        person = devices.participant_for(session) if session else None
        if person is None:
            flash(_("Fill in the session code to take part."), "info")
            return redirect(url_for("board.join"))
        if session.status != "open":
            return _closed(session)
        return view(session, person, **kwargs)

    return guarded


def _with_key(form: dict | None) -> dict:
    """The observation form with its key: a fresh one, or the one of the attempt being shown again."""
    form = dict(form or {})
    if not cards.usable_form_key(form.get("form_key")):
        form["form_key"] = cards.new_form_key()
    return form


def _home(session, person, errors=None, form=None, status=200, personal=None):
    stories = session_stories(session)
    form = _with_key(form)
    return render_template(
        "board/participant.html",
        session=session,
        person=person,
        stories=[(s.id, story_title(s), s.text) for s in stories],
        choices=[(s.id, story_title(s)) for s in stories],
        mine=cards.own_observations(person),
        errors=errors or {},
        form=form,
        chosen=set(form.get("stories", [])),
        personal=personal or [],
    ), status


@bp.get("/sessie/<int:session_id>")
@participant_page
def participant_home(session, person):
    return _home(session, person)


@bp.get("/sessie/<int:session_id>/verhalen/<int:story_id>")
@participant_page
def participant_story(session, person, story_id: int):
    story = session_story_or_404(session, story_id)
    return _story_page(session, person, story)


def _story_page(session, person, story, errors=None, form=None, status=200, personal=None):
    others = [(s.id, story_title(s)) for s in session_stories(session) if s.id != story.id]
    form = _with_key(form or {"stories": [str(story.id)]})
    return render_template(
        "board/story.html",
        session=session,
        person=person,
        story=shown_story(story, _lang()),
        others=others,
        mine=[o for o in cards.own_observations(person) if story.id in {s.id for s in o.stories}],
        errors=errors or {},
        form=form,
        chosen=set(form.get("stories", [])),
        personal=personal or [],
    ), status


def _observed(form, save) -> tuple[dict, list[str]] | None:
    """Runs save() for a valid form: None when stored, else the errors and the words that look personal
    (nothing is stored then)."""
    try:
        if not form.validate_on_submit():
            raise InputError(errors_of(form))
        save()
    except InputError as exc:
        return exc.errors, []
    except LooksPersonal as exc:
        transaction.refuse()  # never a refusal for the writer: they see it, may change it, and send again
        return {}, exc.snippets
    return None


@bp.post("/sessie/<int:session_id>/observaties")
@participant_page
def participant_observe(session, person):
    form = ParticipantObservationForm(session_stories(session))
    back = form.story_to_return_to()
    refused = _observed(
        form,
        lambda: cards.add_observation(
            session,
            form.text.data,
            form.stories.data,
            participant=person,
            form_key=form.form_key.data,
            personal_checked=form.personal_checked.data,
        ),
    )
    if refused is not None:
        errors, personal = refused
        status = 422 if errors else 200
        if back is not None:
            story = session_story_or_404(session, back)
            return _story_page(session, person, story, errors, values_of(form), status, personal)
        return _home(session, person, errors, values_of(form), status, personal)
    flash(_("Thank you. Your observation is on the board."), "ok")
    if back is not None:
        return redirect(url_for("board.participant_story", session_id=session.id, story_id=back))
    return redirect(url_for("board.participant_home", session_id=session.id))


@bp.route("/sessie/<int:session_id>/observaties/<int:observation_id>", methods=["GET", "POST"])
@participant_page
def participant_edit(session, person, observation_id: int):
    observation = cards.own_observation_or_404(person, observation_id)
    stories = session_stories(session)
    shown = {"text": observation.text, "stories": [str(s.id) for s in observation.stories]}
    errors: dict[str, str] = {}
    personal: list[str] = []
    form = ObservationForm(stories)
    if form.is_submitted():
        refused = _observed(
            form,
            lambda: cards.change_observation(
                observation, form.text.data, form.stories.data, personal_checked=form.personal_checked.data
            ),
        )
        if refused is None:
            flash(_("Your observation has been changed."), "ok")
            return redirect(url_for("board.participant_home", session_id=session.id))
        shown, (errors, personal) = values_of(form), refused
    return render_template(
        "board/edit_observation.html",
        session=session,
        person=person,
        observation_id=observation_id,
        stories=[(s.id, story_title(s)) for s in stories],
        form=shown,
        errors=errors,
        chosen=set(shown["stories"]),
        personal=personal,
    ), (422 if errors else 200)


@bp.post("/sessie/<int:session_id>/observaties/<int:observation_id>/verwijderen")
@participant_page
def participant_remove(session, person, observation_id: int):
    cards.remove_observation(cards.own_observation_or_404(person, observation_id))
    flash(_("Your observation has been taken off the board."), "ok")
    return redirect(url_for("board.participant_home", session_id=session.id))


@bp.route("/sessie/<int:session_id>/evaluatie", methods=["GET", "POST"])
@participant_page
def participant_evaluation(session, person):
    existing = evaluation_of(person)
    shown = {
        "rating": str(existing.rating) if existing else "",
        "went_well": existing.went_well if existing else "",
        "to_improve": existing.to_improve if existing else "",
    }
    errors: dict[str, str] = {}
    personal: list[str] = []
    form = EvaluationForm()
    if form.is_submitted():
        shown = values_of(form)
        if not form.validate_on_submit():
            errors = errors_of(form)
        else:
            try:
                save_evaluation(
                    person,
                    form.rating.data,
                    form.went_well.data,
                    form.to_improve.data,
                    form.personal_checked.data,
                )
            except LooksPersonal as exc:
                transaction.refuse()
                personal = exc.snippets
            else:
                flash(_("Thank you for your evaluation. You can still change it."), "ok")
                return redirect(url_for("board.participant_evaluation", session_id=session.id))
    return render_template(
        "board/evaluation.html",
        session=session,
        person=person,
        form=shown,
        errors=errors,
        saved=existing,
        personal=personal,
    ), (422 if errors else 200)
