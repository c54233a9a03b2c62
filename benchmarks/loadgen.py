"""A small HTTP load generator for when ``wrk`` is not installed: asyncio and httpx, in a
process of its own so that it does not share the GIL with the server it loads.

    .venv/bin/python benchmarks/loadgen.py URL --connections 64 --seconds 15 [--header K:V]

Prints one JSON line: requests, seconds, errors (transport errors, timeouts and non-2xx
answers), p50/p99/max latency in milliseconds. Slower than wrk: at a few thousand requests
per second the client itself is the limit, and the figures say less about the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Callable, Coroutine
from typing import Any

import httpx


async def _connection(
    client: httpx.AsyncClient, url: str, deadline: float, latencies: list[float], errors: list[int]
) -> None:
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        try:
            response = await client.get(url)
            if response.status_code >= 400:
                errors[0] += 1
        except httpx.HTTPError:
            errors[0] += 1
        latencies.append(time.perf_counter() - start)


async def load(
    url: str, connections: int, seconds: float, headers: dict[str, str]
) -> dict[str, float]:
    """Keep ``connections`` requests in flight to ``url`` for ``seconds``."""
    latencies: list[float] = []
    errors = [0]
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, headers=headers, timeout=30) as client:
        start = time.perf_counter()
        deadline = start + seconds
        await asyncio.gather(
            *(_connection(client, url, deadline, latencies, errors) for _ in range(connections))
        )
        elapsed = time.perf_counter() - start
    latencies.sort()

    def percentile(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0.0
        )

    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "errors": errors[0],
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "max_ms": latencies[-1] * 1000 if latencies else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args()
    headers = dict(h.split(":", 1) for h in args.header)
    print(json.dumps(_runner()(load(args.url, args.connections, args.seconds, headers))))


def _runner() -> Callable[[Coroutine[Any, Any, dict[str, float]]], dict[str, float]]:
    """uvloop's runner when it is installed (uvicorn's extra brings it): a faster client."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run
    return uvloop.run


if __name__ == "__main__":
    main()
