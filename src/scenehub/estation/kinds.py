"""Kinds of E-Station products and their labels (pure)."""

from __future__ import annotations

from scenehub.i18n import N_

KIND_LABELS: dict[str, str] = {
    "loan": N_("Loan"),
    "guarantee": N_("Guarantee"),
    "subsidy": N_("Subsidy"),
    "voucher_compute": N_("Compute voucher"),
    "voucher_data": N_("Data voucher"),
    "voucher_consulting": N_("Consulting voucher"),
    "equity": N_("Equity investment"),
}

# Application statuses, shown translated on the staff dashboard.
APPLICATION_STATUSES = (N_("pending"), N_("approved"), N_("rejected"))
