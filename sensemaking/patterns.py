"""Neutral pattern statements on signification answers, each backed by a test and a minimum cell size.

Input is plain data: one mapping per story with its id and answers by question id (an option id for a
single choice, a list of option ids for a multi choice, a number for a slider, None when not answered
or not applicable). For each pair of groups of a context question (for example parents against
professionals) and each option of a choice question, a 2x2 table is tested: chi-square when every
expected count is at least 5, Fisher's exact test otherwise. Sliders are compared with Mann-Whitney U.
All p-values of one run are corrected together (Benjamini-Hochberg), and a statement is made only when
the corrected p-value is below `alpha`, the effect is large enough and the groups and cells are big
enough; anything smaller is refused rather than said."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Question:
    id: str
    label: str  # Dutch, as shown to people
    type: str  # "choice" (single or multi) or "number"
    options: Mapping[str, str] = field(default_factory=dict)  # option id -> Dutch label
    # For a question that splits stories: option id -> the people as a plural subject ("Ouders"), which
    # reads better than the option label ("Ouder of verzorger") at the start of a sentence.
    plural: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Settings:
    min_group: int = 10  # stories per group, below which a group is not compared
    min_cell: int = 5  # stories that chose the option, in the group that chose it most
    alpha: float = 0.05
    min_difference: float = 0.10  # percentage points for choices
    min_effect: float = 0.2  # |rank-biserial r| for numbers


@dataclass
class Statement:
    text: str
    by: str  # the question that splits the stories into groups
    question: str
    option: str | None
    group_a: str
    group_b: str
    test: str
    statistic: float
    p_value: float
    p_adjusted: float
    effect: float  # difference in share (choices) or rank-biserial correlation (numbers)
    effect_name: str
    strength: float  # phi (choices) or rank-biserial r (numbers): -1..1, comparable across pairs
    n_a: int
    n_b: int
    value_a: float  # share (0..1) or median
    value_b: float
    story_ids: list[Hashable]  # the stories behind the statement (chose the option / have a number)


def _choices(value) -> set[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return {value}
    return set(value)


def _pct(share: float) -> str:
    return f"{round(share * 100):d}%"


def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def two_by_two(a_yes: int, a_no: int, b_yes: int, b_no: int) -> tuple[str, float, float]:
    """(test name, statistic, two-sided p) for a 2x2 table: chi-square when every expected count is at
    least 5, otherwise Fisher's exact test."""
    table = np.array([[a_yes, a_no], [b_yes, b_no]])
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    if cols.min() == 0:
        return "fisher", float("nan"), 1.0
    expected = np.outer(rows, cols) / table.sum()
    if expected.min() >= 5:
        chi2, p, _dof, _exp = stats.chi2_contingency(table, correction=False)
        return "chi2", float(chi2), float(p)
    odds, p = stats.fisher_exact(table)
    return "fisher", float(odds), float(p)


