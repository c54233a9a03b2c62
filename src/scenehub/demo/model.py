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
    # Hard negatives: how this firm resembles another one that it is not.
    branch_kind: str = ""  # district (…滨江分公司), ordinal (…第二分公司), out_of_town
    parent_uscc: str | None = None  # a branch's parent's code (some departments file under it)
    parent_name: str = ""  # an out-of-town branch's parent (not a firm of this city)
    lookalike_kind: str = ""  # homophone, region or industry_word
    sibling_of: str | None = None  # firm_id of an earlier firm of the same owner
    reuses_name_of: str | None = None  # firm_id of the deregistered firm whose name it took
    deregistered: date | None = None  # 注销: gone from most departments' files since
    # Its own history and shared attributes.
    former_names: tuple[str, ...] = ()  # 曾用名, the oldest first
    operating_address: str | None = None  # where it operates, when not at its registered one
    other_phones: tuple[str, ...] = ()  # numbers besides ``phone`` (departments differ)
    cluster_address: bool = False  # registered at a cluster-registration address
    agency_phone: bool = False  # ``phone`` is its bookkeeping agency's

    @property
    def is_branch(self) -> bool:
        """A 分公司, of a firm here or elsewhere: its own entity, never its parent's."""
        return self.branch_of is not None or bool(self.branch_kind)

    @property
    def phones(self) -> tuple[str, ...]:
        return (self.phone, *self.other_phones)
