"""Latency and throughput of the foundation's hot paths on a running app: sign-in, an API
call with a bearer token, a signed-in page, the audit page with a long trail, verifying the
trail. Starts its own server on loopback; SQLite by default, PostgreSQL with --database-url.
Prints figures; asserts nothing.

    .venv/bin/python benchmarks/web_requests.py [--requests 300] [--entries 20000]
        [--database-url postgresql+psycopg://postgres@127.0.0.1/scenehub_bench] [--workers 1]
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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from scenehub.db import transaction, upgrade_database
from scenehub.governance import audit
from scenehub.governance.policy import SYSTEM

SCENEHUB = Path(sys.executable).parent / "scenehub"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def timed(label: str, count: int, call: Callable[[], object], threads: int = 1) -> None:
    durations: list[float] = []

    def one() -> None:
        start = time.perf_counter()
        call()
        durations.append(time.perf_counter() - start)

    wall = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(one) for _ in range(count)]:
            future.result()
    wall = time.perf_counter() - wall
    durations.sort()
    p95 = durations[int(len(durations) * 0.95) - 1]
    print(
        f"{label:<44} {count / wall:8.1f} req/s"
        f"   median {statistics.median(durations) * 1000:7.1f} ms"
        f"   p95 {p95 * 1000:7.1f} ms   ({threads} client thread(s))"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--database-url")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        url = args.database_url or f"sqlite:///{data / 'bench.sqlite3'}"
        upgrade_database(url)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SCENEHUB_")}
        env.update(
            SCENEHUB_DATABASE_URL=url,
            SCENEHUB_DATA_DIR=str(data),
            SCENEHUB_SECRET_KEY="b" * 48,
            SCENEHUB_NEW_PASSWORD="benchmark password",
        )
        subprocess.run(
            [
                str(SCENEHUB),
                "users",
                "create",
                "bench",
                "admin",
                "--org",
                "中心",
                "--org-kind",
                "centre",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        start = time.perf_counter()
        with transaction(url) as session:
            for n in range(args.entries):
                audit.record(
                    session,
                    SYSTEM,
                    "bench.write",
                    resource_type="thing",
                    resource_id=n,
                    details={"n": n},
                )
        print(
            f"{'append audit entries (one transaction)':<44} "
            f"{args.entries / (time.perf_counter() - start):8.1f} entries/s"
        )
        start = time.perf_counter()
        with transaction(url, read_only=True) as session:
            report = audit.verify(session)
        print(
            f"{'verify the audit chain':<44} "
            f"{report.entries_checked / (time.perf_counter() - start):8.1f} "
            f"entries/s   ({report.entries_checked} entries, ok={report.ok})"
        )

        port = free_port()
        server = subprocess.Popen(
            [str(SCENEHUB), "serve", "--port", str(port), "--workers", str(args.workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            credentials = {"username": "bench", "password": "benchmark password"}
            client = httpx.Client(base_url=base)
            token = client.post("/api/v1/auth/token", json=credentials).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            n = args.requests
            timed(
                "sign in (argon2id, password grant)",
                max(n // 10, 10),
                lambda: client.post("/api/v1/auth/token", json=credentials),
            )
            timed(
                "GET /api/v1/me (bearer token)",
                n,
                lambda: client.get("/api/v1/me", headers=headers),
            )
            timed(
                "GET /api/v1/me (bearer token)",
                n,
                lambda: client.get("/api/v1/me", headers=headers),
                threads=8,
            )
            timed(
                "GET /api/v1/audit?limit=100",
                n // 3,
                lambda: client.get("/api/v1/audit", params={"limit": 100}, headers=headers),
            )
            timed("GET /healthz", n, lambda: client.get("/healthz"))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
