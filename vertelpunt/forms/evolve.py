"""The forms of the evolve pages: the traject plan (its dates, milestones, success criteria and
coalition members) and the quotes released for the public feedback page.

The forms read and type-check what was sent; the rules (a milestone needs a name, a quote may not
be the whole story) stay in plan.py and quotes.py, which say what is wrong in the same words for
every caller."""

from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from vertelpunt.evolve.plan import MANUAL_KINDS
from vertelpunt.forms.base import Day, Form, Number
from vertelpunt.models.plan import CRITERION_STATUSES, CYCLES, PHASES

DATE_AS_ISO = _l("Fill in a date as YYYY-MM-DD.")
UNKNOWN = _l("Something went wrong with this form. Try again.")
GONE = _l("This item does not exist (any more).")


class PlanDay(Day):
    """A date of the plan, refused in the plan's own words."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(DATE_AS_ISO)) from None


class Ref(Number):
    """The number of a row the page showed, sent in a hidden field or a button: anything but a
    whole number is a row that is not there."""

    def __init__(self, required: bool = True, **kwargs):
        first = InputRequired(GONE) if required else Optional()
        super().__init__(validators=[first, NumberRange(min=1, message=GONE)], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(GONE)) from None


def choice(values, message, default=None) -> SelectField:
    """One of the values the page offered; WTForms' own refusal would be English."""
    return SelectField(choices=list(values), default=default, invalid_choice_message=message)


# base.Form refuses a field sent twice, as every area's forms do.
OneValueForm = Form


class ByButton(OneValueForm):
    """A form with several buttons, each sending its ``op``. USES names the fields each op reads;
    the others' errors do not count, so a field another button fills in does not stand in the way."""

    USES: ClassVar[dict[str, tuple[str, ...]]] = {}

    def validate(self, extra_validators=None):
        super().validate(extra_validators)
        used = {"csrf_token", "op", *self.USES.get(self.op.data, ())}
        for field in self:
            if field.name not in used:
                field.errors = []
        return not self.errors


class PlanDatesForm(OneValueForm):
    """Every cycle's and phase's dates: `<cycle>_starts_on`, `<cycle>_<phase>_ends_on`, ..."""


for _key in [*CYCLES, *(f"{c}_{p}" for c in CYCLES for p in PHASES)]:
    for _end in ("starts_on", "ends_on"):
        setattr(PlanDatesForm, f"{_key}_{_end}", PlanDay(validators=[InputRequired(DATE_AS_ISO)]))


class MilestoneForm(ByButton):
    USES: ClassVar = {
        "add": ("title", "due_on", "kind"),
        "done": ("milestone_id",),
        "undo": ("milestone_id",),
        "remove": ("milestone_id",),
    }
    op = choice(USES, UNKNOWN)
    title = StringField()
    due_on = PlanDay(validators=[Optional()])
    kind = choice(MANUAL_KINDS, _l("Choose a kind of milestone."), default="other")
    milestone_id = Ref()


class CriterionForm(ByButton):
    USES: ClassVar = {
        "add": ("text", "measure"),
        "status": ("criterion_id", "status"),
        "remove": ("criterion_id",),
    }
    op = choice(USES, UNKNOWN)
    text = StringField()
    measure = StringField()
    status = choice(CRITERION_STATUSES, _l("Choose met, not met or not yet known."))
    criterion_id = Ref()


class MemberForm(ByButton):
    USES: ClassVar = {"add": ("organisation", "representative", "population"), "remove": ("member_id",)}
    op = choice(USES, UNKNOWN)
    organisation = StringField()
    representative = StringField()
    population = StringField()
    member_id = Ref()


class QuoteForm(ByButton):
    USES: ClassVar = {
        "release": ("text", "story_id", "theme_id"),
        "edit": ("quote_id", "text"),
        "withdraw": ("quote_id",),
    }
    op = choice(USES, UNKNOWN)
    text = StringField()
    story_id = Ref()
    theme_id = Ref(required=False)
    quote_id = Ref()
