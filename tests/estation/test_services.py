"""The pure rules of service requests: periods, quotas, usage, expiry, the roster's slots and
the city file's section."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from scenehub.city import load_city
from scenehub.errors import ConfigurationError
from scenehub.estation import services
from scenehub.estation.services import (
    Allowance,
    Expert,
    Usage,
    WeeklySlot,
    access_status,
    expert_slots,
    period_of,
    quota,
    refuse_cancel,
    refuse_expiry,
    refuse_over_quota,
    refuse_slot,
    refuse_usage,
    services_from_config,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("day", "per", "key", "start", "end"),
    [
        (date(2026, 12, 3), "half_year", "2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        (date(2026, 6, 30), "half_year", "2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
        (date(2026, 4, 1), "quarter", "2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 12, 31), "quarter", "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        (date(2028, 2, 29), "month", "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        (date(2026, 1, 1), "year", "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_day_falls_in_one_period(day: date, per: str, key: str, start: date, end: date) -> None:
    found = period_of(day, per)
    assert (found.key, found.start, found.end) == (key, start, end)


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown period 'week'"):
        period_of(date(2026, 1, 1), "week")


def test_a_quota_has_what_may_be_granted_and_what_is_left_to_use() -> None:
    found = quota(Allowance("compute", "half_year", 200), date(2026, 12, 3), granted=150, used=40)
    assert (found.period.key, found.free, found.left) == ("2026-H2", 50, 160)
    assert refuse_over_quota(50, found) is None
    message, params = refuse_over_quota(51, found) or ("", {})
    assert message.startswith("over the quota")
    assert params == {
        "wanted": 51,
        "free": 50,
        "amount": 200,
        "period": "2026-H2",
        "kind": "Compute (GPU hours)",
    }


def test_a_count_quota_is_used_by_what_it_granted() -> None:
    found = quota(Allowance("data", "quarter", 3), date(2026, 12, 3), granted=3)
    assert (found.free, found.left, found.used) == (0, 0, 3)
    assert refuse_over_quota(1, found) is not None


def test_a_quota_never_shows_less_than_nothing() -> None:
    # The city lowered its allowance after hours were granted.
    found = quota(Allowance("compute", "half_year", 100), date(2026, 12, 3), granted=150, used=120)
    assert (found.free, found.left) == (0, 0)


H2 = period_of(date(2026, 12, 3), "half_year")


def test_usage_within_the_approval_and_its_period_is_recorded() -> None:
    usage = Usage(30, date(2026, 12, 3))
    assert refuse_usage(usage, 50, 20, date(2026, 11, 1), H2, date(2026, 12, 3)) is None


def test_usage_beyond_the_approval_is_refused() -> None:
    refusal = refuse_usage(
        Usage(31, date(2026, 12, 3)), 50, 20, date(2026, 11, 1), H2, date(2026, 12, 3)
    )
    assert refusal is not None
    assert refusal[0].startswith("usage beyond the approval")
    assert refusal[1] == {"hours": 31, "left": 30, "approved": 50}


@pytest.mark.parametrize(
    ("used_on", "today"),
    [
        (date(2026, 12, 4), date(2026, 12, 3)),
        (date(2026, 10, 31), date(2026, 12, 3)),
        (date(2027, 1, 1), date(2027, 1, 2)),
    ],
    ids=["a-day-to-come", "before-the-approval", "after-the-period"],
)
def test_usage_outside_its_days_is_refused(used_on: date, today: date) -> None:
    assert refuse_usage(Usage(1, used_on), 50, 0, date(2026, 11, 1), H2, today) is not None


def test_an_access_shows_as_expired_after_its_last_day() -> None:
    last = date(2026, 12, 31)
    assert access_status("approved", last, date(2026, 12, 31)) == "approved"
    assert access_status("approved", last, date(2027, 1, 1)) == "expired"
    assert access_status("pending", None, date(2027, 1, 1)) == "pending"
    assert access_status("rejected", last, date(2027, 1, 1)) == "rejected"


def test_an_expiry_is_today_or_later_and_within_the_longest_access() -> None:
    today = date(2026, 12, 3)
    assert refuse_expiry(today, today, 366) is None
    assert refuse_expiry(date(2026, 12, 2), today, 366) is not None
    too_long = refuse_expiry(date(2028, 1, 1), today, 366)
    assert too_long is not None and too_long[1]["last"] == date(2027, 12, 4)


EXPERT = Expert(
    key="chen",
    name="陈思远",
    organisation="浙江大学",
    topics=("大模型",),
    weekly=(WeeklySlot(1, time(14, 0)),),  # Tuesdays 14:00
    slots=(datetime(2026, 12, 5, 9, 30),),  # a Saturday, once
)
# Thursday 2026-12-03 10:00 in Hangzhou.
NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


def test_an_experts_slots_are_its_weekly_and_explicit_ones_in_the_window() -> None:
    slots = expert_slots(EXPERT, SHANGHAI, NOW, 14)
    assert [s.strftime("%m-%d %H:%M") for s in slots] == [
        "12-05 09:30",
        "12-08 14:00",
        "12-15 14:00",
    ]
    assert all(s.tzinfo == SHANGHAI for s in slots)


def test_a_booking_needs_one_of_the_experts_open_slots() -> None:
    tuesday = datetime(2026, 12, 8, 14, 0, tzinfo=SHANGHAI)
    assert refuse_slot(EXPERT, tuesday, SHANGHAI, NOW, 14) is None
    assert refuse_slot(EXPERT, tuesday.astimezone(UTC), SHANGHAI, NOW, 14) is None
    wrong = refuse_slot(EXPERT, tuesday.replace(hour=15), SHANGHAI, NOW, 14)
    assert wrong is not None and wrong[1]["at"] == "2026-12-08 15:00"
    assert refuse_slot(EXPERT, datetime(2026, 12, 22, 14, 0, tzinfo=SHANGHAI), SHANGHAI, NOW, 14)
    past = refuse_slot(EXPERT, datetime(2026, 12, 1, 14, 0, tzinfo=SHANGHAI), SHANGHAI, NOW, 14)
    assert past is not None and "passed" in past[0]


def test_a_booking_is_cancelled_only_before_its_slot() -> None:
    slot = datetime(2026, 12, 8, 14, 0, tzinfo=SHANGHAI)
    assert refuse_cancel(slot, NOW, SHANGHAI) is None
    assert refuse_cancel(slot, slot, SHANGHAI) is not None


def test_the_city_file_gives_the_allowances_and_the_roster() -> None:
    config = load_city().services
    assert config.allowances["compute"] == Allowance("compute", "half_year", 200)
    assert {e.key for e in config.experts} >= {"chen-ai", "lin-data"}
    assert config.expert("nobody") is None


def test_a_city_without_the_section_gets_the_defaults() -> None:
    assert services_from_config(None) is services.DEFAULT_SERVICES
    one = services_from_config({"quotas": {"data": {"per": "month", "amount": 1}}})
    assert one.allowances["data"] == Allowance("data", "month", 1)
    assert one.allowances["compute"] == services.DEFAULT_SERVICES.allowances["compute"]


@pytest.mark.parametrize(
    "raw",
    [
        {"quotas": {"gpu": {"per": "month", "amount": 1}}},
        {"quotas": {"data": {"per": "week", "amount": 1}}},
        {"quotas": {"data": {"per": "month", "amount": -1}}},
        {
            "experts": [
                {"key": "a", "name": "A", "weekly": [{"weekday": "someday", "start": "9:00"}]}
            ]
        },
        {"experts": [{"key": "a", "name": "A"}, {"key": "a", "name": "B"}]},
        {"experts": [{"key": "a", "name": "A", "phone": "1"}]},
        {"quota": {}},
    ],
)
def test_a_bad_section_is_a_configuration_error(raw: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError, match="services"):
        services_from_config(raw)
