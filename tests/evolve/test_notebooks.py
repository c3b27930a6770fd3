"""The notebooks run on the demo traject's research export: executed cell by cell from the .ipynb,
and what they print agrees with the database (response counts, pattern statements)."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from vertelpunt.core.access import traject_by_slug
from vertelpunt.demo.plan import seed_plan
from vertelpunt.demo.seed import SLUG, seed_demo
from vertelpunt.evolve import research_export
from vertelpunt.extensions import db
from vertelpunt.models import Action, DuidingSession, Observation, ReleasedQuote, Theme

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ("export_overview", "export_grouping")
RUNNER = """
import json, sys
namespace = {"__name__": "__main__"}
for cell in json.load(open(sys.argv[1], encoding="utf-8"))["cells"]:
    if cell["cell_type"] == "code":
        exec(compile("".join(cell["source"]), sys.argv[1], "exec"), namespace)
"""


def _code_cells_of_script(name: str) -> list[str]:
    source = (NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8")
    chunks = re.split(r"^# %%", source, flags=re.M)[1:]
    return [c.strip("\n") for c in chunks if not c.startswith(" [markdown]")]


@pytest.mark.parametrize("name", NAMES)
def test_ipynb_has_the_same_code_as_the_script(name):
    notebook = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert cells == _code_cells_of_script(name)


def _demo_sessions(traject) -> None:
    """One more closed session with two themes on demo stories, with known counts to check."""
    today = dt.date.today()
    stories = sorted(traject_stories(traject), key=lambda s: s.id)
    session = DuidingSession(
        traject_id=traject.id,
        title="Eerste duiding",
        held_on=today - dt.timedelta(days=7),
        join_code="EVOLVDEMO01",
        status="closed",
    )
    db.session.add(session)
    db.session.flush()
    for position, (name, chosen) in enumerate(
        (("Wachten op hulp", stories[:12]), ("School", stories[12:15]))
    ):
        theme = Theme(session_id=session.id, name=name, key_terms=["hulp"], position=position)
        db.session.add(theme)
        db.session.flush()
        for s in chosen:
            observation = Observation(
                session_id=session.id, theme_id=theme.id, text=f"Opvallend in {name.lower()}"
            )
            observation.stories.append(s)
            db.session.add(observation)
        db.session.add(
            Action(traject_id=traject.id, session_id=session.id, theme_id=theme.id, title=f"Actie {name}")
        )
    db.session.flush()


def traject_stories(traject):
    from vertelpunt.models import Story

    return db.session.query(Story).filter_by(traject_id=traject.id).all()


def _run(name: str, export_path: Path, cwd: Path) -> str:
    env = {
        **os.environ,
        "STORYCYCLE_EXPORT": str(export_path),
        "PATTERN_MIN_GROUP": "10",
        "PYTHONPATH": os.pathsep.join([str(NOTEBOOKS), str(ROOT)]),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, str(NOTEBOOKS / f"{name}.ipynb")],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_notebooks_run_on_the_demo_export(app, tmp_path):
    from sensemaking import patterns
    from vertelpunt.sensemaking_cli import SPLITS, TARGETS, _question, _stories, story_records

    seed_demo(story_count=120)
    traject = traject_by_slug(SLUG)
    _demo_sessions(traject)
    seed_plan(traject, dt.date.today())
    db.session.commit()
    assert db.session.query(ReleasedQuote).count() == 1
    page = html.unescape(app.test_client().get(f"/terugkoppeling/{SLUG}").get_data(as_text=True))
    # The demo published two themes and two actions of its held session (and the quote, after the
    # check); the rest, and everything of the closed session added here, was never published.
    assert "In hun eigen woorden" in page and "Wachten op hulp" in page
    for private in ("Het kind wordt niet gehoord", "Kindgesprek", "Actie School", "Actie Wachten op hulp"):
        assert private not in page
    for s in _stories(traject):
        assert s.text not in page and s.title not in page
    path = tmp_path / "demo.zip"
    path.write_bytes(research_export.to_zip(research_export.build(traject)))

    out = _run("export_overview", path, tmp_path)
    stories = _stories(traject)
    assert f"verhalen in totaal: {len(stories)}" in out
    prompts = Counter(s.prompt for s in stories)
    section = out.split("per onderwerp:")[1].split("per ")[0]
    assert sorted(int(n) for n in re.findall(r": (\d+)$", section, flags=re.M)) == sorted(prompts.values())
    records = story_records(stories)
    pairs = [(_question(by), _question(q)) for by in SPLITS for q in TARGETS if by != q]
    expected = patterns.pattern_statements(records, pairs, patterns.Settings(min_group=10))
    printed = [line[2:].rsplit(" [", 1)[0] for line in out.splitlines() if line.startswith("- ")]
    assert printed == [s.text for s in expected]
    assert f"{len(expected)} patronen" in out

    out = _run("export_grouping", path, tmp_path)
    assert out.startswith(f"{len(stories)} verhalen")
    assert "groepen voorgesteld." in out and "kernwoorden:" in out and "Past nergens:" in out
    assert "Eerste duiding" in out and "Wachten op hulp - 12 observaties, 12 verhalen" in out
    themes = (
        db.session.query(Theme).join(DuidingSession).filter(DuidingSession.traject_id == traject.id).count()
    )
    sessions = db.session.query(DuidingSession).filter_by(traject_id=traject.id).count()
    assert f"{themes} thema's in {sessions} sessies" in out
