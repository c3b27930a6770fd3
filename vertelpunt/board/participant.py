"""Participant pages: join with the session code, read the session's stories, write observations and
evaluate the session, on one's own phone or laptop and without an account.

Every page checks, in this order: the device joined this session (else: back to the code form, the
same for a session that does not exist, so session ids reveal nothing), and the session is still open
(else: a friendly page without stories)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from vertelpunt.board import devices, services
from vertelpunt.board.routes import bp
from vertelpunt.board.signification import shown_story, story_title
from vertelpunt.clients import client_key
from vertelpunt.core.errors import InputError
from vertelpunt.extensions import db, limiter
from vertelpunt.models import DuidingSession


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
    if request.method == "GET":
        devices.new_device_id()
    if request.method == "POST":
        code = request.form.get("code", "")
        duiding = services.open_session_by_code(code)
        if duiding is not None:
            devices.remember_code(duiding.id)
            if devices.participant_for(duiding) is not None:
                return redirect(url_for("board.participant_home", session_id=duiding.id))
            return redirect(url_for("board.join_name", session_id=duiding.id))
        error = (
            _("Fill in the session code.")
            if not code.strip()
            else _(
                "This code does not work. Check the code, or ask the facilitator whether the session is open."
            )
        )
    return render_template("board/join.html", error=error, code=code), (422 if error else 200)


@bp.route("/sessie/<int:session_id>/naam", methods=["GET", "POST"])
def join_name(session_id: int):
    duiding = db.session.get(DuidingSession, session_id) if services.row_id(session_id) else None
    person = devices.participant_for(duiding) if duiding else None
    if duiding is None or (person is None and not devices.code_verified(session_id)):
        return redirect(url_for("board.join"))
    if duiding.status != "open":
        return _closed(duiding)
    errors: dict[str, str] = {}
    form = {"name": person.name if person else "", "organisation": person.organisation if person else ""}
    if request.method == "POST":
        form = {k: request.form.get(k, "") for k in ("name", "organisation")}
        try:
            name, organisation = services.clean_name(form["name"], form["organisation"])
        except InputError as exc:
            errors = exc.errors
        else:
            if person is None:
                devices.join(duiding, name, organisation, _("anonymous"))
            else:
                person.name = name or _("anonymous")
                person.organisation = organisation
            db.session.commit()
            return redirect(url_for("board.participant_home", session_id=duiding.id))
    return render_template(
        "board/name.html", duiding=duiding, form=form, errors=errors, joined=person is not None
    ), (422 if errors else 200)


def _closed(duiding: DuidingSession):
    return render_template("board/closed.html", duiding=duiding), 410


def participant_page(view: Callable) -> Callable:
    """Gives the view the session and the participant, or turns the visitor away (see module doc)."""

    @wraps(view)
    def guarded(session_id: int, **kwargs):
        duiding = db.session.get(DuidingSession, session_id) if services.row_id(session_id) else None
        person = devices.participant_for(duiding) if duiding else None
        if person is None:
            flash(_("Fill in the session code to take part."), "info")
            return redirect(url_for("board.join"))
        if duiding.status != "open":
            return _closed(duiding)
        return view(duiding, person, **kwargs)

    return guarded


def _with_key(form: dict | None) -> dict:
    """The observation form with its key: a fresh one, or the one of the attempt being shown again."""
    form = dict(form or {})
    if not services.usable_form_key(form.get("form_key")):
        form["form_key"] = services.new_form_key()
    return form


def _checked_personal() -> bool:
    """The writer saw the "looks personal" warning on this form (its hidden field) and sends anyway."""
    return request.form.get("personal_checked") == "yes"


def _home(duiding, person, errors=None, form=None, status=200, personal=None):
    stories = services.session_stories(duiding)
    form = _with_key(form)
    return render_template(
        "board/participant.html",
        duiding=duiding,
        person=person,
        stories=[(s.id, story_title(s), s.text) for s in stories],
        choices=[(s.id, story_title(s)) for s in stories],
        mine=services.own_observations(person),
        errors=errors or {},
        form=form,
        chosen=set(form.get("stories", [])),
        personal=personal or [],
    ), status


@bp.get("/sessie/<int:session_id>")
@participant_page
def participant_home(duiding, person):
    return _home(duiding, person)


@bp.get("/sessie/<int:session_id>/verhalen/<int:story_id>")
@participant_page
def participant_story(duiding, person, story_id: int):
    story = services.session_story_or_404(duiding, story_id)
    return _story_page(duiding, person, story)


def _story_page(duiding, person, story, errors=None, form=None, status=200, personal=None):
    others = [(s.id, story_title(s)) for s in services.session_stories(duiding) if s.id != story.id]
    form = _with_key(form or {"stories": [str(story.id)]})
    return render_template(
        "board/story.html",
        duiding=duiding,
        person=person,
        story=shown_story(story, _lang()),
        others=others,
        mine=[o for o in services.own_observations(person) if story.id in {s.id for s in o.stories}],
        errors=errors or {},
        form=form,
        chosen=set(form.get("stories", [])),
        personal=personal or [],
    ), status


@bp.post("/sessie/<int:session_id>/observaties")
@participant_page
def participant_observe(duiding, person):
    story_ids = request.form.getlist("stories")
    form_key = request.form.get("form_key", "")
    form = {"text": request.form.get("text", ""), "stories": story_ids, "form_key": form_key}
    back = services.row_id(request.form.get("from_story", ""))
    try:
        services.add_observation(
            duiding,
            form["text"],
            story_ids,
            participant=person,
            form_key=form_key,
            personal_checked=_checked_personal(),
        )
        db.session.commit()
    except (InputError, services.LooksPersonal) as exc:
        db.session.rollback()
        # Never a refusal for what looks personal: the writer sees it, may change it and sends again.
        errors, personal = getattr(exc, "errors", {}), getattr(exc, "snippets", [])
        status = 422 if errors else 200
        if back is not None:
            story = services.session_story_or_404(duiding, back)
            return _story_page(duiding, person, story, errors, form, status, personal)
        return _home(duiding, person, errors, form, status, personal)
    flash(_("Thank you. Your observation is on the board."), "ok")
    if back is not None:
        return redirect(url_for("board.participant_story", session_id=duiding.id, story_id=back))
    return redirect(url_for("board.participant_home", session_id=duiding.id))


@bp.route("/sessie/<int:session_id>/observaties/<int:observation_id>", methods=["GET", "POST"])
@participant_page
def participant_edit(duiding, person, observation_id: int):
    observation = services.own_observation_or_404(person, observation_id)
    form = {"text": observation.text, "stories": [str(s.id) for s in observation.stories]}
    errors: dict[str, str] = {}
    personal: list[str] = []
    if request.method == "POST":
        form = {"text": request.form.get("text", ""), "stories": request.form.getlist("stories")}
        try:
            services.change_observation(
                observation, form["text"], form["stories"], personal_checked=_checked_personal()
            )
        except InputError as exc:
            db.session.rollback()
            errors = exc.errors
        except services.LooksPersonal as exc:
            db.session.rollback()
            personal = exc.snippets
        else:
            db.session.commit()
            flash(_("Your observation has been changed."), "ok")
            return redirect(url_for("board.participant_home", session_id=duiding.id))
    stories = services.session_stories(duiding)
    return render_template(
        "board/edit_observation.html",
        duiding=duiding,
        person=person,
        observation_id=observation_id,
        stories=[(s.id, story_title(s)) for s in stories],
        form=form,
        errors=errors,
        chosen=set(form["stories"]),
        personal=personal,
    ), (422 if errors else 200)


@bp.post("/sessie/<int:session_id>/observaties/<int:observation_id>/verwijderen")
@participant_page
def participant_remove(duiding, person, observation_id: int):
    observation = services.own_observation_or_404(person, observation_id)
    services.remove_observation(observation)
    db.session.commit()
    flash(_("Your observation has been taken off the board."), "ok")
    return redirect(url_for("board.participant_home", session_id=duiding.id))


@bp.route("/sessie/<int:session_id>/evaluatie", methods=["GET", "POST"])
@participant_page
def participant_evaluation(duiding, person):
    existing = services.evaluation_of(person)
    form = {
        "rating": str(existing.rating) if existing else "",
        "went_well": existing.went_well if existing else "",
        "to_improve": existing.to_improve if existing else "",
    }
    errors: dict[str, str] = {}
    personal: list[str] = []
    if request.method == "POST":
        form = {k: request.form.get(k, "") for k in ("rating", "went_well", "to_improve")}
        try:
            _save_evaluation(person, form, _checked_personal())
        except InputError as exc:
            db.session.rollback()
            errors = exc.errors
        except services.LooksPersonal as exc:
            db.session.rollback()
            personal = exc.snippets
        else:
            flash(_("Thank you for your evaluation. You can still change it."), "ok")
            return redirect(url_for("board.participant_evaluation", session_id=duiding.id))
    return render_template(
        "board/evaluation.html",
        duiding=duiding,
        person=person,
        form=form,
        errors=errors,
        saved=existing,
        personal=personal,
    ), (422 if errors else 200)


def _save_evaluation(person, form: dict, personal_checked: bool) -> None:
    """Saved and committed. A second device tab that sent its first evaluation at the same moment
    stored one already (the unique key refused this one): then this one changes that one."""
    for attempt in (1, 2):
        try:
            services.save_evaluation(
                person, form["rating"], form["went_well"], form["to_improve"], personal_checked
            )
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise
