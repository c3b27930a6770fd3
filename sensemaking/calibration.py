"""Calibrated confidence for the first suggestion, fitted on the shared labelled sets only.

    python -m sensemaking.calibration [--shared ../shared/data] [--cache FILE]

refits the logistic model on simulated sessions from the shared files (observaties_dev, sib200 dev and
six 100-sentence parts of sib200 train; 1, 2, 3, 4 or 6 placed cards per theme, with and without theme
names) and prints the coefficients to paste below. A suggestion is "waarschijnlijk" when its calibrated
confidence is at least LIKELY_AT: of all suggestions with that confidence, that share was right.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import numpy as np

LIKELY_AT = 0.85
FEATURES = ("log_softmax_share", "margin", "separability", "named", "margin_x_separability", "margin_x_named")
# Fitted by `python -m sensemaking.calibration` (C=10; 33,332 rows, of which those at LIKELY_AT or
# above were 0.921 right, 8.8% of all); see FEATURES for the order. The margin enters mostly through its
# product with separability: a lead counts for more in a session whose placed cards predict each other.
COEFFICIENTS = (1.3543, -0.3602, -0.0882, 0.533, 11.6761, 0.9364)
INTERCEPT = 0.3051


def feature_rows(share: np.ndarray, margin: np.ndarray, separability: float, named: np.ndarray) -> np.ndarray:
    """One row of FEATURES per card."""
    share = np.clip(np.asarray(share, dtype=float), 1e-9, 1.0)
    margin = np.asarray(margin, dtype=float)
    named = np.asarray(named, dtype=float)
    sep = np.full(len(margin), float(separability))
    return np.column_stack([np.log(share), margin, sep, named, margin * sep, margin * named])


def confidence(rows: np.ndarray, coefficients=COEFFICIENTS, intercept: float = INTERCEPT) -> np.ndarray:
    """The calibrated chance that the first suggestion is right, per row of `feature_rows`."""
    if len(rows) == 0:
        return np.zeros(0)
    logit = np.asarray(rows, dtype=float) @ np.asarray(coefficients, dtype=float) + intercept
    return 1.0 / (1.0 + np.exp(-logit))


def training_rows(shared, cache=None, draws: int = 10) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features and right/wrong of the first suggestion over simulated sessions on the shared sets."""
    from sensemaking import trials
    from sensemaking.evaluate import read_tsv

    sets = [
        ("observaties_dev", *read_tsv(shared / "observaties_dev" / "observaties_dev.tsv"), draws),
        ("sib200 dev", *read_tsv(shared / "sib200_nld" / "dev.tsv"), draws),
    ]
    texts, cats = read_tsv(shared / "sib200_nld" / "train.tsv")
    rng = np.random.default_rng(0)
    for part in range(6):
        rows = rng.choice(len(texts), 100, replace=False)
        sets.append((f"sib200 train part {part}", [texts[i] for i in rows], [cats[i] for i in rows], 4))
    feats, right, source = [], [], []
    for name, set_texts, set_cats, set_draws in sets:
        space = trials.space_for(set_texts, cache=cache)
        for per in (1, 2, 3, 4, 6):
            for placed in trials.draws(set_cats, per, set_draws):
                for named in (False, True):
                    f, ok = trials.first_suggestion_rows(space, set_cats, placed, named)
                    feats.append(f)
                    right.append(ok)
                    source += [name] * len(ok)
    return np.vstack(feats), np.concatenate(right), source


def fit(rows: np.ndarray, right: np.ndarray) -> tuple[list[float], float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=10.0, max_iter=5000).fit(rows, right)
    return [round(float(c), 4) for c in model.coef_[0]], round(float(model.intercept_[0]), 4)


def main(argv: Sequence[str] | None = None) -> int:
    from pathlib import Path

    from sensemaking.vectors import VectorCache

    parser = argparse.ArgumentParser(
        prog="python -m sensemaking.calibration", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser.add_argument("--cache", default=None)
    args = parser.parse_args(argv)
    cache = VectorCache(args.cache) if args.cache else None
    rows, right, source = training_rows(Path(args.shared), cache)
    coefficients, intercept = fit(rows, right)
    p = confidence(rows, coefficients, intercept)
    likely = p >= LIKELY_AT
    report = {
        "coefficients": coefficients,
        "intercept": intercept,
        "rows": len(right),
        "mean_confidence": round(float(p.mean()), 4),
        "share_right": round(float(right.mean()), 4),
        "likely_precision": round(float(right[likely].mean()), 4) if likely.any() else None,
        "likely_coverage": round(float(likely.mean()), 4),
    }
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
