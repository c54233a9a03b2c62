"""How long `scenehub demo` takes until it answers: first start (migrate, seed, serve) and a
restart on the same data dir. Prints seconds; asserts nothing.

    .venv/bin/python benchmarks/demo_start.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SCENEHUB = Path(sys.executable).parent / "scenehub"


LIMIT_SECONDS = 900  # give up after this: the figure is printed, never asserted


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seconds_until_healthy(data_dir: Path) -> float:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENEHUB_")}
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(SCENEHUB), "demo", "--data-dir", str(data_dir), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - start < LIMIT_SECONDS:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    return time.perf_counter() - start
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"demo did not answer within {LIMIT_SECONDS} s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cold, warm = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            cold.append(seconds_until_healthy(Path(tmp)))
            warm.append(seconds_until_healthy(Path(tmp)))
    for label, runs in (
        ("first start (city, load, ingest, resolve, serve)", cold),
        ("restart on the same data dir", warm),
    ):
        listed = ", ".join(f"{x:.2f}" for x in runs)
        print(f"demo {label:<50} median {statistics.median(runs):.2f} s (runs: {listed})")


if __name__ == "__main__":
    main()
