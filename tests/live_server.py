"""The app under a real uvicorn on a free port of 127.0.0.1, for tests that need a server:
the API contract (schemathesis), the sign-in throttle behind (or not behind) a proxy, the
single sign-on provider's callbacks, the browser tests' demo."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: FastAPI, **options: Any) -> Iterator[str]:
    """``app`` served in a thread for as long as the block runs; yields its base URL.
    ``options`` go to uvicorn (e.g. ``Settings.server_options()``, as `scenehub serve`)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **options)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def launched(
    command: list[str], env: dict[str, str], health_url: str, log: Path, startup_seconds: float
) -> Iterator[subprocess.Popen[bytes]]:
    """``command`` (a `scenehub` server) running, its output in ``log``, once ``health_url``
    answers 200; stopped when the block ends. A test fails, showing the log, if it exits or
    does not answer within ``startup_seconds``."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_until_healthy(process, " ".join(command[:2]), health_url, log, startup_seconds)
        yield process
    finally:
        _stop(process)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local http)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_healthy(
    process: subprocess.Popen[bytes], name: str, url: str, log: Path, startup_seconds: float
) -> None:
    deadline = time.monotonic() + startup_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"`{name}` exited with {process.returncode}:\n"
                f"{log.read_text(encoding='utf-8', errors='replace')}"
            )
        if _healthy(url):
            return
        time.sleep(0.2)
    pytest.fail(
        f"{url} did not answer within {startup_seconds} s:\n"
        f"{log.read_text(encoding='utf-8', errors='replace')}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
