"""`scenehub serve` believes X-Forwarded-For only from the proxies a setting names (issue 16,
finding 2): uvicorn's own default believes loopback, so anyone reaching the port from the
host rotated the header past the sign-in throttle. A real server in a subprocess, as run."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_SECRET
from tests.live_server import free_port, launched

pytestmark = pytest.mark.slow

SCENEHUB = Path(sys.executable).with_name("scenehub")


@contextmanager
def scenehub_serve(data_dir: Path, **settings: str) -> Iterator[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENEHUB_")}
    env |= {"SCENEHUB_DATA_DIR": str(data_dir), "SCENEHUB_SECRET_KEY": TEST_SECRET}
    env |= {f"SCENEHUB_{name.upper()}": value for name, value in settings.items()}
    env["SCENEHUB_HOUSEKEEPING_SECONDS"] = "0"
    port = free_port()
    command = [str(SCENEHUB), "serve", "--host", "127.0.0.1", "--port", str(port)]
    base_url = f"http://127.0.0.1:{port}"
    data_dir.mkdir(parents=True, exist_ok=True)
    with launched(command, env, f"{base_url}/healthz", data_dir / "serve.log", 120):
        yield base_url


def guesses_from_rotating_addresses(base_url: str, count: int) -> list[int]:
    return [
        httpx.post(
            f"{base_url}/api/v1/auth/token",
            json={"username": "no-such-user", "password": f"guess {n}"},
            headers={"X-Forwarded-For": f"203.0.113.{n + 1}"},
        ).status_code
        for n in range(count)
    ]


def test_a_rotated_forwarded_for_header_does_not_reset_the_lock(tmp_path: Path) -> None:
    with scenehub_serve(tmp_path / "data") as base_url:
        assert guesses_from_rotating_addresses(base_url, 6) == [401] * 5 + [429]
        assert "server" not in httpx.get(f"{base_url}/healthz").headers


def test_a_trusted_proxy_names_the_client_address(tmp_path: Path) -> None:
    with scenehub_serve(tmp_path / "data", trusted_proxies="127.0.0.1") as base_url:
        # each forwarded address is a client of its own: none reaches five failures
        assert guesses_from_rotating_addresses(base_url, 6) == [401] * 6
