"""The coalition pages' forms: the organisation table upload, share texts, targets and digest settings.

Forms check what was sent: one value where one is expected, whole ASCII numbers in range, a known
number of quiet weeks, a recipient list of addresses, and text without control characters. What the
values mean (a group of this traject, a target already there, a text's placeholders) the coalition's
services check, as they also do for direct callers (commands, tests)."""

from __future__ import annotations

# Lazy, for texts made at import; named _ so that Babel's extractor finds them.
from flask_babel import lazy_gettext as _
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, Length, StopValidation

from linkgen import texts as share_texts
from vertelpunt.coalition.services import MAX_TARGET_COUNT, QUIET_WEEKS, wrong_addresses
from vertelpunt.forms.base import Form, number
from vertelpunt.models.coalition import TARGET_DIMENSIONS
from vertelpunt.text import clean_text

# Far above any real list of addresses, and below what a request may carry.
RECIPIENTS_MAX = 5000


def _clean(value):
    # PostgreSQL refuses a NUL even in a query; direction overrides can disguise what staff read.
    return clean_text(value) if isinstance(value, str) else value


def _whole(value):
    """An ASCII whole number, else None (which the choices refuse in Dutch): int() would take '１４'."""
    if isinstance(value, int):
        return value
    raw = str(value or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


# base.Form refuses a field sent twice, as every area's forms do.
CoalitionForm = Form


class TableForm(CoalitionForm):
    file = FileField(validators=[FileRequired(_("Choose a file to upload."))])
    valid_only = BooleanField(false_values=("", "0", "false"))


class TextsForm(CoalitionForm):
    """One text per kind (share_texts.KINDS); an empty one brings the standard text back. The texts'
    lengths and placeholders are checked by services.save_share_texts, with a message per text."""

    audience = StringField()
    whatsapp = TextAreaField(filters=[_clean])
    email_subject = StringField(filters=[_clean])
    email_body = TextAreaField(filters=[_clean])
    newsletter = TextAreaField(filters=[_clean])

    def texts(self) -> dict[str, str]:
        return {kind: self[kind].data or "" for kind in share_texts.KINDS}


class TargetForm(CoalitionForm):
    dimension = StringField()
    min_count = number(
        _("At least this many stories"),
        1,
        MAX_TARGET_COUNT,
        required=False,
        message=_("Fill in a whole number of at least 1."),
    )
    min_share = number(
        _("At least this percentage of all stories"),
        1,
        100,
        required=False,
        message=_("Fill in a percentage from 1 to 100."),
    )

    def value(self) -> str:
        """The group chosen in the list of the chosen dimension (each dimension has its own list)."""
        chosen = self[f"value_{self.dimension.data}"] if self.dimension.data in TARGET_DIMENSIONS else None
        return (chosen.data or "") if chosen is not None else ""


# Each dimension has its own list of groups in the page; the one of the chosen dimension counts.
for _dimension in TARGET_DIMENSIONS:
    setattr(TargetForm, f"value_{_dimension}", StringField())


class RemoveTargetForm(CoalitionForm):
    target_id = number("", 1, 2**31 - 1, message=_("This target does not exist (any more)."))


def _recipients(_form, field):
    wrong = wrong_addresses(field.data or "")
    if wrong:
        raise StopValidation(str(_("These are not e-mail addresses: %(wrong)s", wrong=", ".join(wrong))))


class DigestSettingsForm(CoalitionForm):
    recipients = TextAreaField(
        filters=[_clean],
        validators=[
            Length(max=RECIPIENTS_MAX, message=_("Use at most %(n)s characters.", n=RECIPIENTS_MAX)),
            _recipients,
        ],
    )
    quiet_days = SelectField(
        coerce=_whole,
        choices=[7 * weeks for weeks in QUIET_WEEKS],
        validate_choice=False,
        validators=[
            AnyOf([7 * w for w in QUIET_WEEKS], message=_("Choose a number of weeks from the list."))
        ],
    )
