"""Classification figures. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/industry.py [--cv] [--scale 5000] [--seed 2026] [--city DIR]
                                            [--no-city] [--map-build]

First, and what counts: **judged sets written by people** (benchmarks/judged.py — the
centre's development set when present, and the hand-written set that ships with scenehub),
each firm read as a ``scenehub match`` line (name, description, tags). Top-1 and top-3 of the
primary segment and macro-F1 over the primaries present, for
- the classifier (``default_classifier``: the seed set and the taxonomy's descriptions);
- zero-shot: the cosine with each segment's prototype (the taxonomy's description), alone;
- the keyword rules (the segment with most taxonomy keywords found),
all in the same run; and how the primary's confidence separates right from wrong answers.
``--cv`` adds 5-fold cross-validation on the seed set itself.

Then, labelled as such, the **synthetic city** (a generated city, or ``--city``), whose
texts the classifier never learnt from, and the throughput (encoding included).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.judged import default_classifier, judged_sets, since
from scenehub.industry.classify import Classifier, TextReader, keyword_baseline
from scenehub.industry.labels import LabelledFirm, Scores
from scenehub.industry.map import MIN_CONFIDENCE
from scenehub.industry.taxonomy import load_chain
from scenehub.matching.semantic import shared_encoder


def predictions(classifier: Classifier, firms: Sequence[LabelledFirm]) -> list[list[str]]:
    texts = [f.text for f in firms]
    vectors = shared_encoder().encode([t.embedding_text for t in texts])
    return [[s.code for s in c.segments] for c in classifier.classify(texts, vectors)]


def zero_shot(classifier: Classifier, firms: Sequence[LabelledFirm]) -> list[list[str]]:
    vectors = shared_encoder().encode([f.text.embedding_text for f in firms])
    cosines = vectors @ classifier.model.prototypes.T
    codes = classifier.model.codes
    return [[codes[i] for i in np.argsort(-row)[:4]] for row in cosines]


def keywords(classifier: Classifier, firms: Sequence[LabelledFirm]) -> list[list[str]]:
    return [[s.code for s in keyword_baseline(classifier.reader.read(f.text))] for f in firms]


def report_judged(classifier: Classifier) -> None:
    for judged in judged_sets():
        firms = judged.labelled_firms()
        print(f"\n{judged.name}: {len(firms)} firms labelled by people (not generated)")
        print(f"  {'method':<44} {'top-1':>6} {'top-3':>6} {'macro-F1':>9}")
        runs = {
            "classifier (seed set + taxonomy)": predictions(classifier, firms),
            "zero-shot on the taxonomy's descriptions": zero_shot(classifier, firms),
            "keyword rules": keywords(classifier, firms),
        }
        for label, predicted in runs.items():
            s = Scores.of(firms, predicted)
            print(f"  {label:<44} {s.top1:6.3f} {s.top3:6.3f} {s.macro_f1:9.3f}")
        report_confidence(classifier, firms)


def report_confidence(classifier: Classifier, firms: Sequence[LabelledFirm]) -> None:
    texts = [f.text for f in firms]
    found = classifier.classify(texts, shared_encoder().encode([t.embedding_text for t in texts]))
    right = np.array([c.primary == f.primary for c, f in zip(found, firms, strict=True)])
    confidence = np.array([c.confidence for c in found])
    for threshold in (0.3, MIN_CONFIDENCE, 0.7):
        sure = confidence >= threshold
        below = f"{right[~sure].mean():.3f}" if (~sure).any() else "—"
        mark = "  ← the map's MIN_CONFIDENCE" if threshold == MIN_CONFIDENCE else ""
        print(
            f"  confidence ≥ {threshold:.2f}: {sure.mean():5.1%} of firms, top-1 "
            f"{right[sure].mean():.3f} (below: {below}){mark}"
        )


def report_cross_validation(folds: int = 5) -> None:
    """The classifier on the seed set itself, each fold learnt from the others."""
    from scenehub.industry.labels import seed_examples, taxonomy_examples
    from scenehub.industry.model_store import train_classifier

    chain = load_chain()
    seed = seed_examples(chain)
    order = list(range(len(seed)))
    random.Random(0).shuffle(order)
    predicted: dict[int, list[str]] = {}
    started = time.perf_counter()
    for k in range(folds):
        test = order[k::folds]
        held = set(test)
        train = [*taxonomy_examples(chain), *(seed[i] for i in order if i not in held)]
        classifier = Classifier(train_classifier(chain, train, shared_encoder()), TextReader(chain))
        for i, codes in zip(test, predictions(classifier, [seed[i] for i in test]), strict=True):
            predicted[i] = codes
    firms = [seed[i] for i in sorted(predicted)]
    s = Scores.of(firms, [predicted[i] for i in sorted(predicted)])
    print(
        f"\nseed set, {folds}-fold cross-validation ({len(seed)} firms, {since(started):.0f} s): "
        f"top-1 {s.top1:.3f}, top-3 {s.top3:.3f}, macro-F1 {s.macro_f1:.3f}"
    )


def report_city(folder: Path, classifier: Classifier) -> None:
    from scenehub.demo.truth import read_city_examples, registry_view

    examples = read_city_examples(folder)
    print(f"\nsynthetic city (generated by scenehub itself; not what counts): {folder}")
    runs = {
        "classifier, all texts": predictions(classifier, examples),
        "classifier, registry view": predictions(classifier, [registry_view(e) for e in examples]),
        "keyword rules": keywords(classifier, examples),
    }
    print(
        f"  {'method':<30} {'top-1':>7} {'top-1 AI':>9} {'macro-F1':>9}   ({len(examples):,} firms)"
    )
    for label, predicted in runs.items():
        s = Scores.of(examples, predicted)
        print(f"  {label:<30} {s.top1:7.4f} {s.top1_ai:9.4f} {s.macro_f1:9.4f}")
    texts = [e.text for e in examples]
    fresh = Classifier(classifier.model, TextReader(classifier.reader.chain))
    started = time.perf_counter()
    for start in range(0, len(texts), 2000):
        batch = texts[start : start + 2000]
        fresh.classify(batch, shared_encoder().encode([t.embedding_text for t in batch]))
    seconds = since(started)
    print(
        f"  throughput: {len(texts) / seconds:,.0f} firms/s, encoding included "
        f"({len(texts):,} firms in {seconds:.1f} s; load average {os.getloadavg()[0]:.1f})"
    )


def generate(out: Path, scale: int, seed: int) -> None:
    from scenehub.demo.city import generate_city
    from scenehub.demo.config import load_city

    started = time.perf_counter()
    generate_city(out, scale=scale, seed=seed, city=load_city(), chain=load_chain(), scenes=120)
    print(f"generated a synthetic city: {scale:,} firms, seed {seed}, in {since(started):.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", action="store_true", help="cross-validate on the seed set")
    parser.add_argument("--scale", type=int, default=5000, help="firms of the synthetic city")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the synthetic city")
    parser.add_argument("--city", type=Path, help="use (or generate into) this city folder")
    parser.add_argument("--no-city", action="store_true", help="only the judged sets")
    args = parser.parse_args()
    classifier = default_classifier()
    report_judged(classifier)
    if args.cv:
        report_cross_validation()
    if args.no_city:
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.city or Path(tmp) / "city"
        if not (folder / "manifest.json").exists():
            generate(folder, args.scale, args.seed)
        report_city(folder, classifier)


if __name__ == "__main__":
    main()
