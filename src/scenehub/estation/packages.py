"""The recommended blended package of a firm: from the products it is eligible for, the kinds
that fit its stage, one product a kind, each at an amount within the product's limits, every
choice with its reason (pure). docs/estation.md gives the rule and why.

- **0→1** (first product, first pilot): vouchers (compute, data, consulting), subsidies,
  interest subsidies, guarantees and small loans. Grants at the product's maximum; the
  guarantee and the loan share the small-loan cap (``SMALL_LOAN_CAP_10K``), the guarantee
  first, since it is what lets a firm without collateral borrow.
- **1→100** (scaling up): larger loans, up to half the firm's yearly revenue
  (``DEBT_TO_REVENUE``; the product's minimum when the revenue is not known), and equity at
  the fund's entry ticket (the product's minimum: due diligence sizes the round).
- A firm whose stage is not known gets the cautious 0→1 package.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scenehub.estation.facts import STAGES, Facts
from scenehub.estation.kinds import DEBT, GRANTS, KIND_LABELS
from scenehub.estation.messages import Message
from scenehub.estation.products import Product
from scenehub.i18n import N_

# 创业担保贷款 for small and micro firms is capped at 3 million yuan (财金〔2020〕21号): the
# size of a "small loan" the centre recommends to a 0→1 firm, guarantees included.
SMALL_LOAN_CAP_10K = 300
# A cautious bank's rule of thumb: working-capital lending up to half a year's revenue.
DEBT_TO_REVENUE = 0.5
EARLY, SCALE = STAGES
# The kinds of a stage's package, in the order it is assembled (and the debt cap shared).
STAGE_KINDS: dict[str, tuple[str, ...]] = {
    EARLY: (
        "voucher_compute",
        "voucher_data",
        "voucher_consulting",
        "subsidy",
        "interest_subsidy",
        "guarantee",
        "loan",
    ),
    SCALE: ("loan", "equity"),
}
STAGE_LABELS = {EARLY: N_("0→1"), SCALE: N_("1→100")}
NOTES = {
    EARLY: N_("A 0→1 package: vouchers, subsidies, interest subsidies, guarantees, small loans"),
    SCALE: N_("A 1→100 package: larger loans and equity"),
}
STAGE_NOT_KNOWN = N_("The firm's stage is not known: the cautious 0→1 package")
GRANT = N_(
    "%(kind)s up to the product's maximum, %(amount)s (10k yuan): the provider pays against "
    "the firm's receipts"
)
SMALL_DEBT = N_(
    "%(kind)s of %(amount)s (10k yuan): within the product's %(min)s–%(max)s and the %(cap)s "
    "left of the small-loan cap that a 0→1 firm's guarantees and loans share"
)
REVENUE_DEBT = N_(
    "%(kind)s of %(amount)s (10k yuan): within the product's %(min)s–%(max)s and half the "
    "firm's revenue of %(revenue)s"
)
NO_REVENUE_DEBT = N_(
    "%(kind)s at the product's minimum, %(amount)s (10k yuan): the firm's revenue is not known"
)
EQUITY = N_(
    "%(kind)s at the fund's entry ticket, %(amount)s (10k yuan): due diligence sizes the round"
)
WRONG_STAGE = N_("%(kind)s is not part of a %(stage)s package")
OUTDONE = N_("%(other)s, of the same kind, offers more")
TOO_SMALL = N_(
    "the product's minimum of %(min)s (10k yuan) is above the %(cap)s the package can hold"
)


@dataclass(frozen=True)
class PackageLine:
    code: str
    kind: str
    amount_10k: int
    reason: Message


@dataclass(frozen=True)
class LeftOut:
    """An eligible product the package does not take, and why."""

    code: str
    reason: Message


@dataclass(frozen=True)
class Package:
    stage: str  # the stage whose rule made the package
    note: Message
    lines: tuple[PackageLine, ...]
    left_out: tuple[LeftOut, ...]


@dataclass(frozen=True)
class _Offer:
    product: Product
    amount: int  # 0: the product cannot be offered
    reason: Message


def recommend_package(eligible: Sequence[Product], facts: Facts) -> Package:
    """The package of a firm with these ``facts`` from the products it is eligible for."""
    known = facts.get("stage")
    stage = known if isinstance(known, str) and known in STAGE_KINDS else EARLY
    note = Message(NOTES[stage] if stage == known else STAGE_NOT_KNOWN)
    kinds = STAGE_KINDS[stage]
    left_out = [
        LeftOut(p.code, _message(WRONG_STAGE, p, stage=STAGE_LABELS[stage]))
        for p in eligible
        if p.kind not in kinds
    ]
    lines: list[PackageLine] = []
    debt_left = SMALL_LOAN_CAP_10K
    for kind in kinds:
        offers = [_offer(p, stage, facts, debt_left) for p in eligible if p.kind == kind]
        if not offers:
            continue
        best = max(offers, key=lambda offer: offer.amount)  # the first of equals
        left_out.extend(_left_out(offers, best))
        if best.amount > 0:
            lines.append(PackageLine(best.product.code, kind, best.amount, best.reason))
            debt_left -= best.amount if kind in DEBT else 0
    return Package(stage, note, tuple(lines), tuple(left_out))


def _left_out(offers: Sequence[_Offer], best: _Offer) -> list[LeftOut]:
    outdone = Message(OUTDONE, {"other": best.product.code})
    return [
        LeftOut(o.product.code, o.reason if o.amount == 0 or best.amount == 0 else outdone)
        for o in offers
        if o is not best or o.amount == 0
    ]


def _offer(product: Product, stage: str, facts: Facts, debt_left: int) -> _Offer:
    if product.kind in GRANTS:
        return _Offer(product, product.max_10k, _message(GRANT, product, product.max_10k))
    if product.kind not in DEBT:  # equity, in a 1→100 package only
        return _Offer(product, product.min_10k, _message(EQUITY, product, product.min_10k))
    if stage == EARLY:
        return _capped(product, debt_left, SMALL_DEBT, cap=debt_left)
    revenue = facts.get("revenue_10k")
    if not isinstance(revenue, int | float) or isinstance(revenue, bool):
        return _Offer(product, product.min_10k, _message(NO_REVENUE_DEBT, product, product.min_10k))
    cap = math.floor(revenue * DEBT_TO_REVENUE)
    return _capped(product, cap, REVENUE_DEBT, revenue=revenue)


def _capped(product: Product, limit: int, message: str, **params: object) -> _Offer:
    """The product's amount up to ``limit``; none when its minimum is above the limit."""
    amount = min(product.max_10k, limit)
    if amount < product.min_10k or amount <= 0:
        return _Offer(product, 0, Message(TOO_SMALL, {"min": product.min_10k, "cap": limit}))
    return _Offer(product, amount, _message(message, product, amount, **params))


def _message(text: str, product: Product, amount: int | None = None, **params: object) -> Message:
    """A message about ``product``, its kind's label (translated when shown) and limits."""
    filled = {"kind": KIND_LABELS[product.kind], "min": product.min_10k, "max": product.max_10k}
    if amount is not None:
        filled["amount"] = amount
    labels = frozenset({"kind", "stage"} & ({*filled, *params}))
    return Message(text, {**filled, **params}, labels)
