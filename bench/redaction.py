"""Recall and precision of the personal-detail redaction on the project's Dutch test corpus.

Prints, per kind and overall, for the fast rules alone, deduce alone and the combination (the product), on
the whole corpus and on the held-out part; then deduce's start time and memory and the throughput.

    .venv/bin/python bench/redaction.py [--misses]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vertelpunt.privacy import (  # noqa: E402
    KINDS,
    deduce_findings,
    find_personal_details,
    get_deidentifier,
    redact,
)
from vertelpunt.privacy.evaluate import Score, load_corpus, score  # noqa: E402

CORPUS = ROOT / "tests" / "privacy" / "corpus_nl.tsv"
GOAL_KINDS = ("name", "phone", "email", "address")


def rss_mb() -> float:
    """Current resident set size, from /proc (Linux); ru_maxrss only gives the peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rules(text: str):
    return [(f.kind, f.start, f.end) for f in find_personal_details(text)]


def deduce_only(text: str):
    return [(f.kind, f.start, f.end) for f in deduce_findings(text)]


def combined(text: str):
    return [(f.kind, f.start, f.end) for f in redact(text).findings]


def table(title: str, results: dict[str, Score]) -> None:
    names = list(results)
    print(f"\n{title}")
    header = f"{'kind':<11}{'n':>4}  " + "  ".join(f"{n + ' R':>11}{n + ' P':>11}" for n in names)
    print(header)
    print("-" * len(header))
    any_score = next(iter(results.values()))
    kinds = [
        k for k in KINDS if any_score.annotated.get(k) or any(r.predicted.get(k) for r in results.values())
    ]
    for kind in kinds:
        cells = "  ".join(
            f"{r.recall(kind) * 100:>10.1f}%{r.precision(kind) * 100:>10.1f}%"
            if r.annotated.get(kind) or r.predicted.get(kind)
            else f"{'-':>11}{'-':>11}"
            for r in results.values()
        )
        print(f"{kind:<11}{any_score.annotated.get(kind, 0):>4}  {cells}")
    goal = "  ".join(f"{r.recall_of(GOAL_KINDS) * 100:>10.1f}%{'':>11}" for r in results.values())
    print(f"{'goal kinds':<11}{sum(any_score.annotated.get(k, 0) for k in GOAL_KINDS):>4}  {goal}")
    overall = "  ".join(f"{r.recall() * 100:>10.1f}%{r.precision() * 100:>10.1f}%" for r in results.values())
    print(f"{'OVERALL':<11}{sum(any_score.annotated.values()):>4}  {overall}")
    untouched = "  ".join(f"{r.clean_untouched:>6}/{r.clean_sentences:<15}" for r in results.values())
    print(f"{'clean kept':<17}{untouched}")


def story_of(sentences, length: int) -> str:
    text = ""
    i = 0
    while len(text) < length:
        text += sentences[i % len(sentences)].text + " "
        i += 1
    return text[:length]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list misses and false positives (product)")
    args = parser.parse_args()

    corpus = load_corpus(CORPUS)
    held_out = [s for s in corpus if s.held_out]
    with_details = sum(1 for s in corpus if s.spans)
    print(
        f"corpus: {len(corpus)} sentences ({with_details} with personal details, {len(corpus) - with_details} "
        f"without), {sum(len(s.spans) for s in corpus)} annotated spans; held-out part: {len(held_out)} sentences"
    )

    story5k = story_of(corpus, 5000)
    timings = []
    for _ in range(31):
        t0 = time.perf_counter()
        find_personal_details(story5k)
        timings.append(time.perf_counter() - t0)
    timings.sort()
    print(
        f"fast rules on a 5,000-character story: median {timings[15] * 1000:.2f} ms, "
        f"best {timings[0] * 1000:.2f} ms (31 runs)"
    )

    rss_before = rss_mb()
    t0 = time.perf_counter()
    import deduce

    t1 = time.perf_counter()
    get_deidentifier()
    t2 = time.perf_counter()
    print(
        f"deduce {deduce.__version__}: import {t1 - t0:.2f} s, Deduce() {t2 - t1:.2f} s; "
        f"RSS {rss_before:.0f} MB -> {rss_mb():.0f} MB (+{rss_mb() - rss_before:.0f} MB), peak {peak_rss_mb():.0f} MB"
    )

    fresh = [s for s in corpus if s.fresh]
    parts = (
        ("WHOLE CORPUS", corpus),
        ("HELD-OUT PART (ids ending in 3, 6, 9; rules not tuned on it)", held_out),
        ("FRESH PART (ids 301+, written after the rules were frozen)", fresh),
    )
    for title, part in parts:
        results = {
            "rules": score(part, rules),
            "deduce": score(part, deduce_only),
            "product": score(part, combined),
        }
        table(title, results)
        if args.misses:
            for what, items in (
                ("miss", results["product"].misses),
                ("false+", results["product"].false_positives),
            ):
                for ident, kind, text in items:
                    print(f"  {what} #{ident} {kind}: {text}")

    story1k = story_of(corpus, 1000)
    for label, use_deduce in (("product (deduce + rules)", True), ("rules only", False)):
        n = 0
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 3:
            redact(story1k, use_deduce=use_deduce)
            n += 1
        rate = n / (time.perf_counter() - t0)
        print(f"throughput, {label}, 1,000-character story: {rate:.0f} stories/s ({1000 / rate:.1f} ms each)")
    print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
