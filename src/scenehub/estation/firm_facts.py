"""A firm's facts for the E-Station's eligibility rules, from its departments' records and
the platform's own (pure): each fact with where it came from, and a fact no record gives left
unknown (None) — never 0 or false — so that a rule on it is unknown, not a silent pass.

The rules, one function each (docs/estation.md, "A firm's facts"):

- ``headcount``, ``revenue_10k``: of the fact's columns in the city file's order, the first
  with a readable value counts; of its records, the latest by the column that dates them
  (``as_of``: the insured month, the statistics year), then the latest run.
- ``years_since_founding``: the golden record's founding date to ``today``, in years.
- ``district``: the golden record's district.
- ``segments``: the chain segments the industry map counts the firm under (primary and
  secondary; a model's only from the map's confidence, the centre's or the firm's own always);
  unknown while the firm is unclassified or its primary segment is below the confidence.
- ``high_tech``: true while a certificate is valid on ``today`` (to its expiry, else three
  years from its issue); false when every certificate has expired or the firm is on none of
  the lists the warehouse holds; unknown when a certificate's dates cannot be read, or the
  warehouse holds no list.
- ``patents``, ``prior_defaults``: how many of the firm's records the lists hold (0 when it is
  on none); unknown when the warehouse holds no such list.
- ``tax_credit_grade``: the latest grade where the records are dated, else the lowest grade
  they give (records that disagree are not settled in the firm's favour).
- ``stage``, ``pilot_status``, ``scene_wins``: ``stage_of``, ``pilot_status_of``,
  ``scene_wins_of``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from scenehub.estation.fact_values import (
    parse_amount,
    parse_as_of,
    parse_count,
    parse_day,
    parse_grade,
    worse_grade,
    years_after,
    years_between,
)
from scenehub.estation.facts import FIELDS
from scenehub.estation.firm_records import (
    MODEL,
    FactRecord,
    GoldenValue,
    MunicipalRecords,
    PlatformRecord,
    Segment,
)

FACT_FIELDS = tuple(FIELDS)  # the fields a rule reads, in the firm line's order
# The stage rule: young (under YOUNG_YEARS) and small (under SMALL_HEADCOUNT staff) is 0→1,
# as on the industry map (industry/map.py); a revenue from 2,000万 (the statistics bureau's
# threshold of an enterprise above designated size) is 1→100 at any age.
YOUNG_YEARS = 5
SMALL_HEADCOUNT = 100
SCALE_REVENUE_10K = 2_000
CERTIFICATE_YEARS = 3  # a high-tech enterprise certificate is valid for three years
SHOWN_RECORDS = 5  # record ids a count names

V = TypeVar("V")
Found = tuple[V | None, str]  # a fact's value (None: unknown) and where it came from


@dataclass(frozen=True)
class FirmFactSheet:
    """A firm's facts (None: unknown) and, for each, where it came from or why it is
    unknown."""

    firm_id: int | str
    stage: str | None = None
    headcount: int | None = None
    years_since_founding: float | None = None
    district: str | None = None
    segments: tuple[str, ...] | None = None
    high_tech: bool | None = None
    patents: int | None = None
    revenue_10k: float | None = None
    tax_credit_grade: str | None = None
    pilot_status: str | None = None
    scene_wins: int | None = None
    prior_defaults: int | None = None
    provenance: Mapping[str, str] = field(default_factory=dict)

    def known(self) -> dict[str, str | int | float | bool | tuple[str, ...]]:
        """The facts that are known, by field (what an eligibility rule reads)."""
        values = {name: getattr(self, name) for name in FACT_FIELDS}
        return {name: value for name, value in values.items() if value is not None}

    def as_line(self) -> dict[str, object]:
        """The firm as a line of ``scenehub estation check``'s firms file (null: unknown)."""
        line: dict[str, object] = {"firm_id": self.firm_id}
        for name in FACT_FIELDS:
            value = getattr(self, name)
            line[name] = list(value) if isinstance(value, tuple) else value
        return line


