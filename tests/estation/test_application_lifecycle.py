"""An application's steps, and what a decision must hold (pure)."""

from __future__ import annotations

import pytest

from scenehub.estation import application_lifecycle as lifecycle


@pytest.mark.parametrize(
    ("status", "step", "to"),
    [
        ("pending", "approve", "approved"),
        ("pending", "reject", "rejected"),
        ("pending", "request_information", "information_requested"),
        ("information_requested", "answer", "pending"),
        ("information_requested", "approve", "approved"),
        ("information_requested", "reject", "rejected"),
    ],
)
def test_the_allowed_steps_lead_where_the_diagram_says(status: str, step: str, to: str) -> None:
    assert lifecycle.check_step(status, step) is None
    assert lifecycle.next_status(step) == to


def test_a_decided_application_takes_no_further_step() -> None:
    for status in ("approved", "rejected"):
        for step in lifecycle.STEPS:
            assert "already" in (lifecycle.check_step(status, step) or "")
        assert lifecycle.provider_steps(status) == []


def test_only_a_request_for_information_can_be_answered_and_only_once_asked() -> None:
    assert "nothing to answer" in (lifecycle.check_step("pending", "answer") or "")
    refused = lifecycle.check_step("information_requested", "request_information")
    assert refused == "an application that is %(status)s cannot %(step)s"
    assert lifecycle.provider_steps("information_requested") == ["approve", "reject"]


def test_an_approval_is_within_the_products_range_and_at_most_what_was_asked() -> None:
    assert lifecycle.check_amount(100, 100, 50, 300) is None
    assert lifecycle.check_amount(50, 100, 50, 300) is None
    assert "more than" in (lifecycle.check_amount(120, 100, 50, 300) or "")
    assert "outside" in (lifecycle.check_amount(40, 100, 50, 300) or "")
    assert lifecycle.check_request(300, 50, 300) is None
    assert "outside" in (lifecycle.check_request(301, 50, 300) or "")
    assert "outside" in (lifecycle.check_request(0, 50, 300) or "")


def test_each_provider_step_needs_what_it_says() -> None:
    assert lifecycle.check_decision("approve", None, "") is not None
    assert lifecycle.check_decision("approve", 100, "") is None
    assert lifecycle.check_decision("reject", None, "  ") is not None
    assert lifecycle.check_decision("reject", None, "资产负债率过高") is None
    assert lifecycle.check_decision("request_information", None, "") is not None
    assert lifecycle.check_decision("request_information", None, "请补充近三月流水") is None
