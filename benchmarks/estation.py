"""E-Station eligibility figures. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/estation.py [--firms 100000] [--products 200] [--seed 14]
                                            [--explained 2000] [--known 0.85]
                                            [--web 300] [--web-scale 150]

Generated products (rules of one to four parts, nested any / not now and then, every field
and operator; tests/estation/factories.py) and firms (each fact given with probability
``--known``).

- **eligibility**: every firm × every product through the compiled closures, one firm at a
  time as the CLI reads them (the issue's figure: 100,000 × 200 in ≤ 60 s);
- **explained**: ``--explained`` firms through what ``scenehub estation check`` does for a
  firm — every condition explained, the package, the JSON line — and one firm's p50 / p95;
- **web**: one firm's check in the web app (the issue's figure: p95 ≤ 50 ms): ``--web``
  requests of ``GET /api/v1/estation/eligibility`` (and of the page ``/my/eligibility``)
  through a TestClient, against an app on a SQLite database with ``--products`` published
  products and the warehouse of a generated city of ``--web-scale`` firms, ingested and
  resolved (tests/estation/conftest.py); the firm is a golden firm of that city. Each
  request reads the firm's facts from the warehouse, audits the read, explains every
  product and builds the package. ``--web 0`` leaves it out.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.estation.factories import random_firms, random_products

from scenehub.estation.check import (
    CompiledProduct,
    check_firm,
    compile_products,
    eligibility,
    firm_check_json,
)
from scenehub.estation.facts import FIELDS, FirmFacts, firm_from_json
from scenehub.estation.products import products_from_data
from scenehub.estation.rules import AllOf, AnyOf, NotRule, Rule
from scenehub.translator import Translator

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


def conditions(rule: Rule) -> int:
    if isinstance(rule, AllOf | AnyOf):
        return sum(conditions(part) for part in rule.parts)
    return conditions(rule.part) if isinstance(rule, NotRule) else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--explained", type=int, default=2000)
    parser.add_argument("--known", type=float, default=0.85)
    parser.add_argument("--web", type=int, default=300)
    parser.add_argument("--web-scale", type=int, default=150)
    args = parser.parse_args()

    start = time.perf_counter()
    products = products_from_data(random_products(args.seed, args.products))
    compiled = compile_products(products)
    compile_seconds = time.perf_counter() - start
    per_product = statistics.mean(conditions(p.rule) for p in products)
    print(f"{len(products)} products, {per_product:.1f} conditions each on average")
    print(f"  parsed and compiled in {compile_seconds * 1000:.0f} ms")

    rows = random_firms(args.seed + 1, args.firms, args.known)
    start = time.perf_counter()
    firms = [firm_from_json(row) for row in rows]
    print(f"{len(firms)} firms, facts checked in {time.perf_counter() - start:.2f} s")

    eligibility_figures(compiled, firms)
    explained_figures(compiled, firms[: args.explained])
    if args.web:
        web_figures(args.seed, args.products, args.web, args.web_scale)


def eligibility_figures(compiled: Sequence[CompiledProduct], firms: Sequence[FirmFacts]) -> None:
    counts: Counter[bool | None] = Counter()
    start = time.perf_counter()
    for firm in firms:
        counts.update(eligibility(compiled, firm.facts))
    seconds = time.perf_counter() - start
    pairs = len(firms) * len(compiled)
    print(f"eligibility, {len(firms)} firms × {len(compiled)} products:")
    print(f"  {seconds:.2f} s, {pairs / seconds:,.0f} firm×product checks a second")
    total = sum(counts.values())
    shares = ", ".join(f"{word} {counts[v] / total:.1%}" for v, word in RESULTS)
    print(f"  {shares}")


RESULTS = ((True, "eligible"), (False, "not eligible"), (None, "unknown"))


def explained_figures(compiled: Sequence[CompiledProduct], firms: Sequence[FirmFacts]) -> None:
    if not firms:
        return
    translate = Translator("en")
    sources = dict.fromkeys(FIELDS, "the firm file")
    times: list[float] = []
    size = 0
    for firm in firms:
        start = time.perf_counter()
        line = json.dumps(firm_check_json(check_firm(compiled, firm, sources), translate))
        times.append(time.perf_counter() - start)
        size += len(line) + 1
    seconds = sum(times)
    cuts = statistics.quantiles(times, n=20)
    print(f"explained (as the CLI writes it), {len(firms)} firms × {len(compiled)} products:")
    print(f"  {seconds:.2f} s, {len(firms) / seconds:,.0f} firms a second")
    print(f"  one firm: p50 {cuts[9] * 1000:.1f} ms, p95 {cuts[18] * 1000:.1f} ms")
    print(f"  {size / len(firms) / 1024:.0f} KiB of JSON a firm")


def web_figures(seed: int, products: int, requests: int, scale: int) -> None:
    from tempfile import TemporaryDirectory

    from fastapi.testclient import TestClient

    from benchmarks.estation_web import PASSWORD, USERNAME, web_app

    with TemporaryDirectory() as folder:
        start = time.perf_counter()
        app = web_app(Path(folder), seed, products, scale)
        print(
            f"web: a city of {scale} firms and {products} published products set up in "
            f"{time.perf_counter() - start:.0f} s"
        )
        with TestClient(app) as client:
            login = {"username": USERNAME, "password": PASSWORD}
            token = client.post("/api/v1/auth/token", json=login).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            # As a `scenehub serve` worker is (app.served_app): what was built before the first
            # request (here also the generated city) is out of the collector's sight, or each
            # full collection walks it (300 ms every few dozen requests).
            gc.collect()
            gc.freeze()
            for path in ("/api/v1/estation/eligibility", "/my/eligibility"):
                times = timed(client, path, headers, requests)
                cuts = statistics.quantiles(times, n=20)
                print(
                    f"  GET {path}, {requests} requests: p50 {cuts[9] * 1000:.1f} ms, "
                    f"p95 {cuts[18] * 1000:.1f} ms (the issue's goal: p95 ≤ 50 ms)"
                )


def timed(client: TestClient, path: str, headers: dict[str, str], requests: int) -> list[float]:
    first = client.get(path, headers=headers)  # compiles the products once
    if first.status_code != 200:
        raise SystemExit(f"{path}: {first.status_code} {first.text[:300]}")
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.text[:300]
    return times


if __name__ == "__main__":
    main()
