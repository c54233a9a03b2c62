"""Form pages that re-render themselves with the error when a submission fails.

A route that handles a form declares ``form_page(template, build_context)`` after its
permission. When the submission fails — a validation error (422) or the action's error
(403, 409 …) — the error handler builds the page's context then, in a fresh read-only
session (the request's own was rolled back), and shows the same page with the message.
A page that cannot be built (its path names nothing, say) falls back to the plain error
page. Successful submissions never build it.

``FormPosts`` registers the POST routes of one page in that shape: the action runs (one
service call), then a 303 takes the browser back to the page; on failure the page comes
back with the message.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from scenehub.web.deps import CurrentActor
from scenehub.web.routes import reshaped

# Builds the page's context from the actor, a session and those of the route's path
# parameters it names (``/scenes/{code}/move`` passes ``code=...``), and the app's settings
# when it takes ``settings``.
ContextBuilder = Callable[..., dict[str, Any]]


def form_page(template: str, build_context: ContextBuilder, *, keep_typed: bool = False) -> Any:
    """Dependency: on error, render ``template`` with
    ``build_context(actor, session, **path_params it takes)``; with ``keep_typed`` the
    context also has ``typed``, each submitted field's values (a list), so the form shows
    again what the user typed."""
    takes = set(inspect.signature(build_context).parameters)

    async def remember_form_page(request: Request, actor: CurrentActor) -> None:
        params = {k: v for k, v in request.path_params.items() if k in takes}
        if "settings" in takes:
            params["settings"] = request.app.state.settings
        typed = await _typed(request) if keep_typed else None

        def context(session: Session) -> dict[str, Any]:
            built = build_context(actor, session, **params)
            return built if typed is None else {**built, "typed": typed}

        request.state.error_template = (template, context)

    return Depends(remember_form_page)


async def _typed(request: Request) -> dict[str, list[str]]:
    """The submitted form's text fields (already read by the route: the form is cached)."""
    form = await request.form()
    return {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form}


# A form's action: takes the route's parameters (path, permission, session, body) and returns
# None, or the address to go to when it is not the page's (a new salon's, say).
Action = Callable[..., str | None]


@dataclass(frozen=True)
class FormPosts:
    """The POST routes of one form page: each runs its action, then answers 303 to ``back``
    (formatted with the route's parameters: ``/salons/{code}#schedule``); when the action
    fails, the page ``template`` is shown again with the message (and, with ``keep_typed``,
    what was typed: see ``form_page``)."""

    router: APIRouter
    template: str
    build_context: ContextBuilder
    keep_typed: bool = False

    def post(self, path: str, back: str = "") -> Callable[[Action], Action]:
        def register(action: Action) -> Action:
            self.router.post(path)(_then_back(action, self._page(), back))
            return action

        return register

    def _page(self) -> inspect.Parameter:
        built = form_page(self.template, self.build_context, keep_typed=self.keep_typed)
        page = Annotated[None, built]
        return inspect.Parameter("_page", inspect.Parameter.KEYWORD_ONLY, annotation=page)


def _then_back(action: Action, page: inspect.Parameter, back: str) -> Callable[..., Response]:
    """The route: ``action``'s parameters and the page's, the action, then the 303."""

    @functools.wraps(action)
    def route(**params: Any) -> Response:
        params.pop(page.name)
        target = action(**params) or back.format_map(params)
        return RedirectResponse(target, status_code=303)

    # The permission stays first: a refused actor sees the plain error page, as before.
    reshaped(route, action, Response, extra=(page,))
    return route


def safe_next(target: str | None) -> str:
    """A local path to go to after sign-in; anything else (another site) becomes ``/``."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
