"""The chart pages get a partial plotly.js (scripts/plotly_bundle.sh): small, the same version as the
Python plotly package validates against, and holding every trace type the platform's figures use."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import plotly

from tests.coalition.conftest import add_stories
from tests.conftest import login
from vertelpunt.extensions import db
from vertelpunt.sessions import monitoring
from vertelpunt.staff import services as staff

ROOT = Path(__file__).resolve().parents[2]
PARTIAL = ROOT / "vertelpunt/coalition/static/plotly-partial.min.js"
FULL = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
LIMIT = 1_500_000
TRACE = re.compile(rb'moduleType:"trace",name:"(\w+)"')


def _version(head: bytes) -> str:
    return re.search(rb"plotly\.js v(\d+\.\d+\.\d+)", head).group(1).decode()


def _traces(bundle: bytes) -> set[str]:
    return {m.decode() for m in TRACE.findall(bundle)}


def test_the_served_script_is_the_partial_bundle(client):
    response = client.get("/staff/assets/plotly.min.js")  # no login needed: library code
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.data == PARTIAL.read_bytes()
    assert len(response.data) < LIMIT < FULL.stat().st_size
    assert (
        "max-age=604800" in response.headers["Cache-Control"]
        and "public" in response.headers["Cache-Control"]
    )


def test_the_partial_bundle_is_the_version_of_the_python_package():
    with FULL.open("rb") as full:
        assert _version(PARTIAL.read_bytes()[:300]) == _version(full.read(300))


def test_every_trace_type_in_the_code_is_in_the_bundle():
    """Any `"type": "<a plotly trace type>"` in the application's code must be drawable."""
    known = _traces(FULL.read_bytes())
    assert {"bar", "scatter", "pie"} <= known  # the pattern still finds them
    used = set()
    for path in (ROOT / "vertelpunt").rglob("*.py"):
        used |= set(re.findall(r'"type":\s*"(\w+)"', path.read_text(encoding="utf-8"))) & known
    assert "bar" in used
    assert used <= _traces(PARTIAL.read_bytes()), used - _traces(PARTIAL.read_bytes())


def test_every_trace_type_drawn_is_in_the_bundle(client, users, traject, organisation):
    link = staff.create_link(traject, organisation=organisation, audience="parent")
    db.session.commit()
    add_stories(link, 12, perspective="parent")
    login(client, "coalitie")
    page = client.get("/staff/trajecten/testregio/response").get_data(as_text=True)
    blocks = re.findall(r'<script type="application/json" data-chart="[^"]+">([^<]*)</script>', page)
    figures = [json.loads(b) for b in blocks]
    value = SimpleNamespace(period="2025", value=3.0)
    figures.append(monitoring.chart_spec({"label": "Wachtlijst", "unit": "kinderen", "values": [value]}))
    drawn = {trace.get("type", "scatter") for figure in figures for trace in figure["data"]}
    assert len(figures) > 1 and drawn and drawn <= _traces(PARTIAL.read_bytes())
