"""Step 9 of a session, Publiceren: the facilitator chooses what of a closed session becomes public,
sees exactly that as the public page will show it, and confirms; or takes it all back. Thin: the rules
live in vertelpunt/evolve/publication.py."""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _

from vertelpunt import audit, jobs
from vertelpunt.core.errors import InputError
from vertelpunt.evolve import public, public_check, publication
from vertelpunt.forms.base import errors_of
from vertelpunt.forms.sessions import PublishForm, WithdrawForm, publish_form
from vertelpunt.sessions.routes import BASE, REFUSED, back, bp, common, session_or_404


def _labels(themes, actions) -> dict[str, str]:
    """Each field as the error summary names it: its theme or action, and which field."""
    fields = {
        "public": _("Publish"),
        "name": _("Name on the public page"),
        "summary": _("Summary in your own words"),
        "title": _("Title on the public page"),
        "description": _("Description"),
        "organisation": _("Owner (organisation)"),
    }
    items = [(f"theme_{t.id}", t.name) for t in themes] + [(f"action_{a.id}", a.title) for a in actions]
    return {f"{key}_{part}": f"{name} – {label}" for key, name in items for part, label in fields.items()}


def _form(session, sent: bool) -> PublishForm:
    """The form as sent, or showing the session's choices as they stand."""
    themes = [t.id for t in session.themes]
    actions = [a.id for a in publication.session_actions(session)]
    return publish_form(themes, actions, None if sent else publication.current_values(session))


def _refusals(form, expired_at: str) -> dict[str, str]:
    """Why the form was refused, per field; an expired form is said where the page shows it."""
    errors = errors_of(form)
    if "csrf_token" in errors:
        return {expired_at: _("This form has expired. Try again.")}
    return errors


def _page(session, form, errors=None, plan=None, status=200):
    themes = list(session.themes)
    actions = publication.session_actions(session)
    items = themes + actions
    return render_template(
        "sessions/publish.html",
        **common(session),
        form=form,
        withdraw_form=WithdrawForm(formdata=None),
        errors=errors or {},
        themes=themes,
        actions=actions,
        theme_names={t.id: t.name for t in themes},
        plan=plan,
        preview=public.preview(plan) if plan is not None else None,
        count_text=public.count_text,
        publication_states=publication.state_labels(),
        refusal=public_check.findings_message,
        labels=_labels(themes, actions),
        public_count=sum(i.publication == "public" for i in items),
        chosen_count=sum(i.publication != "private" for i in items),
        limits={
            "name": publication.NAME_MAX,
            "summary": publication.SUMMARY_MAX,
            "title": publication.TITLE_MAX,
            "description": publication.DESCRIPTION_MAX,
        },
    ), status


@bp.route(f"{BASE}/publiceren", methods=["GET", "POST"])
def publish(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    if request.method == "GET":
        return _page(session, _form(session, sent=False))
    form = _form(session, sent=True)
    if not form.validate():
        return _page(session, form, _refusals(form, "form"), status=REFUSED)
    plan = publication.read_plan(session, form.data)
    try:
        publication.check_plan(plan)
    except InputError as exc:
        return _page(session, form, exc.errors, status=REFUSED)
    if form.edit.data:
        return _page(session, form)
    fingerprint = plan.fingerprint()
    if not form.confirm.data or form.previewed.data != fingerprint:
        # Publishing needs the preview of exactly these texts: a changed text shows the preview again.
        form.previewed.data = fingerprint
        return _page(session, form, plan=plan)
    asked, withdrawn = publication.apply_plan(plan)
    if asked:
        jobs.enqueue_after_commit("check_publications")  # deduce looks too, in the worker
    if asked:
        audit.record("published", session.traject, f"session {session.id}: {asked} texts")
    if withdrawn:
        audit.record("publication_withdrawn", session.traject, f"session {session.id}: {withdrawn} texts")
    if asked:
        flash(
            _(
                "Asked to publish: %(n)s. The privacy check looks at it within a few minutes; "
                "then it is on the public page.",
                n=asked,
            )
        )
    if withdrawn:
        flash(_("Taken off the public page: %(n)s.", n=withdrawn))
    if not asked and not withdrawn:
        flash(_("Nothing changed."))
    return back("sessions.publish", session)


@bp.post(f"{BASE}/publiceren/intrekken")
def publish_withdraw(slug: str, session_id: int):
    session = session_or_404(slug, session_id)
    withdraw = WithdrawForm()
    if not withdraw.validate_on_submit() or not withdraw.sure.data:
        errors = _refusals(withdraw, "sure") or {"sure": _("Tick the box to confirm.")}
        return _page(session, _form(session, sent=False), errors, status=REFUSED)
    count = publication.withdraw_session(session)
    if count:
        audit.record("publication_withdrawn", session.traject, f"session {session.id}: {count} texts")
    flash(
        _("Taken off the public page: %(n)s.", n=count) if count else _("Nothing of this session was public.")
    )
    return back("sessions.publish", session)
