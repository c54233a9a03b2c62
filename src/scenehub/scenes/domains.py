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

STAGE_LABELS: dict[str, str] = {
    "0-1": N_("0→1 (first product, first pilot)"),
    "1-100": N_("1→100 (scaling up)"),
    "any": N_("any stage"),
}
