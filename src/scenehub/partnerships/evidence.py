"""What a partnership's records show for the national catalogue (readiness.Evidence), and
whether they let it be nominated. Reads only partnership tables, so the stage move may ask
it without importing the catalogue's use cases."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.city import load_city
from scenehub.db import today as local_today
from scenehub.partnerships import stages
from scenehub.partnerships.models import Contract, Evaluation, Kpi, Milestone, Partnership, Pilot
from scenehub.partnerships.readiness import Evidence, Readiness, assess

DAYS_PER_MONTH = 365.25 / 12


def evidence_of(session: Session, row: Partnership, today: date | None = None) -> Evidence:
    """The evidence of ``row``'s records (a fixed number of queries)."""
    today = today or local_today()
    pilot = session.scalar(select(Pilot).where(Pilot.partnership_id == row.id))
    done = list(
        session.scalars(select(Milestone.completed_on).where(Milestone.partnership_id == row.id))
    )
    kpis = list(session.scalars(select(Kpi).where(Kpi.partnership_id == row.id)))
    grade = session.scalar(select(Evaluation.grade).where(Evaluation.partnership_id == row.id))
    contracted = (
        session.scalar(select(Contract.id).where(Contract.partnership_id == row.id)) is not None
    )
    return Evidence(
        pilot_completed=pilot_completed(row.stage, pilot, done, today),
        kpis_met=sum(1 for k in kpis if stages.kpi_met(k.target, k.actual, k.higher_is_better)),
        kpis_total=len(kpis),
        grade=grade,
        sites_beyond_pilot=row.sites_beyond_pilot or 0,
        contracted=contracted,
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
    city = load_city()
    return assess(evidence_of(session, row), city.readiness_criteria, city.readiness_pass_mark)
