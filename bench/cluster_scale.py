"""Time and peak memory of grouping 1,000, 10,000 and 100,000 Dutch texts, from scratch and from cache.

    .venv/bin/python bench/cluster_scale.py [--sizes 1000 10000 100000]

Texts are made from pieces of the shared Dutch sentences (two windows of words from two sentences, a
fixed seed), so they are real Dutch of sentence length and all different. Every measurement runs in its
own process, so peak memory (ru_maxrss) is that of the measurement alone:

  models    load the embedding models and embed one text (time and memory of the models alone)
  scratch   empty vector cache: embed every text, choose the number of groups, group, describe
  cache     the same texts again in a new process, vectors read from the cache file

A baseline in the same run: TF-IDF on lemmas + k-means (k = 10) on the same texts, from scratch.
Goals (issue 4): 10,000 texts under 30 s from scratch and under 5 s from cache; 100,000 under 5
minutes; memory under 4 GB. Sets up to 2,000 texts also use the slower second model (e5).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"


def make_texts(n: int, seed: int = 0) -> list[str]:
    from sensemaking.evaluate import read_tsv

    sentences = []
    for path in (SHARED / "sib200_nld" / "train.tsv", SHARED / "sib200_nld" / "dev.tsv",
                 SHARED / "observaties_dev" / "observaties_dev.tsv"):  # fmt: skip
        sentences += read_tsv(path)[0]
    words = [s.split() for s in sentences]
    rng = random.Random(seed)
    seen: set[str] = set()
    out = []
    while len(out) < n:
        a, b = rng.choice(words), rng.choice(words)
        la, lb = rng.randint(6, 14), rng.randint(4, 10)
        sa, sb = rng.randint(0, max(0, len(a) - la)), rng.randint(0, max(0, len(b) - lb))
        text = " ".join(a[sa : sa + la] + b[sb : sb + lb])
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, n: int, cache_path: str) -> dict:
    from sensemaking.grouping import group_texts
    from sensemaking.vectors import VectorCache, choose_models, load_embedder, model_blocks

    if mode == "models":
        before = peak_mb()
        started = time.perf_counter()
        for name in ("use", "e5q"):
            load_embedder(name).embed(["Een eerste zin om het model te laden."])
        return {"seconds": round(time.perf_counter() - started, 2), "peak_mb": round(peak_mb()),
                "models_mb": round(peak_mb() - before)}  # fmt: skip
    texts = make_texts(n)
    if mode == "baseline":
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer

        from sensemaking.clustering import single_threaded
        from sensemaking.dutch import lemmas

        started = time.perf_counter()
        matrix = TfidfVectorizer(sublinear_tf=True, analyzer=str.split).fit_transform(
            [" ".join(lemmas(t)) for t in texts]
        )
        with single_threaded():
            KMeans(10, n_init=1, random_state=0).fit_predict(matrix)
        return {"seconds": round(time.perf_counter() - started, 2), "peak_mb": round(peak_mb())}
    cache = VectorCache(cache_path)
    started = time.perf_counter()
    blocks = model_blocks(texts, "auto", cache)
    embedded = time.perf_counter()
    result = group_texts(texts, blocks=blocks)
    done = time.perf_counter()
    return {
        "seconds": round(done - started, 2),
        "seconds_vectors": round(embedded - started, 2),
        "seconds_grouping": round(done - embedded, 2),
        "peak_mb": round(peak_mb()),
        "models": "+".join(choose_models(n)),
        "groups": len(result.groups),
        "unassigned_share": round(len(result.unassigned) / n, 4),
    }


def run(mode: str, n: int, cache_path: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(n), cache_path],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grouping time and memory at scale.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, n, cache_path = args.child
        print(json.dumps(child(mode, int(n), cache_path)))
        return 0
    print(json.dumps({"measure": "models", **run("models", 0, "")}))
    goals = {10000: {"scratch": 30, "cache": 5}, 100000: {"scratch": 300}}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            cache_path = os.path.join(tmp, f"vectors-{n}.sqlite")
            for mode in ("scratch", "cache", "baseline"):
                figures = run(mode, n, cache_path)
                goal = goals.get(n, {}).get(mode)
                verdict = {}
                if goal is not None:
                    verdict["goal_seconds"] = goal
                    verdict["met"] = figures["seconds"] < goal and figures["peak_mb"] < 4096
                print(json.dumps({"n": n, "measure": mode, **figures, **verdict}))
                sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
