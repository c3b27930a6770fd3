"""The demo notebook runs end to end on a small demo traject, and its .ipynb matches the script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _script_code_cells() -> list[str]:
    source = (NOTEBOOKS / "sensemaking_demo.py").read_text(encoding="utf-8")
    chunks = re.split(r"^# %%", source, flags=re.M)[1:]
    return [c.strip("\n") for c in chunks if not c.startswith(" [markdown]")]


def test_ipynb_has_the_same_code_as_the_script():
    notebook = json.loads((NOTEBOOKS / "sensemaking_demo.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert cells == _script_code_cells()


def test_notebook_runs_on_a_small_demo(tmp_path):
    env = {**os.environ, "SENSEMAKING_DEMO_STORIES": "40", "PYTHONPATH": str(NOTEBOOKS.parent)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, str(NOTEBOOKS / "sensemaking_demo.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert out.startswith("40 verhalen")
    assert "kernwoorden:" in out and "Past nergens:" in out
    assert "verplaatste kaart erin: True" in out
    assert re.search(r"\d+ van \d+ goed geplaatst", out)
    assert re.search(r"^\d+ patronen$", out, flags=re.M)
