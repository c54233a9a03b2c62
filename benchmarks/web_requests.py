"""Per-request cost of the app: scenehub on PostgreSQL beside a bare FastAPI + sqlite3 app.

One run creates a fresh PostgreSQL database, migrates it and loads the synthetic city at a
small scale (a few hundred scenes, firms with accounts, their history, the demo logins),
starts ``scenehub serve`` and the bare app (``benchmarks/bare_app.py``, the same scenes in
an sqlite3 file) with two workers each on free loopback ports, and loads both with the same
number of connections: the public scene list (anonymous) and the same list with an
operator's bearer token. It prints requests/s, p50/p99 latency and errors of each, and the
app/bare ratios; then stops both servers and drops the database. Asserts nothing.

The load comes from ``wrk`` when it is installed (``apt-get install wrk``), else from
``benchmarks/loadgen.py`` in its own process. Client and servers share the machine's
cores, so absolute figures move with the load of the machine; read the ratios, which are
measured in the same run, endpoint by endpoint, in short turns of each server in
alternating order (so both see the same machine). p50 and p99 are the medians of the
turns' figures; the worst turn's p99 is printed beside them and judged against the target.

    .venv/bin/python benchmarks/web_requests.py [--connections 64] [--seconds 5]
        [--turns 4] [--rounds 2] [--hot-paths]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

``--hot-paths`` adds the sequential figures of the foundation's other hot paths (appending
and verifying the audit trail, sign-in with argon2id, ``/api/v1/me``, the audit page).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bare_app import create_database
from scenehub.auth import service as auth_service
from scenehub.auth.schemas import TokenCreate
from scenehub.db import get_engine, transaction, upgrade_database
from scenehub.governance import audit
from scenehub.governance.policy import SYSTEM
from scenehub.scenes.models import Scene
from scenehub.scenes.schemas import SceneRead

ROOT = Path(__file__).resolve().parent.parent
SCENEHUB = Path(sys.executable).parent / "scenehub"
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TARGETS = {"public": 0.5, "authenticated": 0.4}  # app/bare requests/s, from issue 12
P99_TARGET_MS = 250.0

# wrk's summary as one JSON line (latencies in microseconds).
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'REPORT {"requests": %d, "seconds": %f, "errors": %d, "p50_ms": %f, "p99_ms": %f,'
    .. ' "max_ms": %f}\\n',
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""


@dataclass(frozen=True)
class Seeded:
    scenes: list[dict[str, object]]
    operator_token: str
    logins: dict[str, str]  # username -> password


@dataclass(frozen=True)
class Figures:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    p99_worst_ms: float = 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for this run, dropped afterwards."""
    name = f"scenehub_bench_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed(url: str, data: Path, firms: int, scenes: int) -> Seeded:
    """Migrate, then load the synthetic city at a small scale and issue an operator token."""
    from scenehub.demo.city import generate_city
    from scenehub.demo.config import load_city
    from scenehub.demo.load import load_city as load_city_into_db
    from scenehub.demo.seed import seed_demo_accounts
    from scenehub.industry.taxonomy import load_chain

    upgrade_database(url)
    config = load_city()
    city_dir = data / "city"
    generate_city(city_dir, scale=firms, seed=2025, city=config, chain=load_chain(), scenes=scenes)
    with transaction(url) as session:
        logins = seed_demo_accounts(session, data)
        summary = load_city_into_db(session, SYSTEM, city_dir, config)
        operator = auth_service.find_user(session, "operator")
        assert operator is not None
        token = auth_service.issue_token(
            session, auth_service.actor_of(operator), TokenCreate(name="benchmark"), 30
        ).token
    with transaction(url, read_only=True) as session:
        rows = [SceneRead.model_validate(s).model_dump() for s in session.scalars(select(Scene))]
        entries = session.scalar(text("SELECT count(*) FROM audit_entries"))
    print(
        f"seeded: {summary.organisations} organisations, "
        + ", ".join(f"{n} {what}" for what, n in summary.counts.items())
        + f", {entries} audit entries"
    )
    return Seeded(rows, token, {login.username: login.password for login in logins})


@contextmanager
def running(command: list[str], env: dict[str, str], base: str) -> Iterator[str]:
    """Run a server until the block ends; yields its base URL once /healthz answers."""
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(600):
            if server.poll() is not None:
                raise RuntimeError(f"{command[0]} exited: {server.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def load(url: str, connections: int, seconds: int, headers: dict[str, str]) -> Figures:
    """``connections`` requests in flight to ``url`` for ``seconds`` (wrk, else loadgen)."""
    with tempfile.TemporaryDirectory() as tmp:
        command = _load_command(Path(tmp), url, connections, seconds, headers)
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith(("REPORT ", "{")))
    report = json.loads(line.removeprefix("REPORT "))
    return Figures(
        report["requests"],
        report["seconds"],
        report["errors"],
        report["p50_ms"],
        report["p99_ms"],
        report["p99_ms"],
    )


