"""Application errors: each carries its HTTP status and a stable code.

Nothing below the web layer raises ``HTTPException``; one handler in ``app.py`` turns an
``AppError`` into ``{"error": {"code", "message", "details"}}`` in the user's language.
``message`` is an English message id; the web layer translates it and fills ``params``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from scenehub.governance.policy import Actor


@dataclass(frozen=True)
class AuditEvent:
    """An event to audit even though the request that raised it is rolled back."""

    actor: Actor
    action: str
    outcome: str
    reason: str
    resource_type: str = ""
    resource_id: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    # The organisation whose data the refused action was about, and the declared purpose:
    # a firm sees refused reads of its data too.
    subject_org_id: int | None = None
    purpose: str = ""


class AppError(Exception):
    """Base of every error a user may see."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        params: dict[str, Any] | None = None,
        details: dict[str, Any] | None = None,
        audit: AuditEvent | None = None,
    ) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params or {}
        self.details = details or {}
        self.audit = audit


class ConfigurationError(Exception):
    """The process is misconfigured (not a request error): refuse to start."""


class BadRequest(AppError):
    status = 400
    code = "bad_request"


class NotAuthenticated(AppError):
    status = 401
    code = "not_authenticated"


class InvalidCredentials(AppError):
    status = 401
    code = "invalid_credentials"


class InvalidToken(AppError):
    status = 401
    code = "invalid_token"


class TokenExpired(AppError):
    status = 401
    code = "token_expired"


class PermissionDenied(AppError):
    status = 403
    code = "permission_denied"


class CsrfFailed(AppError):
    status = 403
    code = "csrf_failed"


class SsoFailed(AppError):
    """The single sign-on answer is unusable: wrong state, too late, a forged token."""

    status = 400
    code = "sso_failed"


class SsoRefused(AppError):
    """The provider or the claims give no account here (cancelled, unknown organisation)."""

    status = 403
    code = "sso_refused"


class NotFound(AppError):
    status = 404
    code = "not_found"


class Conflict(AppError):
    status = 409
    code = "conflict"


class WeakPassword(Conflict):
    """A well-formed password the strength rule refuses (auth/credentials.py): like the
    house's other rule refusals of a valid body, a 409, naming the field."""

    code = "weak_password"


class TooManyAttempts(AppError):
    status = 429
    code = "too_many_attempts"


class PayloadTooLarge(AppError):
    status = 413
    code = "payload_too_large"


class SsoUnavailable(AppError):
    """The configured OpenID provider did not answer (or answered nonsense): a gateway
    error, not the app's, so monitoring sees it as one."""

    status = 502
    code = "sso_unavailable"


class ValidationFailed(AppError):
    status = 422
    code = "validation_error"


def field_problem(field: str, msg: str, kind: str) -> dict[str, Any]:
    """One entry of a 422's ``details.problems`` (the shape request validation gives it),
    for a field of the body that a service refuses after reading it."""
    return {"loc": ["body", field], "msg": msg, "type": kind}
