"""Single sign-on round trips against the local OpenID provider (tests/oidc, node): how long
the app's two legs take — `/login/oidc` (state, nonce, PKCE; discovery once) and the callback
(code exchange, ID token check against the JWKS, userinfo, the user, the session) — and the
provider's leg between them, for a returning user (the provider remembers the browser).

    PYTHONPATH=src python -m benchmarks.sso [--rounds 50]

Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import httpx
from tests.oidc.fixtures import (
    Provider,
    free_port,
    register_organisations,
    sso_settings,
    start_provider,
    start_server,
    stop,
    through_the_provider,
)

from scenehub.auth import credentials
from scenehub.db import upgrade_database


def _round(client: httpx.Client, app_url: str) -> tuple[float, float, float]:
    client.cookies.delete("scenehub_session")
    t0 = time.perf_counter()
    start = client.get(f"{app_url}/login/oidc")
    t1 = time.perf_counter()
    back = through_the_provider(client, start, "firm-officer", until_callback=True)
    t2 = time.perf_counter()
    landed = client.get(urljoin(str(back.url), back.headers["location"]))
    t3 = time.perf_counter()
    assert landed.status_code == 303 and landed.headers["location"] == "/", landed.text
    return t1 - t0, t2 - t1, t3 - t2


def _figures(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"  {name:<34} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    credentials.configure_hasher(time_cost=1, memory_cost_kib=1024)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'scenehub.sqlite3'}"
        upgrade_database(url)
        register_organisations(url)
        port, app_port = free_port(), free_port()
        redirect = f"http://127.0.0.1:{app_port}/login/oidc/callback"
        process = start_provider(port, redirect, Path(folder) / "provider.log")
        provider = Provider(f"http://127.0.0.1:{port}", app_port)
        server, thread = start_server(provider, sso_settings(provider, url, Path(folder)))
        try:
            with httpx.Client(timeout=30) as client:
                first = time.perf_counter()
                start = client.get(f"{provider.app_url}/login/oidc")
                through_the_provider(client, start, "firm-officer")
                first = time.perf_counter() - first
                legs = [_round(client, provider.app_url) for _ in range(args.rounds)]
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            stop(process)
    print(f"single sign-on, {args.rounds} returning sign-ins (SQLite, one uvicorn thread):")
    print(f"  first sign-in (discovery, forms, consent, new user): {first * 1000:.0f} ms")
    print(_figures("app: /login/oidc", [a for a, _, _ in legs]))
    print(_figures("provider: its redirects", [b for _, b, _ in legs]))
    print(_figures("app: callback (exchange, verify…)", [c for _, _, c in legs]))
    print(_figures("whole round trip", [a + b + c for a, b, c in legs]))


if __name__ == "__main__":
    main()
