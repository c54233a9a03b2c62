"""Pooled PostgreSQL connections: one that sat idle is tested before use, one in steady use
is not (a busy server spends no round trip per request on a ping)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from scenehub import db


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
