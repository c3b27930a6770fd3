"""The consolidation's rules, checked on the source so that the next change keeps them: small modules,
one form layer, one transaction rule, dialects in database.py only, and imports that run one way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = [ROOT / "vertelpunt", ROOT / "sensemaking", ROOT / "linkgen"]
LIMIT = 400


def _modules(*roots: Path):
    for root in roots:
        yield from (p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_product_module_is_over_400_lines():
    long = {_rel(p): n for p in _modules(*PRODUCT) if (n := len(p.read_text().splitlines())) > LIMIT}
    assert long == {}


def test_only_the_form_layer_reads_request_form():
    readers = [
        _rel(p)
        for p in _modules(ROOT / "vertelpunt")
        if "request.form" in p.read_text() and "forms" not in p.parts
    ]
    assert readers == []


def _calls(path: Path, attribute: str) -> list[int]:
    tree = ast.parse(path.read_text())
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == attribute
    ]


def _is_view_module(path: Path) -> bool:
    text = path.read_text()
    return bool(re.search(r"^@(bp|app)\.(route|get|post)\(", text, re.M))


def test_no_view_module_commits_or_rolls_back():
    found = {
        _rel(p): _calls(p, "commit") + _calls(p, "rollback")
        for p in _modules(ROOT / "vertelpunt")
        if _is_view_module(p)
    }
    assert {k: v for k, v in found.items() if v} == {}


def test_only_database_py_names_a_sql_dialect_or_the_write_intent():
    pattern = re.compile(r"sqlalchemy\.dialects|dialect\.name|write_intent")
    naming = [_rel(p) for p in _modules(ROOT / "vertelpunt") if pattern.search(p.read_text())]
    assert naming == ["vertelpunt/database.py"]


def test_engine_and_links_import_no_flask_and_no_web_app():
    for root in (ROOT / "sensemaking", ROOT / "linkgen"):
        for path in _modules(root):
            imported = set()
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    imported.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module:
                    imported.add(node.module)
            bad = {m for m in imported if m.split(".")[0] in ("flask", "vertelpunt", "flask_sqlalchemy")}
            assert not bad, f"{_rel(path)} imports {sorted(bad)}"


def test_no_blueprint_serves_its_assets_by_hand():
    assert [_rel(p) for p in _modules(ROOT / "vertelpunt") if "send_asset(" in p.read_text()] == []
