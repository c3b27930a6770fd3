"""The SQLite write gate: writers exclude each other across connections and processes, the gate
opens as soon as a write transaction ends, and a writer that dies releases it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from vertelpunt.database import configure_engine, write_intent

pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite only")


def _engine(path, create: bool = True):
    engine = create_engine(f"sqlite:///{path}")
    configure_engine(engine)
    if create:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE IF NOT EXISTS t (n INTEGER)"))
    return engine


HOLDER = """
import sys, time
from sqlalchemy import create_engine, text
from vertelpunt.database import configure_engine
e = create_engine("sqlite:///" + sys.argv[1]); configure_engine(e)
c = e.connect(); c.begin(); c.execute(text("INSERT INTO t VALUES (9)"))
print("holding", flush=True); time.sleep(60)
"""


def test_second_writer_waits_until_the_first_commits(tmp_path):
    engine = _engine(tmp_path / "g.db")
    order = []
    first = engine.connect()
    first.begin()
    first.execute(text("INSERT INTO t VALUES (1)"))

    def second():
        with engine.begin() as conn:
            order.append("second in")
            conn.execute(text("INSERT INTO t VALUES (2)"))

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.2)
    assert order == []  # still queued behind the open write transaction
    order.append("first commits")
    first.commit()
    thread.join(5)
    first.close()
    assert order == ["first commits", "second in"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 2


def test_readers_do_not_queue_behind_a_writer(tmp_path):
    engine = _engine(tmp_path / "g.db")
    writer = engine.connect()
    writer.begin()
    writer.execute(text("INSERT INTO t VALUES (1)"))
    token = write_intent.set(False)
    try:
        started = time.monotonic()
        with engine.connect() as reader:
            assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 0
        assert time.monotonic() - started < 2
    finally:
        write_intent.reset(token)
        writer.rollback()
        writer.close()


def test_a_failed_write_opens_the_gate(tmp_path):
    engine = _engine(tmp_path / "g.db")
    with pytest.raises(Exception), engine.begin() as conn:  # noqa: B017, PT011 - any failure will do
        conn.execute(text("INSERT INTO nowhere VALUES (1)"))
    done = threading.Event()

    def writer():
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
        done.set()

    threading.Thread(target=writer).start()
    assert done.wait(5)


def test_a_killed_writer_releases_the_gate(tmp_path):
    path = tmp_path / "g.db"
    _engine(path).dispose()
    holder = _holder(path)
    engine = _engine(path, create=False)
    done = threading.Event()

    def writer():
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
        done.set()

    threading.Thread(target=writer, daemon=True).start()
    assert not done.wait(0.5)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert done.wait(10)
    with engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT n FROM t"))] == [1]


def _holder(path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_the_main_thread_waits_in_the_kernel_and_wakes_when_the_gate_opens(tmp_path):
    path = tmp_path / "g.db"
    _engine(path).dispose()
    holder = _holder(path)
    threading.Timer(0.5, lambda: os.kill(holder.pid, signal.SIGKILL)).start()
    engine = _engine(path, create=False)
    started = time.monotonic()
    with engine.begin() as conn:  # this test runs in the main thread: the blocking flock path
        conn.execute(text("INSERT INTO t VALUES (1)"))
    assert 0.4 < time.monotonic() - started < 5
    holder.wait()
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)


def test_a_wait_in_the_main_thread_ends_at_the_timeout(tmp_path, monkeypatch):
    from vertelpunt import database

    path = tmp_path / "g.db"
    _engine(path).dispose()
    holder = _holder(path)
    try:
        monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.3)
        fd = os.open(f"{path}-writegate", os.O_RDWR)
        started = time.monotonic()
        assert database._lock(fd) is False
        assert 0.25 < time.monotonic() - started < 3
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        os.close(fd)
    finally:
        holder.kill()
        holder.wait()
