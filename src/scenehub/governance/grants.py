"""Purpose-bound grants and the per-field read decision (pure).

A grant lets one organisation (the grantee) read named fields of named datasets for one
purpose until it expires. Its stored status is requested, approved or revoked; *expired*
is never stored: an approved grant past its ``expires_at`` is expired by the clock alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from scenehub.governance.grading import FieldClass
from scenehub.i18n import N_

REQUESTED, APPROVED, REVOKED, EXPIRED = "requested", "approved", "revoked", "expired"
STATE_LABELS = {
    REQUESTED: N_("requested"),
    APPROVED: N_("active"),
    REVOKED: N_("revoked"),
    EXPIRED: N_("expired"),
}
# A grant's fields may name every field of its datasets (a standing grant for staff work).
EVERY_FIELD = "*"
# What a grant may be linked to (the scene, partnership or application its purpose serves).
LINK_KINDS = {
    "": N_("nothing"),
    "scene": N_("scene"),
    "partnership": N_("partnership"),
    "application": N_("application"),
}


@dataclass(frozen=True)
class GrantTerms:
    """What coverage depends on: who, whose data, which datasets and fields, why, until when."""

    id: int
    grantee_org_id: int
    subject_org_id: int | None  # None: any firm's records in the datasets
    datasets: frozenset[str]
    fields: frozenset[str]
    purpose: str  # a key of governance.purposes.PURPOSES
    status: str
    expires_at: datetime


def state(grant: GrantTerms, now: datetime) -> str:
    """requested, approved (active), revoked or expired, as of ``now``."""
    if grant.status == APPROVED and now >= grant.expires_at:
        return EXPIRED
    return grant.status


def covers(
    grant: GrantTerms,
    *,
    org_id: int | None,
    subject_org_id: int | None,
    dataset: str,
    field: str,
    purpose: str | None,
    now: datetime,
) -> bool:
    """Whether ``grant`` lets ``org_id`` read ``field`` of ``dataset`` about
    ``subject_org_id`` for ``purpose`` (any of the grant's, when None) at ``now``."""
    return (
        state(grant, now) == APPROVED
        and org_id is not None
        and grant.grantee_org_id == org_id
        and grant.subject_org_id in (None, subject_org_id)
        and dataset in grant.datasets
        and (field in grant.fields or EVERY_FIELD in grant.fields)
        and (purpose is None or purpose == grant.purpose)
    )


@dataclass(frozen=True)
class Masking:
    """The read gate's decision: which fields the reader sees, which it does not, and the
    grant and purpose the read happens under."""

    shown: tuple[str, ...]
    masked: tuple[str, ...]
    grant_id: int | None
    purpose: str

    def allows(self, field: str) -> bool:
        return field in self.shown


def decide_fields(
    fields: Mapping[str, FieldClass],
    *,
    reader_org_id: int | None,
    subject_org_id: int | None,
    dataset: str,
    grants: Iterable[GrantTerms],
    purpose: str | None,
    now: datetime,
) -> Masking:
    """Per field: shown when it needs no grant, when the reader is the subject itself, or
    when one active grant covers it; else masked. One grant backs a read (the one covering
    most of the fields asked for), and its purpose is the read's."""
    own = reader_org_id is not None and reader_org_id == subject_org_id
    needing = [f for f, c in fields.items() if c.needs_grant and not own]
    best: GrantTerms | None = None
    best_covered: set[str] = set()
    for grant in grants:
        covered = {
            f
            for f in needing
            if covers(
                grant,
                org_id=reader_org_id,
                subject_org_id=subject_org_id,
                dataset=dataset,
                field=f,
                purpose=purpose,
                now=now,
            )
        }
        if len(covered) > len(best_covered):
            best, best_covered = grant, covered
    masked = tuple(f for f in needing if f not in best_covered)
    shown = tuple(f for f in fields if f not in masked)
    return Masking(shown, masked, best.id if best else None, best.purpose if best else "")
