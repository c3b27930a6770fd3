"""The demo data: deterministic, varied, and every answer an option the framework knows."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path

import pytest
import yaml

from vertelpunt.demo.organisations import DEMO_ORGANISATIONS, TWENTE_MUNICIPALITIES
from vertelpunt.demo.stories import generate_stories, sentence_count
from vertelpunt.demo.story_checks import pool_gaps

FRAMEWORK_FILE = Path(__file__).resolve().parents[1] / "vertelpunt" / "framework" / "v1.yaml"
CODES = [code for code, _name in TWENTE_MUNICIPALITIES]
YOUNG = {"child": "age_4_12", "youth": "age_12_18", "young_adult": "age_18_23"}
AUDIENCE = {
    "child": "youth",
    "youth": "youth",
    "young_adult": "youth",
    "parent": "parent",
    "relative": "parent",
    "other": "parent",
    "pro_care": "professional",
    "pro_education": "professional",
    "pro_community": "professional",
}
SINGLE_CHOICE = ("prompt", "perspective", "age_group", "living", "when", "duration", "organisation_type")
# Context answers the narrator may skip; the prompt and the prefillable ones are always there.
SKIPPABLE = {"living", "when", "duration", "organisation_type"}
MULTI_CHOICE = ("feeling", "who_involved", "should_know")


@pytest.fixture(scope="module")
def options() -> dict[str, set[str]]:
    framework = yaml.safe_load(FRAMEWORK_FILE.read_text(encoding="utf-8"))
    return {q["id"]: {o["id"] for o in q.get("options", [])} for q in framework["questions"]}


@pytest.fixture(scope="module")
def stories() -> list[dict]:
    return generate_stories()


def test_same_seed_gives_the_same_stories(stories):
    assert generate_stories() == stories
    assert generate_stories(300, seed=2021) == stories


def test_another_seed_gives_other_stories(stories):
    other = generate_stories(seed=2022)
    assert other != stories
    assert [s["story"] for s in other] != [s["story"] for s in stories]


@pytest.mark.parametrize("n", [0, 1, 17, 300])
def test_n_is_respected(n):
    assert len(generate_stories(n)) == n


def test_negative_n_is_refused():
    with pytest.raises(ValueError):
        generate_stories(-1)


def test_single_choice_answers_are_framework_options(stories, options):
    for story in stories:
        for question in SINGLE_CHOICE:
            value = story[question]
            if value is None and question in SKIPPABLE:
                continue
            assert value in options[question], (question, value)


def test_multi_choice_answers_are_framework_options(stories, options):
    for story in stories:
        for question in MULTI_CHOICE:
            values = story[question]
            assert isinstance(values, list)
            assert len(values) == len(set(values)), (question, values)
            assert set(values) <= options[question], (question, values)


def test_municipality_is_a_traject_code_or_elsewhere(stories, options):
    allowed = set(CODES) | options["municipality"]
    assert options["municipality"] == {"elsewhere"}
    assert {s["municipality"] for s in stories} <= allowed
    # The three cities are where most stories come from.
    top = [code for code, _count in Counter(s["municipality"] for s in stories).most_common(3)]
    assert set(top) == {"enschede", "hengelo", "almelo"}


def test_municipalities_argument_is_used():
    stories = generate_stories(80, municipalities=["enschede", "losser"])
    assert {s["municipality"] for s in stories} <= {"enschede", "losser", "elsewhere"}
    assert {"enschede", "losser"} <= {s["municipality"] for s in stories}


def test_at_most_two_feelings(stories):
    assert all(len(s["feeling"]) <= 2 for s in stories)


def test_sliders_are_whole_numbers_or_not_applicable(stories):
    for story in stories:
        for question in ("tone", "heard"):
            value = story[question]
            assert value is None or (isinstance(value, int) and 0 <= value <= 100), (question, value)


def test_focus_of_help_weights_sum_to_one(stories):
    for story in stories:
        weights = story["focus_of_help"]
        if weights is None:
            continue
        assert len(weights) == 3
        assert all(0.0 <= w <= 1.0 for w in weights)
        assert abs(sum(weights) - 1.0) < 1e-6


def test_titles_and_stories_are_filled_in_and_all_stories_differ(stories, options):
    for story in stories:
        assert story["title"].strip() and len(story["title"]) <= 80
        assert story["story"].strip()
        assert 2 <= sentence_count(story["story"]) <= 8, story["story"]
    assert len({s["story"] for s in stories}) == len(stories) == 300


def test_no_placeholder_or_personal_detail_leaks_into_the_text():
    # Many stories, so that rare fragment combinations are exercised too.
    for story in generate_stories(2000, seed=7):
        for text in (story["title"], story["story"]):
            assert "{" not in text and "}" not in text, text
            # No phone numbers, house numbers, dates or e-mail addresses.
            assert not re.search(r"\d|@", text), text


def test_fragment_pool_covers_every_narrator_and_age():
    assert pool_gaps() == []


def test_young_narrators_tell_about_their_own_age(stories):
    for story in stories:
        if story["perspective"] in YOUNG:
            assert story["age_group"] == YOUNG[story["perspective"]]


def test_audience_hint_follows_the_perspective(stories):
    for story in stories:
        assert story["audience_hint"] == AUDIENCE[story["perspective"]]


def test_days_ago_spread_over_weeks_and_mostly_recent(stories):
    days = [s["days_ago"] for s in stories]
    assert all(isinstance(d, int) and 0 <= d <= 120 for d in days)
    assert statistics.median(days) < 40
    assert max(days) > 60


def test_some_answers_are_skipped_but_not_most(stories):
    for question in ("tone", "heard", "focus_of_help", "feeling", "who_involved", "should_know"):
        skipped = sum(1 for s in stories if s[question] in (None, [])) / len(stories)
        assert 0.03 <= skipped <= 0.25, (question, skipped)


def test_prompts_focus_and_helped_are_most_common(stories):
    top = [prompt for prompt, _count in Counter(s["prompt"] for s in stories).most_common(2)]
    assert set(top) == {"focus", "helped"}


def test_answers_carry_patterns_worth_finding(stories):
    def share_focus(audience):
        group = [s for s in stories if s["audience_hint"] == audience]
        return sum(s["prompt"] == "focus" for s in group) / len(group)

    def mean(question, keep):
        return statistics.mean(s[question] for s in stories if keep(s) and s[question] is not None)

    assert share_focus("parent") > share_focus("professional") + 0.1
    assert mean("heard", lambda s: s["audience_hint"] == "youth") < mean(
        "heard", lambda s: s["audience_hint"] == "parent"
    )
    assert mean("tone", lambda s: "happy" in s["feeling"]) > 60
    assert mean("tone", lambda s: "angry" in s["feeling"]) < 40


def test_twente_has_fourteen_municipalities():
    assert len(TWENTE_MUNICIPALITIES) == 14
    assert len(set(CODES)) == 14
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", code) for code in CODES)
    names = {name for _code, name in TWENTE_MUNICIPALITIES}
    assert {"Enschede", "Hof van Twente", "Rijssen-Holten", "Twenterand"} <= names
    assert dict(TWENTE_MUNICIPALITIES)["hof-van-twente"] == "Hof van Twente"


def test_organisations_are_unique_and_valid(options):
    keys = [(o["name"], o["audience"], o["age_group"]) for o in DEMO_ORGANISATIONS]
    assert len(keys) == len(set(keys))
    assert len({o["name"] for o in DEMO_ORGANISATIONS}) >= 18
    for org in DEMO_ORGANISATIONS:
        assert set(org) == {
            "name",
            "contact_person",
            "audience",
            "age_group",
            "municipality",
            "organisation_type",
            "channel",
        }
        assert org["name"].strip() and org["contact_person"].strip()
        assert org["audience"] in {"youth", "parent", "professional"}
        assert org["age_group"] in options["age_group"]
        assert org["municipality"] in CODES
        assert org["organisation_type"] in options["organisation_type"]
        assert org["channel"] in {"whatsapp", "e-mail", "nieuwsbrief", "website", "flyer", "intranet"}


def test_rows_of_one_organisation_agree():
    seen: dict[str, tuple] = {}
    for org in DEMO_ORGANISATIONS:
        fixed = (org["organisation_type"], org["municipality"], org["contact_person"])
        assert seen.setdefault(org["name"], fixed) == fixed, org["name"]


def test_organisations_cover_the_region():
    per_city = Counter(o["municipality"] for o in DEMO_ORGANISATIONS)
    assert len(per_city) >= 12
    assert {"enschede", "hengelo", "almelo"} == {c for c, _n in per_city.most_common(3)}
    assert {o["audience"] for o in DEMO_ORGANISATIONS} == {"youth", "parent", "professional"}
    assert "unknown" in {o["age_group"] for o in DEMO_ORGANISATIONS}
