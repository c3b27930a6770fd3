"""Grouping quality of the sensemaking engine on labelled Dutch files, next to a baseline.

    .venv/bin/python bench/cluster_quality.py [PATH.tsv ...] [--draws 10] [--cache FILE]

Without paths it measures ../shared/data/sib200_nld/ (train, dev, and both together),
../shared/data/observaties_dev/ and our own held-out check sets (tests/sensemaking/data/heldout_nl.tsv and
heldout_nl_2.tsv, written apart from the shared files and never tuned on). For each file, in the same run:

  engine    sensemaking.evaluate: consensus grouping on multilingual sentence vectors (k given and
            chosen), "does not fit" counted as one extra group, placement from 2 cards per theme, and
            the suggestion figures (top3_accuracy, learning_curve, confident_precision/_coverage), also
            with theme names as evidence ("named")
  plain     nearest-centroid placement on the two models' vectors of the text as written (no content-word
            view, no names, random order; its confident cards are its 40% clearest): the same figures
  baseline  TF-IDF on lemmas + k-means (k given, mean of 3 seeds), and placement by nearest TF-IDF
            centroid from the same 2 cards per theme

Goals (issue 4): sib200 ARI >= 0.40 with k given and >= 0.33 chosen, at most 10% unassigned;
observaties ARI >= 0.25 with k given and seeded accuracy >= 0.60. Goals (issue 16, on held-out
observations): top3_accuracy >= 0.85, confident_precision >= 0.85 at confident_coverage >= 0.40, learning
curve in the engine's order after 4k placements >= 0.65. Each figure line is JSON; a table follows it.
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

from sensemaking import trials  # noqa: E402
from sensemaking.clustering import single_threaded  # noqa: E402
from sensemaking.dutch import lemmas  # noqa: E402
from sensemaking.evaluate import evaluate, read_tsv, seeded_accuracy  # noqa: E402
from sensemaking.vectors import VectorCache  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
GOALS = {
    "sib200": {"ari_k": 0.40, "ari_auto": 0.33, "unassigned_share": 0.10},
    "observaties": {"ari_k": 0.25, "seeded_accuracy": 0.60},
    "heldout": {
        "top3_accuracy": 0.85,
        "confident_precision": 0.85,
        "confident_coverage": 0.40,
        "curve_4k": 0.65,
    },
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


def plain(texts: list[str], categories: list[str], draws: int, cache) -> dict:
    """Plain nearest-centroid placement: the two models on the text as written, no names, random order."""
    started = time.perf_counter()
    space = trials.space_for(texts, cache=cache, content=False)
    two = trials.placement(space.vectors, categories, 2, draws)
    four = trials.placement(space.vectors, categories, 4, draws)
    curve = trials.learning_curve(space.vectors, categories, "random", draws)
    out = {}
    for key, values in (("first_accuracy", two["top1"]), ("top3_accuracy", two["top3"])):
        out[key], out[f"{key}_sd"] = trials.mean_sd(values)
    out["clearest_precision"], out["clearest_precision_sd"] = trials.mean_sd(four["clearest"])
    out["learning_curve_random"] = {str(c): trials.mean_sd(v)[0] for c, v in curve.items()}
    out["learning_curve_random_sd"] = {str(c): trials.mean_sd(v)[1] for c, v in curve.items()}
    out["seconds"] = round(time.perf_counter() - started, 2)
    return out


def table(engine: dict, base: dict) -> str:
    """The suggestion figures side by side: engine, engine with names, plain nearest centroid."""
    named = engine["named"]

    def f(figures: dict, key: str) -> str:
        return f"{figures[key]:.3f} ±{figures[key + '_sd']:.3f}"

    def confident(figures: dict) -> str:
        return f"{f(figures, 'confident_precision')} at {figures['confident_coverage']:.2f}"

    def curve(figures: dict, order: str) -> str:
        c = figures["learning_curve"][order]
        return " / ".join(f"{c[x]:.2f}" for x in ("1", "2", "4", "6"))

    plain_curve = " / ".join(f"{base['learning_curve_random'][x]:.2f}" for x in ("1", "2", "4", "6"))
    rows = [
        ("figure", "engine", "engine + names", "plain centroid"),
        (
            "right first (2/theme)",
            f(engine, "first_accuracy"),
            f(named, "first_accuracy"),
            f(base, "first_accuracy"),
        ),
        (
            "top3_accuracy (2/theme)",
            f(engine, "top3_accuracy"),
            f(named, "top3_accuracy"),
            f(base, "top3_accuracy"),
        ),
        ("waarschijnlijk: precision at coverage (4/theme)", confident(engine), confident(named), "-"),
        (
            "40% clearest: precision (4/theme)",
            f(engine, "clearest_precision"),
            f(named, "clearest_precision"),
            f(base, "clearest_precision"),
        ),
        ("curve 1/2/4/6 k, engine order", curve(engine, "engine"), curve(named, "engine"), "-"),
        ("curve 1/2/4/6 k, random order", curve(engine, "random"), curve(named, "random"), plain_curve),
    ]
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  " + " | ".join(c.ljust(w) for c, w in zip(r, width, strict=True)) for r in rows)


def datasets(paths: list[str]) -> list[tuple[str, list[str], list[str]]]:
    if paths:
        return [(Path(p).stem, *read_tsv(p)) for p in paths]
    sib = SHARED / "sib200_nld"
    train, dev = read_tsv(sib / "train.tsv"), read_tsv(sib / "dev.tsv")
    own = ROOT / "tests" / "sensemaking" / "data"
    return [
        ("sib200 train", *train),
        ("sib200 dev", *dev),
        ("sib200 train+dev", train[0] + dev[0], train[1] + dev[1]),
        ("observaties_dev", *read_tsv(SHARED / "observaties_dev" / "observaties_dev.tsv")),
        ("heldout_nl (own)", *read_tsv(own / "heldout_nl.tsv")),
        ("heldout_nl_2 (own)", *read_tsv(own / "heldout_nl_2.tsv")),
    ]


def verdict(name: str, figures: dict) -> str:
    for prefix, goals in GOALS.items():
        if name.startswith(prefix):
            parts = []
            for key, goal in goals.items():
                value = figures["learning_curve"]["engine"]["4"] if key == "curve_4k" else figures[key]
                ok = value <= goal if key == "unassigned_share" else value >= goal
                parts.append(
                    f"{key} {value:.3f} {'<=' if key == 'unassigned_share' else '>='} {goal} "
                    f"{'MET' if ok else 'NOT MET'}"
                )
            return "; ".join(parts)
    return "no goal set (check set)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grouping quality against a TF-IDF baseline.")
    parser.add_argument("paths", nargs="*")
    parser.add_argument(
        "--draws", type=int, default=trials.DRAWS, help="random draws of placed cards (>= 20)"
    )
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "storycycle-vectors.sqlite"))
    args = parser.parse_args(argv)
    cache = VectorCache(args.cache)
    print(f"vector cache: {args.cache} (the first run embeds, later runs read vectors)")
    for name, texts, categories in datasets(args.paths):
        engine = evaluate(texts, categories, draws=args.draws, cache=cache)
        base = baseline(texts, categories, args.draws)
        flat = plain(texts, categories, args.draws, cache)
        print(
            json.dumps(
                {"data": name, "engine": engine, "plain_centroid": flat, "baseline_tfidf_kmeans": base}
            )
        )
        print(table(engine, flat))
        print(f"  {name}: {verdict(name, engine)}")
        if name.startswith("heldout"):
            print(f"  {name} with names: {verdict(name, engine['named'])}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
