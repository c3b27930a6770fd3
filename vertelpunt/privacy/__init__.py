"""Personal details out of story texts (issue 7, spec 4.4).

Plain Python: nothing here imports Flask or the rest of vertelpunt, so a worker, a test or a notebook can
use it.

* ``find_personal_details(text)`` - fast rules only, a few milliseconds: for the narrator's warning
  ("Dit lijkt persoonlijk: ...") inside a web request.
* ``redact(text, use_deduce=True)`` - deduce plus the rules, tags such as ``[naam]``: for the single
  redaction worker. See ``deid`` for deduce's start time and memory and why it runs in one process.
* ``get_deidentifier()`` - the process-wide deduce instance, built lazily.
"""

from .deid import deduce_available, deduce_findings, get_deidentifier
from .redact import TAGS, Redacted, merge_findings, redact
from .rules import KINDS, Finding, bsn_valid, find_personal_details

__all__ = [
    "KINDS",
    "TAGS",
    "Finding",
    "Redacted",
    "bsn_valid",
    "deduce_available",
    "deduce_findings",
    "find_personal_details",
    "get_deidentifier",
    "merge_findings",
    "redact",
]
