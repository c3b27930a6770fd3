"""What looks personal in what people type on the board: the fast rules tag it in what is stored, and
the writer is warned about it once before anything is stored."""

from __future__ import annotations

from vertelpunt.privacy import Redacted, redact
from vertelpunt.share.looks_personal import personal_snippets


class LooksPersonal(Exception):
    """What was typed looks personal and the writer has not seen the warning yet: nothing is stored.
    ``snippets`` are the writer's own words, shown back only to the writer (as the narrator's form does)."""

    def __init__(self, snippets: list[str]):
        super().__init__("looks personal")
        self.snippets = snippets


def by_rules(text: str) -> Redacted:
    """The fast rules only (milliseconds, so inside the request): what a card stores, and what the
    writer is warned about. Cards are projected at once, so they never wait for the deduce worker."""
    return redact(text, use_deduce=False)


def warn(personal_checked: bool, *parts: Redacted) -> None:
    if not personal_checked and (snippets := personal_snippets(*parts)):
        raise LooksPersonal(snippets)
