"""Replay the generated history through the platform's flows, at the history's own dates.

Every salon is created by the operator, its firms and departments invited, answering and
registering; its schedule is solved with the history's meetings pinned; participants check
in and each meeting's outcome is recorded. Partnerships are opened the way the history says
they came about (a salon follow-up, or a proposal the department selected) and moved stage
by stage with their pilot, milestones, KPIs, evaluation and contract. Each step runs inside
``db.at(moment)``, so every record carries the day it would have been made on.

The steps of all salons and partnerships are collected first and then run in time order: a
partnership that starts before a later salon has already partnered its scene, as it would
have.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from scenehub.auth.roles import OrgKind, Role
from scenehub.db import at
from scenehub.demo import replay_partnerships, replay_salons
from scenehub.governance.policy import Actor
from scenehub.partnerships import service as partnership_service
from scenehub.salons import service as salon_service
from scenehub.scenes import service as scene_service

CITY_ZONE = ZoneInfo("Asia/Shanghai")


@dataclass(order=True)
class Step:
    moment: datetime
    order: int
    run: Callable[[], None] = field(compare=False)


@dataclass
class Replay:
    """What the steps share: the session, who acts, the ids they look up, and the steps."""

    session: Session
    operator: Actor
    firms: dict[str, int]  # history firm id → organisation id
    scenes: dict[str, tuple[int, int]]  # scene code → (scene id, department organisation id)
    grades: dict[tuple[str, str], int]  # (scene code, firm id) → how well the firm fits
    until: date  # the history's last day: nothing it replays happens later
    steps: list[Step] = field(default_factory=list)
    salon_codes: dict[str, str] = field(default_factory=dict)  # history id → platform code
    # What the flows handed back, for the later steps: each salon's invitations (org → id)
    # and meetings ((scene id, firm org) → id), each proposal's id and partnership's code.
    invitations: dict[str, dict[int, int]] = field(default_factory=dict)
    meetings: dict[str, dict[tuple[int, int], int]] = field(default_factory=dict)
    proposals: dict[tuple[str, str], int] = field(default_factory=dict)
    codes: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, day: date, hour: float, run: Callable[[], None]) -> None:
        """Run ``run`` on ``day`` at ``hour`` (local time, never after ``until``)."""
        day = min(day, self.until)
        moment = datetime.combine(day, time(0), CITY_ZONE) + timedelta(hours=hour)
        self.steps.append(Step(moment, len(self.steps), run))

    def member(self, org_id: int, kind: str) -> Actor:
        """A person of the firm or department, acting for it."""
        role = Role.FIRM if kind == "firm" else Role.DEPARTMENT
        return Actor(
            user_id=None,
            username=f"demo-{kind}-{org_id}",
            role=role,
            org_id=org_id,
            org_kind=OrgKind(kind),
            display_name=f"demo {kind} {org_id}",
        )

    def department_of(self, scene_code: str) -> Actor:
        return self.member(self.scenes[scene_code][1], "department")

    def partnership_code(self, scene_code: str, firm_id: str) -> str | None:
        """The code of the firm's partnership on the scene (the firm's own list has it)."""
        pair = (scene_code, firm_id)
        if pair not in self.codes:
            firm = self.member(self.firms[firm_id], "firm")
            for row in partnership_service.list_own(self.session, firm):
                if row.scene_code == scene_code:
                    self.codes[pair] = row.code
        return self.codes.get(pair)

    def run(self) -> None:
        for step in sorted(self.steps):
            with at(step.moment):
                step.run()
        self.steps.clear()


def replay_history(
    session: Session,
    operator: Actor,
    history: dict[str, list[dict[str, Any]]],
    firms: dict[str, int],
    city_dir: Path,
) -> None:
    """Replay the salons and partnerships of ``history`` that are not in the database yet."""
    replay = Replay(
        session=session,
        operator=operator,
        firms=firms,
        scenes=_scenes(session),
        grades=_grades(city_dir / "truth" / "scene_firms.csv"),
        until=_last_day(history),
    )
    roads = replay_partnerships.roads(history["salons"], history["partnerships"], replay)
    held = {(s.theme, s.held_on) for s in salon_service.list_salons(session, operator)}
    partnered = {
        (p.scene_code, p.firm_org_id)
        for p in partnership_service.list_partnerships(session, operator, limit=100_000)
    }
    for raw in history["salons"]:
        if (raw["theme"], date.fromisoformat(raw["held_on"])) not in held:
            replay_salons.plan_salon(replay, raw, roads)
    for raw in history["partnerships"]:
        if (raw["scene_id"], firms[raw["firm_id"]]) not in partnered:
            replay_partnerships.plan_partnership(replay, raw, roads)
    replay.run()


def _scenes(session: Session) -> dict[str, tuple[int, int]]:
    """Scene code → (scene id, its department's organisation id)."""
    ids = scene_service.ids_by_code(session)
    found = scene_service.by_ids(session, set(ids.values()))
    return {code: (i, found[i].department_org_id) for code, i in ids.items()}


def _grades(path: Path) -> dict[tuple[str, str], int]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["scene_id"], r["firm_id"]): int(r["grade"]) for r in csv.DictReader(handle)}


def _last_day(history: dict[str, list[dict[str, Any]]]) -> date:
    """The last day the history knows of (its applications run up to the day it was made)."""
    days = [date.fromisoformat(r["submitted_on"]) for r in history["applications"]]
    days += [date.fromisoformat(r["held_on"]) for r in history["salons"]]
    days += [date.fromisoformat(r["started_on"]) for r in history["partnerships"]]
    return max(days, default=date.today())
