"""Connection settings that keep SQLite safe under concurrent writers and deletion real."""

from __future__ import annotations

import contextlib
import contextvars
import fcntl
import os
import signal
import threading
import time

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session as OrmSession

# Whether the current unit of work will write. Writers take SQLite's write lock at BEGIN, so two
# writers queue on the busy timeout instead of one failing halfway when it upgrades a read lock.
write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)

BUSY_TIMEOUT_S = 15
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
    "PRAGMA foreign_keys=ON",
)
# How often a queued writer outside the main thread looks at the gate. SQLite's own busy handler backs
# off to sleeps of up to 100 ms, so a writer could doze long after the lock came free.
GATE_POLL_S = 0.0007


class _GateTimeout(Exception):
    pass


def _time_up(_signum, _frame):
    raise _GateTimeout


def _lock(fd: int) -> bool:
    """Take the gate; False after BUSY_TIMEOUT_S. In the main thread (where gunicorn's sync workers
    serve) the wait is a blocking flock that the kernel ends the moment the gate opens, bounded by an
    interval timer; signals cannot be set up in other threads, which look again every GATE_POLL_S."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGALRM, _time_up)
        signal.setitimer(signal.ITIMER_REAL, BUSY_TIMEOUT_S)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            return True
        except _GateTimeout:
            return _lock_now(fd)  # the timer may have fired just as the gate was taken
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while time.monotonic() < deadline:
        time.sleep(GATE_POLL_S)
        if _lock_now(fd):
            return True
    return False


def _lock_now(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


class WriteGate:
    """A file lock beside the database that writers take before BEGIN IMMEDIATE and drop right after
    COMMIT or ROLLBACK. Each connection has its own open file, so threads and worker processes exclude
    each other alike; a process that dies releases it with its files."""

    def __init__(self, database_path: str) -> None:
        self.path = database_path + "-writegate"
        self._files: dict[int, int] = {}  # id(DBAPI connection) -> its open lock file
        self._held: set[int] = set()

    def opened(self, dbapi_connection) -> None:
        self._files[id(dbapi_connection)] = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)

    def closed(self, dbapi_connection) -> None:
        fd = self._files.pop(id(dbapi_connection), None)
        self._held.discard(id(dbapi_connection))
        if fd is not None:
            os.close(fd)

    def enter(self, dbapi_connection) -> None:
        fd = self._files.get(id(dbapi_connection))
        if fd is None or id(dbapi_connection) in self._held:
            return
        # Past the timeout the writer goes on to SQLite's busy handler, which reports it.
        if _lock(fd):
            self._held.add(id(dbapi_connection))

    def leave(self, dbapi_connection) -> None:
        if id(dbapi_connection) in self._held:
            self._held.discard(id(dbapi_connection))
            fcntl.flock(self._files[id(dbapi_connection)], fcntl.LOCK_UN)


def configure_engine(engine: Engine, write_gate: bool = True) -> None:
    if engine.dialect.name != "sqlite":
        return
    path = engine.url.database
    gate = WriteGate(path) if write_gate and path and path != ":memory:" else None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's begin event issue BEGIN itself, so it can choose IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()
        if gate is not None:
            gate.opened(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if not write_intent.get():
            connection.exec_driver_sql("BEGIN")
            return
        dbapi_connection = connection.connection.dbapi_connection
        if gate is not None:
            gate.enter(dbapi_connection)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if gate is not None:
                gate.leave(dbapi_connection)
            raise

    if gate is None:
        return

    @event.listens_for(engine, "close")
    def _on_close(dbapi_connection, _record):
        gate.closed(dbapi_connection)

    @event.listens_for(engine, "invalidate")
    def _on_invalidate(dbapi_connection, _record, _exception):
        gate.closed(dbapi_connection)

    # The gate opens only once the DBAPI commit or rollback has finished, not when it is asked for.
    dialect = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    # SQLAlchemy hands these the pool's proxy or the bare DBAPI connection, depending on the caller.
    def do_commit(connection):
        try:
            commit(connection)
        finally:
            gate.leave(getattr(connection, "dbapi_connection", connection))

    def do_rollback(connection):
        try:
            rollback(connection)
        finally:
            gate.leave(getattr(connection, "dbapi_connection", connection))

    dialect.do_commit = do_commit
    dialect.do_rollback = do_rollback


# --- Units of work. Feature code says what it does (read, write briefly, upsert); how that is done
# on each database is decided here and nowhere else.


def _session():
    from vertelpunt.extensions import db

    return db.session


def request_writes(writes: bool) -> None:
    """Whether the units of work that follow (a request's) will write: a request that only reads
    (GET) begins plain transactions, which take no write lock on SQLite."""
    write_intent.set(writes)


@contextlib.contextmanager
def reading():
    """A unit of work that only reads: on SQLite a plain BEGIN that takes no write lock. It ends with
    the block, so a write that follows starts a fresh transaction instead of upgrading this one."""
    token = write_intent.set(False)
    try:
        yield _session()
    finally:
        _session().rollback()
        write_intent.reset(token)


@contextlib.contextmanager
def short_write():
    """A unit of work that writes and commits at once, apart from the request's own: a reader page
    that must record something (a login seen, a purge, a count) holds the write lock only this long."""
    session = _session()
    session.rollback()  # the caller's read transaction ends: SQLite cannot upgrade it safely
    token = write_intent.set(True)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        write_intent.reset(token)


def in_unit_of_work() -> bool:
    """True inside a caller's transaction (a test or a command), which then commits itself."""
    return _session()().in_transaction()


def dialect_name(bind=None) -> str:
    bind = bind if bind is not None else _session().get_bind()
    return bind.dialect.name


def is_sqlite(bind=None) -> bool:
    return dialect_name(bind) == "sqlite"


def insert_for(table, bind=None):
    """An INSERT that knows ON CONFLICT on the database in use (both dialects have it)."""
    from sqlalchemy.dialects import postgresql, sqlite

    module = postgresql if dialect_name(bind) == "postgresql" else sqlite
    return module.insert(table)


def upsert(table, values, keys, update, bind=None):
    """INSERT .. ON CONFLICT (keys) DO UPDATE SET the columns in update (names of values' keys)."""
    statement = insert_for(table, bind).values(values)
    return statement.on_conflict_do_update(
        index_elements=keys, set_={name: statement.excluded[name] for name in update}
    )


def after_commit(work, key=None) -> None:
    """Run work() once the current transaction has committed, and drop it if it rolls back: the
    scrub of a withdrawn story from storage, a job that must see committed rows. Work with a `key`
    runs once per transaction however often it is asked for (one job for twelve cards)."""
    waiting = _session().info.setdefault(_AFTER_COMMIT, {})
    waiting.setdefault(key if key is not None else object(), work)


_AFTER_COMMIT = "vertelpunt.after_commit"


@event.listens_for(OrmSession, "after_commit")
def _run_after_commit(session):
    if session.in_nested_transaction():  # a savepoint was released: nothing is committed yet
        return
    for work in session.info.pop(_AFTER_COMMIT, {}).values():
        work()


@event.listens_for(OrmSession, "after_soft_rollback")
def _drop_after_rollback(session, previous_transaction):
    if previous_transaction.parent is None:  # the outermost transaction ended: its work is undone
        session.info.pop(_AFTER_COMMIT, None)


# --- scrubbing deleted rows from the database files ----------------------------------------------------

# PostgreSQL waits at most this long for a table lock before it gives up and leaves the scrub pending,
# so a long reader never makes every story submission queue behind VACUUM FULL.
SCRUB_LOCK_TIMEOUT = "5s"
# How long the scrub waits for transactions older than itself to end (see _older_transactions).
SCRUB_WAIT_S = 10.0
# Sessions, anywhere on the server, whose transaction or snapshot began before the given transaction id.
_OLDER = """SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()
 AND GREATEST(age(backend_xid), age(backend_xmin)) > age(CAST(:mark AS xid))"""
_OLDEST_RUNNING = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text"


class ScrubBusy(Exception):
    """The files could not be scrubbed now (a table or the WAL in use); the caller tries again later."""


def scrub_files(engine: Engine, tables: tuple[str, ...] | None) -> list[str]:
    """Clear what deleted or overwritten rows left in the database's files; call after the commit.
    tables=None means every table. Returns what keeps the scrub from being complete (empty: complete);
    raises ScrubBusy when it could not run now.

    SQLite (secure_delete=ON) overwrites freed pages; checkpointing with TRUNCATE copies the WAL into
    the main file and empties it. PostgreSQL keeps dead tuples in the heap and the text in the WAL:
    VACUUM FULL writes each table anew (the old file is truncated at once and unlinked at the next
    checkpoint), a WAL switch and a checkpoint end the segments that hold the old text, and with
    wal_recycle=off those segments are removed rather than renamed for reuse with the text inside."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            busy, _log, _done = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        if busy:
            raise ScrubBusy("the WAL file is in use")
        return []
    from sqlalchemy import exc, text

    problems = postgres_wal_problems(engine)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"SET lock_timeout = '{SCRUB_LOCK_TIMEOUT}'"))
        _older_transactions_end(conn)
        try:
            if tables is None:
                conn.execute(text("VACUUM FULL"))
            for table in tables or ():
                conn.execute(text(f"VACUUM FULL {table}"))
        except exc.OperationalError as error:
            raise ScrubBusy("a table is in use") from error
        for statement, need in (
            ("SELECT pg_switch_wal()", "EXECUTE on pg_switch_wal()"),
            ("CHECKPOINT", "the pg_checkpoint role"),
        ):
            try:
                conn.execute(text(statement))
            except exc.DBAPIError:
                problem = f"the database user lacks {need}"
                problems += [] if problem in problems else [problem]  # the check above may have said so
    return problems


def _older_transactions_end(conn) -> None:
    """VACUUM FULL copies a deleted row into the new file while any transaction that could still see it
    is open, in this database or another on the server. A transaction id taken now is newer than every
    deletion already committed; the scrub waits until no session holds an older transaction or
    snapshot, and otherwise tries again later (ScrubBusy). The database user needs pg_read_all_stats to
    see other users' sessions; the server-wide oldest running transaction is checked as well."""
    from sqlalchemy import text

    full = int(conn.execute(text("SELECT pg_current_xact_id()::text")).scalar_one())
    mark = str(full % 2**32)  # the 32-bit xid the views show
    deadline = time.monotonic() + SCRUB_WAIT_S
    while True:
        older = conn.execute(text(_OLDER), {"mark": mark}).scalars().all()
        if not older and int(conn.execute(text(_OLDEST_RUNNING)).scalar_one()) > full:
            return
        if time.monotonic() > deadline:
            raise ScrubBusy(f"transactions older than the deletion are still open (sessions {older[:5]})")
        time.sleep(0.2)


def postgres_wal_problems(engine: Engine) -> list[str]:
    """Server settings under which old WAL segments keep deleted text in the data directory."""
    from sqlalchemy import text

    with engine.connect() as conn:
        settings = dict(
            conn.execute(
                text(
                    "SELECT name, setting FROM pg_settings WHERE name IN "
                    "('wal_recycle', 'archive_mode', 'wal_keep_size')"
                )
            ).all()
        )
        slots = conn.execute(text("SELECT count(*) FROM pg_replication_slots")).scalar_one()
        rights = conn.execute(
            text(
                "SELECT pg_has_role(current_user, 'pg_checkpoint', 'MEMBER'),"
                " pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER'),"
                " has_function_privilege(current_user, 'pg_switch_wal()', 'EXECUTE')"
            )
        ).one()
    problems = []
    if settings.get("wal_recycle") != "off":
        problems.append("wal_recycle is on: old WAL segments are reused with their contents")
    if settings.get("archive_mode", "off") != "off":
        problems.append("archive_mode is on: archived WAL keeps deleted text (see the README)")
    if settings.get("wal_keep_size", "0") != "0":
        problems.append("wal_keep_size is above 0: WAL segments are kept after a checkpoint")
    if slots:
        problems.append("replication slots keep WAL segments (and replicas keep their own copies)")
    for allowed, missing in zip(
        rights,
        ("the pg_checkpoint role", "the pg_read_all_stats role", "EXECUTE on pg_switch_wal()"),
        strict=True,
    ):
        if not allowed:
            problems.append(f"the database user lacks {missing}")
    return problems
