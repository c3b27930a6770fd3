"""One vocabulary: the audiences, a question's options in a traject and "is the traject running" are
each defined once, and every use agrees with that one definition."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import select

from vertelpunt.extensions import db
from vertelpunt.framework import get_framework
from vertelpunt.framework.options import audience_choices, audience_ids, audience_label, options_for
from vertelpunt.models import Traject
from vertelpunt.models.coalition import TEXT_AUDIENCES
from vertelpunt.models.links import AUDIENCES

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def test_the_audience_list_is_the_frameworks_and_the_databases():
    assert AUDIENCES == TEXT_AUDIENCES == audience_ids()
    # The constraint the migrations made must accept exactly these (a new audience needs a migration).
    made = re.findall(r"audience IN \(([^)]*)\)", (MIGRATIONS / "0001_foundation.py").read_text())
    assert made and all(tuple(v.strip(" '") for v in m.split(",")) == AUDIENCES for m in made)
    assert audience_ids(everyone=False) == ("youth", "parent", "professional")


def test_audience_labels_follow_the_language():
    assert dict(audience_choices("nl"))["everyone"] == "Iedereen"
    assert dict(audience_choices("en"))["youth"] == "Youths"
    assert audience_label("parent", "nl") == "Ouders"
    assert audience_label("unknown-id", "nl") == "unknown-id"


def test_options_put_the_trajects_municipalities_first_and_its_own_focus_prompt(traject):
    framework = get_framework()
    municipalities = [o.id for o in options_for(framework["municipality"], traject)]
    assert municipalities == ["almelo", "enschede", "hengelo", "elsewhere"]
    prompt = {o.id: o for o in options_for(framework["prompt"], traject)}
    assert prompt["focus"].label("nl") == "Een moment rond de scheiding van je ouders"
    assert prompt["focus"].label("en") == "A moment around your parents separating"
    # Read ahead of time (the submit path does), the municipalities are the same list.
    given = options_for(framework["municipality"], municipalities=[("x", "X")])
    assert [o.id for o in given] == ["x", "elsewhere"]


def test_a_traject_without_its_own_prompt_shows_the_frameworks_text(traject):
    traject.focus_prompt_nl = traject.focus_prompt_en = ""
    prompt = {o.id: o for o in options_for(get_framework()["prompt"], traject)}
    assert prompt["focus"].label("nl") == "Het thema van deze regio"
    assert traject.focus_prompt("en") == ""


def test_running_means_the_same_in_python_and_in_sql(traject):
    today = dt.date.today()
    for slug, opens, closes in (
        ("past", today - dt.timedelta(days=40), today - dt.timedelta(days=1)),
        ("future", today + dt.timedelta(days=1), today + dt.timedelta(days=9)),
        ("today-only", today, today),
    ):
        db.session.add(Traject(slug=slug, name=slug, region="r", focus="f", opens_on=opens, closes_on=closes))
    db.session.flush()
    in_sql = set(db.session.scalars(select(Traject.slug).where(Traject.is_running)))
    in_python = {t.slug for t in db.session.scalars(select(Traject)) if t.is_running}
    assert in_sql == in_python == {"testregio", "today-only"}
    on_day = today - dt.timedelta(days=20)
    assert set(db.session.scalars(select(Traject.slug).where(Traject.running_on(on_day)))) == {"past"}


def test_no_module_writes_the_audiences_out_again():
    """The audience ids and names live in the framework; linkgen (which may not import the web
    package) keeps its own list of default share texts, and that list must be the same one."""
    from linkgen import texts

    assert texts.AUDIENCES == audience_ids()
    root = Path(__file__).resolve().parent.parent / "vertelpunt"
    # ("youth" and "parent" are perspectives too; "professional" is an audience only.)
    written_out = re.compile(r"""["']professional["']\s*:|\(\s*["']youth["']\s*,\s*["']parent""")
    found = [
        f"{path.relative_to(root)}: {line.strip()}"
        for path in root.rglob("*.py")
        for line in path.read_text("utf-8").splitlines()
        if written_out.search(line)
    ]
    assert not found, found


def test_the_organisation_table_takes_every_name_the_framework_gives(app):
    from vertelpunt.framework.options import audience_words

    words = audience_words()
    for audience in get_framework().audiences:
        assert words[audience.id][:2] == (audience.label("nl"), audience.label("en"))
        assert set(audience.also) <= set(words[audience.id])
    assert "jeugd" in words["youth"] and "algemeen" in words["everyone"]
