"""Sign-in throttling: the pure waits, and the limits the API keeps (issue 16, finding 2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth.throttle import (
    NO_WAIT,
    LoginLimits,
    account_key,
    account_wait,
    address_wait,
    minutes_to_wait,
)
from scenehub.governance.models import AuditEntry
from tests.conftest import Accounts

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
LIMITS = LoginLimits()
TOKEN = "/api/v1/auth/token"


def minutes_ago(*minutes: float) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in sorted(minutes, reverse=True)]


def test_an_account_waits_longer_after_each_failure_past_ten_up_to_a_quarter_hour() -> None:
    delays = [LIMITS.account_delay(n) for n in range(9, 16)]
    assert [d.total_seconds() / 60 for d in delays] == [0, 1, 2, 4, 8, 15, 15]


def test_the_account_wait_runs_from_its_latest_failure() -> None:
    twelve = minutes_ago(*range(30, 150, 10))  # twelve failures, the latest 30 minutes ago
    assert account_wait(twelve, NOW, LIMITS) == NO_WAIT  # 4 minutes were due, 30 passed
    eleven_and_a_fresh_one = minutes_ago(*range(40, 150, 10), 0.5)
    assert account_wait(eleven_and_a_fresh_one, NOW, LIMITS) == timedelta(minutes=3.5)


def test_failures_older_than_a_day_no_longer_count_against_the_account() -> None:
    assert account_wait(minutes_ago(*[25 * 60] * 20), NOW, LIMITS) == NO_WAIT


def test_an_address_waits_until_the_oldest_of_its_five_failures_leaves_the_window() -> None:
    assert address_wait(minutes_ago(10, 8, 6, 4), NOW, LIMITS) == NO_WAIT
    assert address_wait(minutes_ago(10, 8, 6, 4, 2), NOW, LIMITS) == timedelta(minutes=5)
    assert address_wait(minutes_ago(20, 8, 6, 4, 2), NOW, LIMITS) == NO_WAIT


def test_a_refusal_names_whole_minutes_rounding_up() -> None:
    assert [minutes_to_wait(timedelta(seconds=s)) for s in (1, 60, 61, 899)] == [1, 1, 2, 15]


def test_an_unknown_name_is_counted_under_a_keyed_digest_of_it() -> None:
    assert account_key("k" * 32, "yuntu", known=True) == "yuntu"
    digest = account_key("k" * 32, "Hunter2-typed-in-the-wrong-box", known=False)
    assert "Hunter2" not in digest
    assert digest == account_key("k" * 32, "Hunter2-typed-in-the-wrong-box", known=False)
    assert digest != account_key("q" * 32, "Hunter2-typed-in-the-wrong-box", known=False)


def test_many_addresses_cannot_keep_guessing_one_password(app: FastAPI, accounts: Accounts) -> None:
    for n in range(10):
        with TestClient(app, client=(f"203.0.113.{n + 1}", 5000)) as guesser:
            wrong = guesser.post(TOKEN, json={"username": "yuntu", "password": f"guess {n}"})
            assert wrong.status_code == 401
    with TestClient(app, client=("198.51.100.7", 5000)) as elsewhere:
        right = {"username": "yuntu", "password": accounts.firm.password}
        refused = elsewhere.post(TOKEN, json=right)
        assert refused.status_code == 429, refused.text
        assert refused.json()["error"]["code"] == "too_many_attempts"
        assert refused.json()["error"]["details"] == {"minutes": 1}
        other = elsewhere.post(
            TOKEN, json={"username": "rival", "password": accounts.other_firm.password}
        )
        assert other.status_code == 201


@pytest.mark.parametrize("username", ["yuntu", "ghost-of-yuntu"])
def test_known_and_unknown_usernames_are_throttled_alike(
    client: TestClient, accounts: Accounts, session: Session, username: str
) -> None:
    answers = [
        client.post(TOKEN, json={"username": username, "password": "wrong"}).status_code
        for _ in range(6)
    ]
    assert answers == [401] * 5 + [429]
    trail = session.scalars(select(AuditEntry.resource_id).where(AuditEntry.action == "auth.login"))
    assert "ghost" not in " ".join(trail)
