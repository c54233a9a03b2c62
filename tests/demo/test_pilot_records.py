"""The history's pilots: KPI targets read from their texts, milestones done once due,
actual values only for evaluated pilots (pure)."""

from __future__ import annotations

import random
from datetime import date

from scenehub.demo.pilot_records import kpi_bound, pilot_record
from scenehub.partnerships.stages import kpi_met

TEXTS = ("警情分类准确率≥92%", "跌倒告警响应≤5分钟", "形成可复制推广方案1套")


def test_a_kpi_text_gives_its_target_unit_and_direction() -> None:
    assert kpi_bound("警情分类准确率≥92%") == ("警情分类准确率", 92.0, "%", True)
    assert kpi_bound("跌倒告警响应≤5分钟") == ("跌倒告警响应", 5.0, "分钟", False)
    assert kpi_bound("系统可用率≥99.5%") == ("系统可用率", 99.5, "%", True)
    assert kpi_bound("形成可复制推广方案1套") is None


def test_an_evaluated_pilot_has_actuals_and_most_targets_are_met() -> None:
    met = []
    for seed in range(200):
        pilot = pilot_record(
            random.Random(seed), "东站", "公安局", date(2026, 1, 1), TEXTS, True, date(2026, 12, 1)
        )
        assert pilot.ends_on > pilot.starts_on
        assert all(m.completed_on is not None for m in pilot.milestones)
        bounded, free = pilot.kpis[:2], pilot.kpis[2]
        assert free.target is None and free.actual is None and free.name == TEXTS[2]
        assert all(k.actual is not None and k.baseline is not None for k in bounded)
        met += [kpi_met(k.target, k.actual, k.higher_is_better) for k in bounded]
    assert 0.7 < met.count(True) / len(met) < 0.9


def test_a_running_pilot_has_no_actuals_and_only_past_milestones_done() -> None:
    pilot = pilot_record(
        random.Random(1), "东站", "公安局", date(2026, 11, 1), TEXTS, False, date(2026, 12, 1)
    )
    assert all(k.actual is None for k in pilot.kpis)
    done = [m.completed_on is not None for m in pilot.milestones]
    assert done == [True, False, False]  # deployed on day 14; review on day 60 still ahead
