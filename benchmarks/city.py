"""Time and peak memory of generating the synthetic city at several scales. Each scale runs
in a fresh process so its peak RSS is its own. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/city.py [--scales 10000 100000 1000000] [--seed 2025]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_one(scale: int, seed: int, out: Path) -> dict[str, float]:
    """Generate in this process and report (called in a child)."""
    from scenehub.demo.city import generate_city
    from scenehub.demo.config import load_city
    from scenehub.industry.taxonomy import load_chain

    start = time.perf_counter()
    manifest = generate_city(out, scale=scale, seed=seed, city=load_city(), chain=load_chain())
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {
        "scale": scale,
        "seconds": seconds,
        "records": sum(manifest.records.values()),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "disk_mb": size / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.seed, args.out)))
        return
    print(
        f"{'firms':>10} {'records':>11} {'seconds':>9} {'firms/s':>9} {'records/s':>10} "
        f"{'peak RSS':>10} {'on disk':>9}"
    )
    for scale in args.scales:
        with tempfile.TemporaryDirectory() as tmp:
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(scale),
                    "--seed",
                    str(args.seed),
                    "--out",
                    str(Path(tmp) / "city"),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
        r = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"{r['scale']:>10,} {r['records']:>11,} {r['seconds']:>9.1f} "
            f"{r['scale'] / r['seconds']:>9,.0f} {r['records'] / r['seconds']:>10,.0f} "
            f"{r['peak_rss_mb']:>8,.0f}MB {r['disk_mb']:>7,.0f}MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
