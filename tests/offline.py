"""Provably offline (issue 16): while the tests run, every socket the test process opens
may reach only this machine (loopback, Unix sockets). Government intranets are air-gapped,
so the app, the pipeline and the models must need nothing from outside; a connection
elsewhere is refused and fails the test that made it, even if the code caught the error.

The browser tests' `scenehub demo` runs under the same guard (`tests/offline_run.py`, which
writes each refused connection to a file the tests read), and tests/browser/test_offline.py
records every request Chromium makes. Spark's JVM and the test OpenID provider (Node.js) are
outside the guard; they are only ever addressed on loopback.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

_attempts: list[str] = []
_installed: list[tuple[str, Any]] = []
_record_to: list[Path] = []


class OfflineViolation(OSError):
    """A test tried to reach a host other than this machine."""


def _is_local(address: Any) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths, and abstract socket names
    host = str(address[0]).split("%")[0]
    if host in {"localhost", "localhost.localdomain", ""}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: resolving it would already be a request outside


def _guarded(original: Callable[..., Any]) -> Callable[..., Any]:
    def connect(self: socket.socket, address: Any, *args: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
            _attempts.append(f"{address!r}")
            for path in _record_to:
                with path.open("a", encoding="utf-8") as record:
                    record.write(f"{address!r}\n")
            raise OfflineViolation(f"the tests run offline: refused a connection to {address!r}")
        return original(self, address, *args)

    return connect


def install(record_to: Path | None = None) -> None:
    """Guard ``socket.connect``/``connect_ex`` (idempotent); with ``record_to``, each refused
    connection is also appended to that file as it happens (for a guarded subprocess)."""
    if record_to is not None and record_to not in _record_to:
        _record_to.append(record_to)
    if _installed:
        return
    for name in ("connect", "connect_ex"):
        original = getattr(socket.socket, name)
        _installed.append((name, original))
        setattr(socket.socket, name, _guarded(original))


def take_attempts() -> list[str]:
    """The refused connections since the last call."""
    taken = list(_attempts)
    _attempts.clear()
    return taken
