"""How long the room waits for its themes: grouping 40 and 120 cards, cold and warm, as the board does it.

    .venv/bin/python bench/board_grouping.py [--sizes 40 120]

Every row runs in a new process, so "cold" means a process that has just started:

  in the request (baseline)   what the board did before the worker grouped: the first grouping in a web
                              process loads the models and embeds every card while the room waits
  worker start                the worker loads the models and embeds the open sessions' cards when it
                              starts (`flask redaction run`), before any room asks
  worker, first grouping      the first grouping after that start (cards embedded as they arrived)
  worker, one card later      a new card arrives (embedded by its job), the room groups again
  worker, one theme more      "meer thema's": the same cards with a number of themes one higher

The worker's figures are the job's work (sensemaking.group_texts with the worker's vector cache, as
sessions/board/regroup.py calls it); the board sees the result at its next poll (every second while
busy), and writing the themes is a few milliseconds more. Goals (issue 17): the first grouping of 40
cards under 3 s, later ones under 1 s. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"


def card_texts(n: int) -> list[str]:
    from sensemaking.evaluate import read_tsv

    texts = read_tsv(SHARED / "observaties_dev" / "observaties_dev.tsv")[0]
    texts += read_tsv(SHARED / "sib200_nld" / "dev.tsv")[0]
    return texts[: n + 1]


def _seconds(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def child(mode: str, n: int) -> dict:
    from sensemaking.grouping import group_texts
    from sensemaking.vectors import VectorCache, load_embedder, model_blocks

    texts = card_texts(n)
    cards, late = texts[:n], texts[n]
    cache = VectorCache()
    if mode == "request":
        took, result = _seconds(lambda: group_texts(cards, cache=cache))
        return {"in the request (baseline)": (took, len(result.groups))}
    out = {}
    took, _ = _seconds(lambda: [load_embedder(m).embed(["De jongere werd gehoord."]) for m in ("use", "e5q")])
    took_cards, _ = _seconds(lambda: model_blocks(cards, "auto", cache))
    out["worker start"] = (took + took_cards, None)
    took, result = _seconds(lambda: group_texts(cards, cache=cache))
    out["worker, first grouping"] = (took, len(result.groups))
    more = [*cards, late]
    model_blocks(more, "auto", cache)  # the new card's own job
    took, result = _seconds(lambda: group_texts(more, cache=cache))
    out["worker, one card later"] = (took, len(result.groups))
    k = len(result.groups) + 1
    took, result = _seconds(lambda: group_texts(more, k=k, cache=cache))
    out["worker, one theme more"] = (took, len(result.groups))
    return out


def run_child(mode: str, n: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(n)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 120])
    parser.add_argument("--child", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return
    print(f"{'':28}" + "".join(f"{n:>10} cards" for n in args.sizes))
    rows: dict[str, list[str]] = {}
    for n in args.sizes:
        for mode in ("request", "worker"):
            for label, (seconds, groups) in run_child(mode, n).items():
                shown = f"{seconds:.2f} s" + (f" ({groups})" if groups else "")
                rows.setdefault(label, []).append(shown)
    for label, cells in rows.items():
        print(f"{label:28}" + "".join(f"{cell:>16}" for cell in cells))
    print("  (n) = themes found; goals: first grouping of 40 cards under 3 s, later groupings under 1 s")


if __name__ == "__main__":
    main()