def _load_command(
    tmp: Path, url: str, connections: int, seconds: int, headers: dict[str, str]
) -> list[str]:
    if not shutil.which("wrk"):
        return [
            sys.executable,
            str(ROOT / "benchmarks" / "loadgen.py"),
            url,
            f"--connections={connections}",
            f"--seconds={seconds}",
            *(f"--header={k}:{v}" for k, v in headers.items()),
        ]
    script = tmp / "report.lua"
    script.write_text(WRK_REPORT, encoding="utf-8")
    return [
        "wrk",
        f"-t{min(connections, os.cpu_count() or 1)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        *(arg for k, v in headers.items() for arg in ("-H", f"{k}: {v}")),
        url,
    ]


def check_same_shape(app: str, bare: str, token: str, limit: int) -> None:
    """Both servers answer both endpoints with ``limit`` rows; print the body sizes."""
    auth = {"Authorization": f"Bearer {token}"}
    sizes = []
    for url, headers in (
        (f"{app}/api/v1/scenes?limit={limit}", {}),
        (f"{app}/api/v1/scenes?limit={limit}", auth),
        (f"{bare}/scenes?limit={limit}", {}),
        (f"{bare}/private/scenes?limit={limit}", auth),
    ):
        response = httpx.get(url, headers=headers)
        response.raise_for_status()
        if len(response.json()) != limit:
            raise RuntimeError(f"{url} returned {len(response.json())} rows, not {limit}")
        sizes.append(len(response.content))
    print(
        f"response bodies ({limit} scenes): app {sizes[0]}/{sizes[1]} bytes, "
        f"bare {sizes[2]}/{sizes[3]} bytes (public/authenticated)"
    )


def measure_round(
    app: str, bare: str, token: str, args: argparse.Namespace
) -> dict[str, tuple[Figures, Figures]]:
    """Each endpoint on both servers, after a warm-up of each, in alternating turns."""
    auth = {"Authorization": f"Bearer {token}"}
    endpoints = {
        "public": (
            f"{app}/api/v1/scenes?limit={args.limit}",
            f"{bare}/scenes?limit={args.limit}",
            {},
        ),
        "authenticated": (
            f"{app}/api/v1/scenes?limit={args.limit}",
            f"{bare}/private/scenes?limit={args.limit}",
            auth,
        ),
    }
    results = {}
    for name, (app_url, bare_url, headers) in endpoints.items():
        for url in (bare_url, app_url):
            load(url, args.connections, args.warmup, headers)
        slices: dict[str, list[Figures]] = {app_url: [], bare_url: []}
        # Short turns, in alternating order, so that both servers see the same machine.
        for turn in range(args.turns):
            for url in (bare_url, app_url) if turn % 2 == 0 else (app_url, bare_url):
                slices[url].append(load(url, args.connections, args.seconds, headers))
        results[name] = (combined(slices[app_url]), combined(slices[bare_url]))
    return results


def combined(turns: list[Figures]) -> Figures:
    """One server's turns as one figure: all requests over all seconds; the median of the
    turns' p50 and p99, and the worst turn's p99."""
    return Figures(
        sum(t.requests for t in turns),
        sum(t.seconds for t in turns),
        sum(t.errors for t in turns),
        statistics.median(t.p50_ms for t in turns),
        statistics.median(t.p99_ms for t in turns),
        max(t.p99_worst_ms for t in turns),
    )


def print_round(number: int, results: dict[str, tuple[Figures, Figures]], connections: int) -> None:
    print(f"\nround {number}")
    print(
        f"{'endpoint':<34}{'server':<8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'worst p99':>11}{'errors':>8}"
    )
    labels = {
        "public": "GET /api/v1/scenes (anonymous)",
        "authenticated": "GET /api/v1/scenes (bearer token)",
    }
    for name, (app, bare) in results.items():
        for label, server, f in ((labels[name], "bare", bare), ("", "app", app)):
            print(
                f"{label:<34}{server:<8}{f.rate:9.1f}{f.p50_ms:9.1f}{f.p99_ms:9.1f}"
                f"{f.p99_worst_ms:11.1f}{f.errors:8d}"
            )
    for name, (app, bare) in results.items():
        ratio = app.rate / bare.rate
        met = ratio >= TARGETS[name] and app.p99_worst_ms <= P99_TARGET_MS and app.errors == 0
        print(
            f"  {name:<14} app/bare {ratio:5.2f} (target ≥ {TARGETS[name]}),"
            f" app p99 {app.p99_ms:6.1f} ms, worst turn {app.p99_worst_ms:6.1f} ms"
            f" (target ≤ {P99_TARGET_MS:.0f}), errors {app.errors}"
            f" → {'reached' if met else 'NOT reached'}"
        )
    print(
        "  (a closed loop: mean latency = connections / throughput, so a p99 within "
        f"{P99_TARGET_MS:.0f} ms needs well over {connections * 1000 / P99_TARGET_MS:.0f} req/s"
        f" at {connections} connections)"
    )


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


