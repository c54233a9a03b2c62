"""The engine against plain BM25 on a generated city's truth (benchmarks/match.py prints the
figures at any scale; this keeps the claim honest in CI on a small city)."""

from __future__ import annotations

from statistics import mean

from scenehub.demo.judged import JudgedCity
from scenehub.matching.evaluation import bm25_baseline, ndcg_at, recall_at
from scenehub.matching.index import build_firm_index
from scenehub.matching.rank import rank_firms_for_scene


def test_ndcg_of_the_engine_clearly_beats_plain_bm25(judged_city: JudgedCity) -> None:
    city = judged_city
    index = build_firm_index(city.firms)
    engine = {s.id: [m.id for m in rank_firms_for_scene(s, index, top=20)] for s in city.scenes}
    baseline = bm25_baseline(city.scenes, city.firms, top=20)
    grades = city.grades

    def quality(rankings: dict[str, list[str]]) -> tuple[float, float]:
        ndcg = mean(ndcg_at(rankings[s.id], grades.get(s.id, {}), 10) for s in city.scenes)
        recall = mean(recall_at(rankings[s.id], grades.get(s.id, {}), 20) for s in city.scenes)
        return ndcg, recall

    engine_ndcg, engine_recall = quality(engine)
    baseline_ndcg, baseline_recall = quality(baseline)
    assert engine_ndcg >= baseline_ndcg + 0.2, (engine_ndcg, baseline_ndcg)
    assert engine_ndcg >= 0.7
    assert engine_recall > baseline_recall


def test_metrics_on_a_hand_made_ranking() -> None:
    grades = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at(["a", "b", "c"], grades) == 1.0
    assert ndcg_at(["x", "y"], grades) == 0.0
    assert 0 < ndcg_at(["c", "b", "a"], grades) < 1
    assert ndcg_at(["a"], {}) == 0.0
    assert recall_at(["a", "x"], grades) == 1.0
    assert recall_at(["x"], {"a": 3, "d": 3}) == 0.0
