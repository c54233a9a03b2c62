"""Labels of the partnership lifecycle (pure)."""

from __future__ import annotations

from scenehub.i18n import N_

PARTNERSHIP_LABELS: dict[str, str] = {
    "negotiating": N_("Negotiating"),
    "pilot": N_("Pilot"),
    "evaluated": N_("Evaluated"),
    "demonstration": N_("Demonstration"),
    "scaled": N_("Scaled up"),
    "ended": N_("Ended"),
}
