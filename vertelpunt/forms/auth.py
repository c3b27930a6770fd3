"""The account forms: logging in, the second factor, passwords and the administrators' access form."""

from __future__ import annotations

import re

# Lazy, for texts made at import; named _ so that Babel's extractor finds them.
from flask_babel import lazy_gettext as _
from wtforms import BooleanField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, EqualTo, InputRequired, Length, Optional, Regexp

from vertelpunt.auth.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from vertelpunt.forms import base
from vertelpunt.forms.base import REQUIRED

# DataRequired, not InputRequired: a password or address of only spaces is not filled in.
_required = DataRequired(REQUIRED)
# As the coalition's recipient list checks addresses: something@something.something, no spaces.
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
TRY_AGAIN = _("Try again.")


# base.Form refuses a field sent twice, as every area's forms do.
Form = base.Form


def _new_password():
    return PasswordField(
        _("New password"),
        validators=[
            _required,
            Length(
                min=MIN_PASSWORD_LENGTH, message=_("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH)
            ),
            Length(
                max=MAX_PASSWORD_LENGTH, message=_("Use at most %(n)s characters.", n=MAX_PASSWORD_LENGTH)
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
            Length(max=254, message=_("Use at most %(n)s characters.", n=254)),
            Regexp(EMAIL, message=_("This is not an e-mail address.")),
        ],
    )


class LoginForm(Form):
    username = StringField(_("Username"), validators=[InputRequired(REQUIRED)])
    password = PasswordField(_("Password"), validators=[InputRequired(REQUIRED)])


class CodeForm(Form):
    code = StringField(
        _("Code from your app"),
        validators=[_required, Length(max=20, message=_("Use at most %(n)s characters.", n=20))],
    )


class ForgotForm(Form):
    email = _email()


class NewPasswordForm(Form):
    """Choosing a password through an invitation or a reset link."""

    password = _new_password()
    repeat = _repeat()


class ChangePasswordForm(Form):
    current = PasswordField(_("Current password"), validators=[_required])
    password = _new_password()
    repeat = _repeat()


class PasswordCheckForm(Form):
    current = PasswordField(_("Current password"), validators=[_required])


class ConfirmForm(Form):
    """A button: only the CSRF token is checked."""

    submit = SubmitField(_("Confirm"))


class ActiveForm(Form):
    active = HiddenField(validators=[InputRequired(TRY_AGAIN), AnyOf(("0", "1"), message=TRY_AGAIN)])


class AccessFields(Form):
    """Admin flag and e-mail; the roles per traject are added by admin.access_form()."""

    email = _email(required=False)
    is_admin = BooleanField(_("Administrator of the platform"))


class InviteFields(AccessFields):
    username = StringField(
        _("Username"),
        validators=[_required, Length(max=80, message=_("Use 1 to 80 characters."))],
    )
    email = _email()
