"""Tokens and prefill maps, without Flask."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from linkgen import prefill, share, tokens


def test_tokens_are_short_and_carry_at_least_64_random_bits():
    token = tokens.new_token()
    assert len(token) == tokens.TOKEN_LENGTH <= 16
    assert tokens.RANDOM_SYMBOLS * math.log2(len(tokens.ALPHABET)) >= 64
    assert set(token) <= set(tokens.ALPHABET)
    assert tokens.normalise(token) == token


def test_tokens_do_not_repeat_or_follow_each_other():
    many = [tokens.new_token() for _ in range(20000)]
    assert len(set(many)) == len(many)
    # No shared prefix structure: the first symbols are spread over the alphabet.
    assert len({t[0] for t in many}) == len(tokens.ALPHABET)


def test_typed_variants_are_understood():
    token = tokens.new_token()
    shown = tokens.display(token)
    assert "-" in shown
    assert tokens.normalise(shown) == token
    assert tokens.normalise(shown.upper()) == token
    assert tokens.normalise(" " + shown.replace("-", " ") + " ") == token
    with_lookalikes = token.replace("1", "l").replace("0", "o")
    assert tokens.normalise(with_lookalikes) == token


@given(st.integers(min_value=0, max_value=2**200))
def test_one_wrong_symbol_is_always_caught(seed):
    import random

    rng = random.Random(seed)
    body = "".join(rng.choice(tokens.ALPHABET) for _ in range(tokens.RANDOM_SYMBOLS))
    token = tokens.normalise(body + tokens._check_symbol(body))
    assert token is not None
    for position in range(tokens.TOKEN_LENGTH):
        for replacement in tokens.ALPHABET:
            if replacement != token[position]:
                typo = token[:position] + replacement + token[position + 1 :]
                assert tokens.normalise(typo) is None, (token, typo)


def test_swapped_neighbours_are_caught():
    caught = total = 0
    for _ in range(300):
        token = tokens.new_token()
        for i in range(tokens.RANDOM_SYMBOLS - 1):
            if token[i] != token[i + 1]:
                total += 1
                swapped = token[:i] + token[i + 1] + token[i] + token[i + 2 :]
                caught += tokens.normalise(swapped) is None
    assert caught / total > 0.95


def test_garbage_is_not_a_token():
    for raw in ("", "a", "x" * 14, "../../etc/passwd", "'; drop table links; --", "ü" * 14):
        assert tokens.normalise(raw) is None


def test_prefill_check():
    allowed = {"perspective": {"parent", "youth"}, "age_group": {"unknown"}}
    known = {"perspective", "age_group", "feeling"}
    assert prefill.check_prefill({"perspective": "parent"}, allowed, known) == []
    problems = prefill.check_prefill(
        {"perspective": "alien", "feeling": "happy", "nope": "x", "age_group": 3}, allowed, known
    )
    assert {(p.question_id, p.reason) for p in problems} == {
        ("perspective", "unknown_option"),
        ("feeling", "not_prefillable"),
        ("nope", "unknown_question"),
        ("age_group", "not_text"),
    }
    assert prefill.clean_prefill({"a": " x ", "b": "", "c": None}) == {"a": "x"}


def test_share_urls():
    url = share.link_url("https://vertel.example/", "abc")
    assert url == "https://vertel.example/abc"
    assert share.whatsapp_url("Deel je verhaal: " + url).startswith("https://wa.me/?text=Deel%20je")
    assert "%3A%2F%2F" in share.mailto_url("Onderwerp", url)


def test_linkgen_does_not_import_flask():
    import subprocess
    import sys

    code = "import sys, linkgen.tokens, linkgen.prefill, linkgen.share; print('flask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
