"""Grouping quality of the sensemaking engine on labelled Dutch files, next to a baseline.

    .venv/bin/python bench/cluster_quality.py [PATH.tsv ...] [--draws 10] [--cache FILE]

Without paths it measures ../shared/data/sib200_nld/ (train, dev, and both together),
../shared/data/observaties_dev/ and our own held-out check set (tests/sensemaking/data/heldout_nl.tsv,
written apart from the shared files and never tuned on). For each file, in the same run:

  engine    sensemaking.evaluate: consensus grouping on multilingual sentence vectors (k given and
            chosen), "does not fit" counted as one extra group, and placement from 2 cards per theme
  baseline  TF-IDF on lemmas + k-means (k given, mean of 3 seeds), and placement by nearest TF-IDF
            centroid from the same 2 cards per theme

Goals (issue 4): sib200 ARI >= 0.40 with k given and >= 0.33 chosen, at most 10% unassigned;
observaties ARI >= 0.25 with k given and seeded accuracy >= 0.60. Each figure line is JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sensemaking.clustering import single_threaded  # noqa: E402
from sensemaking.dutch import lemmas  # noqa: E402
from sensemaking.evaluate import evaluate, read_tsv, seeded_accuracy  # noqa: E402
from sensemaking.vectors import VectorCache  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
GOALS = {
    "sib200": {"ari_k": 0.40, "ari_auto": 0.33, "unassigned_share": 0.10},
    "observaties": {"ari_k": 0.25, "seeded_accuracy": 0.60},
}


def baseline(texts: list[str], categories: list[str], draws: int) -> dict:
    started = time.perf_counter()
    docs = [" ".join(lemmas(t)) or "leeg" for t in texts]
    matrix = TfidfVectorizer(sublinear_tf=True, analyzer=str.split).fit_transform(docs)
    k = len(set(categories))
    with single_threaded():
        aris = [
            adjusted_rand_score(categories, KMeans(k, n_init=10, random_state=seed).fit_predict(matrix))
            for seed in range(3)
        ]
    dense = matrix.toarray()
    dense -= dense.mean(axis=0)
    return {
        "ari_k": round(float(np.mean(aris)), 4),
        "seeded_accuracy": round(seeded_accuracy(dense, categories, 2, draws), 4),
        "seconds": round(time.perf_counter() - started, 2),
    }


def datasets(paths: list[str]) -> list[tuple[str, list[str], list[str]]]:
    if paths:
        return [(Path(p).stem, *read_tsv(p)) for p in paths]
    sib = SHARED / "sib200_nld"
    train, dev = read_tsv(sib / "train.tsv"), read_tsv(sib / "dev.tsv")
    return [
        ("sib200 train", *train),
        ("sib200 dev", *dev),
        ("sib200 train+dev", train[0] + dev[0], train[1] + dev[1]),
        ("observaties_dev", *read_tsv(SHARED / "observaties_dev" / "observaties_dev.tsv")),
        ("heldout_nl (own)", *read_tsv(ROOT / "tests" / "sensemaking" / "data" / "heldout_nl.tsv")),
    ]


def verdict(name: str, figures: dict) -> str:
    for prefix, goals in GOALS.items():
        if name.startswith(prefix):
            parts = []
            for key, goal in goals.items():
                ok = figures[key] <= goal if key == "unassigned_share" else figures[key] >= goal
                parts.append(
                    f"{key} {figures[key]:.3f} {'<=' if key == 'unassigned_share' else '>='} {goal} "
                    f"{'MET' if ok else 'NOT MET'}"
                )
            return "; ".join(parts)
    return "no goal set (check set)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grouping quality against a TF-IDF baseline.")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--draws", type=int, default=10, help="random draws of the 2 cards per theme")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "storycycle-vectors.sqlite"))
    args = parser.parse_args(argv)
    cache = VectorCache(args.cache)
    print(f"vector cache: {args.cache} (the first run embeds, later runs read vectors)")
    for name, texts, categories in datasets(args.paths):
        engine = evaluate(texts, categories, draws=args.draws, cache=cache)
        base = baseline(texts, categories, args.draws)
        print(json.dumps({"data": name, "engine": engine, "baseline_tfidf_kmeans": base}))
        print(f"  {name}: {verdict(name, engine)}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
