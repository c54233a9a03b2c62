"""Matching quality and speed on a synthetic city. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/match.py [--scale 5000] [--seed 7] [--scenes 1000] [--city DIR]

Quality: nDCG@10 and Recall@20 (of the highly relevant, grade-3 firms, out of as many as 20
places can hold) against the city's truth (truth/scene_firms.csv, grades 3/2/1), for
- the engine on the bulk contract's input: firms' name and text only, segments read from it;
- the engine with declared segments: the registry's segments of firms and scenes' wanted
  segments (here the city's truth; in the platform, firms' own capabilities or the
  classifier's);
- plain BM25 over the same words and bigrams, computed in the same run.
Speed, on the same city and in a fresh process (so that its peak RSS is its own): index
build, p95 latency of one scene's ranking (top 20), a batch of ``--scenes`` scenes, and the
peak RSS (the loaded firms and scenes included, and printed apart).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scenehub.matching.citydata import JudgedCity, load_city
from scenehub.matching.documents import SceneDoc
from scenehub.matching.evaluation import bm25_baseline, ndcg_at, recall_at
from scenehub.matching.index import build_firm_index
from scenehub.matching.rank import rank_firms_for_scene

TOP = 20


def generate(out: Path, scale: int, seed: int, scenes: int) -> None:
    from scenehub.demo.city import generate_city
    from scenehub.demo.config import load_city as load_city_file
    from scenehub.industry.taxonomy import load_chain

    started = time.perf_counter()
    generate_city(
        out, scale=scale, seed=seed, city=load_city_file(), chain=load_chain(), scenes=scenes
    )
    print(f"generated {scale:,} firms, {scenes:,} scenes in {time.perf_counter() - started:.0f} s")


def quality(city: JudgedCity, rankings: dict[str, list[str]]) -> tuple[float, float]:
    ndcg = [ndcg_at(rankings[s.id], city.grades.get(s.id, {}), 10) for s in city.scenes]
    recall = [recall_at(rankings[s.id], city.grades.get(s.id, {}), TOP) for s in city.scenes]
    return statistics.mean(ndcg), statistics.mean(recall)


def engine_rankings(city: JudgedCity) -> dict[str, list[str]]:
    index = build_firm_index(city.firms)
    return {s.id: [m.id for m in rank_firms_for_scene(s, index, top=TOP)] for s in city.scenes}


def seconds_since(started: float) -> float:
    return time.perf_counter() - started


def report_quality(folder: Path) -> None:
    text_only = load_city(folder)
    declared = load_city(folder, declared_segments=True)
    print(f"\nquality on {len(text_only.scenes)} scenes × {len(text_only.firms):,} firms")
    print(f"  {'method':<34} {'nDCG@10':>8} {'Recall@20':>10}")
    runs = (
        ("plain BM25 (baseline)", bm25_baseline(text_only.scenes, text_only.firms, TOP)),
        ("engine, text only (bulk contract)", engine_rankings(text_only)),
        ("engine, declared segments", engine_rankings(declared)),
    )
    for label, rankings in runs:
        ndcg, recall = quality(text_only, rankings)
        print(f"  {label:<34} {ndcg:8.3f} {recall:10.3f}")


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not getrusage: Linux keeps ru_maxrss across exec, so a
    child started by a big parent would report the parent's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report_speed(folder: Path, batch: int) -> None:
    city = load_city(folder, with_truth=False)
    loaded = peak_rss_mb()
    print(f"\nspeed on {len(city.firms):,} firms (load average {os.getloadavg()[0]:.1f})")
    started = time.perf_counter()
    index = build_firm_index(city.firms)
    print(f"  {'index build':<34} {seconds_since(started):8.1f} s")
    latencies = []
    for scene in city.scenes[:200]:
        started = time.perf_counter()
        rank_firms_for_scene(scene, index, top=TOP)
        latencies.append(seconds_since(started) * 1000)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(f"  {'one scene, top 20: p50 / p95':<34} {p50:6.1f} / {p95:.1f} ms")
    scenes = [_nth(city.scenes, i) for i in range(batch)]
    started = time.perf_counter()
    for scene in scenes:
        rank_firms_for_scene(scene, index, top=TOP)
    print(f"  {f'{batch:,} scenes in one batch':<34} {seconds_since(started):8.1f} s")
    peak = peak_rss_mb()
    print(f"  {'peak RSS':<34} {peak:8.0f} MB   (after loading the files: {loaded:.0f} MB)")


def _nth(scenes: list[SceneDoc], i: int) -> SceneDoc:
    """The i-th scene of a batch, cycling through the city's scenes if it has fewer."""
    return scenes[i % len(scenes)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=5000, help="firms of the generated city")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scenes", type=int, default=1000, help="scenes (and the batch size)")
    parser.add_argument("--city", type=Path, help="use this generated city instead")
    parser.add_argument("--speed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.speed_only:
        report_speed(args.city, args.scenes)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.city
        if folder is None:
            folder = Path(tmp) / "city"
            generate(folder, args.scale, args.seed, args.scenes)
        report_quality(folder)
        sys.stdout.flush()
        command = [sys.executable, __file__, "--speed-only", "--city", str(folder)]
        subprocess.run([*command, "--scenes", str(args.scenes)], check=True)


if __name__ == "__main__":
    main()
