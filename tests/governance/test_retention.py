"""The retention rules of a city file: defaults, overrides, and the audit's three years."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scenehub.errors import ConfigurationError
from scenehub.governance.retention import AUDIT_MINIMUM_DAYS, DEFAULT_RULES, rules_from_config


def test_a_city_without_a_retention_section_keeps_the_defaults() -> None:
    rules = rules_from_config(None)
    assert rules == DEFAULT_RULES
    assert rules["audit_entries"].keep_days == AUDIT_MINIMUM_DAYS >= 3 * 365


def test_a_kind_named_overrides_only_its_own_days() -> None:
    rules = rules_from_config({"web_sessions": 7, "audit_entries": 2000})
    assert rules["web_sessions"].keep_days == 7
    assert rules["audit_entries"].keep_days == 2000
    assert rules["api_tokens"] == DEFAULT_RULES["api_tokens"]


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ({"audit_entries": 365}, "at least 1096 days"),
        ({"sessions": 7}, "unknown kind 'sessions'"),
        ({"web_sessions": 0}, "at least 1"),
        ({"web_sessions": "30"}, "whole number"),
        ({"web_sessions": True}, "whole number"),
        ([30], "expected a mapping"),
    ],
)
def test_a_bad_retention_entry_is_a_configuration_error_naming_it(raw: object, named: str) -> None:
    with pytest.raises(ConfigurationError, match=named):
        rules_from_config(raw)


def test_the_cutoff_is_the_keeping_before_now() -> None:
    now = datetime(2026, 12, 3, 12, tzinfo=UTC)
    assert rules_from_config({"web_sessions": 30})["web_sessions"].cutoff(now) == datetime(
        2026, 11, 3, 12, tzinfo=UTC
    )
