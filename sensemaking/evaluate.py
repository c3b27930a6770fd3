"""Measure grouping and placement on any labelled file: one JSON line of figures.

    python -m sensemaking.evaluate PATH.tsv [--k N] [--seeds S] [--draws D] [--models auto|use|e5q|tfidf]

The file is tab-separated with columns index_id, category, text. The categories are only used to score
the result, never to make it. Texts in "does not fit" count as one extra group in ARI/NMI, and as wrong
in the seeded accuracy."""

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

from sensemaking.grouping import group_texts
from sensemaking.placement import place
from sensemaking.vectors import VectorCache, join, model_blocks


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
    draws: int = 10,
    models: str = "auto",
    cache: VectorCache | None = None,
) -> dict:
    started = time.perf_counter()
    k_true = len(set(categories))
    k = k or k_true
    blocks = model_blocks(texts, models, cache)
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
    return {
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
        "models": "+".join(_model_names(len(texts), models)),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _model_names(n: int, models: str) -> list[str]:
    from sensemaking.vectors import choose_models

    return choose_models(n, models)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sensemaking.evaluate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("path")
    parser.add_argument(
        "--k", type=int, default=None, help="number of groups given (default: as in the file)"
    )
    parser.add_argument("--seeds", type=int, default=2, help="cards placed by people per category")
    parser.add_argument("--draws", type=int, default=10, help="random draws of those cards")
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
