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

# The named fields of a firm's municipal data a provider may receive with an application,
# once the firm consents (docs/estation.md, "Products and their providers"): a product
# lists those it needs. The names are the demo history's consent fields.
DATA_FIELDS: dict[str, str] = {
    "tax_credit_grade": N_("tax credit grade (tax bureau)"),
    "insured_count": N_("social-insurance headcount (human resources bureau)"),
    "power_kwh": N_("electricity use (power company)"),
    "patents": N_("patents (intellectual property office)"),
    "hightech_certificate": N_("high-tech certificate (science bureau)"),
    "scene_partnerships": N_("scene partnerships and pilots (the platform)"),
    "public_credit_rating": N_("public credit rating (credit office)"),
    "procurement_awards": N_("public procurement awards (finance bureau)"),
}


def kind_code(name: str) -> str | None:
    """The stored code of a kind given by its code or by the issue's name, or None."""
    if name in KIND_LABELS:
        return name
    return KIND_ALIASES.get(name)
