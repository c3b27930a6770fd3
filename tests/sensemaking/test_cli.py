"""`flask sensemaking cluster|patterns SLUG` on the demo traject (registered here by init_app)."""

from __future__ import annotations

import re

from vertelpunt.demo.seed import seed_demo
from vertelpunt.sensemaking_cli import init_app


def _demo(app, count: int):
    init_app(app)
    seed_demo(story_count=count)
    return app.test_cli_runner()


def test_cluster_prints_groups_with_key_terms_and_does_not_fit(app):
    runner = _demo(app, 80)
    result = runner.invoke(args=["sensemaking", "cluster", "twente", "--k", "5", "--models", "use"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("80 verhalen, 5 groepen voorgesteld.")
    assert result.output.count("kernwoorden:") == 5
    assert "## Past nergens:" in result.output
    assert re.search(r"   - #\d+ \S", result.output)


def test_patterns_prints_tested_statements_with_their_stories(app):
    runner = _demo(app, 300)
    result = runner.invoke(args=["sensemaking", "patterns", "twente"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert re.match(r"300 verhalen, \d+ patronen", first)
    statements = [line for line in result.output.splitlines() if line.startswith("- ")]
    for line in statements:
        assert re.search(r"\(\d+% tegen \d+%, n=\d+ en \d+; p[<=]0,\d+\)|mediaan", line), line
    assert result.output.count("verhalen: #") == len(statements)


def test_unknown_traject_fails_cleanly(app):
    init_app(app)
    result = app.test_cli_runner().invoke(args=["sensemaking", "patterns", "nergens"])
    assert result.exit_code != 0
    assert "No traject 'nergens'" in result.output
