"""What every form shares: Dutch messages for numbers and dates, and the template's shape of a form."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from werkzeug.datastructures import CombinedMultiDict
from wtforms import DateField, Field, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from vertelpunt.core.errors import InputError

REQUIRED = _l("Fill this in.")
NOT_A_NUMBER = _l("Fill in a whole number.")
NOT_A_DATE = _l("Fill in a date (day, month, year).")
ONE_VALUE = _l("Fill in one answer here.")
SUBMIT_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MANY = ("SelectMultipleField", "MultiCheckboxField", "FieldList")


class Number(IntegerField):
    """A whole number written in ASCII digits: int() also takes '²'-like and full-width digits, which
    people do not mean and which would otherwise reach the database as something else."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = (valuelist[0] or "").strip()
        if raw == "":
            self.data = None
            return
        sign, digits = (raw[0], raw[1:]) if raw[0] in "+-" else ("", raw)
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:
            self.data = None
            raise ValueError(str(NOT_A_NUMBER))
        self.data = int(sign + digits)


class Day(DateField):
    """A date as the browser's date input sends it (YYYY-MM-DD), refused in Dutch otherwise."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None
            return
        try:
            self.data = dt.date.fromisoformat(valuelist[0].strip()[:10])
        except ValueError:
            self.data = None
            raise ValueError(str(NOT_A_DATE)) from None


def number(label, minimum: int, maximum: int, required: bool = True, message=None) -> Number:
    between = message or _l("Fill in a number from %(low)s to %(high)s.", low=minimum, high=maximum)
    return Number(
        label,
        validators=[
            InputRequired(REQUIRED) if required else Optional(),
            NumberRange(min=minimum, max=maximum, message=between),
        ],
    )


def day(label, required: bool = True) -> Day:
    return Day(label, validators=[InputRequired(REQUIRED) if required else Optional()])


def text(label, maximum: int, required: bool = False, area: bool = False) -> Field:
    kind = TextAreaField if area else StringField
    checks = [InputRequired(REQUIRED)] if required else [Optional()]
    checks.append(Length(max=maximum, message=_l("Use at most %(n)s characters.", n=maximum)))
    return kind(label, validators=checks, filters=[_strip])


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class Form(FlaskForm):
    """A staff or participant form. Field errors are Dutch sentences; the CSRF token is checked, and a
    field that takes one value refuses a post that sends it twice (WTForms would take the first)."""

    class Meta:
        def wrap_formdata(self, _form, formdata):
            # Flask-WTF would read a JSON body too, where a list or a number in place of a mapping is
            # a server error: these forms take posted form fields only.
            if formdata is not _Auto or not has_request_context():
                return formdata
            if request.method not in SUBMIT_METHODS:
                return None
            return CombinedMultiDict((request.files, request.form)) if request.files else request.form

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            if field.name == "csrf_token" or field.type in MANY or getattr(field, "many", False):
                continue
            if field.raw_data and len(field.raw_data) > 1:
                field.errors = [str(ONE_VALUE)]
                valid = False
        return valid


def errors_of(form: FlaskForm) -> dict[str, str]:
    """The first message of each field, keyed as the templates key errors (the field's name)."""
    return {name: str(messages[0]) for name, messages in form.errors.items() if messages}


def values_of(form: FlaskForm) -> dict[str, object]:
    """What the person sent (or the form's defaults), for showing the form again."""
    values = {}
    for field in form:
        if field.name == "csrf_token":
            continue
        raw = field.raw_data
        if raw is not None and field.type in ("SelectMultipleField", "MultiCheckboxField"):
            values[field.name] = list(raw)
        elif raw:
            values[field.name] = raw[0]
        else:
            values[field.name] = field._value() if hasattr(field, "_value") else field.data
    return values


@dataclasses.dataclass(frozen=True)
class Submitted:
    """What became of a page's form: done (with what the change returned), refused (the messages to
    show beside the fields), or neither when nothing was posted."""

    done: bool = False
    result: Any = None
    errors: dict[str, str] = dataclasses.field(default_factory=dict)


def submit(form: FlaskForm, change: Callable[[], Any]) -> Submitted:
    """Checks the posted form and, when it is valid, makes the change. A rule only the change can see
    (InputError: a name taken, a date before the opening) is refused like a field the form refused."""
    if not form.is_submitted():
        return Submitted()
    if not form.validate():
        return Submitted(errors=errors_of(form))
    try:
        return Submitted(done=True, result=change())
    except InputError as exc:
        return Submitted(errors=exc.errors)