def fact_sheet(
    firm_id: int | str,
    municipal: MunicipalRecords | None,
    platform: PlatformRecord,
    *,
    today: date,
    min_confidence: float,
) -> FirmFactSheet:
    """The firm's facts on ``today`` (``municipal`` None: no golden record is the firm's, so
    no department's record says anything about it)."""
    held = municipal or MunicipalRecords(golden_id="")
    headcount = latest_value(held.records, "headcount", parse_count)
    revenue = latest_value(held.records, "revenue_10k", parse_amount)
    founded = years_since_founding(held.established, today)
    stage = stage_of(founded[0], headcount[0], revenue[0])
    district, segments = district_of(held.district), segments_of(held.segments, min_confidence)
    high_tech, grade = high_tech_of(held, today), tax_credit_grade_of(held.records)
    patents, defaults = count_of(held, "patents"), count_of(held, "prior_defaults")
    pilots, wins = pilot_status_of(platform), scene_wins_of(platform)
    found: dict[str, Found[object]] = {
        "stage": stage,
        "headcount": headcount,
        "years_since_founding": founded,
        "district": district,
        "segments": segments,
        "high_tech": high_tech,
        "patents": patents,
        "revenue_10k": revenue,
        "tax_credit_grade": grade,
        "pilot_status": pilots,
        "scene_wins": wins,
        "prior_defaults": defaults,
    }
    return FirmFactSheet(
        firm_id,
        stage=stage[0],
        headcount=headcount[0],
        years_since_founding=founded[0],
        district=district[0],
        segments=segments[0],
        high_tech=high_tech[0],
        patents=patents[0],
        revenue_10k=revenue[0],
        tax_credit_grade=grade[0],
        pilot_status=pilots[0],
        scene_wins=wins[0],
        prior_defaults=defaults[0],
        provenance=_provenance(found, golden=municipal is not None),
    )


def _provenance(found: Mapping[str, Found[object]], golden: bool) -> dict[str, str]:
    """Where each fact came from; an unknown one of a firm without a golden record says so."""
    return {
        name: why if golden or value is not None else f"{why} (no golden record is the firm's)"
        for name, (value, why) in found.items()
    }


def cite(record: FactRecord) -> str:
    """Where a value came from: the department, its dataset and record, the column."""
    dated = f", as of {record.as_of}" if record.as_of else ""
    return (
        f"{record.department} · {record.source} {record.record_id}: "
        f"{record.column} {record.value or '(blank)'}{dated}"
    )


def latest_value(
    records: Sequence[FactRecord], fact: str, parse: Callable[[str | None], V | None]
) -> Found[V]:
    """The fact's value from its first column that has one readable, of the latest record."""
    usable = [
        (i, r, v)
        for i, r in enumerate(records)
        if r.fact == fact and (v := parse(r.value)) is not None
    ]
    if not usable:
        return None, _nothing_readable(records, fact)
    first = min(r.priority for _, r, _ in usable)
    _, record, value = max(
        (u for u in usable if u[1].priority == first),
        key=lambda u: (parse_as_of(u[1].as_of) or date.min, -u[0]),  # then the reader's order
    )
    return value, cite(record)


def _nothing_readable(records: Sequence[FactRecord], fact: str) -> str:
    seen = [r for r in records if r.fact == fact]
    if seen:
        return f"unreadable: {cite(seen[0])}"
    return "no department's record gives it"


def years_since_founding(established: GoldenValue | None, today: date) -> Found[float]:
    """Years from the golden record's founding date to ``today``."""
    if established is None:
        return None, "the golden record has no founding date"
    founded = parse_day(established.value)
    where = f"{_golden(established)}: founded {established.value}"
    if founded is None or founded > today:
        return None, f"unreadable or after {today.isoformat()}: {where}"
    return years_between(founded, today), where


def district_of(district: GoldenValue | None) -> Found[str]:
    if district is None:
        return None, "the golden record has no district"
    return district.value, f"{_golden(district)}: district {district.value}"


def _golden(value: GoldenValue) -> str:
    return f"golden record, from {value.department} · {value.source} {value.record_id}"


def segments_of(
    segments: Sequence[Segment] | None, min_confidence: float
) -> Found[tuple[str, ...]]:
    """The segments the map counts the firm under, the primary first."""
    if segments is None:
        return None, "the firms have not been classified on the industry chain yet"
    counted = [s for s in segments if s.source != MODEL or s.score >= min_confidence]
    primary = next((s for s in segments if s.kind == "primary"), None)
    if primary is None or primary not in counted:
        shown = f"{primary.code} {primary.score:.2f}" if primary else "none"
        return None, f"industry chain: primary segment below {min_confidence:.2f} ({shown})"
    counted.sort(key=lambda s: s.kind != "primary")
    how = ", ".join(
        f"{s.code} ({s.score:.2f})" if s.source == MODEL else f"{s.code} ({s.source})"
        for s in counted
    )
    return tuple(s.code for s in counted), f"industry chain classification: {how}"


def validity(certificate: FactRecord) -> tuple[date, date] | None:
    """The days a certificate is valid: its issue to its expiry, else to three years less
    a day after its issue; None when neither date can be read."""
    issued, until = parse_day(certificate.value), parse_day(certificate.valid_until)
    if until is None and issued is not None:
        until = years_after(issued, CERTIFICATE_YEARS) - timedelta(days=1)
    if until is None:
        return None
    return issued or date.min, until


