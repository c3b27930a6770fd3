"""The account forms (Flask-WTF: each checks its CSRF token)."""

from __future__ import annotations

import re

# Lazy, for texts made at import; named _ so that Babel's extractor finds them.
from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional, Regexp

from vertelpunt.auth.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

_required = DataRequired(_("Fill this in."))
# As the coalition's recipient list checks addresses: something@something.something, no spaces.
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


def _new_password():
    return PasswordField(
        _("New password"),
        validators=[
            _required,
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=_("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
            ),
        ],
    )


def _repeat():
    return PasswordField(
        _("New password again"),
        validators=[_required, EqualTo("password", message=_("The two passwords are not the same."))],
    )


def _email(required: bool = True):
    return StringField(
        _("E-mail address"),
        validators=[
            _required if required else Optional(),
            Length(max=254),
            Regexp(EMAIL, message=_("This is not an e-mail address.")),
        ],
    )


class LoginForm(FlaskForm):
    username = StringField(_("Username"), validators=[InputRequired()])
    password = PasswordField(_("Password"), validators=[InputRequired()])


class CodeForm(FlaskForm):
    code = StringField(_("Code from your app"), validators=[_required, Length(max=20)])


class ForgotForm(FlaskForm):
    email = _email()


class NewPasswordForm(FlaskForm):
    password = _new_password()
    repeat = _repeat()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_("Current password"), validators=[_required])
    password = _new_password()
    repeat = _repeat()


class PasswordCheckForm(FlaskForm):
    current = PasswordField(_("Current password"), validators=[_required])


class ConfirmForm(FlaskForm):
    """A button: only the CSRF token is checked."""

    submit = SubmitField(_("Confirm"))


class ActiveForm(FlaskForm):
    active = HiddenField(validators=[InputRequired()])


class AccessFields(FlaskForm):
    """Admin flag and e-mail; the roles per traject are added by admin.access_form()."""

    email = _email(required=False)
    is_admin = BooleanField(_("Administrator of the platform"))


class InviteFields(AccessFields):
    username = StringField(_("Username"), validators=[_required, Length(max=80)])
    email = _email()
