"""What the synthetic city is made of: the true firms behind every department record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

STAGE_EARLY = "0-1"  # 从0到1: first product, first pilot
STAGE_SCALE = "1-100"  # 从1到100: scaling up
# The city's "today": fixed, so the same seed gives the same files whatever the calendar says.
TODAY = date(2026, 11, 1)


@dataclass(frozen=True)
class Firm:
    """A firm as it really is (the ground truth); departments see noisy views of it."""

    firm_id: str
    index: int
    uscc: str
    name: str
    region: str
    brand: str
    industry_word: str
    legal_form: str
    district_code: str
    address: str
    old_address: str | None  # before a relocation; stale departments still use it
    legal_rep: str
    phone: str
    established: date
    registered_capital: float  # 万元
    headcount: int
    stage: str
    is_ai: bool
    segments: tuple[str, ...]  # chain codes, the main one first; ("X.other",) off the chain
    sector: str | None  # ordinary sector key for non-AI firms
    business_scope: str
    capability: str  # capability description of a tech firm, "" otherwise
    vetted: bool  # passed the security vetting policing scenes require
    hightech: bool  # certified high-tech enterprise
    procurement: bool  # has won government contracts
    old_tax_id: str | None  # 15-character tax id of a firm registered before 2015-10
    branch_of: str | None = None  # firm_id of the parent of a 分公司
    lookalike_of: str | None = None  # firm_id of a different firm with a near-identical name
