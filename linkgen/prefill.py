"""Prefill maps: which answers a link fills in for the narrator.

The allowed values come from the caller (the question framework plus the traject's municipalities), so
this module knows nothing of where questions are stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PrefillProblem:
    question_id: str
    option_id: str
    reason: str  # unknown_question | not_prefillable | unknown_option | not_text


def check_prefill(
    prefill: Mapping[str, object], allowed: Mapping[str, set[str]], known_questions: set[str]
) -> list[PrefillProblem]:
    """Every problem with a prefill map; an empty list means it can be stored as it is."""
    problems = []
    for question_id, option_id in prefill.items():
        if not isinstance(option_id, str):
            problems.append(PrefillProblem(str(question_id), str(option_id), "not_text"))
        elif question_id not in known_questions:
            problems.append(PrefillProblem(question_id, option_id, "unknown_question"))
        elif question_id not in allowed:
            problems.append(PrefillProblem(question_id, option_id, "not_prefillable"))
        elif option_id not in allowed[question_id]:
            problems.append(PrefillProblem(question_id, option_id, "unknown_option"))
    return problems


def clean_prefill(raw: Mapping[str, object]) -> dict[str, str]:
    """Drop empty entries (a form or table cell left blank means: do not prefill)."""
    return {str(k).strip(): str(v).strip() for k, v in raw.items() if v is not None and str(v).strip()}
