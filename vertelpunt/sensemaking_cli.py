"""flask sensemaking cluster|patterns SLUG: the sensemaking engine on a traject's stories.

The engine (sensemaking/) knows nothing of the database or Flask; this file reads the stories and
answers, turns them into plain data with Dutch labels from the question framework, and prints. The
engine is imported inside the commands: numpy, scikit-learn and spaCy would otherwise slow down every
app start (web workers included) for commands that are rarely run."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vertelpunt.core.access import traject_by_slug
from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import EVERYONE, audience_ids, audience_label
from vertelpunt.models import Story

sensemaking = AppGroup("sensemaking", help="Grouping and pattern statements for a traject.")

# The people behind a split, as the subject of a Dutch sentence.
PLURAL = {
    # The framework's names; a general link's narrators are not "everyone" in a sentence.
    "audience": {
        **{a: audience_label(a, "nl") for a in audience_ids(everyone=False)},
        EVERYONE: "Vertellers via de algemene link",
    },
    "perspective": {
        "child": "Kinderen",
        "youth": "Jongeren",
        "young_adult": "Jongvolwassenen",
        "parent": "Ouders en verzorgers",
        "relative": "Familieleden en vrienden",
        "pro_care": "Professionals in de zorg",
        "pro_education": "Professionals in het onderwijs",
        "pro_community": "Professionals in de wijk of gemeente",
    },
}
AUDIENCE_LABELS = {
    **{a: audience_label(a, "nl").lower() for a in audience_ids(everyone=False)},
    EVERYONE: "algemene link",
}
SPLITS = ("audience", "perspective", "age_group")
TARGETS = ("prompt", "feeling", "focus_of_help", "who_involved", "should_know", "tone", "heard")
SHORT_LABELS = {
    "prompt": "onderwerp",
    "feeling": "gevoel",
    "focus_of_help": "om wie het draaide",
    "who_involved": "wie een rol speelden",
    "should_know": "wie het moet horen",
    "tone": "toon (goed-slecht)",
    "heard": "geluisterd naar het kind",
    "audience": "doelgroep van de link",
    "perspective": "perspectief",
    "age_group": "leeftijd",
}


def _traject(slug: str):
    traject = traject_by_slug(slug)
    if traject is None:
        raise click.ClickException(f"No traject '{slug}'.")
    return traject


def _stories(traject) -> list[Story]:
    query = (
        select(Story)
        .where(Story.traject_id == traject.id)
        .options(selectinload(Story.answers), selectinload(Story.link))
        .order_by(Story.id)
    )
    return list(db.session.scalars(query))


def story_records(stories: list[Story]) -> list[dict]:
    """Plain data per story: option id (single), list (multi), number (slider), dominant corner (triad)."""
    framework = get_framework()
    types = {q.id: q.type for q in framework.questions}
    records = []
    for story in stories:
        # The prompt is a column of the story, not an answer row.
        record: dict = {
            "id": story.id,
            "audience": story.link.audience if story.link else None,
            "prompt": story.prompt,
        }
        triads: dict[str, list[tuple[float, str]]] = {}
        for a in story.answers:
            kind = types.get(a.question_id)
            if a.not_applicable:
                continue
            if kind == "multi_choice":
                record.setdefault(a.question_id, []).append(a.option_id)
            elif kind == "triad" and a.option_id is not None:
                triads.setdefault(a.question_id, []).append((a.number or 0.0, a.option_id))
            elif kind == "slider":
                record[a.question_id] = a.number
            elif a.option_id is not None:
                record[a.question_id] = a.option_id
        for qid, weights in triads.items():
            record[qid] = max(weights)[1]
        records.append(record)
    return records


def _question(qid: str):
    from sensemaking import patterns

    if qid == "audience":
        return patterns.Question("audience", SHORT_LABELS[qid], "choice", AUDIENCE_LABELS, PLURAL["audience"])
    q = get_framework()[qid]
    options = {o.id: o.label("nl") for o in q.options}
    kind = "number" if q.type == "slider" else "choice"
    return patterns.Question(qid, SHORT_LABELS.get(qid, q.label("nl")), kind, options, PLURAL.get(qid, {}))


def _excerpt(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@sensemaking.command("cluster")
@click.argument("slug")
@click.option("--k", type=int, default=None, help="Number of groups (default: chosen automatically).")
@click.option("--models", default="auto", help="auto, use, e5q or tfidf.")
@click.option("--cache", "cache_path", default=None, help="SQLite file that keeps text vectors between runs.")
def cluster_command(slug, k, models, cache_path):
    """Suggest groups of a traject's stories, with key terms and typical stories."""
    from sensemaking.grouping import group_texts
    from sensemaking.vectors import VectorCache

    stories = _stories(_traject(slug))
    if not stories:
        click.echo("Nog geen verhalen in dit traject.")
        return
    texts = [f"{s.title}. {s.text}" if s.title else s.text for s in stories]
    cache = VectorCache(cache_path) if cache_path else None
    result = group_texts(texts, k=k, models=models, cache=cache)
    click.echo(f"{len(stories)} verhalen, {len(result.groups)} groepen voorgesteld.")
    for group in result.groups:
        primary = [m for m in group.members if m.primary]
        also = len(group.members) - len(primary)
        extra = f" (+{also} die ook hier passen)" if also else ""
        click.echo(f"\n## {group.name}: {len(primary)} verhalen{extra}")
        click.echo(f"   kernwoorden: {', '.join(group.key_terms) or '-'}")
        for i in group.typical:
            click.echo(f"   - #{stories[i].id} {_excerpt(texts[i])}")
    click.echo(f"\n## Past nergens: {len(result.unassigned)} verhalen")
    for i in result.unassigned[:10]:
        click.echo(f"   - #{stories[i].id} {_excerpt(texts[i])}")


@sensemaking.command("patterns")
@click.argument("slug")
@click.option("--min-group", type=int, default=10, show_default=True, help="Stories per group at least.")
@click.option("--min-cell", type=int, default=5, show_default=True, help="Stories behind a share at least.")
@click.option("--alpha", type=float, default=0.05, show_default=True, help="After correction for all tests.")
@click.option("--limit", type=int, default=20, show_default=True)
def patterns_command(slug, min_group, min_cell, alpha, limit):
    """Neutral pattern statements on the stories' answers, each with the stories behind it."""
    from sensemaking import patterns

    records = story_records(_stories(_traject(slug)))
    pairs = [(_question(by), _question(q)) for by in SPLITS for q in TARGETS if by != q]
    settings = patterns.Settings(min_group=min_group, min_cell=min_cell, alpha=alpha)
    found = patterns.pattern_statements(records, pairs, settings)
    click.echo(
        f"{len(records)} verhalen, {len(found)} patronen (getoetst, gecorrigeerd voor het aantal toetsen)."
    )
    for statement in found[:limit]:
        ids = ", ".join(f"#{i}" for i in statement.story_ids[:12])
        more = f" en {len(statement.story_ids) - 12} meer" if len(statement.story_ids) > 12 else ""
        click.echo(f"- {statement.text}")
        click.echo(
            f"  toets: {statement.test}, {statement.effect_name} {abs(statement.effect):.2f}; verhalen: {ids}{more}"
        )


def init_app(app: Flask) -> None:
    app.cli.add_command(sensemaking)
