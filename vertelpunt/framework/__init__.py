"""The question framework: questions as data, loaded and checked once.

A malformed file must fail loudly at load time, naming the entry, rather than produce a form that
silently drops a question."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CURRENT_VERSION = 1
KINDS = {"meaning", "context", "story"}
TYPES = {"single_choice", "multi_choice", "slider", "triad", "short_text", "long_text", "hidden"}
CHOICE_TYPES = {"single_choice", "multi_choice", "triad"}
LANGUAGES = ("nl", "en")


class FrameworkError(ValueError):
    """The framework file is not valid; the message names the file and the entry."""


@dataclass(frozen=True)
class Option:
    id: str
    text: dict[str, str]
    emoji: str = ""
    # Other words people use for this option (a coalition's organisation table), matched without case.
    also: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.text.get(lang) or self.text["nl"]


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    type: str
    text: dict[str, str]
    options: tuple[Option, ...] = ()
    required: bool = False
    prefillable: bool | str = False
    max_choices: int | None = None
    min: int = 0
    max: int = 100
    not_applicable: bool = False
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    help: dict[str, str] = field(default_factory=dict)
    ask_when_prefilled_with: tuple[str, ...] = ()
    options_from: str | None = None
    max_length: int | None = None

    def label(self, lang: str) -> str:
        return self.text.get(lang) or self.text["nl"]

    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Framework:
    version: int
    questions: tuple[Question, ...]
    audiences: tuple[Option, ...] = ()

    def audience(self, audience_id: str) -> Option | None:
        return next((a for a in self.audiences if a.id == audience_id), None)

    def __getitem__(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def of_kind(self, kind: str) -> list[Question]:
        return [q for q in self.questions if q.kind == kind]

    def prefillable(self) -> list[Question]:
        return [q for q in self.questions if q.prefillable]


def _texts(raw, where: str, name: str = "text") -> dict[str, str]:
    if not isinstance(raw, dict):
        raise FrameworkError(f"{where}: '{name}' must map language codes to texts")
    for lang in LANGUAGES:
        if not isinstance(raw.get(lang), str) or not raw[lang].strip():
            raise FrameworkError(f"{where}: '{name}' has no {lang} text")
    return {k: str(v) for k, v in raw.items()}


def _option(raw, where: str) -> Option:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
        raise FrameworkError(f"{where}: every option needs an 'id'")
    where = f"{where}, option '{raw['id']}'"
    also = raw.get("also") or []
    if not isinstance(also, list) or not all(isinstance(word, str) and word.strip() for word in also):
        raise FrameworkError(f"{where}: 'also' must be a list of words")
    return Option(
        id=raw["id"],
        text=_texts(raw.get("text"), where),
        emoji=str(raw.get("emoji", "")),
        also=tuple(also),
    )


def _question(raw, index: int, source: str) -> Question:
    if not isinstance(raw, dict):
        raise FrameworkError(f"{source}: question #{index + 1} is not a mapping")
    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.isidentifier():
        raise FrameworkError(f"{source}: question #{index + 1} has no valid 'id' (got {qid!r})")
    where = f"{source}: question '{qid}'"
    if raw.get("kind") not in KINDS:
        raise FrameworkError(f"{where}: 'kind' must be one of {sorted(KINDS)}, got {raw.get('kind')!r}")
    qtype = raw.get("type")
    if qtype not in TYPES:
        raise FrameworkError(f"{where}: 'type' must be one of {sorted(TYPES)}, got {qtype!r}")
    options = tuple(_option(o, where) for o in raw.get("options") or ())
    ids = [o.id for o in options]
    if len(set(ids)) != len(ids):
        raise FrameworkError(f"{where}: option ids are not unique")
    if qtype in CHOICE_TYPES and not options and not raw.get("options_from"):
        raise FrameworkError(f"{where}: a {qtype} question needs 'options'")
    if qtype == "triad" and len(options) != 3:
        raise FrameworkError(f"{where}: a triad needs exactly three options")
    prefillable = raw.get("prefillable", False)
    if prefillable not in (True, False, "link_only"):
        raise FrameworkError(f"{where}: 'prefillable' must be true, false or link_only")
    ask_when = tuple(raw.get("ask_when_prefilled_with") or ())
    for option_id in ask_when:
        if option_id not in ids:
            raise FrameworkError(f"{where}: ask_when_prefilled_with names unknown option '{option_id}'")
    max_choices = raw.get("max_choices")
    if max_choices is not None and (not isinstance(max_choices, int) or max_choices < 1):
        raise FrameworkError(f"{where}: 'max_choices' must be a positive whole number")
    low, high = raw.get("min", 0), raw.get("max", 100)
    if qtype == "slider" and not (isinstance(low, int) and isinstance(high, int) and low < high):
        raise FrameworkError(f"{where}: a slider needs whole numbers min < max")
    labels = {k: _texts(v, where, f"labels.{k}") for k, v in (raw.get("labels") or {}).items()}
    return Question(
        id=qid,
        kind=raw["kind"],
        type=qtype,
        text=_texts(raw.get("text"), where),
        options=options,
        required=bool(raw.get("required", False)),
        prefillable=prefillable,
        max_choices=max_choices,
        min=low,
        max=high,
        not_applicable=bool(raw.get("not_applicable", False)),
        labels=labels,
        help=_texts(raw["help"], where, "help") if "help" in raw else {},
        ask_when_prefilled_with=ask_when,
        options_from=raw.get("options_from"),
        max_length=raw.get("max_length"),
    )


def parse_framework(data, source: str = "framework") -> Framework:
    if not isinstance(data, dict):
        raise FrameworkError(f"{source}: the file must hold a mapping with 'version' and 'questions'")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise FrameworkError(f"{source}: 'version' must be a positive whole number")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise FrameworkError(f"{source}: 'questions' must be a non-empty list")
    questions = tuple(_question(q, i, source) for i, q in enumerate(raw_questions))
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise FrameworkError(f"{source}: question id '{q.id}' appears twice")
        seen.add(q.id)
    for required in ("prompt", "title", "story"):
        if required not in seen:
            raise FrameworkError(f"{source}: the framework needs a '{required}' question")
    raw_audiences = data.get("audiences") or []
    if not isinstance(raw_audiences, list):
        raise FrameworkError(f"{source}: 'audiences' must be a list of options")
    audiences = tuple(_option(a, f"{source}, audiences") for a in raw_audiences)
    return Framework(version=version, questions=questions, audiences=audiences)


def load_framework_file(path: Path | str) -> Framework:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path.name}: not valid YAML ({exc})") from exc
    framework = parse_framework(data, path.name)
    if path.stem != f"v{framework.version}":
        raise FrameworkError(f"{path.name}: says version {framework.version}; the file name must match")
    return framework


@functools.cache
def get_framework(version: int = CURRENT_VERSION) -> Framework:
    return load_framework_file(HERE / f"v{version}.yaml")
