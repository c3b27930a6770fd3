"""The live session's forms: joining with the code, the participant's name, observations, the
evaluation, the facilitator's board (themes, moves, merges, splits), the projector's links and the
facilitator's poll for new cards.

Forms check what was sent: one value where one is expected, whole numbers, and ids that are among the
choices this board or session offers (built from the data). What the values mean (a card's text and
stories, a theme's name after redaction) the board's modules check, as they also do for direct callers."""

from __future__ import annotations

import datetime as dt

from flask import current_app, request

# Lazy, for texts made at import; named _ so that Babel's extractor finds them.
from flask_babel import lazy_gettext as _
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from vertelpunt.core.ids import MAX_ID, row_id
from vertelpunt.forms.base import REQUIRED, Form, Number, text
from vertelpunt.sessions.board.cards import NOT_IN_SESSION, usable_form_key
from vertelpunt.sessions.board.regroup import THEMES_MAX, THEMES_MIN
from vertelpunt.sessions.board.themes import ASIDE, CHOOSE_CARDS, NEW_THEME, NOT_A_THEME, NOT_ANOTHER_THEME
from vertelpunt.text import clean_text

NAME_MAX = 120
ORGANISATION_MAX = 160
EVALUATION_MAX = 2000
MARK = _("Choose a mark from 1 to 5.")


class InChoices:
    """The chosen value (or every chosen value) is one of the field's choices, else `message`: the
    choices come from the data, so an id of another session, or no id at all, is refused in Dutch."""

    def __init__(self, message):
        self.message = message

    def __call__(self, _form, field):
        offered = {choice.value for choice in field.iter_choices()}
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in offered for value in chosen):
            raise StopValidation(str(self.message))


def _offer(values) -> list[SelectChoice]:
    """Choices that are never shown as a select (the templates draw their own), only checked."""
    return [SelectChoice(value=value, label="") for value in values]


def _theme_target(raw: str):
    """A card's destination: a theme's id, or the words for a new theme and the "does not fit" pile."""
    word = str(raw if raw is not None else "").strip()  # also applied to the offered ids
    return word if word in (NEW_THEME, ASIDE) else row_id(word)


def _ids(message=NOT_IN_SESSION) -> SelectMultipleField:
    # row_id never raises: "²", "１２" or a number no row can have become None, which InChoices refuses.
    return SelectMultipleField(coerce=row_id, validate_choice=False, validators=[InChoices(message)])


def _choice(message, coerce=row_id, required=True, **kwargs) -> SelectField:
    checks = [InChoices(message)] if required else [Optional(), InChoices(message)]
    return SelectField(coerce=coerce, validate_choice=False, validators=checks, **kwargs)


def _tidy(value) -> str:
    """Text as people meant it, on one line (names): no control characters, single spaces."""
    return " ".join(clean_text(value).split())


# base.Form refuses a field sent twice, as every area's forms do.
BoardForm = Form


# The participant's pages.


class JoinForm(BoardForm):
    code = StringField(validators=[DataRequired(_("Fill in the session code."))])


class NameForm(BoardForm):
    name = StringField(
        filters=[_tidy],
        validators=[
            Length(max=NAME_MAX, message=_("Make your name shorter (at most %(n)s characters).", n=NAME_MAX))
        ],
    )
    organisation = StringField(
        filters=[_tidy],
        validators=[
            Length(
                max=ORGANISATION_MAX,
                message=_(
                    "Make the name of your organisation shorter (at most %(n)s characters).",
                    n=ORGANISATION_MAX,
                ),
            )
        ],
    )


class ObservationForm(BoardForm):
    """A card: its text, the session's stories it is about, the key that makes a second post of the same
    form harmless, and whether the writer saw the "looks personal" warning."""

    text = TextAreaField()  # cards.py checks and redacts it
    stories = _ids()
    form_key = HiddenField(filters=[usable_form_key])  # a key this server did not make is ignored
    personal_checked = BooleanField()

    def __init__(self, stories, **kwargs):
        super().__init__(**kwargs)
        self.stories.choices = _offer(s.id for s in stories)


class ParticipantObservationForm(ObservationForm):
    """From a story's page, the story to return to."""

    from_story = _choice(NOT_IN_SESSION, required=False)

    def __init__(self, stories, **kwargs):
        super().__init__(stories, **kwargs)
        self.from_story.choices = list(self.stories.choices)

    def story_to_return_to(self) -> int | None:
        """The story page the post came from, if it is one of the session's (else the home page)."""
        offered = {choice.value for choice in self.from_story.iter_choices()}
        return self.from_story.data if self.from_story.data in offered else None


