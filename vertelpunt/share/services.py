"""The narrator's submission: find the link, check the answers against the framework, store once."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from linkgen import tokens
from vertelpunt.extensions import db
from vertelpunt.framework import CURRENT_VERSION, Framework, Question, get_framework
from vertelpunt.models import Link, Municipality, ResponseDay, Story, StoryAnswer, StoryReceipt, Traject
from vertelpunt.privacy import Redacted, redact
from vertelpunt.share.questions import NOT_APPLICABLE, TRIAD_POSITIONS, is_asked, options_for
from vertelpunt.text import clean_text

MIN_STORY_CHARS = 20
TITLE_FROM_STORY_WORDS = 8


@dataclass
class LinkState:
    """What a token leads to: a usable link, or why not (unknown, paused, closed, not_open, ended)."""

    status: str
    link: Link | None = None

    @property
    def usable(self) -> bool:
        return self.status == "ok"


def _status(link_status: str, opens_on: dt.date, closes_on: dt.date, today: dt.date) -> str:
    if link_status != "active":
        return link_status
    if today < opens_on:
        return "not_open"
    if today > closes_on:
        return "ended"
    return "ok"


def find_link(raw_token: str, today: dt.date | None = None) -> LinkState:
    token = tokens.normalise(raw_token)
    if token is None:
        return LinkState("unknown")
    # One round trip for the link and its traject. The traject's municipalities load only when a form
    # asks the municipality question: most organisation links prefill it.
    link = db.session.scalar(select(Link).where(Link.token == token).options(joinedload(Link.traject)))
    if link is None:
        return LinkState("unknown")
    traject = link.traject
    return LinkState(
        _status(link.status, traject.opens_on, traject.closes_on, today or dt.date.today()), link
    )


@dataclass(frozen=True)
class LinkFacts:
    """What a submitted story needs of its link, traject and municipalities, read in one query.

    The submit path takes these plain values instead of ORM objects: a story arrives many times a
    second at busy moments, and the ORM's identity map, lazy loads and unit of work cost more CPU than
    the whole insert. Pages that show the form again load the ORM link (find_link)."""

    id: int
    token: str
    status: str
    traject_id: int
    organisation_id: int | None
    prefill: dict
    region: str
    results_note: str
    municipalities: tuple[tuple[str, str], ...]

    @property
    def usable(self) -> bool:
        return self.status == "ok"


def _link_facts_statement():
    links, trajecten, places = Link.__table__, Traject.__table__, Municipality.__table__
    return (
        select(
            links.c.id,
            links.c.status,
            links.c.traject_id,
            links.c.organisation_id,
            links.c.prefill,
            trajecten.c.opens_on,
            trajecten.c.closes_on,
            trajecten.c.region,
            trajecten.c.results_note,
            places.c.code,
            places.c.name,
        )
        .select_from(links.join(trajecten).outerjoin(places, places.c.traject_id == trajecten.c.id))
        .where(links.c.token == bindparam("token"))
        .order_by(places.c.name)
    )


_LINK_FACTS = _link_facts_statement()  # built once: SQLAlchemy then reuses its compiled form


def find_link_facts(raw_token: str, today: dt.date | None = None) -> LinkFacts | None:
    """The link behind a token with its traject's municipalities, or None for an unknown token."""
    token = tokens.normalise(raw_token)
    if token is None:
        return None
    rows = db.session.connection().execute(_LINK_FACTS, {"token": token}).all()
    if not rows:
        return None
    first = rows[0]
    return LinkFacts(
        id=first.id,
        token=token,
        status=_status(first.status, first.opens_on, first.closes_on, today or dt.date.today()),
        traject_id=first.traject_id,
        organisation_id=first.organisation_id,
        prefill=dict(first.prefill or {}),
        region=first.region,
        results_note=first.results_note or "",
        municipalities=tuple((r.code, r.name) for r in rows if r.code is not None),
    )


def traject_municipalities(traject: Traject) -> list[tuple[str, str]]:
    return [(m.code, m.name) for m in traject.municipalities]


def _link_municipalities(link: Link | LinkFacts) -> list[tuple[str, str]]:
    if isinstance(link, LinkFacts):
        return list(link.municipalities)
    return traject_municipalities(link.traject)


@dataclass
class Answer:
    question_id: str
    option_id: str | None = None
    number: float | None = None
    not_applicable: bool = False
    prefilled: bool = False


@dataclass
class Submission:
    prompt: str = ""
    title: str = ""
    text: str = ""
    answers: list[Answer] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


