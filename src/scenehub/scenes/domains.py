"""The scene domains and their labels (pure)."""

from __future__ import annotations

from scenehub.i18n import N_

DOMAIN_LABELS: dict[str, str] = {
    "policing": N_("Policing"),
    "planning": N_("Urban planning and construction"),
    "city_management": N_("City management"),
    "culture": N_("Culture and the arts"),
    "transport": N_("Transport"),
    "environment": N_("Environment"),
    "health": N_("Health"),
    "education": N_("Education"),
    "elderly_care": N_("Elderly care"),
    "emergency": N_("Emergency management"),
}
