"""The offline guard itself: a connection elsewhere is refused and fails the test; one to
this machine goes through."""

from __future__ import annotations

import socket

import pytest

from tests import offline
from tests.live_server import free_port


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
