"""Kinds of E-Station products, their labels and the groups the package rule reads (pure).

The codes below are the stored ones (product rows, the demo's products, their imports). The
issue that describes the E-Station names three of them differently; a product file may use
either name, and ``kind_code`` turns the issue's name into the stored code:

| the issue says   | stored code          |
|------------------|----------------------|
| compute voucher  | ``voucher_compute``  |
| data service     | ``voucher_data``     |
| consulting       | ``voucher_consulting`` |
"""

from __future__ import annotations

from scenehub.i18n import N_

KIND_LABELS: dict[str, str] = {
    "loan": N_("Loan"),
    "guarantee": N_("Guarantee"),
    "subsidy": N_("Subsidy"),
    "interest_subsidy": N_("Interest subsidy"),
    "voucher_compute": N_("Compute voucher"),
    "voucher_data": N_("Data voucher"),
    "voucher_consulting": N_("Consulting voucher"),
    "equity": N_("Equity investment"),
}
KIND_ALIASES: dict[str, str] = {
    "compute_voucher": "voucher_compute",
    "data_service": "voucher_data",
    "consulting": "voucher_consulting",
}
# Money the firm does not pay back: the provider pays up to the product's maximum.
GRANTS = frozenset(
    {"subsidy", "interest_subsidy", "voucher_compute", "voucher_data", "voucher_consulting"}
)
# Money lent, or a guarantee that lets a firm without collateral borrow it.
DEBT = frozenset({"loan", "guarantee"})

# Application statuses, shown translated on the staff dashboard.
APPLICATION_STATUSES = (N_("pending"), N_("approved"), N_("rejected"))


def kind_code(name: str) -> str | None:
    """The stored code of a kind given by its code or by the issue's name, or None."""
    if name in KIND_LABELS:
        return name
    return KIND_ALIASES.get(name)
