"""Sources ("fly on the wall"): reports and data relevant to the traject's focus, listed per traject
and attached to the sessions where they were brought in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlalchemy import select

from vertelpunt.core.errors import InputError
from vertelpunt.core.ids import row_id
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Source, Traject
from vertelpunt.models.evidence import IMPORTANCE
from vertelpunt.text import clean_text

_ORDER = {"high": 0, "medium": 1, "low": 2}


def importance_labels() -> dict[str, str]:
    return {"high": _("high"), "medium": _("medium"), "low": _("low")}


def sources_of(traject: Traject) -> list[Source]:
    found = db.session.scalars(select(Source).where(Source.traject_id == traject.id))
    return sorted(found, key=lambda s: (_ORDER.get(s.importance, 9), -(s.year or 0), s.title.casefold()))


def source_in(traject: Traject, source_id) -> Source:
    found = row_id(source_id)
    source = db.session.get(Source, found) if found else None
    if source is None or source.traject_id != traject.id:
        raise InputError({"source": _("This source is not part of this traject.")})
    return source


def _values(form: Mapping[str, object]) -> dict:
    errors: dict[str, str] = {}
    values = {
        "title": clean_text(str(form.get("title") or "")),
        "author": clean_text(str(form.get("author") or "")),
        "url": clean_text(str(form.get("url") or "")),
        "importance": str(form.get("importance") or "medium"),
        "notes": clean_text(str(form.get("notes") or "")),
        "year": None,
    }
    if not values["title"]:
        errors["title"] = _("Give the source a title.")
    elif len(values["title"]) > 300:
        errors["title"] = _("Use at most %(n)s characters.", n=300)
    if len(values["author"]) > 200:
        errors["author"] = _("Use at most %(n)s characters.", n=200)
    if values["url"] and (not values["url"].startswith(("https://", "http://")) or len(values["url"]) > 500):
        errors["url"] = _("Give a web address starting with https://, or leave it empty.")
    if values["importance"] not in IMPORTANCE:
        errors["importance"] = _("Choose high, medium or low.")
    year = str(form.get("year") or "").strip()
    if year:
        if not (year.isascii() and year.isdigit()) or not 1900 <= int(year) <= 2100:
            errors["year"] = _("Fill in a year such as 2021.")
        else:
            values["year"] = int(year)
    if errors:
        raise InputError(errors)
    return values


def create_source(traject: Traject, form: Mapping[str, object]) -> Source:
    source = Source(traject_id=traject.id, **_values(form))
    db.session.add(source)
    db.session.flush()
    return source


def update_source(traject: Traject, source_id, form: Mapping[str, object]) -> Source:
    source = source_in(traject, source_id)
    for key, value in _values(form).items():
        setattr(source, key, value)
    db.session.flush()
    return source


def delete_source(traject: Traject, source_id) -> None:
    db.session.delete(source_in(traject, source_id))
    db.session.flush()


def set_session_sources(session: DuidingSession, source_ids: Iterable) -> int:
    """The sources brought into the session: exactly the ticked ones."""
    chosen = []
    for raw in source_ids:
        source = source_in(session.traject, raw)
        if source not in chosen:
            chosen.append(source)
    session.sources = chosen
    db.session.flush()
    return len(chosen)
