"""The staff forms: a traject, an organisation, a link and a traject's anonymity threshold.

The forms read and check the shape of what was sent (one value per field, dates, whole numbers,
lengths that fit the columns, choices from the data); staff/services.py keeps the rules it shares
with the flask commands (a free short name, dates in order, a prefill the framework allows)."""

from __future__ import annotations

import functools

from flask_babel import get_locale
from flask_babel import lazy_gettext as _
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from vertelpunt.coalition.disclosure import FLOOR
from vertelpunt.forms.base import Form, day, number, text
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import audience_choices
from vertelpunt.models import Link, Organisation, Traject

# The longest text taken for the traject's Text columns (results_note) and the municipality list.
LONG_TEXT = 4000
PREFILL = "prefill_"


class StaffForm(Form):
    """A staff form (read from the posted form fields only, as every Form)."""


class FromChoices:
    """The value is one of the field's choices, which come from the data per request; the message is a
    sentence for people instead of WTForms' own. A field that was not sent counts as empty."""

    def __init__(self, message):
        self.message = message

    def __call__(self, _form, field):
        if (field.data or "") not in {value for value, _label in field.choices}:
            raise ValidationError(self.message)


def choice(label, message) -> SelectField:
    return SelectField(label, choices=[], validate_choice=False, validators=[FromChoices(message)])


class TrajectForm(StaffForm):
    # Every maximum is its column's length, so a name that passes here fits the database.
    name = text(_("Name"), Traject.name.type.length)
    slug = text(_("Short name for addresses"), Traject.slug.type.length)
    region = text(_("Region"), Traject.region.type.length)
    focus = text(_("Focus (opgave)"), Traject.focus.type.length)
    focus_prompt_nl = text(_("Focus prompt for narrators (Dutch)"), Traject.focus_prompt_nl.type.length)
    focus_prompt_en = text(_("Focus prompt for narrators (English)"), Traject.focus_prompt_en.type.length)
    municipalities = text(_("Municipalities, one per line"), LONG_TEXT, area=True)
    opens_on = day(_("Vertelpunt opens on"))
    closes_on = day(_("Vertelpunt closes on"))
    results_note = text(_("Where narrators will find the results"), LONG_TEXT, area=True)

    def for_service(self) -> dict:
        """The arguments of services.create_traject."""
        texts = ("name", "slug", "region", "focus", "focus_prompt_nl", "focus_prompt_en", "results_note")
        values = {name: self[name].data or "" for name in texts}
        values["municipalities"] = (self.municipalities.data or "").splitlines()
        values["opens_on"], values["closes_on"] = self.opens_on.data, self.closes_on.data
        return values


class EndTrajectForm(StaffForm):
    """Closing a traject's vertelpunt for its ending, or ending it (staff/ending.py)."""

    op = SelectField(choices=[SelectChoice("close", ""), SelectChoice("end", "")], validate_choice=True)
    confirm = text(_("Short name of the traject"), Traject.slug.type.length)


class ThresholdForm(StaffForm):
    # Only the floor here: the configured minimum and the rule after opening are coalition/disclosure.py's.
    threshold = number(_("Threshold"), FLOOR, 1000)


def organisation_types() -> list[tuple[str, str]]:
    question = get_framework()["organisation_type"]
    return [(o.id, o.label("nl")) for o in question.options]


class OrganisationForm(StaffForm):
    name = text(_("Name"), Organisation.name.type.length)
    organisation_type = choice(_("Kind of organisation"), _("Choose a kind of organisation from the list."))
    municipality_code = choice(_("Municipality"), _("Choose a municipality of this traject."))
    contact_person = text(_("Contact person (role or name)"), Organisation.contact_person.type.length)

    def __init__(self, traject: Traject):
        super().__init__()
        self.organisation_type.choices = organisation_types()
        self.municipality_code.choices = [("", _("Whole region"))] + [
            (m.code, m.name) for m in traject.municipalities
        ]

    def for_service(self) -> dict:
        """The arguments of services.create_organisation after the traject."""
        names = ("name", "organisation_type", "municipality_code", "contact_person")
        return {name: self[name].data or "" for name in names}


class LinkForm(StaffForm):
    organisation_id = choice(_("Organisation"), _("Choose an organisation from the list."))
    audience = choice(_("Audience"), _("Choose an audience from the list."))
    label = text(_("Label (for yourself)"), Link.label.type.length)
    channel = text(_("Channel (WhatsApp, e-mail, newsletter, ...)"), Link.channel.type.length)

    def organisation(self, traject: Traject) -> Organisation | None:
        chosen = self.organisation_id.data
        return next((o for o in traject.organisations if str(o.id) == chosen), None)

    def prefill(self) -> dict[str, str]:
        """The answers this link fills in, by question; services.create_link checks them against the
        framework (and names a wrong one in its message)."""
        return {
            name.removeprefix(PREFILL): (field.data or "").strip()
            for name, field in self._fields.items()
            if name.startswith(PREFILL)
        }

    def for_service(self) -> dict:
        return {
            "audience": self.audience.data or "",
            "label": self.label.data or "",
            "channel": self.channel.data or "",
        }


@functools.cache
def _link_form_class(question_ids: tuple[str, ...]) -> type[LinkForm]:
    # A select per question a link may fill in: the framework decides which ones.
    fields = {f"{PREFILL}{q}": SelectField(choices=[], validate_choice=False) for q in question_ids}
    return type(LinkForm)("LinkForm", (LinkForm,), fields)


def link_form(traject: Traject, prefill_choices: dict[str, list[str]]) -> LinkForm:
    """The link form with its choices from the data: the traject's organisations, the audiences and,
    for each question a link may fill in, the answers it may take in this traject."""
    form = _link_form_class(tuple(prefill_choices))()
    form.organisation_id.choices = [("", "")] + [(str(o.id), o.name) for o in traject.organisations]
    form.audience.choices = audience_choices(str(get_locale()))
    for question_id, options in prefill_choices.items():
        form[f"{PREFILL}{question_id}"].choices = [("", "")] + [(o, o) for o in options]
    return form
