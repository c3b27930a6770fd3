"""How a service refuses input, so that every page can show the reason beside the field."""

from __future__ import annotations

from collections.abc import Mapping


class InputError(ValueError):
    """Input that cannot be stored; errors maps a field name to a sentence for people."""

    def __init__(self, errors: Mapping[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)
