"""What the narrator is shown as 'looks personal' before sending (fast rules only: this runs in the request)."""

from __future__ import annotations

from vertelpunt.privacy import Redacted

MAX_SHOWN = 12


def personal_snippets(*parts: Redacted) -> list[str]:
    """The distinct pieces of title and story that look like personal details, in reading order.

    Takes the rule redaction that is stored anyway, so the rules run once per text and the narrator is
    warned about exactly what would be tagged."""
    seen: dict[str, None] = {}
    for part in parts:
        for finding in part.findings:
            seen.setdefault(finding.text.strip(), None)
    return list(seen)[:MAX_SHOWN]
