"""The one read gate for a firm's data: per field, shown or masked, and one audit entry per
read naming the fields read, those masked, the grant and the purpose (docs/governance.md).

Every read path of firm data (API, pages, exports, the shell) calls ``read_fields`` before
it shows anything; the firm reads its own entries on "Who used our data".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.governance import audit, grant_service, grants
from scenehub.governance.grading import FieldClass
from scenehub.governance.policy import Actor
from scenehub.i18n import N_

# What a masked field shows instead of its value (a message id).
MASKED = N_("masked — needs a grant")


def decide(
    session: Session,
    actor: Actor,
    *,
    subject_org_id: int | None,
    dataset: str,
    fields: Mapping[str, FieldClass],
    purpose: str | None = None,
    under: Sequence[grants.GrantTerms] | None = None,
) -> grants.Masking:
    """Which of ``fields`` the actor sees (no audit entry: ``read_fields`` writes it).
    ``under``: only these grants count (an application's own); else every active grant the
    actor's organisation holds on ``dataset``, for ``purpose`` when one is named."""
    held = grant_service.active_terms(session, actor.org_id, dataset) if under is None else under
    return grants.decide_fields(
        fields,
        reader_org_id=actor.org_id,
        subject_org_id=subject_org_id,
        dataset=dataset,
        grants=held,
        purpose=purpose if under is None else None,
        now=utcnow(),
    )


def read_fields(
    session: Session,
    actor: Actor,
    *,
    action: str,
    resource_type: str,
    resource_id: str | int,
    subject_org_id: int | None,
    dataset: str,
    fields: Mapping[str, FieldClass],
    purpose: str,
    under: Sequence[grants.GrantTerms] | None = None,
    details: dict[str, Any] | None = None,
) -> grants.Masking:
    """Decide the read and log it once: who, for which organisation, which fields (read and
    masked), under which grant, for which purpose (the grant's, else the declared one)."""
    masking = decide(
        session, actor, subject_org_id=subject_org_id, dataset=dataset, fields=fields, under=under
    )
    record_read(
        session,
        actor,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        subject_org_id=subject_org_id,
        dataset=dataset,
        masking=masking,
        purpose=purpose,
        details=details,
    )
    return masking


def record_read(
    session: Session,
    actor: Actor,
    *,
    action: str,
    resource_type: str,
    resource_id: str | int,
    subject_org_id: int | None,
    dataset: str,
    masking: grants.Masking,
    purpose: str,
    details: dict[str, Any] | None = None,
) -> None:
    """The read's one audit entry (for a read decided with ``decide``)."""
    audit.record(
        session,
        actor,
        action,
        resource_type=resource_type,
        resource_id=resource_id,
        subject_org_id=subject_org_id,
        purpose=masking.purpose or purpose,
        details={
            "dataset": dataset,
            "fields": list(masking.shown),
            "masked": list(masking.masked),
            "grant": masking.grant_id,
            **(details or {}),
        },
    )


def log_read(
    session: Session,
    actor: Actor,
    *,
    action: str,
    resource_type: str,
    resource_id: str | int,
    subject_org_id: int | None,
    fields: Sequence[str],
    purpose: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Log a read that needs no grant, because the firm gave the data to this reader (a
    proposal to the scene's department) or published it (a capability in a ranking): the
    same entry as a gated read's, with nothing masked. A firm's read of its own data, and a
    read about no organisation with an account, are not logged."""
    if subject_org_id is None or subject_org_id == actor.org_id:
        return
    masking = grants.Masking(tuple(fields), (), None, "")
    record_read(
        session,
        actor,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        subject_org_id=subject_org_id,
        dataset=resource_type,
        masking=masking,
        purpose=purpose,
        details=details,
    )
