"""The forms of a facilitator's session pages (vertelpunt/sessions).

A form reads what the browser sent and gives it a type: a whole number, a date, a row's id, one of the
options the page offered (the traject's facilitators, the session's themes and actions, the
framework's answers). What a value means for the session - a session needs a name, a time reads HH:MM,
an action can be reviewed only in a later session - the services say, so that the demo and the tests
meet the same rules. A form also says that a name is missing, together with its other messages rather
than after them, and bounds the texts the database stores without a bound."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Optional

from vertelpunt.core.ids import row_id
from vertelpunt.forms.base import Day, Form, day, number
from vertelpunt.forms.base import text as text_field
from vertelpunt.models.actions import ACTION_STATUSES, SIZES, TERMS
from vertelpunt.models.evidence import IMPORTANCE
from vertelpunt.models.sessions import REMARK_KINDS, SESSION_STATUSES
from vertelpunt.sessions.selection import FILTERS, MAX_SET
from vertelpunt.sessions.services import LONGEST_MINUTES

# Bounds of the free texts (Text columns): far above what a facilitator types, far below a flood.
LONG = 4000
LIST = 20000  # a list of participants, one per line

CONFIRM = _l("Confirm the removal.")
A_THEME = _l("Choose a theme of this session.")
AN_ACTION = _l("Choose an action of this session.")
A_SOURCE = _l("This source is not part of this traject.")
FROM_LIST = _l("Choose from the list.")
STORY_COUNT = _l("Fill in a number of stories between 1 and %(n)s.", n=MAX_SET)


def typed(form: Form) -> dict:
    """What the form read, typed, as the services take it (they look up the fields they need)."""
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


def _row(value) -> int | None:
    """A chosen row's id; '' is none. Only plain ASCII digits name a row: int() would also read
    '١٢' as 12, and '²' or a number no row can have would reach the database."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    found = row_id(value)
    if found is None:
        raise ValueError(value)
    return found


def _options(pairs: Iterable, blank: bool = False) -> list[SelectChoice]:
    """(value, label) pairs, or plain values, as the options a select field accepts."""
    options = [SelectChoice("", "")] if blank else []
    for pair in pairs:
        value, label = pair if isinstance(pair, tuple) else (pair, pair)
        options.append(SelectChoice(value, str(label)))
    return options


def one_of(values: Iterable, message, default=None) -> SelectField:
    """One of fixed words (a status, a term, what a button does); anything else, or nothing, is `message`."""
    return SelectField(
        choices=_options(values),
        default=default,
        invalid_value_message=message,
        invalid_choice_message=message,
    )


def chosen_row(message) -> SelectField:
    """One row from a list the page offered, or none; the view gives the choices."""
    return SelectField(coerce=_row, invalid_value_message=message, invalid_choice_message=message)


def chosen_rows(message, coerce=_row) -> SelectMultipleField:
    """Ticked rows (or options) from a list the page offered; the view gives the choices."""
    return SelectMultipleField(coerce=coerce, invalid_value_message=message, invalid_choice_message=message)


