"""One partnership of the history, as it came about and went on: opened from a salon
follow-up or a selected proposal, then moved stage by stage with its pilot, milestones, KPIs,
evaluation and contract (or terminated with its reason)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from scenehub.demo.history import LIFECYCLE_MONTHS, SALON_LEAD_DAYS
from scenehub.demo.replay_salons import meeting_id, slot_of
from scenehub.partnerships import pilots
from scenehub.partnerships import service as partnership_service
from scenehub.partnerships.schemas import (
    ContractSet,
    EvaluationSet,
    KpiActual,
    KpiCreate,
    MilestoneComplete,
    MilestoneCreate,
    PilotSet,
    StageMove,
)
from scenehub.partnerships.stages import PROCUREMENT_METHODS, RUBRIC
from scenehub.proposals import service as proposal_service
from scenehub.proposals.review import RUBRIC as PROPOSAL_RUBRIC
from scenehub.proposals.schemas import ProposalAdvance, ProposalCreate
from scenehub.salons import meeting_service
from scenehub.salons.schemas import FollowUpWrite

if TYPE_CHECKING:
    from scenehub.demo.replay import Replay

EVALUATED_AFTER_DAYS = 182
TERMINATED_AFTER_PILOT_DAYS = 45
# The history's salon-born partnerships: every third went through a written proposal first.
PROPOSAL_AFTER_SALON_EVERY = 3


@dataclass(frozen=True)
class Road:
    """How a partnership came about: "salon" (a follow-up opened it), "salon_proposal" (the
    follow-up invited a proposal the department selected), "proposal" (a proposal without a
    salon) or "department" (the scene was partnered already and took no more proposals: its
    department opened it as its own follow-up)."""

    kind: str
    salon_id: str = ""
    held_on: date | None = None


@dataclass
class Roads:
    by_pair: dict[tuple[str, str], Road] = field(default_factory=dict)  # (scene, firm) → road
    shown: dict[str, tuple[str, ...]] = field(default_factory=dict)  # salon → scenes shown
    meetings: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)


def roads(
    salons: list[dict[str, Any]], partnerships: list[dict[str, Any]], replay: Replay
) -> Roads:
    """Which scenes each salon can still show (those no partnership had taken when it was set
    up), its meetings (one per firm and department), and each partnership's road."""
    found = Roads()
    taken: dict[str, date] = {}
    for raw in partnerships:
        day = date.fromisoformat(raw["started_on"])
        taken[raw["scene_id"]] = min(day, taken.get(raw["scene_id"], day))
    met: dict[tuple[str, str], tuple[str, date]] = {}
    for raw in sorted(salons, key=lambda s: s["held_on"]):
        held = date.fromisoformat(raw["held_on"])
        setup = held - timedelta(days=SALON_LEAD_DAYS)
        shown = tuple(s for s in raw["scene_ids"] if taken.get(s, date.max) > setup)
        found.shown[raw["salon_id"]] = shown
        found.meetings[raw["salon_id"]] = kept = []
        if len(shown) < 2:
            continue
        pairs: set[tuple[str, int]] = set()
        for m in sorted(raw["meetings"], key=lambda m: m["slot_start"]):
            table = (m["firm_id"], replay.scenes[m["scene_id"]][1])
            if m["scene_id"] in shown and table not in pairs:
                pairs.add(table)
                kept.append((m["scene_id"], m["firm_id"], slot_of(held, m["slot_start"])))
                met.setdefault((m["scene_id"], m["firm_id"]), (raw["salon_id"], held))
    firsts: dict[str, str] = {}  # scene → the partnership that took it first
    for raw in sorted(partnerships, key=lambda p: (p["started_on"], p["partnership_id"])):
        firsts.setdefault(raw["scene_id"], raw["partnership_id"])
    for n, raw in enumerate(partnerships):
        pair = (raw["scene_id"], raw["firm_id"])
        first = firsts[raw["scene_id"]] == raw["partnership_id"]  # one proposal selected
        where = met.get(pair)
        started = date.fromisoformat(raw["started_on"])
        # Outcomes are recorded two days after a salon; a proposal needs a few weeks.
        if where is not None and where[1] + timedelta(days=3) <= started:
            written = first and n % PROPOSAL_AFTER_SALON_EVERY == 0
            written = written and where[1] + timedelta(days=14) <= started
            found.by_pair[pair] = Road("salon_proposal" if written else "salon", *where)
        else:
            found.by_pair[pair] = Road("proposal" if first else "department")
    return found


