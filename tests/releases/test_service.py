"""The budget's charge itself: one conditional UPDATE, so a release that passed the first
look at the budget is still refused when another took the rest in between."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from scenehub.releases import service
from scenehub.releases.models import PrivacyBudget


def test_the_charge_refuses_what_the_budget_no_longer_has(session: Session) -> None:
    assert service._charge(session, "2026-Q4", 1.5, 2.0).spent == pytest.approx(1.5)
    session.commit()
    # A release that looked when 2.0 was left now finds 0.5: refused, nothing spent.
    with pytest.raises(service.PrivacyBudgetExceeded) as refused:
        service._charge(session, "2026-Q4", 1.0, 2.0)
    assert refused.value.details["remaining"] == pytest.approx(0.5)
    session.rollback()
    row = session.get(PrivacyBudget, "2026-Q4")
    assert row is not None and row.spent == pytest.approx(1.5) and row.releases == 1
    assert service._charge(session, "2026-Q4", 0.5, 2.0).remaining == 0.0
    # Another period has its own budget.
    assert service._charge(session, "2027-Q1", 2.0, 2.0).spent == pytest.approx(2.0)
