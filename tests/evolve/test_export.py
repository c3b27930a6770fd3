"""The research export: what is in it, what never is, and that pandas reads it back with the right types."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.evolve.conftest import story
from vertelpunt.evolve import quotes, research_export
from vertelpunt.extensions import db
from vertelpunt.models import DuidingSession, Link, Story, User

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
sys.path.insert(0, str(NOTEBOOKS))
from storycycle_export import load  # noqa: E402


@pytest.fixture
def exported(app, world, tmp_path):
    quotes.release(world.traject, text="Het duurde zo lang", story_id=world.stories[0].id)
    # A name typed into an observation is scrubbed by the rules on its way out.
    db.session.get(DuidingSession, world.sessions["first"].id).observations[
        0
    ].text = "Mevrouw Pietersen belde 06-12345678"
    db.session.commit()
    data = research_export.build(world.traject)
    zip_path, json_path = tmp_path / "research_export.zip", tmp_path / "research_export.json"
    zip_path.write_bytes(research_export.to_zip(data))
    json_path.write_bytes(research_export.to_json(data))
    return data, zip_path, json_path


def _everything(zip_path: Path, json_path: Path) -> str:
    with zipfile.ZipFile(zip_path) as archive:
        parts = [archive.read(n).decode("utf-8") for n in archive.namelist()]
    return "\n".join(parts) + json_path.read_text(encoding="utf-8")


def test_zip_holds_every_table_and_the_data_dictionary(exported):
    data, zip_path, _ = exported
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
    assert {f"{t}.csv" for t in research_export.TABLES} | {
        "questions.csv",
        "columns.csv",
        "meta.json",
        "README.txt",
    } == names
    assert data.meta["counts"]["stories"] == 14
    assert data.meta["counts"]["themes"] == 4 and data.meta["counts"]["reviews"] == 1


def test_nothing_identifying_is_exported(app, world, exported):
    _, zip_path, json_path = exported
    blob = _everything(zip_path, json_path)
    for link in db.session.query(Link).all():
        assert link.token not in blob
    for s in db.session.query(Story).all():
        assert s.submission_key not in blob
    for session in world.sessions.values():
        assert session.join_code not in blob
    for user in db.session.query(User).all():
        assert user.username not in blob
    assert "Mevrouw Deelnemer" not in blob and "d" * 64 not in blob
    assert "Jan Jansen" not in blob  # an action's owner person
    assert "Pietersen" not in blob and "06-12345678" not in blob
    assert "code_hash" not in blob and "receipt" not in blob.lower()


def test_stories_are_the_redacted_texts(app, world, exported):
    data, _, _ = exported
    texts = {r["story_id"]: r["text"] for r in data.tables["stories"]}
    for s in world.stories:
        assert texts[s.id] == s.text


def test_zip_reimports_into_pandas_with_the_right_types(exported):
    _, zip_path, _ = exported
    loaded = load(zip_path)
    stories, answers, actions = loaded["stories"], loaded["answers"], loaded["actions"]
    assert len(stories) == 14
    assert pd.api.types.is_integer_dtype(stories["story_id"])
    assert pd.api.types.is_datetime64_any_dtype(stories["submitted_on"])
    assert pd.api.types.is_bool_dtype(stories["general_link"])
    assert pd.api.types.is_integer_dtype(answers["framework_version"])
    assert pd.api.types.is_bool_dtype(answers["not_applicable"]) and pd.api.types.is_bool_dtype(
        answers["prefilled"]
    )
    assert pd.api.types.is_float_dtype(answers["number"])
    assert pd.api.types.is_datetime64_any_dtype(actions["due_on"]) and actions["due_on"].isna().sum() == 1
    assert pd.api.types.is_integer_dtype(loaded["observations"]["theme_id"])
    assert pd.api.types.is_bool_dtype(actions["public"]) and actions["public"].sum() == 2
    assert pd.api.types.is_datetime64_any_dtype(loaded["reviews"]["reviewed_on"])


def test_plain_read_csv_needs_no_help_for_whole_columns(exported):
    _, zip_path, _ = exported
    with zipfile.ZipFile(zip_path) as archive:
        stories = pd.read_csv(io.BytesIO(archive.read("stories.csv")), parse_dates=["submitted_on"])
    assert stories["story_id"].dtype == "int64" and stories["framework_version"].dtype == "int64"
    assert stories["general_link"].dtype == bool
    assert pd.api.types.is_datetime64_any_dtype(stories["submitted_on"])


def test_json_loads_the_same_as_the_zip(exported):
    _, zip_path, json_path = exported
    from_zip, from_json = load(zip_path), load(json_path)
    assert from_zip.tables.keys() == from_json.tables.keys()
    for name in from_zip.tables:
        pd.testing.assert_frame_equal(from_zip[name], from_json[name], check_dtype=True)
    document = json.loads(json_path.read_text(encoding="utf-8"))
    assert isinstance(document["tables"]["answers"][0]["prefilled"], bool)
    assert document["meta"]["traject"]["slug"] == "testregio"


def test_data_dictionary_comes_from_the_framework(app, world, exported):
    _, zip_path, _ = exported
    questions = load(zip_path).questions
    prompt = questions[(questions.question_id == "prompt") & (questions.entry == "question")].iloc[0]
    assert prompt["kind"] == "meaning" and prompt["type"] == "single_choice"
    assert (
        prompt["text_nl"] == "Waar gaat je verhaal over?" and prompt["text_en"] == "What is your story about?"
    )
    options = questions[(questions.question_id == "prompt") & (questions.entry == "option")]
    assert "helped" in set(options.option_id)
    tone = questions[(questions.question_id == "tone") & (questions.entry == "question")].iloc[0]
    assert tone["min"] == 0 and tone["max"] == 100
    municipalities = questions[(questions.question_id == "municipality") & (questions.entry == "option")]
    assert {"Enschede", "Hengelo", "Almelo"} <= set(municipalities.text_nl)
    assert (questions.framework_version == 1).all()


def test_download_for_facilitators_only(app, world, as_user):
    client = as_user("begeleider")
    response = client.get("/staff/trajecten/testregio/onderzoek.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment; filename=onderzoek-testregio-" in response.headers["Content-Disposition"]
    assert client.get("/staff/trajecten/testregio/onderzoek.json").mimetype == "application/json"
    assert client.get("/staff/trajecten/testregio/onderzoek").status_code == 200
    coalition = as_user("coalitie")
    assert coalition.get("/staff/trajecten/testregio/onderzoek.zip").status_code == 403
    other = as_user("begeleider-elders")
    assert other.get("/staff/trajecten/testregio/onderzoek.zip").status_code == 404


def test_only_this_trajects_data(app, world, users):
    from vertelpunt.core.access import traject_by_slug
    from vertelpunt.staff import services

    elders = traject_by_slug("elders")
    story(services.general_link(elders), "Titel van elders", "Een verhaal uit een ander traject.")
    db.session.commit()
    blob = research_export.to_json(research_export.build(world.traject)).decode()
    assert "Een verhaal uit een ander traject." not in blob


def test_cli_writes_zip_and_json(app, world, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export", "testregio", "--out", str(tmp_path / "x.zip")])
    assert result.exit_code == 0, result.output
    assert "stories 14" in result.output
    assert len(load(tmp_path / "x.zip")["stories"]) == 14
    result = runner.invoke(
        args=["export", "testregio", "--out", str(tmp_path / "x.data"), "--format", "json"]
    )
    assert result.exit_code == 0
    assert json.loads((tmp_path / "x.data").read_text())["meta"]["counts"]["actions"] == 3
    result = runner.invoke(args=["export", "bestaat-niet", "--out", str(tmp_path / "y.zip")])
    assert result.exit_code != 0 and "No traject" in result.output
