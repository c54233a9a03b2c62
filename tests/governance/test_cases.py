"""Cases' rules without a database: deadlines by kind, overdue, targets, decisions, order."""

from __future__ import annotations

from datetime import date

from scenehub.governance import cases
from scenehub.governance.cases import QueuePlace

OPENED = date(2026, 12, 3)


def test_an_objection_is_due_in_15_days_and_an_appeal_in_30() -> None:
    assert cases.deadline("objection", OPENED) == date(2026, 12, 18)
    assert cases.deadline("appeal", OPENED) == date(2027, 1, 2)


def test_only_an_open_case_past_its_deadline_is_overdue() -> None:
    due = date(2026, 12, 18)
    assert not cases.is_overdue("open", due, due)
    assert cases.is_overdue("open", due, date(2026, 12, 19))
    assert not cases.is_overdue("upheld", due, date(2027, 6, 1))


def test_an_objection_is_to_an_entry_and_an_appeal_to_a_decision() -> None:
    assert cases.check_target("objection", "entry") is None
    assert cases.check_target("objection", "claim") is not None
    assert cases.check_target("appeal", "entry") is not None
    for kind in ("claim", "proposal", "application", "scene", "product"):
        assert cases.check_target("appeal", kind) is None


def test_only_a_decision_against_the_filer_can_be_appealed() -> None:
    assert cases.check_appealable("claim", "rejected") is None
    assert cases.check_appealable("claim", "pending") is not None
    assert cases.check_appealable("scene", "withdrawn") is None
    assert cases.check_appealable("product", "suspended") is None
    assert cases.check_appealable("application", "approved") is not None


def test_a_decision_needs_an_open_case_a_known_outcome_and_a_reason() -> None:
    assert cases.check_decision("open", "upheld", "the read had no purpose") is None
    assert cases.check_decision("open", "upheld", "   ") is not None
    assert cases.check_decision("open", "maybe", "x") is not None
    assert cases.check_decision("dismissed", "upheld", "x") is not None


def test_the_queue_puts_open_cases_first_and_the_overdue_among_them_on_top() -> None:
    today = date(2026, 12, 20)
    places = [
        QueuePlace("upheld", date(2026, 12, 1), 1),
        QueuePlace("open", date(2026, 12, 30), 2),
        QueuePlace("open", date(2026, 12, 18), 3),  # overdue
        QueuePlace("open", date(2026, 12, 25), 4),
    ]
    ordered = sorted(places, key=lambda p: cases.queue_key(p, today))
    assert [p.id for p in ordered] == [3, 4, 2, 1]