def plan_partnership(replay: Replay, raw: dict[str, Any], found: Roads) -> None:
    """Add the steps that open one history partnership and carry it to its stage."""
    scene, firm = raw["scene_id"], raw["firm_id"]
    road, start = found.by_pair[(scene, firm)], date.fromisoformat(raw["started_on"])
    if road.kind == "salon":
        replay.add(start, 10, lambda: _follow_up(replay, road, scene, firm, "partnership"))
    elif road.kind == "salon_proposal":
        assert road.held_on is not None
        invited = road.held_on + timedelta(days=3)
        replay.add(invited, 11, lambda: _follow_up(replay, road, scene, firm, "proposal"))
        _plan_proposal(replay, scene, firm, invited + (start - invited) / 3, start)
    elif road.kind == "proposal":
        _plan_proposal(replay, scene, firm, start - timedelta(days=30), start)
    else:
        replay.add(start, 10, lambda: _department_opens(replay, scene, firm))
    _plan_stages(replay, raw, start)


def _follow_up(replay: Replay, road: Road, scene: str, firm: str, action: str) -> None:
    meeting = meeting_id(replay, road.salon_id, scene, firm)
    code = replay.salon_codes[road.salon_id]
    meeting_service.follow_up(
        replay.session, replay.operator, code, meeting, FollowUpWrite(action=action)
    )


def _department_opens(replay: Replay, scene: str, firm: str) -> None:
    partnership_service.open_from_follow_up(
        replay.session,
        replay.department_of(scene),
        scene_id=replay.scenes[scene][0],
        firm_org_id=replay.firms[firm],
        note="部门跟进对接",
    )


def _plan_proposal(replay: Replay, scene: str, firm: str, sent: date, selected: date) -> None:
    """The firm writes a proposal; the department screens, shortlists and selects it."""
    gap = (selected - sent) / 3
    # Later phases at later hours: the order holds even when the days run together.
    replay.add(sent, 9, lambda: _submit(replay, scene, firm))
    for n, phase in enumerate(("screening", "shortlisted"), start=1):
        replay.add(sent + gap * n, 10 + n, lambda p=phase: _advance(replay, scene, firm, p))  # type: ignore[misc]
    replay.add(selected, 15, lambda: _advance(replay, scene, firm, "selected"))


def _submit(replay: Replay, scene: str, firm: str) -> None:
    rng = random.Random(f"replay:proposal:{scene}:{firm}")
    body = ProposalCreate(
        summary=f"面向场景 {scene} 的揭榜方案：部署、试点与评估计划。",
        budget_10k=rng.randrange(30, 500, 10),
        timeline_months=rng.choice((4, 6, 9, 12)),
    )
    actor = replay.member(replay.firms[firm], "firm")
    replay.proposals[(scene, firm)] = proposal_service.submit(replay.session, actor, scene, body).id


def _advance(replay: Replay, scene: str, firm: str, to: str) -> None:
    proposal_id = replay.proposals[(scene, firm)]
    rng = random.Random(f"replay:review:{scene}:{firm}")
    scores = {c.key: float(rng.randint(6, 10)) for c in PROPOSAL_RUBRIC} if to == "selected" else {}
    proposal_service.advance(
        replay.session,
        replay.department_of(scene),
        proposal_id,
        ProposalAdvance(to=to, scores=scores),
    )


