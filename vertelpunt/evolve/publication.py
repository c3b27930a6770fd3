"""Publishing is a deliberate act: what a session's themes and actions show on the public feedback page.

Nothing is public by itself. In a closed session's Publiceren step a facilitator ticks themes and
actions, writes what the public may read, sees a preview and confirms. The texts are checked at once by
the fast privacy rules (in the request) and stored as asked ("requested"); the redaction worker checks
them again with deduce and only then makes them public, or refuses them with what looked personal.
deduce never runs in a web worker (see vertelpunt/privacy/deid.py).

What is public is a copy kept apart from the board (public_name, public_summary, public_title, ...):
renaming a theme or changing an action afterwards never changes the public page unchecked. Engine output
(a name the engine made, key terms) and the owner person of an action never go public. What counts as
personal, and as the engine's, is decided in public_check.py."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from vertelpunt.core.errors import InputError
from vertelpunt.evolve.public_check import (
    Context,
    allowed_names,
    context_for,
    findings_message,
    is_engine_name,
    problems,
)
from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, ReleasedQuote, Theme, Traject
from vertelpunt.privacy.rules import remove_invisible
from vertelpunt.text import clean_text

log = logging.getLogger(__name__)

NAME_MAX = 160
SUMMARY_MAX = 600
TITLE_MAX = 200
DESCRIPTION_MAX = 1000
# Something that reads as an HTML tag or comment: "<b>", "</a", "<!--", "<img src=...".
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]")
# Shown, or asked: everything but "private" means the facilitator chose to publish it.
CHOSEN = ("requested", "public", "refused")


def state_labels() -> dict[str, str]:
    return {
        "private": _("not public"),
        "requested": _("waiting for the privacy check"),
        "public": _("public"),
        "refused": _("not published: the privacy check found something personal"),
    }


def _clean(raw) -> str:
    return remove_invisible(clean_text(str(raw or "")))


def _one_line(raw) -> str:
    return " ".join(_clean(raw).split())


# --- what the facilitator asks ---------------------------------------------------------------------


@dataclass
class ThemeChoice:
    theme: Theme
    publish: bool
    name: str
    summary: str

    @property
    def key(self) -> str:
        return f"theme_{self.theme.id}"


@dataclass
class ActionChoice:
    action: Action
    publish: bool
    title: str
    description: str
    show_organisation: bool

    @property
    def key(self) -> str:
        return f"action_{self.action.id}"

    @property
    def organisation(self) -> str:
        return self.action.owner_organisation if self.show_organisation else ""


@dataclass
class Plan:
    session: DuidingSession
    themes: list[ThemeChoice]
    actions: list[ActionChoice]

    @property
    def chosen_themes(self) -> list[ThemeChoice]:
        return [c for c in self.themes if c.publish]

    @property
    def chosen_actions(self) -> list[ActionChoice]:
        return [c for c in self.actions if c.publish]

    def fingerprint(self) -> str:
        """A signature of exactly what would be public: publishing needs the preview of this very plan."""
        shown = {
            "themes": [[c.theme.id, c.name, c.summary] for c in self.chosen_themes],
            "actions": [[c.action.id, c.title, c.description, c.organisation] for c in self.chosen_actions],
        }
        body = json.dumps([self.session.id, shown], ensure_ascii=False, sort_keys=True).encode()
        key = str(current_app.config["SECRET_KEY"]).encode()
        return hmac.new(key, b"publication:" + body, hashlib.sha256).hexdigest()


def _ticked(value) -> bool:
    return value is True or str(value or "") in ("1", "y", "on", "true", "True")


def session_actions(session: DuidingSession) -> list[Action]:
    return list(db.session.scalars(select(Action).where(Action.session_id == session.id).order_by(Action.id)))


def current_values(session: DuidingSession) -> dict[str, object]:
    """The form as it stands: what is public or asked, or a start a person can accept. An engine-made
    theme name is never offered: the facilitator types a name of their own."""
    values: dict[str, object] = {}
    for theme in session.themes:
        chosen = theme.publication in CHOSEN
        values[f"theme_{theme.id}_public"] = chosen
        values[f"theme_{theme.id}_name"] = theme.public_name or (theme.name if theme.named_by_person else "")
        values[f"theme_{theme.id}_summary"] = theme.public_summary
    for action in session_actions(session):
        values[f"action_{action.id}_public"] = action.publication in CHOSEN
        values[f"action_{action.id}_title"] = action.public_title or action.title
        values[f"action_{action.id}_description"] = action.public_description or action.description
        values[f"action_{action.id}_organisation"] = bool(action.public_organisation)
    return values


def read_plan(session: DuidingSession, data: Mapping[str, object]) -> Plan:
    themes = [
        ThemeChoice(
            theme,
            _ticked(data.get(f"theme_{theme.id}_public")),
            _one_line(data.get(f"theme_{theme.id}_name")),
            _clean(data.get(f"theme_{theme.id}_summary")),
        )
        for theme in session.themes
    ]
    actions = [
        ActionChoice(
            action,
            _ticked(data.get(f"action_{action.id}_public")),
            _one_line(data.get(f"action_{action.id}_title")),
            _clean(data.get(f"action_{action.id}_description")),
            _ticked(data.get(f"action_{action.id}_organisation")),
        )
        for action in session_actions(session)
    ]
    return Plan(session, themes, actions)


def check_plan(plan: Plan, context: Context | None = None) -> None:
    """Raises InputError (field -> Dutch sentence) when anything asked cannot be published; then nothing
    is changed. Runs the fast rules only: this is called inside a web request."""
    session = plan.session
    errors: dict[str, str] = {}
    if session.status != "closed":
        raise InputError(
            {"publish": _("Close the session first. After that you can choose what becomes public.")}
        )
    context = context or context_for(session)

    def personal(key: str, text: str) -> bool:
        """Sets the field's error and says so when the text cannot go public as it is."""
        if _MARKUP.search(text):
            # Shown escaped on the page, but the newsletter text is pasted into other tools.
            errors[key] = _("Write plain text, without code such as <b> or <a href>.")
        elif found := problems(text, context):
            errors[key] = findings_message(found)
        return key in errors

    for c in plan.chosen_themes:
        if not c.name:
            errors[f"{c.key}_name"] = _("Give the theme a name of your own for the public page.")
        elif len(c.name) > NAME_MAX:
            errors[f"{c.key}_name"] = _("Use at most %(n)s characters.", n=NAME_MAX)
        elif not personal(f"{c.key}_name", c.name) and is_engine_name(c.theme, c.name):
            errors[f"{c.key}_name"] = _(
                "This name was made by the computer from key terms. Give the theme a name of your own."
            )
        if not c.summary:
            errors[f"{c.key}_summary"] = _(
                "Write a short summary of what the group learned about this theme."
            )
        elif len(c.summary) > SUMMARY_MAX:
            errors[f"{c.key}_summary"] = _("Use at most %(n)s characters.", n=SUMMARY_MAX)
        else:
            personal(f"{c.key}_summary", c.summary)
    for c in plan.chosen_actions:
        if not c.title:
            errors[f"{c.key}_title"] = _("Give the action a title for the public page.")
        elif len(c.title) > TITLE_MAX:
            errors[f"{c.key}_title"] = _("Use at most %(n)s characters.", n=TITLE_MAX)
        else:
            personal(f"{c.key}_title", c.title)
        if len(c.description) > DESCRIPTION_MAX:
            errors[f"{c.key}_description"] = _("Use at most %(n)s characters.", n=DESCRIPTION_MAX)
        else:
            personal(f"{c.key}_description", c.description)
        if c.show_organisation:
            if not c.action.owner_organisation:
                errors[f"{c.key}_organisation"] = _("This action has no owner organisation to show.")
            else:
                personal(f"{c.key}_organisation", c.action.owner_organisation)
    _refused_again(plan, errors)
    if errors:
        raise InputError(errors)


