"""The house's one clock: ``utcnow`` and ``today`` read the wall clock, or the moment a replay
of the past set with ``at``."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from scenehub.db import at, today, utcnow
from scenehub.scenes.models import SceneEvent

CST = timezone(timedelta(hours=8))


def test_outside_at_the_clock_is_the_wall_clock() -> None:
    before = datetime.now(UTC)
    now = utcnow()
    assert now.tzinfo is not None and before <= now <= datetime.now(UTC)
    assert today() in (date.today(), date.today() - timedelta(days=1))  # around midnight


def test_inside_at_now_is_the_replayed_moment_in_utc() -> None:
    with at(datetime(2025, 3, 4, 14, 0, tzinfo=CST)):
        assert utcnow() == datetime(2025, 3, 4, 6, 0, tzinfo=UTC)
        assert utcnow().tzinfo == UTC
        assert today().year == 2025


def test_at_nests_and_restores_the_outer_moment() -> None:
    with at(datetime(2025, 1, 1, tzinfo=UTC)):
        with at(datetime(2026, 6, 1, tzinfo=UTC)):
            assert utcnow().year == 2026
        assert utcnow().year == 2025
    assert utcnow().year >= 2026


def test_at_restores_the_clock_after_an_error() -> None:
    with pytest.raises(RuntimeError), at(datetime(2025, 1, 1, tzinfo=UTC)):
        raise RuntimeError("a refused step")
    assert utcnow().year != 2025


def test_at_refuses_a_naive_moment() -> None:
    with pytest.raises(ValueError, match="aware"), at(datetime(2025, 1, 1)):
        pass


def test_another_thread_keeps_the_wall_clock() -> None:
    seen: list[datetime] = []
    with at(datetime(2025, 1, 1, tzinfo=UTC)):
        worker = threading.Thread(target=lambda: seen.append(utcnow()))
        worker.start()
        worker.join()
    assert seen[0].year != 2025


def test_model_defaults_read_the_same_clock() -> None:
    column = SceneEvent.__table__.c.at
    assert column.default is not None
    with at(datetime(2025, 5, 6, tzinfo=UTC)):
        stamped = column.default.arg(None)
    assert stamped == datetime(2025, 5, 6, tzinfo=UTC)
