"""A source scan for the ways a module can write a spreadsheet table without linkgen/cells.py
(used by tests/test_csv_safety.py)."""

from __future__ import annotations

import ast


def _names_workbook(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Name)
        and n.id == "Workbook"
        or isinstance(n, ast.Attribute)
        and n.attr == "Workbook"
        for n in ast.walk(node)
    )


def _workbook_writes(scope: ast.AST, relative: str) -> list[str]:
    """In a function (or module) that makes a workbook: cells set other than by cells.xlsx_cell."""
    found = []
    for node in ast.walk(scope):
        where = f"{relative}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "append":
                found.append(f"{where} sheet.append")
            if node.func.attr == "cell" and (
                len(node.args) > 2 or any(k.arg == "value" for k in node.keywords)
            ):
                found.append(f"{where} cell(value=...)")
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "value" for t in targets):
                found.append(f"{where} cell.value =")
    return found


def bypasses(source: str, relative: str) -> list[str]:
    """Where a module writes a table without linkgen/cells.py: csv.writer or csv.DictWriter, pandas'
    to_csv or to_excel, xlsxwriter, or an openpyxl workbook whose cells are set other than by
    cells.xlsx_cell (append, .value =, cell(value=...))."""
    tree = ast.parse(source)
    found = []
    imports_pandas = any(
        isinstance(n, ast.Import)
        and any(a.name.split(".")[0] == "pandas" for a in n.names)
        or isinstance(n, ast.ImportFrom)
        and (n.module or "").split(".")[0] == "pandas"
        for n in ast.walk(tree)
    )
    for node in ast.walk(tree):
        where = f"{relative}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "csv" and node.attr in ("writer", "DictWriter"):
                found.append(f"{where} csv.{node.attr}")
        if isinstance(node, ast.ImportFrom) and node.module == "csv":
            found += [
                f"{where} from csv import {a.name}" for a in node.names if a.name in ("writer", "DictWriter")
            ]
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            if any(n.split(".")[0] == "xlsxwriter" for n in names):
                found.append(f"{where} xlsxwriter")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if imports_pandas and node.func.attr in ("to_csv", "to_excel"):
                found.append(f"{where} pandas {node.func.attr}")
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    makers = [f for f in functions if _names_workbook(f)]
    top_level = [
        n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    ]
    if any(_names_workbook(n) for n in top_level):
        makers.append(ast.Module(body=top_level, type_ignores=[]))
    for scope in makers:
        found += _workbook_writes(scope, relative)
    return found
