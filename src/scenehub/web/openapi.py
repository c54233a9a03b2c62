"""The API's OpenAPI document, made to say what the code does.

FastAPI documents each route's success and a generic 422. This module adds what the house
really answers (``docs/architecture.md``, "The API contract"):

- the error envelope ``{"error": {"code", "message", "details"}}`` as the ``Error`` component,
  used by every 4xx response (422 included: the handler in ``web/errors.py`` answers it);
- the 4xx statuses each operation can return, derived from the route: 401 everywhere (a bearer
  token that is unknown, revoked or expired is refused even on a public route), 422 everywhere
  (an invalid field, or U+0000 in the address), 403 where the route's policy refuses some
  signed-in role, where the service checks the object, or where a browser write can fail its
  CSRF check, 404 for a path that names an object, 400/413 for a body, and the statuses in
  ``SERVICE_ERRORS`` that services raise (or the route declares in ``responses=``);
- ``securitySchemes``: the API token (HTTP bearer) and the session cookie; each operation says
  which it needs, and a public one also admits the anonymous caller (``{}``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from scenehub.auth.roles import OrgKind, Role
from scenehub.governance.policy import ANONYMOUS, Actor, Deny, decide
from scenehub.web.deps import SAFE_METHODS, SESSION_COOKIE, Permission

BEARER = "bearerToken"
COOKIE = "sessionCookie"
ERROR_REF = {"$ref": "#/components/schemas/Error"}

# Statuses a service raises that the route's shape does not show: (method, path) → statuses.
# ``tests/test_openapi.py`` fails when a key names no route.
SERVICE_ERRORS: dict[tuple[str, str], frozenset[int]] = {
    ("POST", "/api/v1/auth/token"): frozenset({401, 429}),
    ("POST", "/api/v1/users"): frozenset({404, 409}),
    ("PATCH", "/api/v1/users/{user_id}"): frozenset({409}),
    ("POST", "/api/v1/orgs"): frozenset({409}),
    ("POST", "/api/v1/scenes"): frozenset({404, 409}),
    ("GET", "/api/v1/scenes/{code}"): frozenset({403}),
    ("PUT", "/api/v1/scenes/{code}"): frozenset({409}),
    ("POST", "/api/v1/scenes/{code}/transitions"): frozenset({409}),
    ("POST", "/api/v1/scene-batches"): frozenset({404, 409}),
    ("PUT", "/api/v1/registry/me"): frozenset({409}),
    ("POST", "/api/v1/registry/claims"): frozenset({404, 409}),
    ("POST", "/api/v1/registry/claims/{claim_id}/decision"): frozenset({409}),
    ("POST", "/api/v1/registry/me/capabilities"): frozenset({409}),
    ("PUT", "/api/v1/capabilities/{code}"): frozenset({409}),
    ("POST", "/api/v1/capabilities/{code}/transitions"): frozenset({409}),
    ("POST", "/api/v1/capability-batches"): frozenset({404, 409}),
    ("POST", "/api/v1/scenes/{code}/proposals"): frozenset({409}),
    ("POST", "/api/v1/proposals/{proposal_id}/advance"): frozenset({409}),
    ("POST", "/api/v1/proposals/{proposal_id}/scores"): frozenset({409}),
    ("POST", "/api/v1/proposals/{proposal_id}/reject"): frozenset({409}),
    ("POST", "/api/v1/proposals/{proposal_id}/withdraw"): frozenset({409}),
    ("POST", "/api/v1/scenes/{code}/invitations"): frozenset({409}),
    ("GET", "/api/v1/registry/me/recommendations"): frozenset({409}),
    ("POST", "/api/v1/estation/products"): frozenset({404, 409}),
    ("POST", "/api/v1/estation/products/{code}/status"): frozenset({409}),
    # the warehouse not resolved yet; the firm's record not claimed yet
    ("GET", "/api/v1/estation/eligibility"): frozenset({409}),
    ("GET", "/api/v1/estation/eligibility/{firm_id}"): frozenset({409}),
    # applications: the product it names, its terms now, the application's status, and a
    # warehouse that is not resolved yet when the firm's data is read
    ("GET", "/api/v1/estation/products/{code}/consent"): frozenset({409}),
    ("POST", "/api/v1/estation/applications"): frozenset({404, 409}),
    ("GET", "/api/v1/estation/applications/{code}/data"): frozenset({409}),
    ("POST", "/api/v1/estation/applications/{code}/decision"): frozenset({409}),
    ("POST", "/api/v1/estation/applications/{code}/answer"): frozenset({409}),
    ("POST", "/api/v1/estation/applications/{code}/withdraw-consent"): frozenset({409}),
    # grants: the firm a request names; a grant already decided or revoked
    ("POST", "/api/v1/grants"): frozenset({404}),
    ("POST", "/api/v1/grants/{grant_id}/approve"): frozenset({409}),
    ("POST", "/api/v1/grants/{grant_id}/revoke"): frozenset({409}),
    # a leaf or a tree size beyond the audit trail's
    ("GET", "/api/v1/audit/proof"): frozenset({404}),
    ("GET", "/api/v1/audit/consistency"): frozenset({404}),
}

DESCRIPTIONS = {
    400: "The request body is not valid JSON, or the request cannot be read",
    401: "Sign in first, or the bearer token is unknown, revoked or expired",
    403: "Signed in, but this account may not do this (the reason is in the message), or a "
    "browser write did not echo its CSRF token",
    404: "Nothing with that id or code (or not yours to know about)",
    409: "The object's state does not allow this now (the message says why)",
    413: "The request body is larger than the server accepts",
    422: "Some fields are missing or invalid (details.problems names them)",
    429: "Too many failed sign-ins for this account from this address; try again later",
}

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "description": "The one error envelope of the API; ``message`` is in the user's language.",
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "description": "stable, e.g. not_found"},
                "message": {"type": "string"},
                "details": {
                    "type": "object",
                    "properties": {
                        "problems": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["loc", "msg", "type"],
                                "properties": {
                                    "loc": {"type": "array", "items": {"type": "string"}},
                                    "msg": {"type": "string"},
                                    "type": {"type": "string"},
                                    "limit": {
                                        "type": ["integer", "number", "string"],
                                        "description": "the bound the value missed "
                                        "(a length, a minimum), where there is one",
                                    },
                                },
                            },
                        }
                    },
                },
            },
        }
    },
}

SECURITY_SCHEMES: dict[str, Any] = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token: POST /api/v1/auth/token with a username and password, "
        "or create one on the account page. It wins over the session cookie.",
    },
    COOKIE: {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "The web session of a signed-in browser. Writes with it must echo the "
        "scenehub_csrf cookie in the X-CSRF-Token header.",
    },
}

# One signed-in actor per role, to learn which roles a route's policy refuses.
_SIGNED_IN = tuple(
    Actor(user_id=1, username="probe", role=role, org_id=1, org_kind=kind)
    for role, kind in (
        (Role.ADMIN, OrgKind.CENTRE),
        (Role.OPERATOR, OrgKind.CENTRE),
        (Role.DEPARTMENT, OrgKind.DEPARTMENT),
        (Role.FIRM, OrgKind.FIRM),
        (Role.INVESTOR, OrgKind.INVESTOR),
        (Role.FINANCIER, OrgKind.FINANCIER),
    )
)


def install_openapi(app: FastAPI) -> None:
    """Serve the honest document at the app's ``openapi_url`` (built once, on first use)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


