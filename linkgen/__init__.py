"""Links for narrators: tokens, prefill maps and share URLs. Plain Python, no Flask."""
