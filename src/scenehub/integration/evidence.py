"""What clerical review shows and allows, as rules (pure: no database, no web).

- **The band**: the scored pairs the queue offers, ``lower ≤ p < upper`` around the
  resolution threshold (``band_around``), the least certain (closest to the threshold) first.
- **The evidence**: field by field, whether two records agree (the same, close, different,
  or not in both), from their standardised values.
- **Refusals**: decisions that could not take effect, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from scenehub.i18n import N_

MATCH, SPLIT = "match", "split"
DECISIONS: dict[str, str] = {MATCH: N_("confirmed"), SPLIT: N_("split")}

SAME, CLOSE, DIFFERS, MISSING = "same", "close", "differs", "missing"
AGREEMENT_LABELS: dict[str, str] = {
    SAME: N_("the same"),
    CLOSE: N_("close"),
    DIFFERS: N_("different"),
    MISSING: N_("not in both"),
}
# The fields compared, in the order shown.
FIELD_LABELS: dict[str, str] = {
    "name_core": N_("Name (without region and legal form)"),
    "branch": N_("Branch part"),
    "region": N_("Region in the name"),
    "uscc": N_("USCC"),
    "address": N_("Address"),
    "district_code": N_("District"),
    "legal_rep": N_("Legal representative"),
    "phone": N_("Phone"),
    "established": N_("Founded"),
}
# Free text where one character more or less is still "close" (a typo, a dropped prefix).
# A display aid for the operator, not the model's own comparison.
FUZZY_FIELDS = frozenset({"name_core", "address"})
CLOSE_RATIO = 0.8


@dataclass(frozen=True)
class ReviewBand:
    """Which scored pairs the queue offers, and in what order.

    Splink keeps pairs from 0.5 up (below, the model thinks a match less likely than not);
    from 0.99 the model is sure enough that an operator's time is better spent nearer the
    threshold, where its mistakes are (``band_around``).
    """

    threshold: float = 0.9
    lower: float = 0.5
    upper: float = 0.99

    def __post_init__(self) -> None:
        if not 0 <= self.lower <= self.threshold < self.upper <= 1:
            raise ValueError("the band needs 0 ≤ lower ≤ threshold < upper ≤ 1")

    def contains(self, probability: float) -> bool:
        return self.lower <= probability < self.upper

    def uncertainty_key(self, probability: float, left: str, right: str) -> tuple[float, str, str]:
        """The queue's order: closest to the threshold first, then by the records' ids."""
        return (abs(probability - self.threshold), left, right)


# Splink keeps the pairs it scores from 0.5 up: below, there is nothing to review.
SCORED_FROM = 0.5
SURE_FROM = 0.99


def band_around(threshold: float) -> ReviewBand:
    """The review band of a resolution threshold: every kept score up to where the model is
    sure (0.99), stretched when the threshold itself sits outside that range."""
    lower = min(SCORED_FROM, threshold)
    return ReviewBand(threshold, lower, max(SURE_FROM, threshold + (1 - threshold) / 2))


@dataclass(frozen=True)
class RecordView:
    """One record as the operator compares it: standardised values, and the raw ones."""

    unique_id: str
    source: str
    department: str
    record_id: str
    firm_id: str | None  # the firm the last resolution put it in
    name_raw: str | None
    name_core: str | None
    branch: str | None
    region: str | None
    uscc: str | None  # a valid code, or None
    uscc_raw: str | None  # as the department wrote it
    code_firm: str | None  # the firm its code links it to (resolution's exact step), or None
    address: str | None
    district_code: str | None
    legal_rep: str | None
    phone: str | None
    established: str | None


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    left: str | None
    right: str | None
    agreement: str  # SAME, CLOSE, DIFFERS or MISSING


def ordered_pair(a: str, b: str) -> tuple[str, str]:
    """A pair of record ids as the warehouse keeps it: the smaller first."""
    if a == b:
        raise ValueError("a pair needs two different records")
    return (a, b) if a < b else (b, a)


def compare_records(left: RecordView, right: RecordView) -> list[FieldAgreement]:
    """Field by field, whether the two records agree (a branch part only when one has one)."""
    compared = []
    for field in FIELD_LABELS:
        a, b = _text(getattr(left, field)), _text(getattr(right, field))
        if field == "branch" and not a and not b:
            continue
        compared.append(FieldAgreement(field, a, b, agreement_of(field, a, b)))
    return compared


def agreement_of(field: str, a: str | None, b: str | None) -> str:
    if not a or not b:
        return MISSING
    if a == b:
        return SAME
    if field in FUZZY_FIELDS and SequenceMatcher(None, a, b).ratio() >= CLOSE_RATIO:
        return CLOSE
    return DIFFERS


def decision_refusal(left: RecordView, right: RecordView, decision: str) -> str | None:
    """Why ``decision`` on this pair could not take effect, or None when it can: codes link
    records before any score does, and two codes are never one firm."""
    if decision == SPLIT and left.code_firm and left.code_firm == right.code_firm:
        return N_(
            "both records carry the same valid USCC, which links them whatever a split says; "
            "correct the code at its source"
        )
    if (
        decision == MATCH
        and left.code_firm
        and right.code_firm
        and left.code_firm != right.code_firm
    ):
        return N_(
            "the records carry two different valid USCCs, and two codes are two firms; "
            "correct the wrong code at its source"
        )
    return None


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)
