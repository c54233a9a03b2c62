"""The scene lifecycle: which status may follow which, and who may move it (pure).

draft → submitted → published → matching → partnered → closed, or withdrawn before it is
partnered. An operator may send a submitted scene back to draft with a reason. Publishing
happens in a numbered batch (``publish_batch``), never one scene at a time.
"""

from __future__ import annotations

from scenehub.fields import is_visible
from scenehub.i18n import N_, Term

STATUS_LABELS: dict[str, str] = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted for review"),
    "published": N_("Published"),
    "matching": N_("Matching"),
    "partnered": N_("Partnered"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn"),
}

# (from, to) → who may make the move: "owner" is the scene's department, "centre" an
# operator or administrator.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("draft", "submitted"): frozenset({"owner", "centre"}),
    ("submitted", "draft"): frozenset({"centre"}),
    ("submitted", "published"): frozenset({"centre"}),
    ("published", "matching"): frozenset({"owner", "centre"}),
    ("matching", "partnered"): frozenset({"owner", "centre"}),
    ("partnered", "closed"): frozenset({"owner", "centre"}),
    ("published", "closed"): frozenset({"centre"}),
    ("matching", "closed"): frozenset({"centre"}),
    ("draft", "withdrawn"): frozenset({"owner", "centre"}),
    ("submitted", "withdrawn"): frozenset({"owner", "centre"}),
    ("published", "withdrawn"): frozenset({"owner", "centre"}),
    ("matching", "withdrawn"): frozenset({"owner", "centre"}),
}
# Moves that must say why (the department reads it).
NEEDS_REASON = frozenset(
    {("submitted", "draft"), ("published", "withdrawn"), ("matching", "withdrawn")}
)
# Firms may see and answer a scene in these statuses.
OPEN_FOR_PROPOSALS = ("published", "matching")
PUBLIC_STATUSES = ("published", "matching", "partnered", "closed")
EDITABLE = ("draft",)


def next_statuses(status: str, party: str) -> list[str]:
    """The statuses ``party`` ("owner" or "centre") may move a scene in ``status`` to."""
    return [to for (frm, to), who in TRANSITIONS.items() if frm == status and party in who]


def check_transition(status: str, to: str, party: str, reason: str) -> str | None:
    """Why the move is refused (an English message id), or None when it is allowed."""
    allowed = TRANSITIONS.get((status, to))
    if allowed is None:
        return N_("a scene cannot go from %(from)s to %(to)s")
    if party not in allowed:
        return N_("only the centre can move a scene from %(from)s to %(to)s")
    if (status, to) in NEEDS_REASON and not is_visible(reason):
        return N_("moving a scene from %(from)s to %(to)s needs a reason")
    return None


def status_term(status: str) -> Term:
    """A scene's status as a refusal names it, in the reader's language."""
    return Term(STATUS_LABELS.get(status, status))
