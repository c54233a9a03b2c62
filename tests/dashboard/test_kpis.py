"""The dashboard's pure figures: a nested funnel, monthly trends, departments' responsiveness."""

from __future__ import annotations

from datetime import date

import pytest

from scenehub.dashboard.kpis import (
    FUNNEL_KEYS,
    STUCK_AFTER_DAYS,
    ProposalTiming,
    funnel,
    monthly,
    months_between,
    responsiveness,
)


def test_the_funnel_counts_a_pair_only_where_it_came_through_every_earlier_step() -> None:
    invited = {(1, i) for i in range(10)}
    met = {(1, i) for i in range(6)}
    follow_up = {(1, 0), (1, 1), (1, 2)}
    # (2, 99) proposed without a salon: in the step's own total, not in the funnel.
    proposal = {(1, 0), (1, 1), (2, 99)}
    steps = funnel(
        {
            "invited": invited,
            "met": met,
            "follow_up": follow_up,
            "proposal": proposal,
            "partnership": {(1, 0), (2, 99)},
            "pilot": {(1, 0)},
        }
    )
    assert [s.key for s in steps] == list(FUNNEL_KEYS)
    counts = {s.key: (s.count, s.reached) for s in steps}
    assert counts["invited"] == (10, 10)
    assert counts["met"] == (6, 6)
    assert counts["proposal"] == (2, 3)
    assert counts["partnership"] == (1, 2)
    assert counts["contract"] == (0, 0)
    rates = {s.key: s.rate for s in steps}
    assert rates["invited"] is None
    assert rates["met"] == pytest.approx(0.6)
    assert rates["follow_up"] == pytest.approx(0.5)
    assert rates["partnership"] == pytest.approx(0.5)
    assert rates["contract"] == 0.0
    assert rates["catalogue"] is None  # nothing to convert from
    assert all(s.rate is None or 0 <= s.rate <= 1 for s in steps)


def test_a_pair_that_stepped_over_a_step_counts_there_but_only_from_the_salon() -> None:
    """A follow-up that became a partnership without a written proposal went that far; a
    partnership that never met at a salon is not on the salon's road at all."""
    steps = funnel(
        {
            "invited": {(1, 1)},
            "met": {(1, 1)},
            "follow_up": {(1, 1)},
            "partnership": {(1, 1), (3, 3)},
            "contract": {(1, 1)},
        }
    )
    counts = {s.key: (s.count, s.reached) for s in steps}
    assert counts["proposal"] == (1, 0)
    assert counts["partnership"] == (1, 2)
    assert counts["pilot"] == (1, 0)  # a contract follows a pilot
    assert counts["contract"] == (1, 1)
    assert counts["catalogue"] == (0, 0)


def test_an_unknown_funnel_step_is_refused() -> None:
    with pytest.raises(ValueError, match="salon"):
        funnel({"salon": {(1, 1)}})


def test_months_run_across_a_new_year() -> None:
    assert months_between(date(2025, 11, 30), date(2026, 2, 1)) == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]


def test_monthly_trends_fill_the_quiet_months_and_every_kind() -> None:
    events = [
        ("salon", date(2026, 1, 5)),
        ("salon", date(2026, 1, 20)),
        ("contract", date(2026, 3, 2)),
    ]
    trend = monthly(events, ["salon", "contract", "pilot"], until=date(2026, 4, 1))
    assert trend.months == ("2026-01", "2026-02", "2026-03", "2026-04")
    assert trend.series["salon"] == (2, 0, 0, 0)
    assert trend.series["contract"] == (0, 0, 1, 0)
    assert trend.series["pilot"] == (0, 0, 0, 0)
    assert monthly([], ["salon"], until=date(2026, 4, 1)).series == {"salon": ()}


def test_responsiveness_puts_the_department_that_sits_on_proposals_first() -> None:
    today = date(2026, 6, 30)
    late = date.fromordinal(today.toordinal() - STUCK_AFTER_DAYS - 1)
    timings = [
        ProposalTiming("公安局", 1, date(2026, 6, 1), date(2026, 6, 5)),
        ProposalTiming("公安局", 1, date(2026, 6, 1), date(2026, 6, 11)),
        ProposalTiming("城管局", 2, date(2026, 5, 1), date(2026, 5, 3)),
        ProposalTiming("城管局", 3, late, None),
        ProposalTiming("城管局", 3, late, None),
        ProposalTiming("城管局", 4, date(2026, 6, 25), None),  # waiting, not yet stuck
    ]
    rows = responsiveness(timings, today)
    assert [r.department for r in rows] == ["城管局", "公安局"]
    city, police = rows
    assert (city.decided, city.median_days, city.waiting, city.stuck_scenes) == (1, 2.0, 3, 1)
    assert (police.decided, police.median_days, police.slowest_days) == (2, 7.0, 10)
    assert police.waiting == police.stuck_scenes == 0
