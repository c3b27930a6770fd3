"""Fill in Dutch texts from a JSON-lines file, safely while others do the same.

    .venv/bin/python scripts/translate.py FILE.jsonl [FILE.jsonl ...]

Each line: {"id": "English msgid", "nl": "Dutch text"}; for a plural msgid "nl" is a list
[singular, plural]. Under a lock it extracts the interface texts, merges them into the Dutch
catalogue (keeping every existing translation), fills in the given texts and compiles, so several
people can add texts at once without losing each other's work. Prints the msgids still untranslated."""

from __future__ import annotations

import fcntl
import json
import subprocess  # noqa: S404 - runs our own translations.sh
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "vertelpunt" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
LOCK = ROOT / ".translations.lock"
REFRESH = ["/bin/bash", str(ROOT / "scripts" / "translations.sh")]


def load(paths: list[str]) -> dict[str, object]:
    wanted: dict[str, object] = {}
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                wanted[entry["id"]] = entry["nl"]
            except (ValueError, KeyError) as error:
                sys.exit(f'{path}:{number}: not a line like {{"id": ..., "nl": ...}}: {error}')
    return wanted


def main(paths: list[str]) -> int:
    wanted = load(paths)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(REFRESH, check=True, capture_output=True)  # noqa: S603
        with PO.open("rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key in wanted:
                text = wanted[key]
                message.string = tuple(text) if isinstance(message.id, tuple) else text
                message.flags.discard("fuzzy")
        with PO.open("wb") as handle:
            write_po(handle, catalogue, width=110, omit_header=False)
        subprocess.run(REFRESH, check=True, capture_output=True)  # noqa: S603
        with PO.open("rb") as handle:
            missing = [m.id for m in read_po(handle) if m.id and not m.string]
    for msgid in missing:
        print("untranslated:", msgid if isinstance(msgid, str) else msgid[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
