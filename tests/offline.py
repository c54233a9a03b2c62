"""Provably offline (issue 16): while the tests run, every socket the test process opens
may reach only this machine (loopback, Unix sockets). Government intranets are air-gapped,
so the app, the pipeline and the models must need nothing from outside; a connection
elsewhere is refused and fails the test that made it, even if the code caught the error.

The browser's own requests are recorded by tests/browser/test_offline.py; subprocesses
(`scenehub demo`, Spark's JVM, the OpenID provider) are outside this guard and are checked
through what they serve (they talk to the tests on loopback only).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

_attempts: list[str] = []
_installed: list[tuple[str, Any]] = []


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
            raise OfflineViolation(f"the tests run offline: refused a connection to {address!r}")
        return original(self, address, *args)

    return connect


def install() -> None:
    """Guard ``socket.connect``/``connect_ex`` (idempotent)."""
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