def phi(a_yes: int, a_no: int, b_yes: int, b_no: int) -> float:
    denominator = np.sqrt(float((a_yes + a_no) * (b_yes + b_no) * (a_yes + b_yes) * (a_no + b_no)))
    return 0.0 if denominator == 0 else float((a_yes * b_no - a_no * b_yes) / denominator)


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Adjusted p-values (false discovery rate), in the input order."""
    m = len(p_values)
    if m == 0:
        return []
    order = np.argsort(p_values)
    ranked = np.array(p_values, dtype=float)[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    out = np.empty(m)
    out[order] = adjusted
    return out.tolist()


def rank_biserial(u: float, n_a: int, n_b: int) -> float:
    """Positive when group a tends to have the higher values."""
    return 2.0 * u / (n_a * n_b) - 1.0


def _groups(stories, by: Question, min_group: int) -> dict[str, list]:
    groups: dict[str, list] = {}
    for s in stories:
        chosen = _choices(s.get(by.id))
        # A story counts in a group only when its answer is unambiguous for this split.
        if chosen and len(chosen) == 1:
            groups.setdefault(next(iter(chosen)), []).append(s)
    return {g: members for g, members in sorted(groups.items()) if len(members) >= min_group}


def _candidates(stories, by: Question, question: Question, settings: Settings) -> list[dict]:
    found = []
    groups = _groups(stories, by, settings.min_group)
    for a, b in combinations(groups, 2):
        if question.type == "number":
            va = [(s["id"], float(s[question.id])) for s in groups[a] if s.get(question.id) is not None]
            vb = [(s["id"], float(s[question.id])) for s in groups[b] if s.get(question.id) is not None]
            if len(va) < settings.min_group or len(vb) < settings.min_group:
                continue
            xa, xb = [v for _i, v in va], [v for _i, v in vb]
            u, p = stats.mannwhitneyu(xa, xb, alternative="two-sided")
            effect = rank_biserial(float(u), len(xa), len(xb))
            if abs(effect) < settings.min_effect:
                continue
            found.append(
                {
                    "a": a,
                    "b": b,
                    "option": None,
                    "test": "mann-whitney",
                    "statistic": float(u),
                    "p": float(p),
                    "effect": effect,
                    "effect_name": "rank-biserial r",
                    "strength": effect,
                    "n_a": len(xa),
                    "n_b": len(xb),
                    "value_a": float(np.median(xa)),
                    "value_b": float(np.median(xb)),
                    "ids": [i for i, _v in va] + [i for i, _v in vb],
                }  # fmt: skip
            )
            continue
        answered_a = [s for s in groups[a] if _choices(s.get(question.id)) is not None]
        answered_b = [s for s in groups[b] if _choices(s.get(question.id)) is not None]
        if len(answered_a) < settings.min_group or len(answered_b) < settings.min_group:
            continue
        for option in question.options:
            yes_a = [s["id"] for s in answered_a if option in _choices(s.get(question.id))]
            yes_b = [s["id"] for s in answered_b if option in _choices(s.get(question.id))]
            if max(len(yes_a), len(yes_b)) < settings.min_cell:
                continue
            share_a, share_b = len(yes_a) / len(answered_a), len(yes_b) / len(answered_b)
            if abs(share_a - share_b) < settings.min_difference:
                continue
            table = (len(yes_a), len(answered_a) - len(yes_a), len(yes_b), len(answered_b) - len(yes_b))
            test, statistic, p = two_by_two(*table)
            found.append(
                {
                    "a": a,
                    "b": b,
                    "option": option,
                    "test": test,
                    "statistic": statistic,
                    "p": p,
                    "effect": share_a - share_b,
                    "effect_name": "difference in share",
                    "strength": phi(*table),
                    "n_a": len(answered_a),
                    "n_b": len(answered_b),
                    "value_a": share_a,
                    "value_b": share_b,
                    "ids": yes_a + yes_b,
                }  # fmt: skip
            )
    return found


def sentence(c: dict, by: Question, question: Question) -> str:
    """A neutral Dutch sentence with the numbers; the higher group is named first."""
    first, second = (c["a"], c["b"]) if c["effect"] >= 0 else (c["b"], c["a"])
    v1, v2 = (c["value_a"], c["value_b"]) if c["effect"] >= 0 else (c["value_b"], c["value_a"])
    n1, n2 = (c["n_a"], c["n_b"]) if c["effect"] >= 0 else (c["n_b"], c["n_a"])
    g1, g2 = by.options.get(first, first), by.options.get(second, second)
    p = "p<0,001" if c["p_adjusted"] < 0.001 else f"p={c['p_adjusted']:.3f}".replace(".", ",")
    if first in by.plural and second in by.plural:
        s1, s2 = by.plural[first], by.plural[second]
        s2 = s2[:1].lower() + s2[1:]
        if question.type == "number":
            return (
                f"{s1} gaven bij '{question.label}' hogere waarden dan {s2} "
                f"(mediaan {_num(v1)} tegen {_num(v2)}, n={n1} en {n2}; {p})."
            )
        option = question.options.get(c["option"], c["option"])
        return (
            f"{s1} kozen bij '{question.label}' vaker '{option}' dan {s2} "
            f"({_pct(v1)} tegen {_pct(v2)}, n={n1} en {n2}; {p})."
        )
    if question.type == "number":
        return (
            f"Bij '{by.label}' = '{g1}' was '{question.label}' hoger dan bij '{g2}' "
            f"(mediaan {_num(v1)} tegen {_num(v2)}, n={n1} en {n2}; {p})."
        )
    option = question.options.get(c["option"], c["option"])
    return (
        f"Bij '{by.label}' = '{g1}' werd bij '{question.label}' vaker '{option}' gekozen dan bij '{g2}' "
        f"({_pct(v1)} tegen {_pct(v2)}, n={n1} en {n2}; {p})."
    )


def pattern_statements(
    stories: Sequence[Mapping],
    pairs: Sequence[tuple[Question, Question]],
    settings: Settings | None = None,
) -> list[Statement]:
    """Statements for the (split by, question) pairs, strongest first."""
    settings = settings or Settings()
    candidates = []
    for by, question in pairs:
        for c in _candidates(stories, by, question, settings):
            candidates.append((by, question, c))
    adjusted = benjamini_hochberg([c["p"] for _b, _q, c in candidates])
    out = []
    for (by, question, c), p_adj in zip(candidates, adjusted, strict=True):
        if p_adj >= settings.alpha:
            continue
        c["p_adjusted"] = p_adj
        out.append(
            Statement(
                text=sentence(c, by, question),
                by=by.id,
                question=question.id,
                option=c["option"],
                group_a=c["a"],
                group_b=c["b"],
                test=c["test"],
                statistic=c["statistic"],
                p_value=c["p"],
                p_adjusted=p_adj,
                effect=c["effect"],
                effect_name=c["effect_name"],
                strength=c["strength"],
                n_a=c["n_a"],
                n_b=c["n_b"],
                value_a=c["value_a"],
                value_b=c["value_b"],
                story_ids=list(c["ids"]),
            )
        )
    out.sort(key=lambda s: (s.p_adjusted, -abs(s.effect), s.by, s.question, str(s.option)))
    return out
