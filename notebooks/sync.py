"""Write the .ipynb of a percent-format notebook script (the .py is the one that is edited and
reviewed; the .ipynb is for Jupyter). Usage: python notebooks/sync.py notebooks/export_overview.py"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
    "jupytext": {"formats": "ipynb,py:percent"},
}


def cells(source: str) -> list[dict]:
    out = []
    for chunk in re.split(r"^# %%", source, flags=re.M)[1:]:
        if chunk.startswith(" [markdown]"):
            lines = chunk.split("\n")[1:]
            text = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in lines).strip(
                "\n"
            )
            out.append({"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)})
        else:
            code = chunk.strip("\n")
            out.append(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": {},
                    "outputs": [],
                    "source": code.splitlines(keepends=True),
                }
            )
    return out


def main(paths: list[str]) -> None:
    for name in paths:
        script = Path(name)
        notebook = {
            "cells": cells(script.read_text(encoding="utf-8")),
            "metadata": METADATA,
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        script.with_suffix(".ipynb").write_text(
            json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
