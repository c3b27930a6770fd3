"""What the narrator is shown as 'looks personal' before sending (fast rules only: this runs in the request)."""

from __future__ import annotations

from vertelpunt.privacy import find_personal_details

MAX_SHOWN = 12


def personal_snippets(title: str, text: str) -> list[str]:
    """The distinct pieces of title and story that look like personal details, in reading order."""
    seen: dict[str, None] = {}
    for part in (title, text):
        for finding in find_personal_details(part):
            seen.setdefault(finding.text.strip(), None)
    return list(seen)[:MAX_SHOWN]
