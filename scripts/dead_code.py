"""Fail when a function, method, class or property of the product is used nowhere.

Runs vulture (settings in pyproject.toml: the tests, benchmarks, notebooks and scripts count as users)
and keeps its findings about callables; a name that a template uses is in use too, since vulture reads
only Python. Prints what is dead and exits 1, or exits 0 quietly."""

from __future__ import annotations

import re
import subprocess  # noqa: S404 - runs vulture from this project's environment
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("vertelpunt/", "sensemaking/", "linkgen/")
FINDING = re.compile(r"^(?P<where>\S+):\d+: unused (?:function|method|class|property) '(?P<name>[^']+)'")


def template_words() -> set[str]:
    words: set[str] = set()
    for path in (ROOT / "templates").rglob("*.html"):
        words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", path.read_text(encoding="utf-8")))
    return words


def main() -> int:
    vulture = Path(sys.executable).with_name("vulture")
    result = subprocess.run([str(vulture)], cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    used_in_templates = template_words()
    dead = []
    for line in result.stdout.splitlines():
        match = FINDING.match(line)
        if match and match["where"].startswith(PRODUCT) and match["name"] not in used_in_templates:
            dead.append(line)
    for line in dead:
        print(line)
    if dead:
        print("dead code: remove it, or use it (scripts/dead_code.py explains what counts as a use)")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
