"""The ids of deleted stories and ended trajecten, kept outside the database and so outside its backups.

A restore brings back what existed when the backup was made; the ids written here since then are
deleted again (ops/backup.py), so a withdrawn story does not return with an old backup. Ids and times
only: nothing of a story. Written before the deleting transaction commits, so a crash in between
errs on the side of deletion; an id written for a deletion that was then undone is deleted at a restore.
With several app servers every server writes its own file (DELETIONS_LOG on each), and a restore reads
all of them (`flask restore --deleted FILE`)."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)
KINDS = ("story", "traject")


def record(kind: str, ids: Iterable[int]) -> None:
    """Append these ids, with the time, and make them durable before the caller commits."""
    assert kind in KINDS
    lines = "".join(f"{time.time():.3f} {kind} {int(i)}\n" for i in ids)
    if not lines:
        return
    path = Path(current_app.config["DELETIONS_LOG"])
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, lines.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        # The deletion itself matters more than its trace for a later restore: it goes on, loudly.
        log.error(
            "could not keep deleted %s ids in %s (%s): a restore may bring them back", kind, path, error
        )


def since(paths: Iterable[Path], moment: float) -> dict[str, set[int]]:
    """The ids deleted at or after this Unix time, per kind, from every given file."""
    found: dict[str, set[int]] = {kind: set() for kind in KINDS}
    for path in paths:
        if not Path(path).exists():
            continue
        for line in Path(path).read_text().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in KINDS and float(parts[0]) >= moment:
                found[parts[1]].add(int(parts[2]))
    return found