def _refused_again(plan: Plan, errors: dict[str, str]) -> None:
    """A text the worker's check refused, sent again unchanged, would be refused again: say so now,
    so the preview never shows what will not be public."""
    for c in plan.chosen_themes:
        theme = c.theme
        if theme.publication == "refused" and (theme.public_name, theme.public_summary) == (
            c.name,
            c.summary,
        ):
            errors.setdefault(f"{c.key}_summary", findings_message(theme.publication_findings))
    for c in plan.chosen_actions:
        action = c.action
        shown = (action.public_title, action.public_description, action.public_organisation)
        if action.publication == "refused" and shown == (c.title, c.description, c.organisation):
            errors.setdefault(f"{c.key}_description", findings_message(action.publication_findings))


# --- storing it ----------------------------------------------------------------------------------------


def _withdraw_theme(theme: Theme) -> None:
    theme.publication = "private"
    theme.publication_findings = []


def _withdraw_action(action: Action) -> None:
    action.public = False
    action.publication = "private"
    action.publication_findings = []


def apply_plan(plan: Plan) -> tuple[int, int]:
    """Store what was confirmed: chosen items wait for the worker's check (an unchanged public item
    stays public), the rest is not public. Returns (asked, withdrawn). Flushes; the caller commits."""
    asked = withdrawn = 0
    for c in plan.themes:
        theme = c.theme
        if not c.publish:
            withdrawn += theme.publication != "private"
            _withdraw_theme(theme)
            continue
        if theme.publication == "public" and (theme.public_name, theme.public_summary) == (c.name, c.summary):
            continue
        theme.public_name, theme.public_summary = c.name, c.summary
        theme.publication, theme.publication_findings = "requested", []
        asked += 1
    for c in plan.actions:
        action = c.action
        if not c.publish:
            withdrawn += action.publication != "private"
            _withdraw_action(action)
            continue
        shown = (c.title, c.description, c.organisation)
        current = (action.public_title, action.public_description, action.public_organisation)
        if action.publication == "public" and current == shown:
            continue
        action.public = False
        action.public_title, action.public_description, action.public_organisation = shown
        action.publication, action.publication_findings = "requested", []
        asked += 1
    db.session.flush()
    return asked, withdrawn


