"""The centre's dashboard: every figure computed from the records of the domains that did the
work (each domain's ``work_record``), never typed in."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.dashboard import kpis
from scenehub.dashboard.schemas import (
    Dashboard,
    DepartmentResponsiveness,
    FunnelStep,
    Headline,
    Trends,
    TrendSeries,
)
from scenehub.db import today as local_today
from scenehub.estation import service as estation_service
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.partnerships import service as partnership_service
from scenehub.proposals import service as proposal_service
from scenehub.salons import service as salon_service
from scenehub.scenes import service as scene_service
from scenehub.work import merged

# The headline figures, in the order the centre reports them.
HEADLINES: tuple[tuple[str, str], ...] = (
    ("salons_held", N_("Scene salons held")),
    ("meetings_held", N_("One-to-one meetings held")),
    ("partnerships_brokered", N_("Scene partnerships brokered")),
    ("firms_engaged", N_("Firms engaged")),
    ("scenes_published", N_("Scenes published")),
    ("pilots_running", N_("Pilots running")),
    ("demonstrations", N_("Demonstrations")),
    ("contracts", N_("Contracts signed")),
    ("contract_value_yuan", N_("Contract value (yuan)")),
    ("catalogue_nominations", N_("Nominated to the national catalogue")),
    ("catalogue_listings", N_("Listed in the national catalogue")),
)
# What the monthly trends follow.
TRENDS: tuple[tuple[str, str], ...] = (
    ("salon", N_("Salons held")),
    ("meeting", N_("Meetings held")),
    ("proposal", N_("Proposals")),
    ("partnership", N_("Partnerships")),
    ("contract", N_("Contracts")),
    ("nomination", N_("Catalogue nominations")),
)


def dashboard(session: Session, actor: Actor, today: date | None = None) -> Dashboard:
    """Every figure of the dashboard as of ``today`` (default: today), untranslated labels."""
    authorize(actor, "dashboard.read")
    today = today or local_today()
    work = merged(
        [
            salon_service.work_record(session),
            proposal_service.work_record(session),
            partnership_service.work_record(session),
            estation_service.work_record(session),
            scene_service.work_record(session),
        ]
    )
    figures = {**work.figures, "firms_engaged": float(len(work.firms))}
    trend = kpis.monthly(work.events, [key for key, _ in TRENDS], until=today)
    labels = dict(TRENDS)
    timings = proposal_service.decision_timings(session)
    names = auth_service.org_names(session, {t.department_org_id for t in timings})
    responsiveness = kpis.responsiveness(
        (
            kpis.ProposalTiming(
                names.get(t.department_org_id, str(t.department_org_id)),
                t.scene_id,
                t.submitted_on,
                t.decided_on,
            )
            for t in timings
        ),
        today,
    )
    return Dashboard(
        as_of=today,
        headlines=[
            Headline(key=key, label=label, value=figures.get(key, 0)) for key, label in HEADLINES
        ],
        funnel=[
            FunnelStep(key=s.key, label=s.label, count=s.count, reached=s.reached, rate=s.rate)
            for s in kpis.funnel(work.pairs)
        ],
        trends=Trends(
            months=list(trend.months),
            series=[
                TrendSeries(key=key, label=labels[key], values=list(values))
                for key, values in trend.series.items()
            ],
        ),
        departments=[DepartmentResponsiveness(**vars(r)) for r in responsiveness],
    )