def high_tech_of(held: MunicipalRecords, today: date) -> Found[bool]:
    """Whether a high-tech enterprise certificate of the firm is valid on ``today``."""
    spans = [(r, validity(r)) for r in held.records if r.fact == "high_tech"]
    current = [(r, s) for r, s in spans if s is not None and s[0] <= today <= s[1]]
    if current:
        record, (_, until) = max(current, key=lambda c: c[1][1])
        return True, f"{cite(record)}, valid to {until.isoformat()}"
    unreadable = [r for r, s in spans if s is None]
    if unreadable:
        return None, f"no readable issue or expiry date: {cite(unreadable[0])}"
    if spans:
        record, (_, until) = max(((r, s) for r, s in spans if s), key=lambda c: c[1][1])
        return False, f"not valid on {today.isoformat()}: {cite(record)}, valid to {until}"
    return _absent(held, "high_tech")


def count_of(held: MunicipalRecords, fact: str) -> Found[int]:
    """How many of the firm's records the warehouse's lists of ``fact`` hold."""
    lists = {g.source: g for g in held.registers if g.fact == fact}
    if not lists:
        return None, "the warehouse holds no list of them"
    mine = sorted(
        {(r.source, r.record_id) for r in held.records if r.fact == fact and r.source in lists}
    )
    per_list = "; ".join(
        f"{g.department} · {g.source}: {sum(s == g.source for s, _ in mine)}"
        for g in lists.values()
    )
    ids = ", ".join(i for _, i in mine[:SHOWN_RECORDS]) + ("…" if len(mine) > SHOWN_RECORDS else "")
    return len(mine), per_list + (f" ({ids})" if ids else "")


def _absent(held: MunicipalRecords, fact: str) -> Found[bool]:
    lists = [g for g in held.registers if g.fact == fact]
    if not lists:
        return None, "the warehouse holds no list of them"
    return False, "on none of " + "; ".join(f"{g.department} · {g.source}" for g in lists)


def tax_credit_grade_of(records: Sequence[FactRecord]) -> Found[str]:
    """The latest grade where the records are dated, else the lowest they give."""
    graded = [
        (r, g) for r in records if r.fact == "tax_credit_grade" and (g := parse_grade(r.value))
    ]
    if not graded:
        return None, _nothing_readable(records, "tax_credit_grade")
    first = min(r.priority for r, _ in graded)
    graded = [(r, g) for r, g in graded if r.priority == first]
    dated = [(r, g, d) for r, g in graded if (d := parse_as_of(r.as_of)) is not None]
    if dated:
        latest = max(d for _, _, d in dated)
        graded = [(r, g) for r, g, d in dated if d == latest]
    grade = graded[0][1]
    for _, other in graded[1:]:
        grade = worse_grade(grade, other)
    record = next(r for r, g in graded if g == grade)
    if len({g for _, g in graded}) > 1:
        return grade, f"the lowest of {len(graded)} records that disagree: {cite(record)}"
    return grade, cite(record)


def stage_of(years: float | None, headcount: int | None, revenue_10k: float | None) -> Found[str]:
    """0→1 when young and small, 1→100 when old, large or of above-scale revenue; unknown
    when age or headcount is unknown and nothing known makes it 1→100. Revenue counts only
    when known: the statistics bureau reports it for firms above designated size alone."""
    if years is not None and years >= YOUNG_YEARS:
        return "1-100", f"rule: founded {years} years ago (from {YOUNG_YEARS})"
    if headcount is not None and headcount >= SMALL_HEADCOUNT:
        return "1-100", f"rule: headcount {headcount} (from {SMALL_HEADCOUNT})"
    if revenue_10k is not None and revenue_10k >= SCALE_REVENUE_10K:
        return "1-100", f"rule: revenue {revenue_10k:g}万 (from {SCALE_REVENUE_10K:,}万)"
    if years is None or headcount is None:
        missing = " and ".join(
            n for n, v in (("age", years), ("headcount", headcount)) if v is None
        )
        return None, f"rule: {missing} unknown"
    return "0-1", (
        f"rule: founded {years} years ago (under {YOUNG_YEARS}), headcount {headcount} "
        f"(under {SMALL_HEADCOUNT})"
    )


def pilot_status_of(platform: PlatformRecord) -> Found[str]:
    """completed once a pilot went on to demonstration or was evaluated (matching's track
    record), else running while one is in pilot, else none."""
    counts = (
        f"platform: partnerships — {platform.pilots_completed} completed, "
        f"{platform.pilots_running} running"
    )
    if platform.pilots_completed:
        return "completed", counts
    return ("running" if platform.pilots_running else "none"), counts


def scene_wins_of(platform: PlatformRecord) -> Found[int]:
    return platform.scene_wins, f"platform: proposals — {platform.scene_wins} selected"
