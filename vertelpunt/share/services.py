"""The narrator's submission: find the link, store the story once. The form layer (forms/narrator.py)
checks the answers against the framework and hands over a Submission."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import joinedload

from linkgen import tokens
from vertelpunt import database, jobs
from vertelpunt.extensions import db
from vertelpunt.framework import CURRENT_VERSION, Framework, get_framework
from vertelpunt.models import Link, Municipality, Story, StoryAnswer, StoryReceipt, Traject
from vertelpunt.privacy import Redacted, redact
from vertelpunt.stories import delete_stories

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
    """The ORM link behind a token, for pages beyond the narrator's (the public feedback page). The
    narrator's own pages read LinkFacts (find_link_facts), once per request."""
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
    """What the narrator's pages need of a link, its traject and its municipalities, read in one query.

    The one shape of a link on the narrator's pages (form, submit, thank-you page, refusals): plain
    values instead of ORM objects, since a story arrives many times a second at busy moments and the
    ORM's identity map, lazy loads and unit of work cost more CPU than the whole insert. The pages'
    templates read the traject's texts (region, focus prompts) from it too."""

    id: int
    token: str
    status: str
    traject_id: int
    organisation_id: int | None
    prefill: dict
    region: str
    results_note: str
    focus_prompt_nl: str
    focus_prompt_en: str
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
            trajecten.c.focus_prompt_nl,
            trajecten.c.focus_prompt_en,
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
        focus_prompt_nl=first.focus_prompt_nl or "",
        focus_prompt_en=first.focus_prompt_en or "",
        municipalities=tuple((r.code, r.name) for r in rows if r.code is not None),
    )


def traject_municipalities(traject: Traject) -> list[tuple[str, str]]:
    return [(m.code, m.name) for m in traject.municipalities]


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


def derive_title(text: str) -> str:
    words = text.split()
    title = " ".join(words[:TITLE_FROM_STORY_WORDS])
    return title + ("…" if len(words) > TITLE_FROM_STORY_WORDS else "")


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


class LinkIds(Protocol):
    """What a stored story needs of its link: LinkFacts on the narrator's path, a Link elsewhere."""

    id: int
    traject_id: int
    organisation_id: int | None


# The three inserts of a story, built once per kind of database: executed with plain parameter dicts,
# they compile once and cost little under the write lock.
_INSERTS: dict[type, tuple] = {}


def _inserts(conn) -> tuple:
    """Both databases know INSERT .. ON CONFLICT DO NOTHING, so the unique submission key guards
    against a double post without a savepoint."""
    built = _INSERTS.get(type(conn.dialect))
    if built is None:
        story = Story.__table__
        insert_story = (
            database.insert_for(story, conn)
            .on_conflict_do_nothing(index_elements=["submission_key"])
            .returning(story.c.id)
        )
        built = (insert_story, insert(StoryAnswer.__table__), insert(StoryReceipt.__table__))
        _INSERTS[type(conn.dialect)] = built
    return built


def redact_by_rules(sub: Submission) -> tuple[Redacted, Redacted]:
    """Title and story with the fast rules applied; what is stored right away (deduce follows later)."""
    return redact(sub.title, use_deduce=False), redact(sub.text, use_deduce=False)


def store_submission(
    sub: Submission,
    link: LinkIds,
    submission_key: str,
    language: str,
    today: dt.date | None = None,
    redacted: tuple[Redacted, Redacted] | None = None,
) -> Stored:
    """Store the story, its answers and its receipt in the caller's transaction (not committed).

    Plain inserts keep SQLite's write lock short. A form posted twice (double tap, reload, a retry
    after a lost answer) has the same key and is stored once; the second time the caller learns it
    was a duplicate. ``redacted`` is what redact_by_rules gave, when the caller already has it."""
    title, text = redacted or redact_by_rules(sub)
    # Core statements on the session's connection: the ORM's unit of work would cost more under the lock.
    conn = db.session.connection()
    insert_story, insert_answers, insert_receipt = _inserts(conn)
    story_id = conn.execute(
        insert_story,
        {
            "traject_id": link.traject_id,
            "link_id": link.id,
            "organisation_id": link.organisation_id,
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
    jobs.enqueue_after_commit("redact_story", story_id)  # deduce, in the worker (jobs/tasks.py)
    return Stored(story_id, code)


def withdraw(raw_code: str) -> bool:
    """Delete the story that belongs to a withdrawal code. True when one was found."""
    code_hash = hash_code(normalise_receipt_code(raw_code))
    receipt = db.session.scalar(select(StoryReceipt).where(StoryReceipt.code_hash == code_hash))
    if receipt is None:
        return False
    # With its answers and receipt; the dashboard's kept counts of its day are put right with it.
    delete_stories([receipt.story_id])
    return True


def framework() -> Framework:
    return get_framework(CURRENT_VERSION)