class RowId(Field):
    """A hidden field naming a row (a round, a source, an action to review). Whether the row belongs
    to this session or traject is the service's to say; anything no row can have is `message` here."""

    def __init__(self, message, required: bool = False, **kwargs):
        super().__init__(validators=[InputRequired(message) if required else Optional()], **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        raw = valuelist[0] if valuelist else ""
        self.data = None
        if raw.strip():
            self.data = row_id(raw)
            if self.data is None:
                raise ValueError(str(self.message))

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


class ConfirmForm(Form):
    """The small 'remove' buttons: the page sends confirm=1."""

    confirm = HiddenField(validators=[AnyOf(["1"], message=CONFIRM)])


# --- the session and its people ------------------------------------------------------------------------


def named(message) -> StringField:
    """A name the page needs (the service checks it again once cleaned): said with the other fields'
    messages, rather than after them."""
    return StringField(validators=[InputRequired(message)])


class SessionForm(Form):
    """Step 1's details (page Prepare); `facilitators` are (id, name) of the traject's facilitators."""

    title = named(_l("Give the session a name."))
    held_on = day(_l("Date"))
    starts_at = StringField()
    duration_minutes = number(
        _l("Duration in minutes"),
        1,
        LONGEST_MINUTES,
        required=False,
        message=_l("Fill in the duration in minutes, between 1 and %(n)s.", n=LONGEST_MINUTES),
    )
    goal = text_field(_l("Goal"), LONG, area=True)
    focus = text_field(_l("Focus (opgave)"), LONG, area=True)
    notes = text_field(_l("Notes for the facilitators"), LONG, area=True)
    facilitators = chosen_rows(_l("Choose facilitators of this traject."))

    def __init__(self, facilitators: Iterable[tuple[int, str]], **kwargs):
        super().__init__(**kwargs)
        self.facilitators.choices = _options(facilitators)


class NewSessionForm(SessionForm):
    participants = text_field(_l("Participants"), LIST, area=True)


class ParticipantsForm(Form):
    participants = text_field(_l("Participants"), LIST, area=True)


class StatusForm(Form):
    to = one_of(SESSION_STATUSES, _l("Choose to open the session, to close it or to prepare it again."))


class StorySetForm(Form):
    """The three ways to choose the story set; `filters` maps each filter to its (value, label) options."""

    kind = one_of(("balanced", "filter", "pattern"), _l("Choose how to select the stories."))
    # 'from' is a Python keyword: the attributes have other names, the page's fields keep theirs.
    shared_from = Day(_l("Shared from"), validators=[Optional()], name="from")
    shared_to = Day(_l("Shared until"), validators=[Optional()], name="to")
    limit = number(
        _l("At most this many stories (the most recent)"), 1, MAX_SET, required=False, message=STORY_COUNT
    )
    size = number(_l("Number of stories"), 1, MAX_SET, required=False, message=STORY_COUNT)
    seed = StringField()
    statement = StringField()

    def __init__(self, filters: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(**kwargs)
        for name in FILTERS:
            self[name].choices = _options(filters[name])

    def criteria(self) -> dict:
        """The filter as the selection services take it: chosen values per filter, and the dates."""
        return {
            **{name: self[name].data or [] for name in FILTERS},
            "from": self.shared_from.data,
            "to": self.shared_to.data,
        }


for _filter in FILTERS:  # one multiple choice per filter, named as the page names it
    setattr(StorySetForm, _filter, chosen_rows(FROM_LIST, coerce=str))


# --- step 2, 5 and 6: reviews, actions, ritual dissent ---------------------------------------------------


class ReviewForm(Form):
    action_id = RowId(_l("Choose an action to review."), required=True)
    status = one_of(ACTION_STATUSES, _l("Choose a status."))
    obstacles = text_field(_l("Obstacles"), LONG, area=True)
    opportunities = text_field(_l("Opportunities"), LONG, area=True)
    next_step = text_field(_l("Next step"), LONG, area=True)


class ActionForm(Form):
    """An action of step 5; `themes` are (id, name) of the session's themes."""

    title = named(_l("Give the action a title."))
    description = text_field(_l("Description"), LONG, area=True)
    theme_id = chosen_row(A_THEME)
    term = one_of(TERMS, _l("Choose short or long term."), default="short")
    size = one_of(SIZES, _l("Choose small or large."), default="small")
    owner_organisation = StringField()
    owner_person = StringField()
    next_step = text_field(_l("Next step"), LONG, area=True)
    due_on = day(_l("Due date"), required=False)
    first_step = BooleanField()

    def __init__(self, themes: Iterable[tuple[int, str]], **kwargs):
        super().__init__(**kwargs)
        self.theme_id.choices = _options(themes, blank=True)


class FirstStepsForm(Form):
    first_step = chosen_rows(AN_ACTION)

    def __init__(self, actions: Iterable[tuple[int, str]], **kwargs):
        super().__init__(**kwargs)
        self.first_step.choices = _options(actions)


class DissentForm(Form):
    """One of the forms of step 6: a new round, remarks of a round, or its revised proposal."""

    what = one_of(("round", *REMARK_KINDS, "revised"), _l("Choose what to record."))
    round_id = RowId(_l("This round is not part of this session."))
    proposal = text_field(_l("Proposal"), LONG, area=True)
    action_id = chosen_row(AN_ACTION)
    text = text_field(None, LONG, area=True)
    revised_proposal = text_field(_l("Revised proposal"), LONG, area=True)

    def __init__(self, actions: Iterable[tuple[int, str]], **kwargs):
        super().__init__(**kwargs)
        self.action_id.choices = _options(actions, blank=True)


# --- figures and sources -------------------------------------------------------------------------------


class EvidenceForm(Form):
    """The session's figures or its sources; the choices are the traject's indicators and sources."""

    what = one_of(("indicators", "sources"), _l("Choose figures or sources."))
    indicator = chosen_rows(_l("Choose indicators of this traject."), coerce=str)
    source_id = chosen_rows(A_SOURCE)

    def __init__(self, indicators: Iterable[tuple[str, str]], sources: Iterable[tuple[int, str]], **kwargs):
        super().__init__(**kwargs)
        self.indicator.choices = _options(indicators)
        self.source_id.choices = _options(sources)


class FiguresForm(Form):
    file = FileField(validators=[FileRequired(_l("Choose a file to upload."))])


class SourceForm(Form):
    """A new source, or a change of one (source_id); its texts are checked by sources.py."""

    source_id = RowId(A_SOURCE)
    title = named(_l("Give the source a title."))
    author = StringField()
    year = number(_l("Year"), 1900, 2100, required=False, message=_l("Fill in a year such as 2021."))
    url = StringField()
    importance = one_of(IMPORTANCE, _l("Choose high, medium or low."), default="medium")
    notes = text_field(_l("Why it matters"), LONG, area=True)


class SourceRemovalForm(Form):
    source_id = RowId(A_SOURCE, required=True)


# --- step 9: publish -----------------------------------------------------------------------------------
# The template writes every label and button text itself; these forms read the submitted values and
# check the CSRF token. The texts' bounds and the privacy rules are vertelpunt/evolve/publication.py's.


class PublishForm(Form):
    """The choices of one session; publish_form() adds one switch and its texts per theme and action."""

    previewed = HiddenField()
    preview = SubmitField()
    edit = SubmitField()
    confirm = SubmitField()


class WithdrawForm(Form):
    sure = BooleanField()
    withdraw = SubmitField()


def publish_form(
    theme_ids: Iterable[int], action_ids: Iterable[int], data: dict | None = None
) -> PublishForm:
    """The session's publish form: as sent (data None), or showing `data` (the choices as they stand)."""

    class SessionPublishForm(PublishForm):
        pass

    for theme_id in theme_ids:
        key = f"theme_{theme_id}"
        setattr(SessionPublishForm, f"{key}_public", BooleanField())
        setattr(SessionPublishForm, f"{key}_name", StringField())
        setattr(SessionPublishForm, f"{key}_summary", TextAreaField())
    for action_id in action_ids:
        key = f"action_{action_id}"
        setattr(SessionPublishForm, f"{key}_public", BooleanField())
        setattr(SessionPublishForm, f"{key}_title", StringField())
        setattr(SessionPublishForm, f"{key}_description", TextAreaField())
        setattr(SessionPublishForm, f"{key}_organisation", BooleanField())
    if data is None:
        return SessionPublishForm()
    return SessionPublishForm(formdata=None, data=data)
