"""The narrator's form, built from the question framework: one field per question the link asks.

Questions are data (vertelpunt/framework), as in a survey builder: `form_for(link)` makes the form
class once per framework version and set of asked questions, and sets only the traject's
municipalities per request, so the busiest POST of the platform stays cheap. The fields fit a page
without JavaScript (five radio steps for a slider, seven places for a triad) and turn what was sent
into the Submission that share/services.py stores. Every message is a sentence for the narrator."""

from __future__ import annotations

import functools
import re
import secrets

from flask import request
from flask_babel import lazy_gettext as _
from werkzeug.datastructures import MultiDict
from wtforms import Field, HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from vertelpunt.forms.base import Form, Number
from vertelpunt.framework import CURRENT_VERSION, Question, get_framework
from vertelpunt.framework.options import options_for
from vertelpunt.share.questions import NOT_APPLICABLE, TRIAD_POSITIONS, is_asked
from vertelpunt.share.services import MIN_STORY_CHARS, Answer, LinkFacts, Submission, derive_title
from vertelpunt.text import clean_text

CHOOSE_PROMPT = _("Choose what your story is about.")
WRITE_STORY = _("Write your story. This is the only thing you must fill in.")
STORY_SHORT = _("Your story is very short. Tell a little more, at least %(n)s letters.", n=MIN_STORY_CHARS)
TOO_LONG = _("This is too long. Make it a bit shorter.")
TOO_MANY = _("Choose two at most.")
UNKNOWN_CHOICE = _("We do not know this choice. Choose again.")
CONFIRM_WITHDRAWAL = _("Tick the box to confirm that the story may be deleted.")
FILL_IN_CODE = _("Fill in your withdrawal code.")

_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def posted() -> MultiDict:
    """The fields of the form a browser posted (empty otherwise). Only form fields: Flask-WTF would
    also read a JSON body, which is no narrator's form and whose shape nobody checked."""
    return request.form if request.method == "POST" else MultiDict()


def _fresh_key(value):
    """The key that makes a double post one story: the page's own, or a new one for a new page."""
    return value if isinstance(value, str) and _KEY.match(value) else secrets.token_urlsafe(18)


def _stripped(value):
    return value.strip() if isinstance(value, str) else ""


def _one_line(value):
    return " ".join(clean_text(value).split())


def _at_most(maximum: int | None) -> list:
    return [Length(max=maximum, message=TOO_LONG)] if maximum else []


# --- one field per kind of question: each knows its question and gives its answers ---------------


