"""An application's status: which step may follow which, who takes it, and what a decision
must hold (pure).

    pending ──request information──▶ information_requested ──the firm answers──▶ pending
    pending | information_requested ──approve──▶ approved
    pending | information_requested ──reject───▶ rejected

The provider (or the centre, for the centre's own products) approves, rejects and requests
information; the firm answers. Approved and rejected are final. Withdrawing consent is not a
step: it stops the provider's reads of the firm's data whatever the status.
"""

from __future__ import annotations

from scenehub.i18n import N_

STATUS_LABELS: dict[str, str] = {
    "pending": N_("Pending"),
    "information_requested": N_("Information requested"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
}
# The steps, their labels, and who takes them: "provider" or "firm".
STEP_LABELS: dict[str, str] = {
    "approve": N_("approve"),
    "reject": N_("reject"),
    "request_information": N_("request information"),
    "answer": N_("answer"),
}
STEPS: dict[str, tuple[frozenset[str], str, str]] = {
    # step: (from statuses, to status, who)
    "approve": (frozenset({"pending", "information_requested"}), "approved", "provider"),
    "reject": (frozenset({"pending", "information_requested"}), "rejected", "provider"),
    "request_information": (frozenset({"pending"}), "information_requested", "provider"),
    "answer": (frozenset({"information_requested"}), "pending", "firm"),
}
DECIDED = frozenset({"approved", "rejected"})
OPEN = frozenset({"pending", "information_requested"})


def check_step(status: str, step: str) -> str | None:
    """Why ``step`` cannot be taken from ``status`` (an English message id with the params
    ``status`` and ``step``), or None when it can."""
    allowed, _, _ = STEPS[step]
    if status in allowed:
        return None
    if status in DECIDED:
        return N_("the application is already %(status)s; it cannot %(step)s any more")
    if step == "answer":
        return N_("the provider has asked nothing: there is nothing to answer")
    return N_("an application that is %(status)s cannot %(step)s")


def next_status(step: str) -> str:
    return STEPS[step][1]


def provider_steps(status: str) -> list[str]:
    """The steps the provider may take on an application in ``status``."""
    return [step for step, (frm, _, who) in STEPS.items() if who == "provider" and status in frm]


def check_amount(granted: int, requested: int, min_10k: int, max_10k: int) -> str | None:
    """Why an approval of ``granted`` (10k yuan) is refused, or None: it is within the
    product's limits and no more than the firm asked for (params ``granted``, ``requested``,
    ``min``, ``max``)."""
    if granted > requested:
        return N_("%(granted)s is more than the %(requested)s the firm applied for")
    if not min_10k <= granted <= max_10k:
        return N_("%(granted)s is outside the product's range of %(min)s–%(max)s")
    return None


def check_request(amount: int, min_10k: int, max_10k: int) -> str | None:
    """Why an application for ``amount`` is refused, or None (params ``amount``, ``min``,
    ``max``)."""
    if not min_10k <= amount <= max_10k:
        return N_("%(amount)s is outside the product's range of %(min)s–%(max)s")
    return None


def check_decision(step: str, granted_10k: int | None, message: str) -> str | None:
    """Why a provider's step lacks what it needs, or None: an approval its amount, a
    rejection its reason, a request for information what is needed."""
    if step == "approve" and granted_10k is None:
        return N_("an approval needs the amount granted")
    if step == "reject" and not message.strip():
        return N_("a rejection needs its reason")
    if step == "request_information" and not message.strip():
        return N_("a request for information needs a message saying what is needed")
    return None
