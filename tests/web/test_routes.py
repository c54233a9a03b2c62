"""Route shapes: a write answers with its object as it now is, and the document shows it."""

from __future__ import annotations

import inspect
from typing import Any

from scenehub.web.routes import then_read

reads: list[tuple[Any, Any, str]] = []


def read_thing(session: Any, actor: Any, code: str) -> dict[str, str]:
    reads.append((session, actor, code))
    return {"code": code}


answers = then_read(read_thing)


@answers
def rename(code: str, name: str, actor: Any, session: Any) -> None:
    """Rename a thing."""


@answers
def create(name: str, actor: Any, session: Any) -> str:
    return f"T-{name}"


def test_a_write_answers_with_the_object_it_wrote_or_made() -> None:
    assert rename(code="T-1", name="x", actor="a", session="s") == {"code": "T-1"}
    assert create(name="2", actor="a", session="s") == {"code": "T-2"}
    assert reads == [("s", "a", "T-1"), ("s", "a", "T-2")]


def test_the_route_keeps_the_writes_parameters_and_shows_the_reads_type() -> None:
    signature = inspect.signature(rename)
    assert list(signature.parameters) == ["code", "name", "actor", "session"]
    assert signature.return_annotation == dict[str, str]
    assert rename.__doc__ == "Rename a thing."
