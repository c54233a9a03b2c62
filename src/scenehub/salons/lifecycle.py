"""The salon lifecycle, invitations' answers and meetings' outcomes: which move is allowed,
and why not (pure).

A salon is a draft while the operator sets it up, ``inviting`` once its invitations are sent,
``scheduled`` once its 1:1 schedule is solved (re-solving keeps it there), ``held`` after the
day; any of the first three may be ``cancelled``.
"""

from __future__ import annotations

from scenehub.i18n import N_, Term

STATUS_LABELS: dict[str, str] = {
    "draft": N_("Draft"),
    "inviting": N_("Inviting"),
    "scheduled": N_("Scheduled"),
    "held": N_("Held"),
    "cancelled": N_("Cancelled"),
}
# The statuses as a refusal names them ("salon SAL-1 is draft"): message ids of their own.
STATUS_WORDS: dict[str, str] = {
    "draft": N_("draft"),
    "inviting": N_("inviting"),
    "scheduled": N_("scheduled"),
    "held": N_("held"),
    "cancelled": N_("cancelled"),
}
TRANSITIONS = frozenset(
    {
        ("draft", "inviting"),
        ("inviting", "scheduled"),
        ("scheduled", "held"),
        ("draft", "cancelled"),
        ("inviting", "cancelled"),
        ("scheduled", "cancelled"),
    }
)
# What may happen to a salon in which statuses.
EDITABLE = ("draft", "inviting")
ANSWERABLE = ("inviting", "scheduled")
REGISTERING = ("inviting", "scheduled")
SOLVABLE = ("inviting", "scheduled")
CHECK_IN = ("scheduled", "held")
OUTCOMES = ("held",)

INVITATION_LABELS: dict[str, str] = {
    "proposed": N_("Proposed"),
    "sent": N_("Sent"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
}
OUTCOME_LABELS: dict[str, str] = {
    "no_fit": N_("No fit"),
    "follow_up": N_("Follow-up"),
    "proposal": N_("Proposal"),
}
# Outcomes a partnership or an invitation to propose may come of.
FOLLOWED_UP = ("follow_up", "proposal")


def check_transition(status: str, to: str) -> str | None:
    """Why a salon cannot move from ``status`` to ``to`` (an English message id), or None."""
    if (status, to) in TRANSITIONS:
        return None
    return N_("a salon cannot go from %(from)s to %(to)s")


def check_allowed(status: str, allowed: tuple[str, ...]) -> str | None:
    """Why nothing of this kind may be done to a salon in ``status``, or None."""
    if status in allowed:
        return None
    return N_("salon %(code)s is %(status)s: this cannot be done now")


def check_answer(invitation_status: str) -> str | None:
    """Why an invitation cannot be answered (accepted or declined), or None: it must have
    been sent; a participant may change its answer while the salon takes answers."""
    if invitation_status in ("sent", "accepted", "declined"):
        return None
    return N_("this invitation has not been sent yet")


def check_follow_up(outcome: str | None) -> str | None:
    """Why a meeting cannot open a partnership or invite a proposal, or None."""
    if outcome in FOLLOWED_UP:
        return None
    return N_("record the meeting's outcome as a follow-up or a proposal first")


def status_word(status: str) -> Term:
    """The status as a message's parameter, shown in the reader's language."""
    return Term(STATUS_WORDS.get(status, status))
