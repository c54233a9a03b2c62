"""Turn a policy decision into an error that carries its reason and its audit event."""

from __future__ import annotations

from typing import Any

from scenehub.errors import AuditEvent, NotAuthenticated, NotFound, PermissionDenied
from scenehub.governance.policy import Actor, Deny, Resource, decide


def authorize(actor: Actor, action: str, resource: Resource | None = None) -> None:
    """Raise unless ``actor`` may do ``action`` (on ``resource``); denials are audited."""
    decision = decide(actor, action, resource)
    if not isinstance(decision, Deny):
        return
    event = AuditEvent(
        actor=actor,
        action=action,
        outcome="denied",
        reason=decision.reason % decision.params if decision.params else decision.reason,
        resource_type=resource.kind if resource else "",
        resource_id=resource.id if resource else "",
    )
    error = PermissionDenied if actor.is_authenticated else NotAuthenticated
    raise error(decision.reason, params=decision.params, audit=event)


def authorize_or_hide(
    actor: Actor, action: str, resource: Resource, missing: str, params: dict[str, Any]
) -> None:
    """As ``authorize``, for an object the caller may not know exists (another
    organisation's draft scene, proposal or unpublished capability): a denial answers as
    the object's absence does, the 404 ``missing``, so its id cannot be probed. The denial
    is audited all the same."""
    try:
        authorize(actor, action, resource)
    except (PermissionDenied, NotAuthenticated) as denied:
        raise NotFound(missing, params=params, audit=denied.audit) from None
