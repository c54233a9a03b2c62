"""The offline guard itself: a connection elsewhere is refused and fails the test; one to
this machine goes through."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests import offline
from tests.live_server import free_port

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_a_connection_to_another_machine_is_refused_and_recorded() -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(offline.OfflineViolation),
    ):
        sock.connect(("93.184.215.14", 443))
    assert offline.take_attempts() == ["('93.184.215.14', 443)"]


def test_a_name_is_refused_before_it_is_resolved() -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(offline.OfflineViolation),
    ):
        sock.connect(("pypi.org", 443))
    assert offline.take_attempts() == ["('pypi.org', 443)"]


def test_loopback_goes_through() -> None:
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", port))
        server.listen(1)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        with socket.create_connection(("localhost", port), timeout=5):
            pass
    assert offline.take_attempts() == []


def test_a_guarded_subprocess_writes_what_it_was_refused(tmp_path: Path) -> None:
    attempts = tmp_path / "attempts.txt"
    program = (
        "import socket, sys\n"
        "from pathlib import Path\n"
        "from tests import offline\n"
        "offline.install(record_to=Path(sys.argv[1]))\n"
        "try:\n"
        "    socket.create_connection(('93.184.215.14', 80), timeout=5)\n"
        "except offline.OfflineViolation:\n"
        "    pass\n"  # caught by the code, still on record
    )
    subprocess.run(
        [sys.executable, "-c", program, str(attempts)], check=True, cwd=REPO_ROOT, timeout=60
    )
    assert attempts.read_text(encoding="utf-8").splitlines() == ["('93.184.215.14', 80)"]
