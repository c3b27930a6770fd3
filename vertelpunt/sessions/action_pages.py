"""Steps 2, 5 and 6 of a session: reviewing the actions of earlier sessions, the actions per theme with
the group's first steps, and ritual dissent on a proposal."""

from __future__ import annotations

from flask import abort, flash, render_template, request
from flask_babel import gettext as _

from vertelpunt import audit
from vertelpunt.forms.base import errors_of, submit, values_of
from vertelpunt.forms.sessions import ActionForm, ConfirmForm, DissentForm, FirstStepsForm, ReviewForm, typed
from vertelpunt.models.actions import ACTION_STATUSES
from vertelpunt.sessions import actions as action_rules
from vertelpunt.sessions import dissent as dissent_rules
from vertelpunt.sessions import report, services
from vertelpunt.sessions.routes import BASE, REFUSED, back, bp, common, refuse, session_or_404

# --- step 2: review ----------------------------------------------------------------------------------


@bp.route(f"{BASE}/terugblik", methods=["GET", "POST"])
def reviews(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    form = ReviewForm()
    outcome = submit(
        form,
        lambda: action_rules.record_review(
            session,
            form.action_id.data,
            status=form.status.data,
            obstacles=form.obstacles.data or "",
            opportunities=form.opportunities.data or "",
            next_step=form.next_step.data or "",
        ),
    )
    if outcome.done:
        flash(_("Review saved."))
        return back("sessions.reviews", session, f"action-{form.action_id.data}")
    errors = outcome.errors
    actions = action_rules.actions_to_review(session)
    failed_id = form.action_id.data if errors else None
    if failed_id not in {a.id for a in actions}:
        failed_id = None  # the message then shows at the top: there is no form of that action here
    return render_template(
        "sessions/reviews.html",
        **common(session),
        actions=actions,
        review_of=action_rules.review_of,
        history=action_rules.history,
        statuses=ACTION_STATUSES,
        status_labels=report.status_labels(),
        owner=report.owner,
        errors=errors,
        failed_id=failed_id,
        form=values_of(form),
    ), REFUSED if errors else 200


# --- step 5: actions ---------------------------------------------------------------------------------


def _themes(session) -> list[tuple[int, str]]:
    return [(t.id, t.name) for t in session.themes]


@bp.route(f"{BASE}/acties", methods=["GET", "POST"])
def actions(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    form = ActionForm(_themes(session))
    outcome = submit(form, lambda: action_rules.create_action(session, typed(form)))
    if outcome.done:
        flash(_("Action added."))
        return back("sessions.actions", session, f"action-{outcome.result.id}")
    errors = outcome.errors
    shown = values_of(form) if form.is_submitted() else {"theme_id": request.args.get("theme_id", "")}
    return render_template(
        "sessions/actions.html",
        **common(session),
        grouped=action_rules.actions_by_theme(session),
        errors=errors,
        form=shown,
        owner=report.owner,
        term_labels=report.term_labels(),
        size_labels=report.size_labels(),
        status_labels=report.status_labels(),
    ), REFUSED if errors else 200


@bp.route(f"{BASE}/acties/<int:action_id>", methods=["GET", "POST"])
def edit_action(slug: str, session_id: int, action_id: int):
    session = session_or_404(slug, session_id)
    action = action_rules.action_in(session, action_id)
    if action is None:
        abort(404)
    form = ActionForm(_themes(session), obj=None if request.method == "POST" else action)
    outcome = submit(form, lambda: action_rules.update_action(session, action_id, typed(form)))
    if outcome.done:
        flash(_("Action saved."))
        return back("sessions.actions", session, f"action-{action_id}")
    errors = outcome.errors
    shown = values_of(form)
    if not form.is_submitted():
        shown["first_step"] = "1" if action.first_step else ""  # the checkbox's value on the page
    return render_template(
        "sessions/action_form.html",
        **common(session),
        action=action,
        errors=errors,
        form=shown,
        term_labels=report.term_labels(),
        size_labels=report.size_labels(),
    ), REFUSED if errors else 200


@bp.post(f"{BASE}/acties/<int:action_id>/verwijderen")
def delete_action(slug: str, session_id: int, action_id: int):
    session = session_or_404(slug, session_id)
    if action_rules.action_in(session, action_id) is None:
        abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return refuse(session, "sessions.actions", errors_of(form))
    action_rules.delete_action(session, action_id)
    audit.record("action_deleted", session.traject, f"session {session.id}, action {action_id}")
    flash(_("Action removed."))
    return back("sessions.actions", session)


@bp.post(f"{BASE}/eerste-stappen")
def first_steps(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    form = FirstStepsForm([(a.id, a.title) for a in action_rules.session_actions(session)])
    if not form.validate_on_submit():
        return refuse(session, "sessions.actions", errors_of(form))
    action_rules.set_first_steps(session, form.first_step.data)
    flash(_("First steps saved."))
    return back("sessions.actions", session, "first-steps")


# --- step 6: ritual dissent ----------------------------------------------------------------------------


def _record(session, form: DissentForm) -> int:
    """What the form records; the round it belongs to."""
    services.refuse_if_closed(session)
    if form.what.data == "round":
        return dissent_rules.create_round(session, form.proposal.data or "", form.action_id.data).id
    if form.what.data == "revised":
        dissent_rules.revise(session, form.round_id.data, form.revised_proposal.data or "")
    else:
        dissent_rules.add_remarks(session, form.round_id.data, form.what.data, form.text.data or "")
    return form.round_id.data


@bp.route(f"{BASE}/dissent", methods=["GET", "POST"])
def dissent(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    listed = action_rules.session_actions(session)
    form = DissentForm([(a.id, a.title) for a in listed])
    outcome = submit(form, lambda: _record(session, form))
    if outcome.done:
        flash(_("Saved."))
        return back("sessions.dissent", session, f"round-{outcome.result}")
    errors = outcome.errors
    return render_template(
        "sessions/dissent.html", **common(session), actions=listed, errors=errors, form=values_of(form)
    ), REFUSED if errors else 200
