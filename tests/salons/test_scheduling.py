"""Solving a salon's schedule from its registrations, pins and forbids, and the day's
check-in (needs the solver module, ``scenehub.salons.schedule``; skipped without it)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scenehub.errors import AppError
from scenehub.salons import meeting_service, service
from scenehub.salons.schemas import ConstraintWrite, RegistrationWrite, SalonDetail, SolveRequest
from tests.salons.test_service import Setup, accept, db, proposed, sent  # noqa: F401 - fixtures
from tests.scenes.test_pages import registry  # noqa: F401 - a fixture


def registered(setup: Setup, seats: int = 1) -> None:
    """Both firms and the department accept; the firms ask for the first scene."""
    sent(setup)
    for who in (setup.firm, setup.other_firm, setup.department):
        accept(setup, who)
    scene = setup.salon.scenes[0].id
    for who in (setup.firm, setup.other_firm):
        service.register(setup.db, who, setup.salon.code, RegistrationWrite(scene_ids=[scene]))
    service.register(setup.db, setup.department, setup.salon.code, RegistrationWrite(seats=seats))


def solved(setup: Setup) -> SalonDetail:
    return meeting_service.solve(
        setup.db, setup.operator, setup.salon.code, SolveRequest(time_limit=5)
    )


def test_every_registered_firm_meets_the_department_it_asked_for(proposed: Setup) -> None:  # noqa: F811
    registered(proposed)
    salon = solved(proposed)
    assert salon.status == "scheduled" and salon.schedule.status == "optimal"
    firms = {m.firm_org_id for m in salon.meetings}
    assert firms == {proposed.accounts.firm.org_id, proposed.accounts.other_firm.org_id}
    assert len({m.slot for m in salon.meetings}) == 2  # one officer: one meeting per slot
    assert salon.schedule.objective is not None and salon.schedule.bound is not None
    assert salon.schedule.objective <= salon.schedule.bound + 1e-6
    assert all(m.scene_id == proposed.salon.scenes[0].id for m in salon.meetings)
    assert salon.starts_at is not None
    for meeting in salon.meetings:
        assert meeting.slot is not None and meeting.minutes == 20
        assert meeting.starts_at == salon.starts_at + timedelta(minutes=20 * meeting.slot)


def test_a_pin_holds_its_slot_and_a_forbid_keeps_the_pair_apart(proposed: Setup) -> None:  # noqa: F811
    registered(proposed, seats=2)
    firm, rival = proposed.accounts.firm.org_id, proposed.accounts.other_firm.org_id
    dept = proposed.accounts.department.org_id
    code = proposed.salon.code
    pin = ConstraintWrite(firm_org_id=firm, department_org_id=dept, kind="pin", slot=3)
    meeting_service.set_constraint(proposed.db, proposed.operator, code, pin)
    forbid = ConstraintWrite(firm_org_id=rival, department_org_id=dept, kind="forbid")
    meeting_service.set_constraint(proposed.db, proposed.operator, code, forbid)
    salon = solved(proposed)
    assert [(m.firm_org_id, m.slot, m.pinned) for m in salon.meetings] == [(firm, 3, True)]
    again = solved(proposed)  # re-solving keeps the pinned meeting, the same row
    assert [m.id for m in again.meetings] == [m.id for m in salon.meetings]


def test_participants_checked_in_check_their_meetings_in_and_fix_the_schedule(
    proposed: Setup,  # noqa: F811
) -> None:
    registered(proposed)
    salon = solved(proposed)
    firm, dept = proposed.accounts.firm.org_id, proposed.accounts.department.org_id
    code = proposed.salon.code
    after_firm = meeting_service.check_in_participant(proposed.db, proposed.operator, code, firm)
    assert all(m.checked_in_at is None for m in after_firm.meetings)  # the department is not here
    after_both = meeting_service.check_in_participant(proposed.db, proposed.operator, code, dept)
    checked = {m.firm_org_id for m in after_both.meetings if m.checked_in_at is not None}
    assert checked == {firm}
    rival_meeting = next(m for m in salon.meetings if m.firm_org_id != firm)
    by_meeting = meeting_service.check_in_meeting(
        proposed.db, proposed.operator, code, rival_meeting.id
    )
    assert all(m.checked_in_at is not None for m in by_meeting.meetings)
    with pytest.raises(AppError) as fixed:
        solved(proposed)
    assert fixed.value.code == "schedule_refused"


def test_solving_with_nobody_registered_is_refused(proposed: Setup) -> None:  # noqa: F811
    sent(proposed)
    with pytest.raises(AppError) as refused:
        solved(proposed)
    assert refused.value.status == 409
