"""Pooled PostgreSQL connections: one that sat idle is tested before use, one in steady use
is not (a busy server spends no round trip per request on a ping); a read that is its own
unit of work runs in autocommit (``db.autocommitted``), anything else in a transaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from scenehub import db
from scenehub.auth.models import Organisation
from scenehub.auth.roles import OrgKind


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    engine = db.create_db_engine(postgres_url)
    yield engine
    engine.dispose()


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text("SELECT pg_backend_pid()")))


def _terminate(postgres_url: str, pid: int) -> None:
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def test_an_idle_connection_that_died_is_replaced_before_use(
    engine: Engine, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
    dead = _backend_pid(engine)
    _terminate(postgres_url, dead)
    assert _backend_pid(engine) != dead


def test_a_connection_in_steady_use_is_not_pinged(engine: Engine, postgres_url: str) -> None:
    dead = _backend_pid(engine)
    _terminate(postgres_url, dead)
    with pytest.raises(OperationalError):
        _backend_pid(engine)
    # The failure made the pool drop its connections: the next request is served.
    assert _backend_pid(engine) != dead


def _in_transaction_on_server(connection: Connection) -> bool:
    """What the server says (libpq's transaction status), not what SQLAlchemy believes."""
    status = connection.connection.dbapi_connection.info.transaction_status  # type: ignore[union-attr]
    return bool(status == TransactionStatus.INTRANS)


def test_a_read_before_any_transaction_runs_in_autocommit(engine: Engine) -> None:
    with Session(engine) as session:
        with db.autocommitted(session) as connection:
            assert connection.scalar(text("SELECT 1")) == 1
            assert not _in_transaction_on_server(connection)
        assert not session.in_transaction()
        # What the request does next runs in a real transaction of its own.
        session.execute(text("SELECT 1"))
        assert _in_transaction_on_server(session.connection())


def test_inside_a_transaction_or_with_changes_the_statements_join_it(engine: Engine) -> None:
    with Session(engine) as session:
        session.execute(text("SELECT 1"))
        with db.autocommitted(session) as connection:
            connection.execute(text("SELECT 1"))
            assert _in_transaction_on_server(connection)
        assert session.in_transaction()
    with Session(engine) as session:
        session.add(Organisation(kind=OrgKind.CENTRE, name="pending"))
        with db.autocommitted(session) as connection:
            connection.execute(text("SELECT 1"))
            assert _in_transaction_on_server(connection)
        session.rollback()
