"""One error format: JSON ``{"error": {"code", "message", "details"}}`` for the API and an
error page for browsers, both in the user's language."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from scenehub.errors import AppError, NotAuthenticated, PayloadTooLarge
from scenehub.i18n import N_
from scenehub.web.deps import is_page_request
from scenehub.web.field_problems import field_messages, problem_limit
from scenehub.web.templating import attach_cookies, render, translator

LOG = logging.getLogger(__name__)

# Messages of plain HTTP errors raised by the framework (unknown route, wrong method …).
HTTP_ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", N_("the request could not be read")),
    404: ("not_found", N_("there is nothing at this address")),
    405: ("method_not_allowed", N_("this address does not accept that method")),
    413: ("payload_too_large", N_("the request body is too large")),
}


def _error_page(request: Request) -> tuple[str, dict[str, Any]]:
    """The page to show an error on: the failed form's page when it can be built, else the
    plain error page."""
    template, context = getattr(request.state, "error_template", ("error.html", None))
    if not callable(context):
        return template, dict(context or {})
    try:
        with request.app.state.read_session_factory() as session:
            return template, context(session)
    except AppError:  # the page itself is out of reach (its scene is gone, say)
        return "error.html", {}
    except Exception:  # a bug in the page: show the error plainly, and say so in the log
        LOG.exception("could not build the form page %s", template)
        return "error.html", {}


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if is_page_request(request):
        if status == 401 and request.method == "GET":
            target = quote(
                request.url.path + (f"?{request.url.query}" if request.url.query else "")
            )
            response: Response = RedirectResponse(f"/login?next={target}", status_code=303)
            attach_cookies(request, response)
            return response
        # A form page re-renders itself with the error (see web/forms.py).
        template, context = _error_page(request)
        page = render(
            request,
            template,
            {
                **context,
                "status": status,
                "code": code,
                "message": message,
                "error": message,
                "details": details or {},
                # beside each failing field of the form, what it needs (web/field_problems.py)
                "field_errors": field_messages(
                    (details or {}).get("problems", []) if isinstance(details, dict) else [],
                    translator(request).gettext,
                ),
            },
            status_code=status,
        )
        page.headers.update(headers or {})
        return page
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    response = JSONResponse(body, status_code=status, headers=headers)
    attach_cookies(request, response)
    return response


async def handle_app_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, AppError)
    message = translator(request).gettext(error.message, **error.params)
    return error_response(request, error.status, error.code, message, error.details)


async def handle_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": e.get("msg", ""),
            "type": e.get("type", ""),
            **({"limit": limit} if (limit := problem_limit(e.get("ctx"))) is not None else {}),
        }
        for e in error.errors()
    ]
    t = translator(request)
    if any(p["type"] == "json_invalid" for p in problems):
        return error_response(
            request,
            400,
            "malformed_json",
            t.gettext(N_("the request body is not valid JSON")),
            {"problems": problems},
        )
    names = _field_names(problems)
    message = (
        t.gettext(N_("some fields are missing or invalid: %(fields)s"), fields=names)
        if names
        else t.gettext(N_("some fields are missing or invalid"))
    )
    return error_response(request, 422, "validation_error", message, {"problems": problems})


def _field_names(problems: list[dict[str, Any]]) -> str:
    """The fields the problems are about (``starts_on``, ``rubric.cost``), each once; a
    problem with the body as a whole names none. The tags pydantic adds for the member of a
    union it tried (``literal['']``) are left out."""
    paths = (
        ".".join(part for part in p["loc"][1:] if part.isidentifier() or part.isdigit())
        for p in problems
    )
    return ", ".join(dict.fromkeys(path for path in paths if path))


async def handle_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    if isinstance(error.__cause__, PayloadTooLarge):
        return await handle_app_error(request, error.__cause__)
    code, message = HTTP_ERRORS.get(error.status_code, ("http_error", N_("the request failed")))
    if error.status_code == 401:
        return await handle_app_error(request, NotAuthenticated(N_("sign in first")))
    headers = {"Allow": allowed_methods(request)} if error.status_code == 405 else None
    return error_response(
        request, error.status_code, code, translator(request).gettext(message), headers=headers
    )


def allowed_methods(request: Request) -> str:
    """The ``Allow`` header of a 405: every method of every route at this path (Starlette's
    own lists only the first route's, though GET and PUT of one path are two routes)."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if route.methods:
            match, _ = route.matches(request.scope)
            if match is not Match.NONE:
                methods |= route.methods
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, handle_app_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