class _Asked(Field):
    """A framework question on the form: `allowed` holds its option ids (for options from the traject,
    its municipalities, set per form), `answers()` what the narrator gave, nothing when skipped."""

    def __init__(self, label=None, validators=None, question: Question | None = None, allowed=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.question = question
        self.allowed = frozenset(allowed)

    def answers(self) -> list[Answer]:
        raise NotImplementedError


class Choice(_Asked):
    """One option (radio buttons); nothing chosen is no answer."""

    def process_formdata(self, valuelist):
        self.data = valuelist[0].strip() if valuelist else ""

    def pre_validate(self, _form):
        if self.data and self.data not in self.allowed:
            raise ValidationError(UNKNOWN_CHOICE)

    def answers(self) -> list[Answer]:
        return [Answer(self.question.id, option_id=self.data)] if self.data else []


class Choices(_Asked):
    """Some options (check boxes), each once, at most the question's max_choices."""

    many = True  # a value per box ticked (Form refuses a second value elsewhere)

    def process_data(self, value):
        self.data = list(value or ())

    def process_formdata(self, valuelist):
        self.data = list(dict.fromkeys(v.strip() for v in valuelist if v.strip()))

    def pre_validate(self, _form):
        if any(v not in self.allowed for v in self.data):
            raise ValidationError(UNKNOWN_CHOICE)
        if self.question.max_choices and len(self.data) > self.question.max_choices:
            raise ValidationError(TOO_MANY)

    def answers(self) -> list[Answer]:
        return [Answer(self.question.id, option_id=v) for v in self.data]


class Scale(Number):
    """A slider: a whole number on the question's scale (Number's parsing), or 'does not apply'."""

    def __init__(self, label=None, validators=None, question: Question | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.question = question

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip() == NOT_APPLICABLE and self.question.not_applicable:
            self.data = NOT_APPLICABLE
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(UNKNOWN_CHOICE) from None

    def pre_validate(self, _form):
        if isinstance(self.data, int) and not self.question.min <= self.data <= self.question.max:
            raise ValidationError(UNKNOWN_CHOICE)

    def answers(self) -> list[Answer]:
        if self.data == NOT_APPLICABLE:
            return [Answer(self.question.id, not_applicable=True)]
        if isinstance(self.data, int):
            return [Answer(self.question.id, number=float(self.data))]
        return []


class Triad(Choice):
    """A place in the triangle of three options, as a weight per option; or 'does not apply'."""

    def answers(self) -> list[Answer]:
        if not self.data:
            return []
        if self.data == NOT_APPLICABLE:
            return [Answer(self.question.id, not_applicable=True)]
        weights = TRIAD_POSITIONS[self.data]
        return [
            Answer(self.question.id, option_id=option.id, number=weight)
            for option, weight in zip(self.question.options, weights, strict=True)
        ]


# The page draws its own fields from the framework, so a field's label is its question's id: a label
# given here also spares WTForms a translation lookup per field on every story.
def _choice(question: Question):
    return Choice(question.id, question=question, allowed=frozenset(question.option_ids()))


def _choices(question: Question):
    return Choices(question.id, question=question, allowed=frozenset(question.option_ids()))


def _scale(question: Question):
    return Scale(question.id, question=question)


def _triad(question: Question):
    allowed = frozenset([*TRIAD_POSITIONS, *([NOT_APPLICABLE] if question.not_applicable else [])])
    return Triad(question.id, question=question, allowed=allowed)


FIELDS = {"single_choice": _choice, "multi_choice": _choices, "slider": _scale, "triad": _triad}


class _Hidden(HiddenField):
    """A value the page itself put in the form: a second one sent along is ignored, not refused, as
    the narrator cannot see or fix it (the first value counts)."""

    many = True


# --- the form --------------------------------------------------------------------------------------


class NarratorForm(Form):
    """The fields every narrator's form has; form_for adds the framework's questions."""

    submission_key = _Hidden("submission_key", filters=[_fresh_key])
    personal_checked = _Hidden("personal_checked")

    # Set by _form_class: the framework questions in order (those a link may answer for the narrator
    # included), and the fields whose options are the traject's municipalities.
    questions: tuple[Question, ...] = ()
    municipal: tuple[str, ...] = ()
    title_limit: int = 120

    def __init__(self, link: LinkFacts, formdata: MultiDict | None = None):
        self.link = link
        self.sent = posted() if formdata is None else formdata
        super().__init__(formdata=self.sent)
        for name in self.municipal:  # the traject's municipalities, as the page listed them
            field = self[name]
            field.allowed = frozenset(
                o.id for o in options_for(field.question, municipalities=link.municipalities)
            )

    @property
    def csrf_failed(self) -> bool:
        return bool(getattr(self, "csrf_token", None) and self.csrf_token.errors)

    @property
    def personal_seen(self) -> bool:
        """The narrator was shown what looks personal and sends again: it is not shown a second time."""
        return self.personal_checked.data == "yes"

    @property
    def key(self) -> str:
        return self.submission_key.data

    def field_errors(self) -> dict[str, str]:
        """The first message of each question that is wrong (the token has its own notice)."""
        return {
            name: str(errors[0]) for name, errors in self.errors.items() if errors and name != "csrf_token"
        }

    def submission(self) -> Submission:
        """What a valid form holds, with the answers the link gives for questions it did not ask."""
        prefill = self.link.prefill
        answers: list[Answer] = []
        for question in self.questions:
            field = self._fields.get(question.id)
            given = field.answers() if field is not None else []
            if not given and question.id in prefill:
                given = [Answer(question.id, option_id=prefill[question.id], prefilled=True)]
            answers.extend(given)
        text = self.story.data
        title = self.title.data or derive_title(text)[: self.title_limit]
        return Submission(prompt=self.prompt.data, title=title, text=text, answers=answers)


def asked(link: LinkFacts, version: int = CURRENT_VERSION) -> tuple[str, ...]:
    """The ids of the questions this link asks (the prompt, title and story aside)."""
    return tuple(
        q.id
        for q in get_framework(version).questions
        if q.kind != "story" and q.id != "prompt" and q.type in FIELDS and is_asked(q, link.prefill)
    )


@functools.lru_cache(maxsize=64)
def _form_class(version: int, asked_ids: tuple[str, ...]) -> type[NarratorForm]:
    framework = get_framework(version)
    prompt, title, story = framework["prompt"], framework["title"], framework["story"]
    fields: dict[str, object] = {
        "prompt": Choice(
            "prompt", question=prompt, allowed=prompt.option_ids(), validators=[DataRequired(CHOOSE_PROMPT)]
        ),
        "title": StringField("title", filters=[_one_line], validators=_at_most(title.max_length)),
        "story": TextAreaField(
            "story",
            filters=[clean_text],
            validators=[
                DataRequired(WRITE_STORY),
                Length(min=MIN_STORY_CHARS, message=STORY_SHORT),
                *_at_most(story.max_length),
            ],
        ),
    }
    for question_id in asked_ids:
        question = framework[question_id]
        fields[question_id] = FIELDS[question.type](question)
    fields["questions"] = tuple(
        q for q in framework.questions if q.kind != "story" and q.id != "prompt" and q.type != "hidden"
    )
    fields["municipal"] = tuple(i for i in asked_ids if framework[i].options_from)
    fields["title_limit"] = title.max_length or 120
    return type(NarratorForm)("NarratorForm", (NarratorForm,), fields)


def form_for(link: LinkFacts, formdata: MultiDict | None = None) -> NarratorForm:
    """The narrator's form for this link, holding what was posted (nothing on a GET)."""
    return _form_class(CURRENT_VERSION, asked(link))(link, formdata)


class WithdrawForm(Form):
    """The withdrawal code and the box that confirms it; the box is checked first."""

    confirm = StringField(validators=[AnyOf(["yes"], message=CONFIRM_WITHDRAWAL)])
    code = StringField(filters=[_stripped], validators=[DataRequired(FILL_IN_CODE)])

    def __init__(self):
        super().__init__(formdata=posted() or None)

    def first_error(self) -> str:
        return next((str(e[0]) for n, e in self.errors.items() if e and n != "csrf_token"), "")
