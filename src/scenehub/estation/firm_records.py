"""What the warehouse and the platform hold about a firm, as its facts read them (pure):
plain records that the reader (``warehouse_facts.py``) fills and ``firm_facts.py`` turns into
facts."""

from __future__ import annotations

from dataclasses import dataclass

MODEL = "model"  # a segment the classifier gave (the others are the centre's or the firm's)


@dataclass(frozen=True)
class FactRecord:
    """One department record that a fact of a firm reads (a column of the city file's
    ``facts``), with the record's own identity."""

    fact: str  # headcount, revenue_10k, patents, high_tech, tax_credit_grade, prior_defaults
    priority: int  # the column's place among the fact's columns in the city file (0 first)
    source: str
    department: str
    record_id: str
    column: str
    value: str | None
    as_of: str | None = None  # the value of the column that dates it
    valid_until: str | None = None  # a certificate's expiry as written


@dataclass(frozen=True)
class Register:
    """A list the warehouse holds that a fact counts in: a firm missing from it has none."""

    fact: str  # patents, high_tech, prior_defaults
    source: str
    department: str


@dataclass(frozen=True)
class GoldenValue:
    """A field of the firm's golden record, with the record it was taken from."""

    value: str
    source: str
    department: str
    record_id: str


@dataclass(frozen=True)
class Segment:
    code: str
    score: float
    kind: str  # primary or secondary
    source: str  # model, operator (the centre's label) or declared (the firm's own)


@dataclass(frozen=True)
class MunicipalRecords:
    """What the warehouse holds about one golden firm."""

    golden_id: str
    established: GoldenValue | None = None
    district: GoldenValue | None = None
    records: tuple[FactRecord, ...] = ()
    segments: tuple[Segment, ...] | None = None  # None: the firms have not been classified
    registers: tuple[Register, ...] = ()


@dataclass(frozen=True)
class PlatformRecord:
    """What the platform itself knows of a firm: its pilots (as matching's track record
    counts them) and its selected proposals."""

    pilots_completed: int = 0
    pilots_running: int = 0
    scene_wins: int = 0
