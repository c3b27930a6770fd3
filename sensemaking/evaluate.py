"""Measure grouping and placement on any labelled file: one JSON line of figures.

    python -m sensemaking.evaluate PATH.tsv [--k N] [--seeds S] [--draws D] [--models auto|use|e5q|tfidf]

The file is tab-separated with columns index_id, category, text. The categories are only used to score
the result and to play the room in simulated sessions (sensemaking.trials), never to make the result.
Texts in "does not fit" count as one extra group in ARI/NMI, and as wrong in the seeded accuracy.

Suggestion figures (each a mean over `--draws` draws, at least 20 by default, with its spread as `_sd`):
- top3_accuracy: the right theme among the first three suggestions, 2 cards per theme placed;
- learning_curve: right first suggestion on all unplaced cards after 1, 2, 4 and 6 times k placements,
  in the engine's order and in random order;
- confident_precision / confident_coverage: right share of the suggestions marked "waarschijnlijk" and
  their share of the unplaced cards, 4 cards per theme placed (a draw where nothing is marked has no
  precision and is left out of that mean; `confident_draws` says in how many draws something was);
- named: the same figures when people name each theme as they start it (the file's category, "_" read as
  a space): names count as evidence."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from sensemaking import trials
from sensemaking.grouping import group_texts
from sensemaking.placement import place
from sensemaking.vectors import Space, VectorCache, join, session_space


def read_tsv(path: str | Path) -> tuple[list[str], list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["text"] for r in rows], [r["category"] for r in rows]


def seeded_accuracy(
    vectors: np.ndarray, categories: Sequence[str], per_category: int = 2, draws: int = 10, seed: int = 0
) -> float:
    """Mean accuracy of placing the other cards after people placed `per_category` cards per theme."""
    rng = np.random.default_rng(seed)
    y = np.array(categories)
    scores = []
    for _ in range(draws):
        placed: dict[int, str] = {}
        for cat in sorted(set(categories)):
            pool = np.flatnonzero(y == cat)
            for i in rng.choice(pool, min(per_category, len(pool)), replace=False):
                placed[int(i)] = cat
        proposals = place(vectors, placed)
        if proposals:
            scores.append(np.mean([p.theme == y[p.index] for p in proposals]))
    return float(np.mean(scores)) if scores else 0.0


def evaluate(
    texts: Sequence[str],
    categories: Sequence[str],
    k: int | None = None,
    seeds: int = 2,
    draws: int = trials.DRAWS,
    models: str = "auto",
    cache: VectorCache | None = None,
    suggestions: bool = True,
) -> dict:
    started = time.perf_counter()
    k_true = len(set(categories))
    k = k or k_true
    space = session_space(texts, models, cache)
    blocks = space.blocks
    given = group_texts(texts, k=k, blocks=blocks)
    auto = group_texts(texts, blocks=blocks)

    def scored(grouping):
        labels = grouping.labels()
        return (
            adjusted_rand_score(categories, labels),
            normalized_mutual_info_score(categories, labels),
        )

    ari_k, nmi_k = scored(given)
    ari_auto, nmi_auto = scored(auto)
    result = {
        "n": len(texts),
        "k_true": k_true,
        "k_auto": len(auto.groups),
        "ari_k": round(ari_k, 4),
        "nmi_k": round(nmi_k, 4),
        "ari_auto": round(ari_auto, 4),
        "nmi_auto": round(nmi_auto, 4),
        "unassigned_share": round(len(given.unassigned) / len(texts), 4),
        "unassigned_share_auto": round(len(auto.unassigned) / len(texts), 4),
        "seeded_accuracy": round(seeded_accuracy(join(blocks), categories, seeds, draws), 4),
        "seeds_per_category": seeds,
        "models": "+".join(f"{name}/lemmas" if lem else name for name, lem in space.views),
    }
    if suggestions:
        result.update(suggestion_figures(space, categories, draws, named=False))
        result["named"] = suggestion_figures(space, categories, draws, named=True)
        result["draws"] = draws
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def suggestion_figures(space: Space | np.ndarray, categories: Sequence[str], draws: int, named: bool) -> dict:
    """top3_accuracy, learning_curve, confident_precision and confident_coverage, each with its spread."""
    two = trials.placement(space, categories, 2, draws, named)
    four = trials.placement(space, categories, 4, draws, named)
    out: dict = {}
    for key, values in (
        ("first_accuracy", two["top1"]),
        ("top3_accuracy", two["top3"]),
        ("confident_precision", four["likely_precision"]),
        ("confident_coverage", four["likely_coverage"]),
        ("clearest_precision", four["clearest"]),
    ):
        out[key], out[f"{key}_sd"] = trials.mean_sd(values)
    out["confident_draws"] = int(sum(1 for v in four["likely_precision"] if not np.isnan(v)))
    curve, spread = {}, {}
    for order in ("engine", "random"):
        found = trials.learning_curve(space, categories, order, draws, named)
        pairs = {str(c): trials.mean_sd(v) for c, v in found.items()}
        curve[order] = {c: m for c, (m, _sd) in pairs.items()}
        spread[order] = {c: sd for c, (_m, sd) in pairs.items()}
    out["learning_curve"], out["learning_curve_sd"] = curve, spread
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sensemaking.evaluate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("path")
    parser.add_argument(
        "--k", type=int, default=None, help="number of groups given (default: as in the file)"
    )
    parser.add_argument("--seeds", type=int, default=2, help="cards placed by people per category")
    parser.add_argument("--draws", type=int, default=trials.DRAWS, help="random draws of placed cards")
    parser.add_argument("--models", default="auto")
    parser.add_argument("--cache", default=None, help="SQLite file that keeps vectors between runs")
    args = parser.parse_args(argv)
    texts, categories = read_tsv(args.path)
    cache = VectorCache(args.cache) if args.cache else None
    result = evaluate(texts, categories, args.k, args.seeds, args.draws, args.models, cache)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