def hot_paths(url: str, app: str, seeded: Seeded, requests: int, entries: int) -> None:
    """The foundation's other hot paths, one request after another (as before issue 12)."""
    print("\nhot paths (sequential)")
    start = time.perf_counter()
    with transaction(url) as session:
        for n in range(entries):
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
        f"{entries / (time.perf_counter() - start):8.1f} entries/s"
    )
    start = time.perf_counter()
    with transaction(url, read_only=True) as session:
        report = audit.verify(session)
    print(
        f"{'verify the audit chain':<44} "
        f"{report.entries_checked / (time.perf_counter() - start):8.1f} "
        f"entries/s   ({report.entries_checked} entries, ok={report.ok})"
    )
    credentials = {"username": "admin", "password": seeded.logins["admin"]}
    client = httpx.Client(base_url=app)
    token = client.post("/api/v1/auth/token", json=credentials).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    timed(
        "sign in (argon2id, password grant)",
        max(requests // 10, 10),
        lambda: client.post("/api/v1/auth/token", json=credentials),
    )
    me = lambda: client.get("/api/v1/me", headers=headers)  # noqa: E731
    timed("GET /api/v1/me (bearer token)", requests, me)
    timed("GET /api/v1/me (bearer token)", requests, me, threads=8)
    timed(
        "GET /api/v1/audit?limit=100",
        requests // 3,
        lambda: client.get("/api/v1/audit", params={"limit": 100}, headers=headers),
    )
    timed("GET /healthz", requests, lambda: client.get("/healthz"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default=ADMIN_URL, help="a database to create the run's in")
    parser.add_argument("--firms", type=int, default=500, help="firms in the synthetic city")
    parser.add_argument("--scenes", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=5, help="per turn")
    parser.add_argument("--turns", type=int, default=4, help="turns of each server")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--limit", type=int, default=50, help="scenes per list response")
    parser.add_argument("--hot-paths", action="store_true")
    parser.add_argument("--requests", type=int, default=300, help="for --hot-paths")
    parser.add_argument("--entries", type=int, default=20000, help="for --hot-paths")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, fresh_database(args.postgres) as url:
        data = Path(tmp)
        seeded = seed(url, data, args.firms, args.scenes)
        create_database(str(data / "bare.sqlite3"), seeded.scenes, [seeded.operator_token])
        env = {k: v for k, v in os.environ.items() if not k.startswith("SCENEHUB_")}
        env.update(
            SCENEHUB_DATABASE_URL=url,
            SCENEHUB_DATA_DIR=str(data),
            SCENEHUB_SECRET_KEY="b" * 48,
            BARE_APP_DB=str(data / "bare.sqlite3"),
        )
        app_port, bare_port = free_port(), free_port()
        workers = str(args.workers)
        app_command = [str(SCENEHUB), "serve", "--port", str(app_port), "--workers", workers]
        # The bare app runs under uvicorn as `scenehub serve` does: same loop, parser, log level.
        bare_command = [
            sys.executable,
            "-m",
            "uvicorn",
            "benchmarks.bare_app:create_app",
            "--factory",
            "--app-dir",
            str(ROOT),
            "--port",
            str(bare_port),
            "--workers",
            workers,
            "--log-level",
            "info",
        ]
        with (
            running(app_command, env, f"http://127.0.0.1:{app_port}") as app,
            running(bare_command, env, f"http://127.0.0.1:{bare_port}") as bare,
        ):
            tool = "wrk" if shutil.which("wrk") else "benchmarks/loadgen.py (wrk not installed)"
            print(
                f"scenehub on PostgreSQL and the bare FastAPI + sqlite3 app, {args.workers} "
                f"workers each; {args.connections} connections, {args.turns} turns of "
                f"{args.seconds} s per server and figure in alternating order (after "
                f"{args.warmup} s of warm-up), load from {tool}.\n"
                f"Client and both servers share this machine's {os.cpu_count()} cores: "
                "absolute figures move with its load, the ratios are the figures to read."
            )
            check_same_shape(app, bare, seeded.operator_token, args.limit)
            for number in range(1, args.rounds + 1):
                print_round(
                    number, measure_round(app, bare, seeded.operator_token, args), args.connections
                )
            if args.hot_paths:
                hot_paths(url, app, seeded, args.requests, args.entries)


if __name__ == "__main__":
    main()