class Mark(Number):
    """The session's mark: whatever else was sent, the one sentence that says what to choose."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(MARK)) from None


def _answer() -> TextAreaField:
    """An evaluation's optional answer; evaluation.py redacts it."""
    too_long = _("Make this text shorter (at most %(n)s characters).", n=EVALUATION_MAX)
    return TextAreaField(filters=[clean_text], validators=[Length(max=EVALUATION_MAX, message=too_long)])


class EvaluationForm(BoardForm):
    rating = Mark(validators=[InputRequired(MARK), NumberRange(min=1, max=5, message=MARK)])
    went_well = _answer()
    to_improve = _answer()
    personal_checked = BooleanField()


# The facilitator's board.


class ThemeNameForm(BoardForm):
    """A new theme, or a theme's new name. themes.py checks the name: it is redacted before its length
    is known."""

    name = StringField()


class GroupForm(BoardForm):
    """Grouping the room steers: the button pressed ("group", "more", "fewer", "auto", "number") and,
    with "number", how many themes (regroup.py keeps it within what makes sense)."""

    change = _choice(
        _("Choose how to group."),
        coerce=str,
        default="group",
        choices=_offer(["group", "more", "fewer", "auto", "number"]),
    )
    count = Number(
        validators=[
            Optional(),
            NumberRange(
                THEMES_MIN,
                THEMES_MAX,
                _("Choose from %(low)s to %(high)s themes.", low=THEMES_MIN, high=THEMES_MAX),
            ),
        ]
    )

    def validate(self, extra_validators=None):
        # Not validate_count: Optional() ends the field's checks when it is empty.
        if not super().validate(extra_validators):
            return False
        if self.change.data == "number" and self.count.data is None:
            self.count.errors = [str(_("Fill in how many themes you want."))]
            return False
        return True


class MoveForm(BoardForm):
    target = _choice(NOT_A_THEME, coerce=_theme_target)

    def __init__(self, themes, **kwargs):
        super().__init__(**kwargs)
        self.target.choices = _offer([*(t.id for t in themes), NEW_THEME, ASIDE])


class ConfirmForm(BoardForm):
    # Without the field, the theme is confirmed (the board's button always sends it).
    confirmed = _choice(_("Choose yes or no."), coerce=str, default="1", choices=_offer(["1", "0"]))


class MergeForm(BoardForm):
    into = _choice(NOT_ANOTHER_THEME)

    def __init__(self, theme, themes, **kwargs):
        super().__init__(**kwargs)
        self.into.choices = _offer(t.id for t in themes if t.id != theme.id)


class SplitForm(BoardForm):
    observations = _ids(message=CHOOSE_CARDS)
    name = StringField()  # as ThemeNameForm's

    def __init__(self, theme, **kwargs):
        super().__init__(**kwargs)
        self.observations.choices = _offer(o.id for o in theme.observations)


class Moment(Field):
    """A moment this server wrote (datetime.isoformat); anything else is no moment (None), not an error."""

    def process_formdata(self, valuelist):
        try:
            self.data = dt.datetime.fromisoformat(valuelist[0]) if valuelist else None
        except (TypeError, ValueError):
            self.data = None
        if self.data is not None and self.data.tzinfo is not None:
            self.data = None  # the server writes naive UTC; a zone would not compare with the column


class PollForm(BoardForm):
    """The facilitator's screen asking what is new: the last card id it has and its last answer's time.
    A value the screen cannot have sent counts as a first poll."""

    class Meta:
        csrf = False  # a GET that changes nothing

    since = Number(validators=[Optional(), NumberRange(min=0, max=MAX_ID)])
    changed_after = Moment()

    @classmethod
    def from_query(cls) -> PollForm:
        return cls(formdata=request.args)

    def last_id(self) -> int:
        return (self.since.data or 0) if self.validate() else 0


# The projector's links.


class PresenterForm(BoardForm):
    label = text(_("Name of the screen (optional)"), 80)
    hours = Number(_("Valid for (hours)"), default=4, validators=[InputRequired(REQUIRED)])

    def validate_hours(self, field):
        most = current_app.config["PRESENTER_MAX_HOURS"]
        if field.data is not None and field.data > most:
            raise ValidationError(str(_("At most %(n)s hours.", n=most)))
        if field.data is not None and field.data < 1:
            raise ValidationError(str(_("Fill in a number from %(low)s to %(high)s.", low=1, high=most)))


NOT_A_SCREEN = _("Choose one of the screen links that work now.")


class RevokeForm(BoardForm):
    link_id = _choice(NOT_A_SCREEN)

    def __init__(self, links=(), **kwargs):
        super().__init__(**kwargs)
        self.link_id.choices = _offer(link.id for link in links)
