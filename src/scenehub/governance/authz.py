"""Turn a policy decision into an error that carries its reason and its audit event."""

from __future__ import annotations

from scenehub.errors import AuditEvent, NotAuthenticated, PermissionDenied
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
