"""Which questions a narrator sees for a link, and how the form's fields map to answers."""

from __future__ import annotations

from dataclasses import dataclass

from vertelpunt.framework import Framework, Option, Question
from vertelpunt.framework import options as framework_options

# A triad without JavaScript: seven places in the triangle a narrator can point at, as plain choices.
TRIAD_POSITIONS: dict[str, tuple[float, float, float]] = {
    "a": (1.0, 0.0, 0.0),
    "b": (0.0, 1.0, 0.0),
    "c": (0.0, 0.0, 1.0),
    "ab": (0.5, 0.5, 0.0),
    "ac": (0.5, 0.0, 0.5),
    "bc": (0.0, 0.5, 0.5),
    "abc": (1 / 3, 1 / 3, 1 / 3),
}
# A slider without JavaScript: five steps on the 0-100 scale the framework stores.
SLIDER_STEPS = (0, 25, 50, 75, 100)
NOT_APPLICABLE = "na"


@dataclass(frozen=True)
class ShownQuestion:
    question: Question
    options: tuple[Option, ...]


def options_for(question: Question, municipalities: list[tuple[str, str]]) -> tuple[Option, ...]:
    """The question's options with the traject's municipalities (read already, as (code, name))."""
    return framework_options.options_for(question, municipalities=municipalities)


def is_asked(question: Question, prefill: dict[str, str]) -> bool:
    """A prefilled question is not asked again, unless the link only knows that it does not know."""
    if question.type == "hidden":
        return False
    if question.id not in prefill:
        return True
    return prefill[question.id] in question.ask_when_prefilled_with


def shown_questions(
    framework: Framework, prefill: dict[str, str], municipalities: list[tuple[str, str]], kind: str
) -> list[ShownQuestion]:
    # The prompt opens the form on its own, before the story; it is not asked again here.
    return [
        ShownQuestion(q, options_for(q, municipalities))
        for q in framework.of_kind(kind)
        if q.id != "prompt" and is_asked(q, prefill)
    ]
