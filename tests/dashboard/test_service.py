"""The dashboard counts what the flows recorded: a held salon's meeting followed up into a
partnership that reaches its pilot and a contract moves the funnel and the headlines."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from scenehub.dashboard import service
from scenehub.dashboard.schemas import Dashboard
from scenehub.errors import AppError
from scenehub.partnerships import pilots
from scenehub.partnerships import service as partnership_service
from scenehub.partnerships.schemas import ContractSet, StageMove
from scenehub.salons import meeting_service
from scenehub.salons.schemas import FollowUpWrite, OutcomeWrite
from tests.conftest import Accounts
from tests.salons.test_service import actor, db, held_salon  # noqa: F401 - fixtures
from tests.scenes.test_pages import registry  # noqa: F401 - a fixture

TODAY = date(2026, 12, 1)


def headlines(figures: Dashboard) -> dict[str, float]:
    return {h.key: h.value for h in figures.headlines}


def funnel(figures: Dashboard) -> dict[str, int]:
    return {s.key: s.count for s in figures.funnel}


def test_the_dashboard_follows_a_meeting_to_a_contract(
    db: Session,  # noqa: F811
    accounts: Accounts,
    registry: dict[str, int],  # noqa: F811
) -> None:
    operator = actor(db, accounts.operator)
    empty = service.dashboard(db, operator, TODAY)
    assert headlines(empty)["salons_held"] == 0 and funnel(empty)["met"] == 0

    code, meeting, _ = held_salon(db, accounts)
    held = service.dashboard(db, operator, TODAY)
    assert headlines(held)["salons_held"] == 1
    assert headlines(held)["meetings_held"] == 1
    assert headlines(held)["firms_engaged"] == 1
    assert funnel(held)["invited"] == funnel(held)["met"] == 1
    assert funnel(held)["follow_up"] == 0
    assert "2026-09" in held.trends.months
    salons = next(s for s in held.trends.series if s.key == "salon")
    assert salons.values[held.trends.months.index("2026-09")] == 1
    assert held.trends.months[-1] == "2026-12"  # up to today, quiet months included

    meeting_service.record_outcome(
        db, operator, code, meeting, OutcomeWrite(outcome="follow_up", note="约定现场踏勘")
    )
    meeting_service.follow_up(db, operator, code, meeting, FollowUpWrite(action="partnership"))
    partnership = partnership_service.list_partnerships(db, operator)[0].code
    partnership_service.move_stage(db, operator, partnership, StageMove(to="pilot"))
    pilots.record_contract(
        db,
        operator,
        partnership,
        ContractSet(method="public_tender", value_fen=12_345_600, signed_on=date(2026, 11, 3)),
    )
    after = service.dashboard(db, operator, TODAY)
    figures = headlines(after)
    assert figures["partnerships_brokered"] == 1
    assert figures["pilots_running"] == 1
    assert figures["contracts"] == 1
    assert figures["contract_value_yuan"] == pytest.approx(123_456.0)
    assert figures["firms_engaged"] == 1  # the same firm all along
    steps = {s.key: s for s in after.funnel}
    assert [steps[k].count for k in ("met", "follow_up", "partnership", "pilot", "contract")] == [
        1,
        1,
        1,
        1,
        1,
    ]
    # No written proposal on this road: the follow-up became the partnership straight away.
    assert (steps["proposal"].count, steps["proposal"].reached) == (1, 0)
    assert steps["contract"].rate == 1.0
    assert steps["catalogue"].count == 0
    contracts = next(s for s in after.trends.series if s.key == "contract")
    assert contracts.values[after.trends.months.index("2026-11")] == 1


def test_only_the_centre_reads_the_dashboard(
    db: Session,  # noqa: F811
    accounts: Accounts,
) -> None:
    for account in (accounts.firm, accounts.department):
        with pytest.raises(AppError) as refused:
            service.dashboard(db, actor(db, account), TODAY)
        assert refused.value.status == 403
