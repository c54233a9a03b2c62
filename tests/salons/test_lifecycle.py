"""The salon lifecycle and its refusals (pure)."""

from __future__ import annotations

import pytest

from scenehub.salons import lifecycle


@pytest.mark.parametrize(
    ("status", "to"),
    [
        ("draft", "inviting"),
        ("inviting", "scheduled"),
        ("scheduled", "held"),
        ("draft", "cancelled"),
        ("scheduled", "cancelled"),
    ],
)
def test_the_lifecycle_moves_forward_or_to_cancelled(status: str, to: str) -> None:
    assert lifecycle.check_transition(status, to) is None


@pytest.mark.parametrize(
    ("status", "to"),
    [("held", "cancelled"), ("cancelled", "draft"), ("draft", "held"), ("held", "scheduled")],
)
def test_a_held_or_cancelled_salon_does_not_move_and_nothing_skips_a_step(
    status: str, to: str
) -> None:
    assert lifecycle.check_transition(status, to) == "a salon cannot go from %(from)s to %(to)s"


def test_only_sent_invitations_are_answered_and_answers_may_change() -> None:
    assert lifecycle.check_answer("proposed") is not None
    assert all(lifecycle.check_answer(s) is None for s in ("sent", "accepted", "declined"))


def test_a_follow_up_needs_a_follow_up_or_proposal_outcome() -> None:
    assert lifecycle.check_follow_up(None) is not None
    assert lifecycle.check_follow_up("no_fit") is not None
    assert lifecycle.check_follow_up("follow_up") is None


def test_what_may_be_done_depends_on_the_status() -> None:
    assert lifecycle.check_allowed("held", lifecycle.OUTCOMES) is None
    assert lifecycle.check_allowed("scheduled", lifecycle.OUTCOMES) is not None
    assert lifecycle.check_allowed("held", lifecycle.EDITABLE) is not None
