"""The scene lifecycle's rules, without a database."""

from __future__ import annotations

import pytest

from scenehub.scenes import lifecycle


@pytest.mark.parametrize(
    ("status", "to", "party"),
    [
        ("draft", "submitted", "owner"),
        ("submitted", "published", "centre"),
        ("published", "matching", "owner"),
        ("matching", "partnered", "owner"),
        ("partnered", "closed", "centre"),
        ("draft", "withdrawn", "owner"),
    ],
)
def test_the_forward_path_is_allowed(status: str, to: str, party: str) -> None:
    assert lifecycle.check_transition(status, to, party, "") is None


@pytest.mark.parametrize(
    ("status", "to"),
    [
        ("draft", "published"),
        ("closed", "draft"),
        ("withdrawn", "submitted"),
        ("partnered", "withdrawn"),
    ],
)
def test_skipping_or_reviving_is_refused(status: str, to: str) -> None:
    assert lifecycle.check_transition(status, to, "centre", "why") is not None


def test_only_the_centre_publishes_or_sends_back() -> None:
    assert lifecycle.check_transition("submitted", "published", "owner", "") is not None
    assert lifecycle.check_transition("submitted", "draft", "owner", "fix it") is not None
    assert lifecycle.check_transition("submitted", "draft", "centre", "fix it") is None


def test_sending_back_needs_a_reason() -> None:
    assert lifecycle.check_transition("submitted", "draft", "centre", "  ") is not None


def test_next_statuses_depend_on_the_party() -> None:
    assert lifecycle.next_statuses("submitted", "owner") == ["withdrawn"]
    assert set(lifecycle.next_statuses("submitted", "centre")) == {
        "draft",
        "published",
        "withdrawn",
    }
