"""What a partnership's records show for the national catalogue (readiness.Evidence), and
whether they let it be nominated. Reads only partnership tables, so the stage move may ask
it without importing the catalogue's use cases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.city import load_city
from scenehub.db import today as local_today
from scenehub.partnerships import stages
from scenehub.partnerships.models import Contract, Evaluation, Kpi, Milestone, Partnership, Pilot
from scenehub.partnerships.readiness import Evidence, Readiness, assess

DAYS_PER_MONTH = 365.25 / 12


@dataclass
class _Records:
    """The records of one partnership that its evidence is read from."""

    pilot: Pilot | None = None
    completed_on: list[date | None] = field(default_factory=list)  # one per milestone
    kpis: list[Kpi] = field(default_factory=list)
    grade: str | None = None
    contracted: bool = False


def evidence_of(session: Session, row: Partnership, today: date | None = None) -> Evidence:
    """The evidence of ``row``'s records."""
    return evidence_of_many(session, [row], today)[row.id]


def evidence_of_many(
    session: Session, rows: Sequence[Partnership], today: date | None = None
) -> dict[int, Evidence]:
    """The evidence of each row's records by partnership id: one query per kind of record
    (pilots, milestones, KPIs, evaluations, contracts), whatever the number of rows."""
    today = today or local_today()
    records = _records(session, [r.id for r in rows])
    return {r.id: _evidence(r, records[r.id], today) for r in rows}


def _records(session: Session, ids: list[int]) -> defaultdict[int, _Records]:
    records: defaultdict[int, _Records] = defaultdict(_Records)
    if not ids:
        return records
    for pilot in session.scalars(select(Pilot).where(Pilot.partnership_id.in_(ids))):
        records[pilot.partnership_id].pilot = pilot
    for pid, completed_on in session.execute(
        select(Milestone.partnership_id, Milestone.completed_on).where(
            Milestone.partnership_id.in_(ids)
        )
    ):
        records[pid].completed_on.append(completed_on)
    for kpi in session.scalars(select(Kpi).where(Kpi.partnership_id.in_(ids))):
        records[kpi.partnership_id].kpis.append(kpi)
    for pid, grade in session.execute(
        select(Evaluation.partnership_id, Evaluation.grade).where(
            Evaluation.partnership_id.in_(ids)
        )
    ):
        records[pid].grade = grade
    contracts = select(Contract.partnership_id).where(Contract.partnership_id.in_(ids))
    for pid in session.scalars(contracts):
        records[pid].contracted = True
    return records


def _evidence(row: Partnership, records: _Records, today: date) -> Evidence:
    pilot, kpis = records.pilot, records.kpis
    return Evidence(
        pilot_completed=pilot_completed(row.stage, pilot, records.completed_on, today),
        kpis_met=sum(1 for k in kpis if stages.kpi_met(k.target, k.actual, k.higher_is_better)),
        kpis_total=len(kpis),
        grade=records.grade,
        sites_beyond_pilot=row.sites_beyond_pilot or 0,
        contracted=records.contracted,
        compliance={check: True for check in row.compliance_passed or []},
        months_in_operation=_months_since(pilot.starts_on, today) if pilot else 0.0,
    )


def pilot_completed(
    stage: str, pilot: Pilot | None, completed_on: list[date | None], today: date
) -> bool:
    """A pilot is completed when the partnership went on to demonstration (or further), or
    when its last day has passed and every milestone is completed."""
    if stage in stages.COMPLETED_PILOT_STAGES:
        return True
    if pilot is None or pilot.ends_on >= today:
        return False
    return all(day is not None for day in completed_on)


def _months_since(start: date, today: date) -> float:
    return round(max(0, (today - start).days) / DAYS_PER_MONTH, 1)


def readiness_of(session: Session, row: Partnership) -> Readiness:
    """``row``'s readiness against the city's criteria."""
    return readiness_of_many(session, [row])[row.id]


def readiness_of_many(session: Session, rows: Sequence[Partnership]) -> dict[int, Readiness]:
    """Each row's readiness by partnership id, in a fixed number of queries."""
    city = load_city()
    found = evidence_of_many(session, rows)
    return {
        pid: assess(evidence, city.readiness_criteria, city.readiness_pass_mark)
        for pid, evidence in found.items()
    }
