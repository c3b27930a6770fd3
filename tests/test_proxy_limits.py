"""Behind a reverse proxy, limits apply per person: narrators, staff and guessers each have their own
bucket, a forged header buys nothing, and no counter holds a client address."""

from __future__ import annotations

import pytest
import redis

from tests.conftest import csrf_from, login
from tests.helpers import submit
from tests.test_rate_limits import REDIS, redis_or_skip
from vertelpunt.extensions import db
from vertelpunt.staff import services

PROXY = "127.0.0.1"  # nginx on the same machine: every request arrives from here


def behind_proxy(app, forwarded_for: str):
    """A browser whose requests reach the app through nginx, which appends the real address."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client


def test_two_narrators_behind_one_proxy_have_their_own_story_limit(make_app, traject):
    token = services.general_link(traject).token
    db.session.rollback()
    app = make_app(PROXY_HOPS=1, STORY_RATE_LIMIT="2 per minute")
    first, second = behind_proxy(app, "198.51.100.1"), behind_proxy(app, "198.51.100.2")
    with app.app_context():
        assert [submit(first, token).status_code for _ in range(3)] == [200, 200, 429]
        assert submit(second, token).status_code == 200


def test_a_forged_forwarded_for_header_buys_no_new_bucket(make_app, traject):
    token = services.general_link(traject).token
    db.session.rollback()
    # Not behind a proxy: the header is the client's own invention and is ignored.
    direct = make_app(STORY_RATE_LIMIT="2 per minute")
    with direct.app_context():
        codes = [submit(behind_proxy(direct, f"203.0.113.{i}"), token).status_code for i in range(1, 4)]
    assert codes == [200, 200, 429]
    # Behind one proxy: the client may prepend values, but nginx appends the address it saw, and only
    # that last one is trusted.
    proxied = make_app(PROXY_HOPS=1, STORY_RATE_LIMIT="2 per minute")
    with proxied.app_context():
        codes = [
            submit(behind_proxy(proxied, f"203.0.113.{i}, 198.51.100.9"), token).status_code
            for i in range(1, 4)
        ]
    assert codes == [200, 200, 429]


def test_a_class_of_thirty_behind_one_school_address_can_all_share(make_app, traject):
    """Measured with the default limit: 30 pupils, one address, each sends a story; a script that goes
    on sending from that address is still stopped."""
    token = services.general_link(traject).token
    db.session.rollback()
    app = make_app(PROXY_HOPS=1)  # the default STORY_RATE_LIMIT
    with app.app_context():
        pupils = [submit(behind_proxy(app, "192.0.2.10"), token).status_code for _ in range(30)]
        assert pupils == [200] * 30
        script = behind_proxy(app, "192.0.2.10")
        codes = [submit(script, token).status_code for _ in range(100)]
    assert 429 in codes
    assert codes.index(429) <= 60  # at most 90 in 10 minutes from one address, the class included


def test_guessing_a_colleagues_user_name_does_not_lock_them_out(make_app, users):
    db.session.rollback()
    app = make_app(PROXY_HOPS=1, LOGIN_RATE_LIMIT="1000 per minute")
    guesser = behind_proxy(app, "198.51.100.66")
    with app.app_context():
        for attempt in range(12):
            login(guesser, "admin", f"guess-{attempt}-wrong")
        refused = login(guesser, "admin", f"guess-{attempt}-wrong")
        assert refused.status_code == 401 and "Wacht" in refused.get_data(as_text=True)
        colleague = behind_proxy(app, "198.51.100.20")
        response = login(colleague, "admin")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/")


def test_the_login_limit_counts_per_person_behind_the_proxy(make_app, users):
    db.session.rollback()
    app = make_app(PROXY_HOPS=1, LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        guesser = behind_proxy(app, "198.51.100.66")
        token = csrf_from(guesser.get("/login").get_data(as_text=True))
        codes = [
            guesser.post(
                "/login", data={"csrf_token": token, "username": f"x{i}", "password": "y"}
            ).status_code
            for i in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        assert login(behind_proxy(app, "198.51.100.20"), "admin").status_code == 302


def test_limit_counters_hold_no_client_address(make_app, traject):
    redis_or_skip()
    token = services.general_link(traject).token
    db.session.rollback()
    app = make_app(PROXY_HOPS=1, RATELIMIT_STORAGE_URI=REDIS, STORY_RATE_LIMIT="50 per 1000 seconds")
    store = redis.Redis.from_url(REDIS)
    store.flushdb()
    with app.app_context():
        assert submit(behind_proxy(app, "198.51.100.77"), token).status_code == 200
    keys = [k.decode() for k in store.keys("*")]
    values = [repr(store.dump(k)) for k in store.keys("*")]
    store.flushdb()
    assert keys, "the limiter kept no counter at all"
    assert not any("198.51.100.77" in k or "198.51.100.77" in v for k, v in zip(keys, values, strict=True))


@pytest.mark.parametrize("hops", [0, 1])
def test_the_keyed_hash_differs_per_address_and_per_secret(make_app, hops):
    from vertelpunt.clients import client_key

    app = make_app(PROXY_HOPS=hops)
    other = make_app(PROXY_HOPS=hops, SECRET_KEY="another-secret")
    environ = {"REMOTE_ADDR": "198.51.100.1"}
    with app.test_request_context(environ_base=environ):
        a1 = client_key()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.2"}):
        a2 = client_key()
    with other.test_request_context(environ_base=environ):
        b1 = client_key()
    assert len({a1, a2, b1}) == 3 and "198" not in a1