ABOUT = (
    "The JSON API of scenehub. Every error is the `Error` envelope, its message in the "
    "caller's language (`?lang=`, `Accept-Language`). Bodies are strict JSON: a number or a "
    "flag sent as a string is refused (422). No text holds U+0000 (422). A request that breaks "
    "a rule of this document is 422; a well-formed one that the caller's role or the state of "
    "the objects it names does not allow is 409, with the reason."
)


def build_document(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document of ``app`` with the error responses and the security added."""
    document = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        description=ABOUT,
        routes=app.routes,
    )
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Error"] = ERROR_SCHEMA
    components["securitySchemes"] = SECURITY_SCHEMES
    for route in _api_routes(app):
        for method in sorted((route.methods or set()) - {"HEAD"}):
            operation = document["paths"][route.path_format][method.lower()]
            _describe(operation, route, method)
    return document


def _api_routes(app: FastAPI) -> Iterator[RouteContext]:
    """Every documented route, also inside included routers (with its full path)."""
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute) and route.include_in_schema:
            yield route


def _describe(operation: dict[str, Any], route: RouteContext, method: str) -> None:
    action = route_action(route)
    public = action is not None and not isinstance(decide(ANONYMOUS, action), Deny)
    signed_in: list[dict[str, list[str]]] = [{BEARER: []}, {COOKIE: []}]
    operation["security"] = [{}, *signed_in] if public else signed_in
    responses = operation.setdefault("responses", {})
    declared = {int(s) for s in responses if s.isdigit() and 400 <= int(s) < 500}
    for status in sorted(error_statuses(route, method) | declared):
        responses[str(status)] = _error_response(status, responses.get(str(status), {}))


def _error_response(status: int, declared: dict[str, Any]) -> dict[str, Any]:
    """The envelope for ``status``; a description the route declares wins over ours (not
    FastAPI's generic one for 422)."""
    fastapi_default = "HTTPValidationError" in str(declared.get("content", ""))
    description = declared.get("description") if not fastapi_default else None
    response: dict[str, Any] = {
        **({} if fastapi_default else declared),
        "description": description or DESCRIPTIONS.get(status, "The request failed"),
        "content": {"application/json": {"schema": ERROR_REF}},
    }
    if status == 401:
        response["headers"] = {
            "WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}
        }
    return response


def error_statuses(route: RouteContext, method: str) -> set[int]:
    """The 4xx statuses ``method`` on ``route`` can answer."""
    action = route_action(route)
    has_body = route.body_field is not None
    path_params = bool(route.dependant.path_params)
    # Any caller may send a bad token (401) or U+0000 in the address (422, web/nul.py).
    statuses = {401, 422}
    if action is not None:
        denied_roles = any(isinstance(decide(a, action), Deny) for a in _SIGNED_IN)
        needs_sign_in = isinstance(decide(ANONYMOUS, action), Deny)
        # A service asks again with the object (another organisation's is refused).
        if denied_roles or method not in SAFE_METHODS or (needs_sign_in and path_params):
            statuses.add(403)
    if path_params:
        statuses.add(404)
    if has_body:
        statuses |= {400, 413}
    statuses |= SERVICE_ERRORS.get((method, str(route.path_format)), frozenset())
    return statuses


def route_action(route: RouteContext) -> str | None:
    """The action of the route's ``Permission`` dependency (every route has one)."""
    for dependant in _walk(route.dependant):
        if isinstance(dependant.call, Permission):
            return dependant.call.action
    return None


def _walk(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _walk(sub)
