"""Rate limits: one count shared by several workers through Redis, memory when Redis is away."""

from __future__ import annotations

import secrets

import pytest
import redis

from tests.conftest import csrf_from
from tests.helpers import submit
from vertelpunt.extensions import db
from vertelpunt.staff import services

REDIS = "redis://127.0.0.1:6379/15"


def redis_or_skip():
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")


def test_two_workers_share_one_count_through_redis(make_app, traject):
    redis_or_skip()
    token = services.general_link(traject).token
    db.session.rollback()  # let go of SQLite's lock before the other apps write
    # A limit unique to this run, so counts of earlier runs in the same Redis do not matter.
    limit = f"{3} per {secrets.randbelow(1000) + 1000} seconds"
    workers = [make_app(RATELIMIT_STORAGE_URI=REDIS, STORY_RATE_LIMIT=limit) for _ in range(2)]
    redis.Redis.from_url(REDIS).flushdb()
    clients = [w.test_client() for w in workers]
    with workers[0].app_context():
        assert submit(clients[0], token).status_code == 200
    with workers[1].app_context():
        assert submit(clients[1], token).status_code == 200
    with workers[0].app_context():
        assert submit(clients[0], token).status_code == 200
    with workers[1].app_context():
        assert submit(clients[1], token).status_code == 429  # the fourth story, counted across both


def test_memory_fallback_when_redis_is_away(make_app, traject):
    token = services.general_link(traject).token
    db.session.rollback()  # let go of SQLite's lock before the other apps write
    app = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", STORY_RATE_LIMIT="2 per minute")
    client = app.test_client()
    with app.app_context():
        assert submit(client, token).status_code == 200
        assert submit(client, token).status_code == 200
        assert submit(client, token).status_code == 429


def test_login_is_rate_limited(make_app, users):
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    with app.app_context():
        token = csrf_from(client.get("/login").get_data(as_text=True))
        codes = [
            client.post(
                "/login", data={"csrf_token": token, "username": f"x{i}", "password": "y"}
            ).status_code
            for i in range(4)
        ]
    assert codes == [401, 401, 401, 429]