def withdraw_session(session: DuidingSession) -> int:
    """Take everything of this session off the public page at once."""
    count = 0
    for theme in session.themes:
        count += theme.publication != "private"
        _withdraw_theme(theme)
    for action in session_actions(session):
        count += action.publication != "private"
        _withdraw_action(action)
    db.session.flush()
    return count


# --- the redaction worker's part ------------------------------------------------------------------


# The columns that hold what a published item shows: the check covers exactly these.
_SHOWN = {
    Theme: ("public_name", "public_summary"),
    Action: ("public_title", "public_description", "public_organisation"),
    ReleasedQuote: ("text",),
}


def _texts(item) -> tuple[str, ...]:
    return tuple(getattr(item, column) for column in _SHOWN[type(item)])


def _decide(item, texts: tuple[str, ...], use_deduce: bool) -> list[dict]:
    """What looks personal in the item's texts; a quote belongs to no session, only to its traject."""
    if isinstance(item, ReleasedQuote):
        context = Context(allowed_names(db.session.get(Traject, item.traject_id)))
    elif item.session.status != "closed":
        return [{"kind": "unchecked", "text": ""}]
    else:
        context = context_for(item.session)
    found: list[dict] = []
    for text in texts:
        found += [f for f in problems(text, context, use_deduce=use_deduce) if f not in found]
    return found


def _settle(item, checked: tuple[str, ...], values: dict) -> bool:
    """Write the worker's decision, but only if the texts are still those that were checked: the
    facilitator may have changed or withdrawn them while deduce was busy (PostgreSQL reads committed
    rows), and then the newer request waits for its own check. Never publishes a text unchecked."""
    model = type(item)
    where = [model.id == item.id, model.publication == "requested"]
    where += [getattr(model, column) == text for column, text in zip(_SHOWN[model], checked, strict=True)]
    statement = update(model).where(*where).values(**values).execution_options(synchronize_session=False)
    done = db.session.execute(statement)
    db.session.expire(item)
    return bool(done.rowcount)


def _decision(item, found: list[dict]) -> dict:
    if found:
        return {"publication": "refused", "publication_findings": found}
    if isinstance(item, Action):
        return {"publication": "public", "public": True, "publication_findings": []}
    return {"publication": "public", "publication_findings": []}


def waiting(traject_id: int | None = None) -> list:
    """What was asked to be published and waits for the check (of one traject, or of all)."""
    items: list = []
    for model in (Theme, Action, ReleasedQuote):
        query = select(model).where(model.publication == "requested").order_by(model.id)
        if traject_id is not None and model is Theme:
            query = query.join(DuidingSession).where(DuidingSession.traject_id == traject_id)
        elif traject_id is not None:
            query = query.where(model.traject_id == traject_id)
        items += db.session.scalars(query)
    return items


def check_requested(batch: int = 50, use_deduce: bool = True, traject_id: int | None = None) -> int:
    """The redaction worker checks what was asked to be published, with deduce plus the rules, each item
    in a savepoint of its own: public when nothing looks personal, otherwise refused with the findings.
    Flushes; the caller commits. Returns how many items were decided. use_deduce=False is for tests and
    the demo's own texts (traject_id limits it to that traject), never for what people typed."""
    items = waiting(traject_id)[:batch]
    for item in items:
        kind, item_id, checked = type(item).__name__, item.id, _texts(item)
        try:
            with db.session.begin_nested():
                _settle(item, checked, _decision(item, _decide(item, checked, use_deduce)))
        except ImportError:
            raise  # no deduce: the worker stops loudly, as for stories, instead of refusing everything
        except Exception as error:  # noqa: BLE001 - one text must never stop the worker
            unchecked = [{"kind": "unchecked", "text": ""}]
            _settle(item, checked, {"publication": "refused", "publication_findings": unchecked})
            log.error("publication check of %s %s failed (%s); refused", kind, item_id, type(error).__name__)
    db.session.flush()
    return len(items)


def refused_count() -> int:
    return sum(
        db.session.scalar(select(func.count(model.id)).where(model.publication == "refused")) or 0
        for model in (Theme, Action, ReleasedQuote)
    )
