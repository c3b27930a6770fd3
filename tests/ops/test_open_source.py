"""The project's open-source papers stay true: the licence, the dependency list made from the installed
packages, a CHANGELOG line for every migration, and a security and privacy text that say what matters."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _licences_script():
    spec = importlib.util.spec_from_file_location("licences", ROOT / "scripts" / "licences.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_licence_is_the_eupl_1_2_text_and_the_package_says_so():
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    # Articles 1 to 15 and the appendix of compatible licences: the whole text, not a pointer to it.
    for article in range(1, 16):
        assert re.search(rf"^{article}\. \S", text, re.M), f"article {article} missing"
    assert "Appendix" in text and "Compatible Licences" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "EUPL-1.2"


def test_the_dependency_list_is_current():
    licences = _licences_script()
    assert licences.check() == [], "docs/dependencies.md is stale: run .venv/bin/python scripts/licences.py"


def test_every_runtime_requirement_and_model_is_in_the_dependency_list():
    doc = (ROOT / "docs" / "dependencies.md").read_text()
    names = set(re.findall(r"^\| ([a-z0-9-]+) \|", doc, re.M))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra, requirements in project.get("optional-dependencies", {}).items():
        if extra != "dev":
            wanted += requirements
    for raw in wanted:
        name = re.sub(r"[-_.]+", "-", Requirement(raw).name).lower()
        assert name in names or f"`{raw}`" in doc, f"{name} is not in docs/dependencies.md"
    for model in ("multilingual-e5-small", "Universal Sentence Encoder", "deduce"):
        assert model in doc


def test_the_dependency_check_notices_a_wrong_licence(tmp_path, monkeypatch):
    licences = _licences_script()
    wrong = licences.render().replace("| flask | ", "| flask | 0 | GPL-3.0-only | x | y |\n| old-flask | ", 1)
    stale = tmp_path / "dependencies.md"
    stale.write_text(wrong)
    monkeypatch.setattr(licences, "DOC", stale)
    problems = licences.check()
    assert "no longer true: flask (GPL-3.0-only)" in problems


def test_every_migration_is_in_the_changelog():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    revisions = []
    for path in sorted((ROOT / "migrations" / "versions").glob("*.py")):
        match = re.search(r"^revision = ['\"]([^'\"]+)['\"]", path.read_text(), re.M)
        assert match, path
        revisions.append(match.group(1))
    assert revisions, "no migrations found"
    missing = [r for r in revisions if f"`{r}`" not in changelog]
    assert not missing, f"CHANGELOG.md does not list the migrations {missing}"


def test_security_policy_covers_reporting_and_the_72_hour_duty():
    text = (ROOT / "SECURITY.md").read_text()
    assert "## Reporting a vulnerability" in text
    assert "Do not open a public issue" in text
    assert "72 hours" in text and "Autoriteit Persoonsgegevens" in text
    assert "article 33" in text and "article 34" in text


def test_privacy_statement_says_what_is_and_is_not_stored():
    text = (ROOT / "docs" / "privacy-statement-nl.md").read_text()
    for kept in ("## Wat bewaren we?", "datum", "antwoorden", "link"):
        assert kept in text
    never = text.split("## Wat bewaren we niet?")[1].split("##")[0]
    for word in ("naam", "e-mailadres", "telefoonnummer", "IP-adres", "browser", "tijdstip"):
        assert word in never, word
    assert "/intrekken" in text and "Autoriteit Persoonsgegevens" in text


def test_dpia_template_has_its_four_parts():
    text = (ROOT / "docs" / "dpia-template.md").read_text()
    for part in ("## Deel A", "## Deel B", "## Deel C", "## Deel D"):
        assert part in text