# Error codes, turned into Dutch (or English) sentences by the page; the service stays language-free.
E_REQUIRED_PROMPT = "required_prompt"
E_REQUIRED_STORY = "required_story"
E_STORY_SHORT = "story_short"
E_TOO_LONG = "too_long"
E_UNKNOWN_CHOICE = "unknown_choice"
E_TOO_MANY = "too_many"


def _single(form, question: Question, allowed: set[str], sub: Submission) -> None:
    value = (form.get(question.id) or "").strip()
    if not value:
        return
    if value not in allowed:
        sub.errors[question.id] = E_UNKNOWN_CHOICE
        return
    sub.answers.append(Answer(question.id, option_id=value))


def _multi(form, question: Question, allowed: set[str], sub: Submission) -> None:
    values = list(dict.fromkeys(v.strip() for v in form.getlist(question.id) if v.strip()))
    if any(v not in allowed for v in values):
        sub.errors[question.id] = E_UNKNOWN_CHOICE
        return
    if question.max_choices and len(values) > question.max_choices:
        sub.errors[question.id] = E_TOO_MANY
        return
    sub.answers.extend(Answer(question.id, option_id=v) for v in values)


def _slider(form, question: Question, sub: Submission) -> None:
    value = (form.get(question.id) or "").strip()
    if not value:
        return
    if value == NOT_APPLICABLE and question.not_applicable:
        sub.answers.append(Answer(question.id, not_applicable=True))
        return
    try:
        number = float(value)
    except ValueError:
        number = None
    # Any value on the scale is taken, so a finer slider can replace the five steps later.
    if number is None or not (question.min <= number <= question.max) or number != number:
        sub.errors[question.id] = E_UNKNOWN_CHOICE
        return
    sub.answers.append(Answer(question.id, number=number))


def _triad(form, question: Question, sub: Submission) -> None:
    value = (form.get(question.id) or "").strip()
    if not value:
        return
    if value == NOT_APPLICABLE and question.not_applicable:
        sub.answers.append(Answer(question.id, not_applicable=True))
        return
    weights = TRIAD_POSITIONS.get(value)
    if weights is None:
        sub.errors[question.id] = E_UNKNOWN_CHOICE
        return
    sub.answers.extend(
        Answer(question.id, option_id=option.id, number=weight)
        for option, weight in zip(question.options, weights, strict=True)
    )


def derive_title(text: str) -> str:
    words = text.split()
    title = " ".join(words[:TITLE_FROM_STORY_WORDS])
    return title + ("…" if len(words) > TITLE_FROM_STORY_WORDS else "")


def parse_submission(form, framework: Framework, link: Link | LinkFacts) -> Submission:
    """Read a posted form into answers, with an error code per field that is wrong."""
    sub = Submission()
    prefill = dict(link.prefill or {})

    prompt_q = framework["prompt"]
    sub.prompt = (form.get("prompt") or "").strip()
    if not sub.prompt:
        sub.errors["prompt"] = E_REQUIRED_PROMPT
    elif sub.prompt not in prompt_q.option_ids():
        sub.errors["prompt"] = E_UNKNOWN_CHOICE

    story_q, title_q = framework["story"], framework["title"]
    sub.text = clean_text(form.get("story"))
    if not sub.text:
        sub.errors["story"] = E_REQUIRED_STORY
    elif len(sub.text) < MIN_STORY_CHARS:
        sub.errors["story"] = E_STORY_SHORT
    elif story_q.max_length and len(sub.text) > story_q.max_length:
        sub.errors["story"] = E_TOO_LONG
    sub.title = " ".join(clean_text(form.get("title")).split())
    if title_q.max_length and len(sub.title) > title_q.max_length:
        sub.errors["title"] = E_TOO_LONG
    if not sub.title and sub.text:
        sub.title = derive_title(sub.text)[: title_q.max_length or 120]

    for question in framework.questions:
        if question.kind == "story" or question.id == "prompt" or question.type == "hidden":
            continue
        asked = is_asked(question, prefill)
        if asked:
            needs_municipalities = question.options_from == "traject_municipalities"
            municipalities = _link_municipalities(link) if needs_municipalities else []
            allowed = {o.id for o in options_for(question, municipalities)}
            if question.type == "single_choice":
                _single(form, question, allowed, sub)
            elif question.type == "multi_choice":
                _multi(form, question, allowed, sub)
            elif question.type == "slider":
                _slider(form, question, sub)
            elif question.type == "triad":
                _triad(form, question, sub)
        answered = any(a.question_id == question.id for a in sub.answers)
        if question.id in prefill and not answered:
            sub.answers.append(Answer(question.id, option_id=prefill[question.id], prefilled=True))
    return sub


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def new_receipt_code() -> str:
    """A withdrawal code with 80 random bits, shown once in groups of four."""
    return tokens.display("".join(secrets.choice(tokens.ALPHABET) for _ in range(16)))


