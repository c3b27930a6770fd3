"""Step 9 of a session, Publiceren: the facilitator chooses what of a closed session becomes public,
sees exactly that as the public page will show it, and confirms; or takes it all back. Thin: the rules
live in vertelpunt/evolve/publication.py. Registered on the sessions blueprint (see routes.py)."""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, SubmitField, TextAreaField

from vertelpunt.core.errors import InputError
from vertelpunt.evolve import public, public_check, publication
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession
from vertelpunt.sessions import routes

# The template writes every label and button text itself (translated there); these forms only read
# and check the CSRF token and the submitted values.


class PublishForm(FlaskForm):
    """The choices of one session; its fields are made per theme and action by publish_form()."""

    previewed = HiddenField()
    preview = SubmitField()
    edit = SubmitField()
    confirm = SubmitField()


class WithdrawForm(FlaskForm):
    sure = BooleanField()
    withdraw = SubmitField()


def publish_form(session: DuidingSession, formdata=None) -> PublishForm:
    """A form class made from the session's themes and actions (one switch and texts each)."""

    class SessionPublishForm(PublishForm):
        pass

    fields = {}
    for theme in session.themes:
        key = f"theme_{theme.id}"
        fields |= {
            f"{key}_public": BooleanField(),
            f"{key}_name": StringField(),
            f"{key}_summary": TextAreaField(),
        }
    for action in publication.session_actions(session):
        key = f"action_{action.id}"
        fields |= {f"{key}_public": BooleanField(), f"{key}_title": StringField()}
        fields |= {f"{key}_description": TextAreaField(), f"{key}_organisation": BooleanField()}
    for name, field in fields.items():
        setattr(SessionPublishForm, name, field)
    if formdata is None:
        return SessionPublishForm(data=publication.current_values(session))
    return SessionPublishForm(formdata=formdata)


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


def _page(session, form, errors=None, plan=None, status=200):
    themes = list(session.themes)
    actions = publication.session_actions(session)
    items = themes + actions
    return render_template(
        "sessions/publish.html",
        **routes._common(session),
        form=form,
        withdraw_form=WithdrawForm(),
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


@routes.bp.route(f"{routes.BASE}/publiceren", methods=["GET", "POST"])
def publish(slug: str, session_id: int):
    session = routes._session(slug, session_id)
    if request.method == "GET":
        return _page(session, publish_form(session))
    form = publish_form(session, request.form)
    if not form.validate():  # the CSRF token, checked here as in every staff form
        return _page(session, form, {"form": _("This form has expired. Try again.")}, status=422)
    plan = publication.read_plan(session, form.data)
    try:
        publication.check_plan(plan)
    except InputError as exc:
        db.session.rollback()
        return _page(session, form, exc.errors, status=422)
    if form.edit.data:
        return _page(session, form)
    fingerprint = plan.fingerprint()
    if not form.confirm.data or form.previewed.data != fingerprint:
        # Publishing needs the preview of exactly these texts: a changed text shows the preview again.
        form.previewed.data = fingerprint
        return _page(session, form, plan=plan)
    asked, withdrawn = publication.apply_plan(plan)
    db.session.commit()
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
    return routes._back("sessions.publish", session)


@routes.bp.post(f"{routes.BASE}/publiceren/intrekken")
def publish_withdraw(slug: str, session_id: int):
    session = routes._session(slug, session_id)
    withdraw = WithdrawForm()
    if not withdraw.validate_on_submit() or not withdraw.sure.data:
        expired = withdraw.errors.get("csrf_token")
        errors = {
            "sure": _("This form has expired. Try again.") if expired else _("Tick the box to confirm.")
        }
        return _page(session, publish_form(session), errors, status=422)
    count = publication.withdraw_session(session)
    db.session.commit()
    flash(
        _("Taken off the public page: %(n)s.", n=count) if count else _("Nothing of this session was public.")
    )
    return routes._back("sessions.publish", session)
