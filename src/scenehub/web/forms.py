"""Form pages that re-render themselves with the error when a submission fails.

A route that handles a form declares ``form_page(template, build_context)`` after its
permission. When the submission fails — a validation error (422) or the action's error
(403, 409 …) — the error handler builds the page's context then, in a fresh read-only
session (the request's own was rolled back), and shows the same page with the message.
A page that cannot be built (its path names nothing, say) falls back to the plain error
page. Successful submissions never build it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from scenehub.web.deps import CurrentActor

# Builds the page's context from the actor, a session and those of the route's path
# parameters it names (``/scenes/{code}/move`` passes ``code=...``), and the app's settings
# when it takes ``settings``.
ContextBuilder = Callable[..., dict[str, Any]]


def form_page(template: str, build_context: ContextBuilder) -> Any:
    """Dependency: on error, render ``template`` with
    ``build_context(actor, session, **path_params it takes)``."""
    takes = set(inspect.signature(build_context).parameters)

    def remember_form_page(request: Request, actor: CurrentActor) -> None:
        params = {k: v for k, v in request.path_params.items() if k in takes}
        if "settings" in takes:
            params["settings"] = request.app.state.settings

        def context(session: Session) -> dict[str, Any]:
            return build_context(actor, session, **params)

        request.state.error_template = (template, context)

    return Depends(remember_form_page)


def safe_next(target: str | None) -> str:
    """A local path to go to after sign-in; anything else (another site) becomes ``/``."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
