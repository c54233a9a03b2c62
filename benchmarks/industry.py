"""The industry figures of issue 6 on a synthetic city. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/industry.py [--scale 5000] [--seed 2026] [--city DIR]
                                            [--model FILE]

Classification: the classifier is trained on the default training city (seed
``training.TRAINING_SEED``, in memory) — or read from ``--model`` — and scored on a held-out
city of another seed (generated, or ``--city``: a folder of ``scenehub city generate``), read
back from its files: truth, firm profiles and department files. Top-1 accuracy of the primary
segment over all firms and over the AI firms only (X.other is most of a city), and F1 per
segment (macro-F1 their mean), for
- the classifier on all the texts the platform holds about a firm (name, scope, capability,
  department attributes, patent titles);
- the classifier on the registry's view alone (name, scope, capability: a ``scenehub match``
  firm file);
- the keyword baseline (the segment with most taxonomy keywords found), in the same run.
Throughput: firms classified per second (reading the texts included, loading not).

Map build: ``report_map_build`` (to come).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from scenehub.industry.classify import Classification, Classifier, TextReader, keyword_baseline
from scenehub.industry.examples import LabelledFirm, Scores, read_city_examples, registry_view
from scenehub.industry.taxonomy import load_chain
from scenehub.industry.training import TRAINING_SEED


def generate(out: Path, scale: int, seed: int) -> None:
    from scenehub.demo.city import generate_city
    from scenehub.demo.config import load_city

    started = time.perf_counter()
    generate_city(out, scale=scale, seed=seed, city=load_city(), chain=load_chain(), scenes=120)
    print(f"generated the held-out city: {scale:,} firms, seed {seed}, in {since(started):.0f} s")


def since(started: float) -> float:
    return time.perf_counter() - started


def load_classifier(model_file: Path | None) -> Classifier:
    from scenehub.industry.model_store import load_model
    from scenehub.industry.training import train_default

    chain = load_chain()
    if model_file is not None:
        model = load_model(model_file)
        print(f"model {model_file}: {model.trained_on}")
    else:
        started = time.perf_counter()
        model, report = train_default(chain)
        print(
            f"trained on {model.trained_on}: {report.examples:,} examples, "
            f"{report.features:,} features, in {since(started):.0f} s "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
    return Classifier(model, TextReader(chain))


def report_classification(folder: Path, classifier: Classifier) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    examples = read_city_examples(folder)
    print(f"\nheld-out city {folder}: seed {manifest['seed']}, {len(examples):,} firms")
    if manifest["seed"] == TRAINING_SEED:
        print(f"  warning: seed {TRAINING_SEED} is the training city's: this is not held out")
    results = classifier.classify([e.text for e in examples])
    runs = {
        "model, all texts": [c.primary for c in results],
        "model, registry view": _predict(classifier, [registry_view(e) for e in examples]),
        "keywords, all texts": [
            keyword_baseline(classifier.reader.read(e.text))[0].code for e in examples
        ],
    }
    scores = {label: Scores.of(examples, predicted) for label, predicted in runs.items()}
    first = next(iter(scores.values()))
    print(f"  {'method':<30} {'top-1':>7} {'top-1 AI':>9} {'macro-F1':>9}")
    print(f"  {'(firms)':<30} {first.firms:>7,} {first.ai_firms:>9,} {len(first.f1):>9}")
    for label, score in scores.items():
        print(f"  {label:<30} {score.top1:7.4f} {score.top1_ai:9.4f} {score.macro_f1:9.4f}")
    print("\n  F1 per segment (primary):")
    print(f"  {'segment':<22} {'support':>7} " + " ".join(f"{n:>21}" for n in scores))
    support = {code: sum(e.primary == code for e in examples) for code in first.f1}
    for code in first.f1:
        cells = " ".join(f"{s.f1[code]:21.3f}" for s in scores.values())
        print(f"  {code:<22} {support[code]:7,} {cells}")
    report_secondaries(examples, results, classifier)


def report_secondaries(
    examples: Sequence[LabelledFirm], results: Sequence[Classification], classifier: Classifier
) -> None:
    """How many secondary segments given are true ones, or at least chain neighbours of the
    primary, and how many true secondaries of correctly classified firms are found."""
    chain = classifier.reader.chain
    given = true = near = wanted = found = 0
    for example, result in zip(examples, results, strict=True):
        secondaries = [s.code for s in result.segments[1:]]
        given += len(secondaries)
        true += sum(code in example.segments for code in secondaries)
        near += sum(
            code in example.segments or code in chain.segment(result.primary).neighbours
            for code in secondaries
        )
        if result.primary == example.primary:
            wanted += len(example.segments) - 1
            found += sum(code in secondaries for code in example.segments[1:])
    print(
        f"\n  secondary segments (all texts): {given:,} given, {true / given:.3f} true, "
        f"{near / given:.3f} true or a neighbour of the primary; "
        f"{found / wanted:.3f} of {wanted:,} true ones found"
    )


def _predict(classifier: Classifier, examples: Sequence[LabelledFirm]) -> list[str]:
    return [c.primary for c in classifier.classify([e.text for e in examples])]


def report_throughput(folder: Path, classifier: Classifier) -> None:
    texts = [e.text for e in read_city_examples(folder)]
    # A reader of its own: the analyzer remembers phrases, and it has seen these texts.
    classifier = Classifier(classifier.model, TextReader(classifier.reader.chain))
    started = time.perf_counter()
    for start in range(0, len(texts), 2000):
        classifier.classify(texts[start : start + 2000])
    seconds = since(started)
    print(
        f"\nthroughput: {len(texts) / seconds:,.0f} firms/s ({len(texts):,} firms, all texts, "
        f"in {seconds:.1f} s; one process; load average {os.getloadavg()[0]:.1f})"
    )


def report_map_build(folder: Path) -> None:
    """The map build figure (issue 6: 1,000,000 firms in ≤ 30 s), in its own process so its
    peak RSS is its own: benchmarks/map_build.py synthesises the firm facts and segments."""
    import subprocess
    import sys

    script = Path(__file__).with_name("map_build.py")
    print("map build at 1,000,000 firms:")
    subprocess.run([sys.executable, str(script), "--firms", "1000000"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=5000, help="firms of the held-out city")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the held-out city")
    parser.add_argument("--city", type=Path, help="use (or generate into) this city folder")
    parser.add_argument("--model", type=Path, help="a trained model file instead of training")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.city or Path(tmp) / "city"
        if not (folder / "manifest.json").exists():
            generate(folder, args.scale, args.seed)
        classifier = load_classifier(args.model)
        report_classification(folder, classifier)
        report_throughput(folder, classifier)
        report_map_build(folder)


if __name__ == "__main__":
    main()
