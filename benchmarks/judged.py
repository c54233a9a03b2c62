"""What benchmarks/match.py and benchmarks/industry.py share: the judged sets written by
people (never the synthetic city), the default classifier, the metrics and peak memory.

Judged sets, in the public file format (``scenehub.matching.judged``):
- ``benchmarks/data/handwritten`` — ships with scenehub (the project's own hand-written set);
- the centre's development set, when present: ``$SCENEHUB_EVAL_DEV`` or ``../shared/eval-dev``
  beside the checkout. It is read where it lies, never copied into the project.
"""

from __future__ import annotations

import math
import os
import resource
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from scenehub.industry.classify import Classifier, TextReader
from scenehub.industry.model_store import default_examples, train_classifier
from scenehub.industry.segmenter import ChainSegmenter
from scenehub.industry.taxonomy import OTHER, load_chain
from scenehub.matching.index import Encoder
from scenehub.matching.judged import JudgedSet, load_judged_set
from scenehub.matching.semantic import shared_encoder

ROOT = Path(__file__).resolve().parents[1]
HANDWRITTEN = ROOT / "benchmarks" / "data" / "handwritten"


def judged_sets() -> list[JudgedSet]:
    """The centre's development set first (when present), then the hand-written one."""
    found = []
    dev = Path(os.environ.get("SCENEHUB_EVAL_DEV", ROOT.parent / "shared" / "eval-dev"))
    if (dev / "scenes.jsonl").is_file():
        found.append(load_judged_set(dev))
    found.append(load_judged_set(HANDWRITTEN))
    return found


def default_classifier(encoder: Encoder | None = None) -> Classifier:
    """The classifier as a fresh installation has it: the seed set and the taxonomy."""
    chain = load_chain()
    started = time.perf_counter()
    model = train_classifier(chain, default_examples(chain), encoder or shared_encoder())
    print(f"classifier trained on {model.trained_on} in {since(started):.1f} s")
    return Classifier(model, TextReader(chain))


def default_segmenter(encoder: Encoder | None = None) -> ChainSegmenter:
    return ChainSegmenter(default_classifier(encoder))


def since(started: float) -> float:
    return time.perf_counter() - started


def ndcg10(ranked: Sequence[str], grades: Mapping[str, int]) -> float:
    """nDCG@10, linear gains, the ideal from the judged grades (the centre's rubric)."""
    dcg = sum(grades.get(f, 0) / math.log2(i + 2) for i, f in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def is_english(text: str) -> bool:
    return not any("\u4e00" <= ch <= "\u9fff" for ch in text)


def ranking_figures(judged: JudgedSet, rankings: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """nDCG@10, Recall@20 of the grade ≥ 2 firms, the English scenes' nDCG@10, and the most
    distractors (off-chain firms judged 0) in any top 10."""
    ndcg, recall, english, distractors = [], [], [], 0
    off_chain = {f for f, codes in judged.labels.items() if codes[0] == OTHER}
    for scene in judged.scenes:
        ranked, grades = list(rankings.get(scene.id, ())), judged.grades.get(scene.id, {})
        value = ndcg10(ranked, grades)
        ndcg.append(value)
        good = {f for f, g in grades.items() if g >= 2}
        recall.append(len(good & set(ranked[:20])) / len(good) if good else 1.0)
        if is_english(scene.title):
            english.append(value)
        top = [f for f in ranked[:10] if f in off_chain and grades.get(f, 0) == 0]
        distractors = max(distractors, len(top))
    return {
        "nDCG@10": sum(ndcg) / len(ndcg),
        "Recall@20": sum(recall) / len(recall),
        "English nDCG@10": sum(english) / len(english) if english else float("nan"),
        "max distractors in a top 10": distractors,
    }


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not getrusage: Linux keeps ru_maxrss across exec, so a
    child started by a big parent would report the parent's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
