"""A product's status: which may follow which, and who may move it (pure).

draft → published ⇄ suspended. The provider publishes and suspends its own products; the
centre may suspend any product. A suspension is lifted by whoever made it: a provider cannot
put back on offer what the centre took off it, nor the centre what the provider withdrew.
"""

from __future__ import annotations

from scenehub.i18n import N_

STATUS_LABELS: dict[str, str] = {
    "draft": N_("Draft"),
    "published": N_("Published"),
    "suspended": N_("Suspended"),
}
# (from, to) → who may make the move: "owner" is whoever keeps the product (its financier,
# or the centre for the centre's own), "centre" an operator or administrator.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("draft", "published"): frozenset({"owner"}),
    ("published", "suspended"): frozenset({"owner", "centre"}),
    # the owner lifts its own suspension, the centre the centre's
    ("suspended", "published"): frozenset({"owner", "centre"}),
}
PUBLIC_STATUSES = ("published",)
# A save in these statuses changes terms firms may have read: it makes a new version.
VERSIONED = ("published", "suspended")


def check_transition(status: str, to: str, parties: frozenset[str], by_centre: bool) -> str | None:
    """Why the move is refused (an English message id), or None when it is allowed.

    ``parties``: what the actor is to the product ("owner", "centre" or both);
    ``by_centre``: whether the product's suspension was the centre's."""
    allowed = TRANSITIONS.get((status, to))
    if allowed is None:
        return N_("a product cannot go from %(from)s to %(to)s")
    if not parties & allowed:
        return N_("only the product's provider can move it from %(from)s to %(to)s")
    if (status, to) == ("suspended", "published"):
        if by_centre and "centre" not in parties:
            return N_("the centre suspended this product; only the centre can publish it again")
        if not by_centre and "owner" not in parties:
            return N_("the provider suspended this product; only the provider can publish it again")
    return None


def next_statuses(status: str, parties: frozenset[str], by_centre: bool) -> list[str]:
    """The statuses an actor who is ``parties`` to the product may move it to."""
    return [
        to
        for (frm, to) in TRANSITIONS
        if frm == status and check_transition(status, to, parties, by_centre) is None
    ]
