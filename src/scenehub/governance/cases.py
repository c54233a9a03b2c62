"""Cases, their pure rules: an objection to a read or an appeal against a decision, its
deadline, its lifecycle and whether it is overdue (no database, no web).

open ──answer──▶ answered | upheld | dismissed (each with a written reason; all final)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from scenehub.i18n import N_

# What a case is, and how many calendar days the centre has to decide it (documented in
# docs/governance-cases.md): an objection to a read is about data already read, so it is
# quicker; an appeal asks the centre to reconsider a decision, so it needs the file.
KIND_LABELS: dict[str, str] = {"objection": N_("objection"), "appeal": N_("appeal")}
DEADLINE_DAYS: dict[str, int] = {"objection": 15, "appeal": 30}

# What an objection or an appeal attaches to (kind + id; the labels are RESOURCE_KINDS of
# governance/policy.py), and the status the target must be in to be appealed: a rejected
# claim, proposal or application; a scene taken down (withdrawn); a product suspended.
TARGET_LABELS: dict[str, str] = {
    "entry": N_("audit entry"),
    "claim": N_("claim"),
    "proposal": N_("proposal"),
    "application": N_("application"),
    "scene": N_("scene"),
    "product": N_("product"),
}
APPEALABLE: dict[str, frozenset[str]] = {
    "claim": frozenset({"rejected"}),
    "proposal": frozenset({"rejected"}),
    "application": frozenset({"rejected"}),
    "scene": frozenset({"withdrawn"}),
    "product": frozenset({"suspended"}),
}
OBJECTION_TARGET = "entry"

STATUS_LABELS: dict[str, str] = {
    "open": N_("awaiting a decision"),
    "answered": N_("answered in writing"),
    "upheld": N_("upheld"),
    "dismissed": N_("dismissed"),
}
DECISIONS = ("answered", "upheld", "dismissed")
MAX_TEXT = 4000


def deadline(kind: str, opened_on: date) -> date:
    """The day by which the centre decides a case of ``kind`` opened on ``opened_on``."""
    return opened_on + timedelta(days=DEADLINE_DAYS[kind])


def is_overdue(status: str, due: date, today: date) -> bool:
    """Open past its deadline (a decided case is never overdue)."""
    return status == "open" and today > due


def check_target(kind: str, target_kind: str) -> str | None:
    """Why a case of ``kind`` cannot attach to a ``target_kind``, or None."""
    if kind == "objection":
        return None if target_kind == OBJECTION_TARGET else N_("an objection is to a read entry")
    if target_kind not in APPEALABLE:
        return N_("an appeal is against a claim, a proposal, an application, a scene or a product")
    return None


def check_appealable(target_kind: str, status: str) -> str | None:
    """Why the target in ``status`` cannot be appealed (only decisions against you can)."""
    if status in APPEALABLE[target_kind]:
        return None
    return N_(
        "only a rejected claim, proposal or application, or a withdrawn scene or a "
        "suspended product can be appealed"
    )


def check_decision(status: str, decision: str, reason: str) -> str | None:
    """Why the centre cannot decide a case in ``status`` so, or None."""
    if status != "open":
        return N_("this case has been decided already")
    if decision not in DECISIONS:
        return N_("a decision is answered, upheld or dismissed")
    if not reason.strip():
        return N_("write the reason for the decision; the filer reads it")
    return None


@dataclass(frozen=True)
class QueuePlace:
    status: str
    deadline: date
    id: int


def queue_key(place: QueuePlace, today: date) -> tuple[int, int, date, int]:
    """Open cases first, the overdue among them first, then by deadline; decided after."""
    open_rank = 0 if place.status == "open" else 1
    overdue_rank = 0 if is_overdue(place.status, place.deadline, today) else 1
    return (open_rank, overdue_rank, place.deadline, place.id)
