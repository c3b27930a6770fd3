"""A story as participants read it: the redacted title and text with its answers, each answer under the
question's own text from the framework the story was told with."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from vertelpunt.framework import Framework, Question, get_framework
from vertelpunt.models import Story
from vertelpunt.share.questions import options_for
from vertelpunt.share.services import traject_municipalities

TITLE_WORDS = 8


@dataclass(frozen=True)
class ShownAnswer:
    question: str
    answer: str


@dataclass(frozen=True)
class ShownStory:
    id: int
    title: str
    text: str
    prompt: str
    answers: list[ShownAnswer]


def story_title(story: Story) -> str:
    """The narrator's title, or the story's first words, as on the narrator's own thank-you page."""
    if story.title.strip():
        return story.title.strip()
    words = story.text.split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")


def _prompt(story: Story, framework: Framework, lang: str) -> str:
    traject = story.link.traject if story.link else None
    if story.prompt == "focus" and traject is not None and traject.focus_prompt(lang):
        return traject.focus_prompt(lang)
    try:
        option = framework["prompt"].option(story.prompt)
    except KeyError:
        option = None
    return option.label(lang) if option else story.prompt


def _number(question: Question, value: float, lang: str) -> str:
    low = question.labels.get("low", {}).get(lang) or question.labels.get("low", {}).get("nl", "")
    high = question.labels.get("high", {}).get(lang) or question.labels.get("high", {}).get("nl", "")
    shown = _("%(value)s of %(max)s", value=round(value), max=question.max)
    return f"{shown} ({low} – {high})" if low and high else shown


def _answer(question: Question, rows, labels: dict[str, str], lang: str) -> str:
    if any(r.not_applicable for r in rows):
        return _("does not apply")
    if question.type == "slider":
        return _number(question, rows[0].number or 0.0, lang)
    if question.type == "triad":
        parts = sorted(((r.number or 0.0), labels.get(r.option_id, r.option_id)) for r in rows if r.option_id)
        return ", ".join(f"{label} {round(weight * 100)}%" for weight, label in reversed(parts) if weight > 0)
    return ", ".join(labels.get(r.option_id, r.option_id or "") for r in rows)


def shown_story(story: Story, lang: str = "nl") -> ShownStory:
    framework = get_framework(story.framework_version)
    municipalities = traject_municipalities(story.link.traject) if story.link else []
    by_question: dict[str, list] = {}
    for row in story.answers:
        by_question.setdefault(row.question_id, []).append(row)
    answers = []
    for question in framework.questions:
        rows = by_question.get(question.id)
        if not rows or question.type == "hidden" or question.id == "prompt":
            continue
        labels = {o.id: o.label(lang) for o in options_for(question, municipalities)}
        text = _answer(question, rows, labels, lang)
        if text:
            answers.append(ShownAnswer(question.label(lang), text))
    return ShownStory(story.id, story_title(story), story.text, _prompt(story, framework, lang), answers)