def normalise_receipt_code(raw: str) -> str:
    cleaned = "".join(raw.split()).replace("-", "").lower()
    return tokens.display(cleaned)


@dataclass
class Stored:
    story_id: int | None
    receipt_code: str | None
    duplicate: bool = False

    @property
    def story(self) -> Story | None:
        return db.session.get(Story, self.story_id) if self.story_id else None


@dataclass(frozen=True)
class LinkRef:
    """The facts of a link that a stored story needs, read before the write transaction starts."""

    id: int
    traject_id: int
    organisation_id: int | None

    @classmethod
    def of(cls, link: Link | LinkFacts) -> LinkRef:
        return cls(link.id, link.traject_id, link.organisation_id)


@functools.cache
def _statements(dialect: str):
    """The three inserts of a story, built once per dialect: executed with plain parameter dicts, they
    compile once and cost little under the write lock. Both dialects know INSERT .. ON CONFLICT DO
    NOTHING, so the unique submission key guards against a double post without a savepoint."""
    module = postgresql if dialect == "postgresql" else sqlite
    story = Story.__table__
    insert_story = (
        module.insert(story).on_conflict_do_nothing(index_elements=["submission_key"]).returning(story.c.id)
    )
    return insert_story, insert(StoryAnswer.__table__), insert(StoryReceipt.__table__)


def redact_by_rules(sub: Submission) -> tuple[Redacted, Redacted]:
    """Title and story with the fast rules applied; what is stored right away (deduce follows later)."""
    return redact(sub.title, use_deduce=False), redact(sub.text, use_deduce=False)


def store_submission(
    sub: Submission,
    link: Link | LinkRef | LinkFacts,
    submission_key: str,
    language: str,
    today: dt.date | None = None,
    redacted: tuple[Redacted, Redacted] | None = None,
) -> Stored:
    """Store the story, its answers and its receipt in the caller's transaction (not committed).

    Plain inserts keep SQLite's write lock short. A form posted twice (double tap, reload, a retry
    after a lost answer) has the same key and is stored once; the second time the caller learns it
    was a duplicate. ``redacted`` is what redact_by_rules gave, when the caller already has it."""
    ref = link if isinstance(link, LinkRef) else LinkRef.of(link)
    title, text = redacted or redact_by_rules(sub)
    # Core statements on the session's connection: the ORM's unit of work would cost more under the lock.
    conn = db.session.connection()
    insert_story, insert_answers, insert_receipt = _statements(conn.dialect.name)
    story_id = conn.execute(
        insert_story,
        {
            "traject_id": ref.traject_id,
            "link_id": ref.id,
            "organisation_id": ref.organisation_id,
            "framework_version": CURRENT_VERSION,
            "language": language,
            "prompt": sub.prompt,
            "title": title.text,
            "text": text.text,
            "redaction": "rules",
            "submitted_on": today or dt.date.today(),
            "submission_key": submission_key,
        },
    ).scalar()
    if story_id is None:
        return Stored(None, None, duplicate=True)
    if sub.answers:
        conn.execute(
            insert_answers,
            [
                {
                    "story_id": story_id,
                    "question_id": a.question_id,
                    "option_id": a.option_id,
                    "number": a.number,
                    "not_applicable": a.not_applicable,
                    "prefilled": a.prefilled,
                }
                for a in sub.answers
            ],
        )
    code = new_receipt_code()
    conn.execute(insert_receipt, {"story_id": story_id, "code_hash": hash_code(code)})
    return Stored(story_id, code)


def withdraw(raw_code: str) -> bool:
    """Delete the story that belongs to a withdrawal code. True when one was found."""
    code_hash = hash_code(normalise_receipt_code(raw_code))
    receipt = db.session.scalar(select(StoryReceipt).where(StoryReceipt.code_hash == code_hash))
    if receipt is None:
        return False
    story = db.session.get(Story, receipt.story_id)
    # The dashboard's counts kept for the story's day go with it, in this transaction.
    db.session.execute(
        delete(ResponseDay).where(
            ResponseDay.traject_id == story.traject_id, ResponseDay.day == story.submitted_on
        )
    )
    db.session.delete(story)
    db.session.flush()
    return True


def framework() -> Framework:
    return get_framework(CURRENT_VERSION)
