"""`flask demo`: the Twente traject with links, stories and accounts, printed for the README."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.conftest import login
from vertelpunt.extensions import db
from vertelpunt.models import (
    Action,
    ActionReview,
    IndicatorValue,
    Link,
    Organisation,
    Story,
    StoryAnswer,
    Theme,
    Traject,
    TrajectCycle,
)


def test_demo_seeds_twente_and_prints_links_and_logins(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    link_lines = [line for line in lines if line.startswith("LINK ")]
    login_lines = [line for line in lines if line.startswith("LOGIN ")]
    assert len(link_lines) >= 20
    for line in link_lines:
        assert re.match(
            r"^LINK (youth|parent|professional|everyone) .+ http://vertel\.test/[0-9a-z]{14}$", line
        )
    roles = {line.split()[1] for line in login_lines}
    assert {"coalition", "facilitator"} <= roles

    traject = db.session.scalar(select(Traject).where(Traject.slug == "twente"))
    assert len(traject.municipalities) == 14
    assert db.session.scalar(select(func.count(Organisation.id))) >= 20
    types = set(db.session.scalars(select(Organisation.organisation_type)))
    assert len(types) >= 6
    assert db.session.scalar(select(func.count(Story.id))) == 300
    through_general = db.session.scalar(
        select(func.count(Story.id)).join(Link).where(Link.organisation_id.is_(None))
    )
    assert 0 < through_general < 300
    assert db.session.scalar(select(func.count(func.distinct(Story.prompt)))) == 6
    assert db.session.scalar(select(func.count(func.distinct(Story.submitted_on)))) > 30
    prefilled = db.session.scalar(select(func.count(StoryAnswer.id)).where(StoryAnswer.prefilled))
    assert prefilled > 300

    # Two sessions of the first cycle: one held (themes, actions), one prepared that reviews them.
    session_lines = [line for line in lines if line.startswith("SESSION ")]
    assert [line.split()[2] for line in session_lines] == ["closed", "prepared"]
    assert db.session.scalar(select(func.count(Theme.id))) >= 3
    assert db.session.scalar(select(func.count(Action.id))) >= 3
    assert db.session.scalar(select(func.count(ActionReview.id))) >= 1
    assert db.session.scalar(select(func.count(IndicatorValue.id))) >= 20
    assert db.session.scalar(select(func.count(TrajectCycle.id))) == 3

    # The printed logins work, and running it again adds nothing but new passwords.
    _role, username, password = login_lines[-1].split()[1:]
    client = app.test_client()
    assert login(client, username, password).status_code == 302
    actions = db.session.scalar(select(func.count(Action.id)))
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count(Story.id))) == 300
    assert again.output.count("LINK ") == len(link_lines)
    assert again.output.count("SESSION ") == 2
    assert db.session.scalar(select(func.count(Action.id))) == actions
    assert login(app.test_client(), username, password).status_code == 401


def test_demo_links_open_the_form(app):
    runner = app.test_cli_runner()
    output = runner.invoke(args=["demo", "--stories", "10"]).output
    client = app.test_client()
    for line in output.splitlines():
        if line.startswith("LINK "):
            token = line.rsplit("/", 1)[1]
            assert client.get(f"/{token}").status_code == 200
