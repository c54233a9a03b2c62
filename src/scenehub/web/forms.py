"""Form pages that re-render themselves with the error when a submission fails.

A route that handles a form declares ``form_page(template, build_context)`` after its
permission. The dependency builds the page's context before the form is validated or the
action runs, so a validation error (422) or an action's error (403, 409 …) shows the same
page with the message instead of a bare error page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Depends, Request

from scenehub.web.deps import CurrentActor, SessionDep

# Builds the page's context from the actor, the session and the route's path parameters
# (``/scenes/{code}/move`` passes ``code=...``).
ContextBuilder = Callable[..., dict[str, Any]]


def form_page(template: str, build_context: ContextBuilder) -> Any:
    """Dependency: on error, render ``template`` with
    ``build_context(actor, session, **path_params)``."""

    def remember_form_page(request: Request, actor: CurrentActor, session: SessionDep) -> None:
        context = build_context(actor, session, **request.path_params)
        request.state.error_template = (template, context)

    return Depends(remember_form_page)
