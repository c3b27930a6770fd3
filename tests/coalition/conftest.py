"""Shared helpers for the coalition tests: stories stored directly, and a logged-in client per role."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from tests.conftest import csrf_from, login
from vertelpunt.extensions import db
from vertelpunt.share import services as sharing


def add_story(link, *, prompt="helped", day=None, text="Een verhaal over de hulp die we kregen.", **answers):
    """Store one story through a link as the vertelpunt would, with the given context answers."""
    sub = sharing.Submission(prompt=prompt, title="Titel", text=text)
    prefill = dict(link.prefill or {})
    for question_id, option_id in {**prefill, **answers}.items():
        if option_id:
            sub.answers.append(
                sharing.Answer(question_id, option_id=option_id, prefilled=question_id in prefill)
            )
    stored = sharing.store_submission(
        sub, link, secrets.token_urlsafe(18), "nl", today=day or dt.date.today()
    )
    return stored.story


def add_stories(link, n: int, **kwargs):
    stories = [add_story(link, **kwargs) for _ in range(n)]
    db.session.commit()
    return stories


def post_form(client, url: str, data: dict, **kwargs):
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(page), **data}, **kwargs)


@pytest.fixture
def as_user(client, users):
    def log_in(username: str):
        login(client, username)
        return client

    return log_in
