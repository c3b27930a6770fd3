"""The question framework file: complete, bilingual, and loud about mistakes."""

from __future__ import annotations

import copy

import pytest
import yaml

from vertelpunt.framework import HERE, FrameworkError, get_framework, load_framework_file, parse_framework

SPEC_QUESTIONS = {
    "prompt": ("meaning", "single_choice", False),
    "title": ("story", "short_text", False),
    "story": ("story", "long_text", False),
    "feeling": ("meaning", "multi_choice", False),
    "tone": ("meaning", "slider", False),
    "focus_of_help": ("meaning", "triad", False),
    "heard": ("meaning", "slider", False),
    "who_involved": ("meaning", "multi_choice", False),
    "should_know": ("meaning", "multi_choice", False),
    "when": ("context", "single_choice", False),
    "duration": ("context", "single_choice", False),
    "perspective": ("context", "single_choice", True),
    "age_group": ("context", "single_choice", True),
    "living": ("context", "single_choice", False),
    "municipality": ("context", "single_choice", True),
    "organisation": ("context", "hidden", "link_only"),
    "organisation_type": ("context", "single_choice", True),
}


def raw() -> dict:
    return yaml.safe_load((HERE / "v1.yaml").read_text(encoding="utf-8"))


def test_v1_has_every_question_of_the_spec():
    framework = get_framework(1)
    assert framework.version == 1
    for qid, (kind, qtype, prefillable) in SPEC_QUESTIONS.items():
        question = framework[qid]
        assert (question.kind, question.type, question.prefillable) == (kind, qtype, prefillable), qid
    assert framework["feeling"].max_choices == 2
    assert framework["tone"].not_applicable and framework["heard"].not_applicable
    assert framework["focus_of_help"].not_applicable and len(framework["focus_of_help"].options) == 3
    assert framework["age_group"].ask_when_prefilled_with == ("unknown",)
    assert "everyone" in framework["should_know"].option_ids()
    assert framework["prompt"].required and framework["story"].required


def test_every_text_is_in_dutch_and_english():
    for question in get_framework().questions:
        assert question.text["nl"] and question.text["en"]
        for option in question.options:
            assert option.text["nl"] and option.text["en"], (question.id, option.id)


def test_feelings_have_emoji_for_young_narrators():
    assert all(o.emoji for o in get_framework()["feeling"].options)


MUTATIONS = [
    (lambda d: d.pop("version"), "'version'"),
    (lambda d: d.update(questions=[]), "'questions'"),
    (lambda d: d["questions"][3].update(kind="warm"), "question 'feeling': 'kind'"),
    (lambda d: d["questions"][3].update(type="dropdown"), "question 'feeling': 'type'"),
    (
        lambda d: d["questions"][3]["options"].append({"id": "happy", "text": {"nl": "x", "en": "x"}}),
        "question 'feeling': option ids are not unique",
    ),
    (lambda d: d["questions"][3]["options"][1]["text"].pop("en"), "question 'feeling', option 'relieved'"),
    (lambda d: d["questions"][4].update(min=100, max=0), "question 'tone': a slider"),
    (lambda d: d["questions"][5]["options"].pop(), "question 'focus_of_help': a triad"),
    (lambda d: d["questions"][9].pop("options"), "question 'when': a single_choice question needs"),
    (lambda d: d["questions"][12].update(ask_when_prefilled_with=["nobody"]), "question 'age_group'"),
    (lambda d: d["questions"][11].update(prefillable="sometimes"), "question 'perspective': 'prefillable'"),
    (lambda d: d["questions"].append(copy.deepcopy(d["questions"][0])), "question id 'prompt' appears twice"),
    (lambda d: d["questions"][2].update(id="story text"), "question #3 has no valid 'id'"),
    (lambda d: d["questions"].pop(2), "needs a 'story' question"),
]


@pytest.mark.parametrize(("mutate", "named"), MUTATIONS)
def test_malformed_framework_names_the_bad_entry(mutate, named):
    data = raw()
    mutate(data)
    with pytest.raises(FrameworkError) as info:
        parse_framework(data, "v1.yaml")
    assert named in str(info.value)
    assert str(info.value).startswith("v1.yaml")


def test_file_that_is_not_yaml_or_misnamed(tmp_path):
    bad = tmp_path / "v1.yaml"
    bad.write_text("questions: [unclosed", encoding="utf-8")
    with pytest.raises(FrameworkError, match="not valid YAML"):
        load_framework_file(bad)
    misnamed = tmp_path / "v2.yaml"
    misnamed.write_text((HERE / "v1.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(FrameworkError, match="file name must match"):
        load_framework_file(misnamed)
