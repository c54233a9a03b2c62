"""When an e-mail that failed is tried again (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scenehub.notifications.backoff import MAX_ATTEMPTS, next_attempt

FAILED = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


def test_the_waits_grow_one_five_thirty_minutes_two_then_twelve_hours() -> None:
    waits = [next_attempt(n, FAILED) for n in range(1, 6)]
    assert [w - FAILED for w in waits if w] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=12),
    ]


def test_the_sixth_failure_gives_up() -> None:
    assert MAX_ATTEMPTS == 6
    assert next_attempt(6, FAILED) is None and next_attempt(7, FAILED) is None


def test_a_message_never_tried_is_due_at_once() -> None:
    assert next_attempt(0, FAILED) == FAILED
