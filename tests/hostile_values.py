"""The values every area's hostile-input test posts into its forms (one list, so they try the same)."""

HOSTILE = [
    "²",
    "１２",
    "-1",
    "99999999999",
    "",
    "x" * 100_000,
    "<script>alert(1)</script>",
    "\x00",
    "2026-02-30",
]
TWO, MISSING = "two values", "missing"  # a list where one value is expected; the field left out
EVERYTHING = [*HOSTILE, TWO, MISSING]
