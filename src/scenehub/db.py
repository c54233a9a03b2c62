"""The one engine and session factory, the declarative base and shared column types."""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from alembic import command
from alembic.config import Config
from sqlalchemy import CursorResult, DateTime, Delete, Dialect, MetaData, create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import QueuePool
from sqlalchemy.types import TypeDecorator

from scenehub.settings import get_settings

# One naming convention so constraints have the same names on SQLite and PostgreSQL
# (Alembic batch mode on SQLite needs named constraints to alter them).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Every domain package whose models.py defines tables; Alembic and tests import them all.
MODEL_MODULES = (
    "scenehub.auth.models",
    "scenehub.governance.models",
    "scenehub.scenes.models",
    "scenehub.estation.models",
    "scenehub.salons.models",
    "scenehub.partnerships.models",
    "scenehub.jobs.models",
    "scenehub.firms.models",
    "scenehub.proposals.models",
    "scenehub.industry.models",
    "scenehub.releases.models",
    "scenehub.notifications.models",
)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def import_all_models() -> MetaData:
    """Import every domain's models so ``Base.metadata`` knows all tables."""
    for module in MODEL_MODULES:
        importlib.import_module(module)
    return Base.metadata


# The house's one clock: "now" is the wall clock, unless a replay of the past (the demo's
# history) has set it to the moment it replays with ``at``.
_frozen_now: ContextVar[datetime | None] = ContextVar("scenehub_now", default=None)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the replayed moment inside ``at``)."""
    frozen = _frozen_now.get()
    return frozen if frozen is not None else datetime.now(UTC)


def today() -> date:
    """Today's date in the local zone of the machine, on the same clock as ``utcnow``."""
    return utcnow().astimezone().date()


@contextmanager
def at(moment: datetime) -> Iterator[datetime]:
    """Run the block as if it were ``moment`` (an aware datetime): every ``utcnow`` and
    ``today`` inside reads it, in this thread or task only."""
    if moment.tzinfo is None:
        raise ValueError("at() needs an aware datetime")
    token = _frozen_now.set(moment.astimezone(UTC))
    try:
        yield moment
    finally:
        _frozen_now.reset(token)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def create_db_engine(url: str, *, serialise_writes: bool = True) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and (unless the engine is for
    long reads only) transactions that take the write lock at BEGIN."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _configure_sqlite(engine, serialise_writes)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=10)
    _ping_idle_connections(engine)
    return engine


# A pooled connection that sat idle this long is tested before use: a database restart or a
# firewall's idle timeout leaves it dead. One in steady use is not, so a busy server spends
# no round trip per request on a ping (a connection that dies in use fails its request, and
# SQLAlchemy then replaces every connection the pool holds).
PING_AFTER_IDLE_SECONDS = 10.0


def _ping_idle_connections(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure: the pool connects afresh and tries again
            raise DisconnectionError(str(error)) from error
        if not alive:
            raise DisconnectionError("the pooled connection did not answer a ping")


def _configure_sqlite(engine: Engine, serialise_writes: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (below) instead of the driver's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock at BEGIN, so transactions never interleave their
        # read-then-write (the audit hash chain depends on it); WAL readers still run
        # alongside. Long read-only jobs use a deferred BEGIN so they block no writer.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if serialise_writes else "BEGIN")


def connection_limit(engine: Engine) -> int | None:
    """How many connections ``engine``'s pool lends at once (``None``: no limit)."""
    pool = engine.pool
    max_overflow = getattr(pool, "_max_overflow", None)  # QueuePool keeps it private
    if not isinstance(pool, QueuePool) or max_overflow is None or max_overflow < 0:
        return None
    return int(pool.size()) + int(max_overflow)


@lru_cache(maxsize=16)
def get_engine(url: str | None = None, *, serialise_writes: bool = True) -> Engine:
    """The process-wide engine for ``url`` (default: the configured database)."""
    return create_db_engine(
        url or get_settings().resolved_database_url, serialise_writes=serialise_writes
    )


def session_factory(url: str | None = None, *, read_only: bool = False) -> sessionmaker[Session]:
    """The one session factory: sessions that keep loaded values after commit.

    ``read_only`` sessions are for long reads (exports, verifying the audit trail): on
    SQLite they do not take the write lock. Use them only for reads.
    """
    return sessionmaker(get_engine(url, serialise_writes=not read_only), expire_on_commit=False)


@contextmanager
def autocommitted(session: Session) -> Iterator[Connection]:
    """The session's connection for statements that are each a unit of work by themselves
    (a credential lookup, a page of the public catalogue).

    On PostgreSQL, when the session has not begun a transaction and holds no changes, they
    run in autocommit: a small read then costs one round trip instead of three (BEGIN,
    the statement, COMMIT), which gave the public list a fifth more requests per second
    (benchmarks/web_requests.py). On leaving, the session's (empty) transaction ends and
    the connection goes back to the pool, so whatever the request does next runs in a real
    transaction of its own. Otherwise the statements run in the session's transaction.
    """
    idle = not (session.in_transaction() or session.new or session.dirty or session.deleted)
    bind = session.get_bind()
    if not idle or bind.dialect.name != "postgresql":
        yield session.connection()
        return
    yield session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    session.commit()


def rows_deleted(session: Session, statement: Delete) -> int:
    """Run a bulk DELETE in the session and say how many rows it removed."""
    return int(cast(CursorResult[Any], session.execute(statement)).rowcount or 0)


@contextmanager
def transaction(url: str | None = None, *, read_only: bool = False) -> Iterator[Session]:
    """A unit of work for a CLI job: commit on success, roll back on any error."""
    session = session_factory(url, read_only=read_only)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """Alembic's configuration for ``url``, with the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(url: str | None = None, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (creating the SQLite file's folder if needed)."""
    url = url or get_settings().resolved_database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


def downgrade_database(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)
