"""Ranking quality against graded judgements, and the plain BM25 baseline it is compared with."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from scenehub.industry.taxonomy import Chain
from scenehub.matching.documents import FirmDoc, SceneDoc
from scenehub.matching.index import Bm25
from scenehub.matching.profile import profiler_for

HIGHLY_RELEVANT = 3


def dcg(gains: Sequence[int]) -> float:
    """Discounted cumulative gain with linear gains (grade 3, 2, 1), as the centre's judged
    sets are scored: Σ grade(r) / log2(r + 1)."""
    return float(sum(g / math.log2(i + 2) for i, g in enumerate(gains)))


def ndcg_at(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k of a ranking of ids; ``grades`` maps relevant ids to 1..3 (absent means 0)."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([grades.get(i, 0) for i in ranked[:k]]) / ideal


def recall_at(
    ranked: Sequence[str], grades: Mapping[str, int], k: int = 20, grade: int = HIGHLY_RELEVANT
) -> float:
    """Share of the ids graded at least ``grade`` in the top k, out of as many as k could
    hold (the judged sets use ``grade=2``: the clearly relevant firms)."""
    wanted = {i for i, g in grades.items() if g >= grade}
    if not wanted:
        return 0.0
    return len(wanted.intersection(ranked[:k])) / min(k, len(wanted))


def bm25_baseline(
    scenes: Sequence[SceneDoc], firms: Sequence[FirmDoc], top: int = 20, chain: Chain | None = None
) -> dict[str, list[str]]:
    """Scene id → firm ids by plain BM25 over the same words and bigrams, nothing else."""
    analyzer = profiler_for(chain).analyzer

    def tokens(title: str, body: str) -> list[str]:
        return analyzer.analyze(title).tokens + analyzer.analyze(body).tokens

    bm25 = Bm25.of(tokens(f.name, " ".join((f.description, *f.tags))) for f in firms)
    rankings: dict[str, list[str]] = {}
    for scene in scenes:
        scores = bm25.scores(tokens(scene.title, scene.description))
        count = min(top, int(np.count_nonzero(scores)))
        best = np.argsort(-scores, kind="stable")[:count]
        rankings[scene.id] = [firms[int(row)].id for row in best]
    return rankings
