"""Shapes of routes the domains share, built from a plain function's parameters.

``then_read(read)``: a JSON write answers with the object as it now is. The decorated
function takes the route's parameters (named ``code``, ``actor``, ``session`` among them)
and writes; it returns None, or the code of the object it made. The route then answers
``read(session, actor, code)``, and the document shows ``read``'s type.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from scenehub.governance.policy import Actor

T = TypeVar("T")
Write = Callable[..., str | None]


def reshaped(
    route: Callable[..., Any],
    like: Callable[..., Any],
    returns: Any,
    extra: tuple[inspect.Parameter, ...] = (),
) -> None:
    """Give ``route`` (a ``**params`` wrapper of ``like``) the parameters FastAPI reads:
    ``like``'s, resolved, then ``extra``; and the return type ``returns``."""
    signature = inspect.signature(like, eval_str=True)
    route.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *extra], return_annotation=returns
    )


def then_read(
    read: Callable[[Session, Actor, str], T],
) -> Callable[[Write], Callable[..., T]]:
    """Route decorator: the write, then ``read`` of its object (the path's ``code``, or the
    one the write returns)."""
    returns = inspect.signature(read, eval_str=True).return_annotation

    def decorate(write: Write) -> Callable[..., T]:
        @functools.wraps(write)
        def route(**params: Any) -> T:
            code = write(**params) or params["code"]
            return read(params["session"], params["actor"], code)

        reshaped(route, write, returns)
        return route

    return decorate
