"""Database engines and sessions: SQLite (WAL) embedded, PostgreSQL in production."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

IMMEDIATE = "habiflow_immediate"
MMAP_BYTES = 1 << 30
CACHE_KIB = 32 * 1024

_BATCH: ContextVar[Connection | None] = ContextVar("habiflow_batch", default=None)
_SAVEPOINTS = itertools.count(1)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine tuned for the backend the URL names."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    return create_engine(url, echo=echo, pool_size=10, max_overflow=10, pool_recycle=3600)


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the sqlite3 module so that write
        # transactions can start with BEGIN IMMEDIATE (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Reads of a large database through the OS page cache, without a read() call per
        # page; and a bigger private cache for the pages a writer keeps modifying.
        cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A write transaction that starts deferred fails with SQLITE_BUSY when it
        # upgrades after another writer committed; taking the write lock up
        # front makes writers queue on busy_timeout instead.
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def write_session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One write transaction: commit on success, roll back on any error."""
    with factory() as session:
        session.connection(execution_options={IMMEDIATE: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A read-only unit; closing it ends the transaction, loaded objects stay readable."""
    with factory() as session:
        yield session


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """One write transaction on a Core connection (the services' hot path).

    Inside ``batched_writes`` on the same engine (and thread) it is a savepoint of the
    batch's transaction instead: it still commits or rolls back as a whole, but the
    batch's caller decides when its work becomes durable and visible to others.
    """
    batch = _BATCH.get()
    if batch is not None and batch.engine is engine:
        with _savepoint(batch):
            yield batch
        return
    with engine.connect() as conn:
        conn.execution_options(**{IMMEDIATE: True})
        with conn.begin():
            yield conn


@contextmanager
def _savepoint(conn: Connection) -> Iterator[None]:
    # On the driver's cursor: SQLAlchemy's own savepoints cost more than the work they
    # guard. The batch's transaction is SQLAlchemy's and ends with it as usual.
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    name = f"habiflow_{next(_SAVEPOINTS)}"
    cursor.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        cursor.execute(f"ROLLBACK TO SAVEPOINT {name}")
        cursor.execute(f"RELEASE SAVEPOINT {name}")
        raise
    cursor.execute(f"RELEASE SAVEPOINT {name}")


@contextmanager
def batched_writes(engine: Engine) -> Iterator[Connection]:
    """One write transaction around many service calls of this thread, each a savepoint.

    For a single-writer driver (the office simulator): it saves a transaction start and a
    commit per call. Other writers wait for the batch (the write lock is held throughout),
    so keep batches short. The connection is also the caller's view of the uncommitted work.
    """
    if _BATCH.get() is not None:
        raise RuntimeError("write batches do not nest")
    with engine.connect() as conn:
        conn.execution_options(**{IMMEDIATE: True})
        with conn.begin():
            token = _BATCH.set(conn)
            try:
                yield conn
            finally:
                _BATCH.reset(token)


def refresh_statistics(engine: Engine) -> None:
    """Gather the query planner's statistics after a bulk load (a simulated period).

    SQLite has none until ANALYZE runs: without them it prefers any index on an equality
    (all completed tasks by status) to a range on an instant (this week's completions).
    PostgreSQL's autovacuum would get there later; ANALYZE does it now.
    """
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