def _plan_stages(replay: Replay, raw: dict[str, Any], start: date) -> None:
    """The pilot and the stages after it, on the days the history gives or implies."""
    scene, firm, pilot = raw["scene_id"], raw["firm_id"], raw["pilot"]
    act = _Acts(replay, scene, firm)
    kpis = (pilot or {}).get("kpis") or [{"name": name} for name in raw["kpis"]]
    replay.add(start, 16, lambda: act.kpis(kpis))  # after the opening, even on the last day
    if pilot is None:
        return
    begins = date.fromisoformat(pilot["starts_on"])
    replay.add(begins, 9, lambda: act.pilot(pilot))
    for m in pilot["milestones"]:
        if m["completed_on"]:
            day = date.fromisoformat(m["completed_on"])
            replay.add(day, 17, lambda t=m["title"], d=day: act.complete(t, d))  # type: ignore[misc]
    evaluated = max(date.fromisoformat(pilot["ends_on"]), start + timedelta(EVALUATED_AFTER_DAYS))
    if raw["evaluation_score"] is not None:
        replay.add(evaluated, 18, lambda: act.evaluate(raw["evaluation_score"]))
    if raw["stage"] == "terminated":
        ended = (
            evaluated + timedelta(days=7)
            if raw["evaluation_score"] is not None
            else (begins + timedelta(days=TERMINATED_AFTER_PILOT_DAYS))
        )
        replay.add(ended, 19, lambda: act.move("terminated", raw["terminated_reason"]))
        return
    reached = {"demonstration": 1, "scale": 2}.get(raw["stage"], 0)
    later = zip(("demonstration", "scale"), LIFECYCLE_MONTHS[2:], strict=True)
    for stage, months in list(later)[:reached]:
        day = start + timedelta(days=round(months * 30.4))
        if stage == "demonstration":
            replay.add(day, 19.5, lambda d=day: act.contract(d))  # type: ignore[misc]
        replay.add(day, 20, lambda s=stage: act.move(s, ""))  # type: ignore[misc]


@dataclass
class _Acts:
    """What the scene's department records on its partnership with the firm."""

    replay: Replay
    scene: str
    firm: str
    kpi_ids: dict[str, tuple[int, float | None]] = field(default_factory=dict)
    milestone_ids: dict[str, int] = field(default_factory=dict)

    @property
    def code(self) -> str:
        found = self.replay.partnership_code(self.scene, self.firm)
        assert found is not None, (self.scene, self.firm)
        return found

    def _who(self) -> Any:
        return self.replay.session, self.replay.department_of(self.scene), self.code

    def kpis(self, kpis: list[dict[str, Any]]) -> None:
        session, actor, code = self._who()
        for k in kpis:
            body = KpiCreate(
                name=k["name"][:200],
                unit=(k.get("unit") or "")[:40],
                baseline=k.get("baseline"),
                target=k.get("target"),
                higher_is_better=k.get("higher_is_better", True),
            )
            self.kpi_ids[k["name"]] = (pilots.add_kpi(session, actor, code, body), k.get("actual"))

    def pilot(self, pilot: dict[str, Any]) -> None:
        session, actor, code = self._who()
        partnership_service.move_stage(session, actor, code, StageMove(to="pilot"))
        body = PilotSet(
            scope=pilot["scope"][:4000],
            site=pilot["site"][:300],
            starts_on=pilot["starts_on"],
            ends_on=pilot["ends_on"],
        )
        pilots.set_pilot(session, actor, code, body)
        for m in pilot["milestones"]:
            body_m = MilestoneCreate(title=m["title"], due_on=m["due_on"])
            self.milestone_ids[m["title"]] = pilots.add_milestone(session, actor, code, body_m)

    def complete(self, title: str, day: date) -> None:
        session, actor, code = self._who()
        body = MilestoneComplete(completed_on=day)
        pilots.complete_milestone(session, actor, code, self.milestone_ids[title], body)

    def evaluate(self, score: float) -> None:
        """The measured KPIs, then the rubric around the history's 0–100 score."""
        session, actor, code = self._who()
        for kpi_id, actual in self.kpi_ids.values():
            if actual is not None:
                pilots.record_kpi_actual(session, actor, code, kpi_id, KpiActual(actual=actual))
        mean = score / 20
        spread = (0.4, -0.3, 0.2, -0.4, 0.1)
        rubric = {k: min(5, max(1, round(mean + d))) for k, d in zip(RUBRIC, spread, strict=True)}
        pilots.record_evaluation(session, actor, code, EvaluationSet(rubric=rubric))

    def contract(self, day: date) -> None:
        """The procurement after a pilot that went on to demonstration."""
        session, actor, code = self._who()
        rng = random.Random(f"replay:contract:{self.scene}:{self.firm}")
        body = ContractSet(
            method=rng.choice(sorted(PROCUREMENT_METHODS)),
            value_fen=rng.randrange(30, 600) * 10_000 * 100,
            signed_on=day,
        )
        pilots.record_contract(session, actor, code, body)

    def move(self, to: str, reason: str) -> None:
        session, actor, code = self._who()
        partnership_service.move_stage(session, actor, code, StageMove(to=to, reason=reason))
