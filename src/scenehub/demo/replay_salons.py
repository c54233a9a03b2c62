"""One salon of the history, as the people ran it: the operator sets it up and invites, the
firms and departments answer and register, the schedule is solved with the history's meetings
pinned, participants check in, and each meeting's outcome is recorded after the day."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scenehub.demo.history import (
    MEETING_MINUTES,
    MEETING_STEP,
    MEETINGS_START,
    SALON_LEAD_DAYS,
)
from scenehub.salons import meeting_service
from scenehub.salons import service as salon_service
from scenehub.salons.schemas import (
    ConstraintWrite,
    InvitationAnswer,
    OutcomeWrite,
    RegistrationWrite,
    SalonTransition,
    SalonWrite,
    SolveRequest,
)
from scenehub.work import CENTRE_ZONE

if TYPE_CHECKING:
    from scenehub.demo.replay import Replay
    from scenehub.demo.replay_partnerships import Roads

# A few more firms are invited than came to meet: some decline, some never come.
EXTRA_FIRMS = (2, 4)
# Of the meetings the history does not turn into a partnership, the share that agreed to
# follow up (or to send a proposal), by how well the firm fits the scene (truth grade).
FOLLOW_UP_SHARE = {3: (0.3, 0.1), 2: (0.12, 0.05)}
SOLVE_SECONDS = 5.0


def plan_salon(replay: Replay, raw: dict[str, Any], roads: Roads) -> None:
    """Add the steps of one history salon to ``replay`` (none if it shows too few scenes)."""
    salon_id, held = raw["salon_id"], date.fromisoformat(raw["held_on"])
    shown = roads.shown[salon_id]
    if len(shown) < 2:
        return
    meetings = roads.meetings[salon_id]  # (scene, firm, slot), one per firm and department
    met = sorted({firm for _, firm, _ in meetings})
    rng = random.Random(f"replay:{salon_id}")
    others = sorted(set(replay.firms) - set(raw["firm_ids"]))
    extras = rng.sample(others, min(len(others), rng.randint(*EXTRA_FIRMS)))
    absent = sorted(set(raw["firm_ids"]) - set(met)) + extras
    departments = list(dict.fromkeys(replay.scenes[s][1] for s in shown))
    setup = held - timedelta(days=SALON_LEAD_DAYS)
    replay.add(setup, 10, lambda: _create(replay, raw, shown, meetings, met + absent, departments))
    replay.add(setup + timedelta(days=1), 9, lambda: _send(replay, salon_id))
    for i, firm in enumerate(met + absent):
        answer = firm in met or (firm in extras and rng.random() < 0.5)
        day = setup + timedelta(days=2 + i % 4)
        replay.add(day, 15, lambda f=firm, a=answer: _answer(replay, salon_id, f, "firm", a))  # type: ignore[misc]
    for org in departments:
        replay.add(setup + timedelta(days=3), 11, lambda o=org: _answer_dept(replay, salon_id, o))  # type: ignore[misc]
    replay.add(held - timedelta(days=7), 10, lambda: _register_firms(replay, salon_id, meetings))
    replay.add(
        held - timedelta(days=6), 10, lambda: _register_depts(replay, salon_id, shown, meetings)
    )
    replay.add(held - timedelta(days=3), 16, lambda: _pin_and_solve(replay, salon_id, meetings))
    replay.add(held, 13.5, lambda: _check_in(replay, salon_id, met, departments))
    replay.add(held, 18, lambda: _held(replay, salon_id))
    replay.add(held + timedelta(days=2), 10, lambda: _outcomes(replay, salon_id, roads, rng))


def _create(
    replay: Replay,
    raw: dict[str, Any],
    shown: tuple[str, ...],
    meetings: list[tuple[str, str, int]],
    firms: list[str],
    departments: list[int],
) -> None:
    held = date.fromisoformat(raw["held_on"])
    body = SalonWrite(
        theme=raw["theme"],
        venue=raw["venue"][:200],
        starts_at=datetime.combine(held, MEETINGS_START, CENTRE_ZONE),
        slot_minutes=MEETING_MINUTES,
        break_minutes=int(MEETING_STEP.total_seconds() // 60) - MEETING_MINUTES,
        slots=max((slot for _, _, slot in meetings), default=0) + 1,
        tables=max(1, len(shown)),
        capacity=len(firms) + 10,
        scene_codes=list(shown),
    )
    code = salon_service.create_salon(replay.session, replay.operator, body).code
    replay.salon_codes[raw["salon_id"]] = code
    for org_id in [replay.firms[f] for f in firms] + departments:
        salon_service.add_invitation(replay.session, replay.operator, code, org_id)


def _send(replay: Replay, salon_id: str) -> None:
    code = replay.salon_codes[salon_id]
    sent = salon_service.send_invitations(replay.session, replay.operator, code)
    replay.invitations[salon_id] = {row.org_id: row.id for row in sent.invitations}


def _answer(replay: Replay, salon_id: str, firm: str, kind: str, accept: bool) -> None:
    org_id = replay.firms[firm]
    _answer_org(replay, salon_id, org_id, kind, accept)


def _answer_dept(replay: Replay, salon_id: str, org_id: int) -> None:
    _answer_org(replay, salon_id, org_id, "department", True)


def _answer_org(replay: Replay, salon_id: str, org_id: int, kind: str, accept: bool) -> None:
    code = replay.salon_codes[salon_id]
    salon_service.answer_invitation(
        replay.session,
        replay.member(org_id, kind),
        code,
        replay.invitations[salon_id][org_id],
        InvitationAnswer(accept=accept),
    )


def _register_firms(replay: Replay, salon_id: str, meetings: list[tuple[str, str, int]]) -> None:
    """Each firm that came to meet names the scenes (and so departments) it wants."""
    code = replay.salon_codes[salon_id]
    wanted: dict[str, list[str]] = {}
    for scene, firm, _ in meetings:
        wanted.setdefault(firm, []).append(scene)
    for firm, scenes in sorted(wanted.items()):
        body = RegistrationWrite(
            scene_ids=[replay.scenes[s][0] for s in scenes],
            org_ids=sorted({replay.scenes[s][1] for s in scenes}),
        )
        salon_service.register(
            replay.session, replay.member(replay.firms[firm], "firm"), code, body
        )


def _register_depts(
    replay: Replay, salon_id: str, shown: tuple[str, ...], meetings: list[tuple[str, str, int]]
) -> None:
    """Each department brings an officer per scene shown and names the firms it wants."""
    code = replay.salon_codes[salon_id]
    wanted: dict[int, set[int]] = {}
    for scene, firm, _ in meetings:
        wanted.setdefault(replay.scenes[scene][1], set()).add(replay.firms[firm])
    seats: dict[int, int] = {}
    for scene in shown:
        seats[replay.scenes[scene][1]] = seats.get(replay.scenes[scene][1], 0) + 1
    for org_id, officers in seats.items():
        body = RegistrationWrite(seats=officers, org_ids=sorted(wanted.get(org_id, set())))
        salon_service.register(replay.session, replay.member(org_id, "department"), code, body)


def _pin_and_solve(replay: Replay, salon_id: str, meetings: list[tuple[str, str, int]]) -> None:
    """The history fixes when each pair met: the operator pins those slots and solves."""
    code = replay.salon_codes[salon_id]
    for scene, firm, slot in meetings:
        body = ConstraintWrite(
            firm_org_id=replay.firms[firm],
            department_org_id=replay.scenes[scene][1],
            kind="pin",
            slot=slot,
        )
        meeting_service.set_constraint(replay.session, replay.operator, code, body)
    solved = meeting_service.solve(
        replay.session, replay.operator, code, SolveRequest(time_limit=SOLVE_SECONDS)
    )
    replay.meetings[salon_id] = {(m.scene_id, m.firm_org_id): m.id for m in solved.meetings}


def _check_in(replay: Replay, salon_id: str, firms: list[str], departments: list[int]) -> None:
    code = replay.salon_codes[salon_id]
    for org_id in departments + [replay.firms[f] for f in firms]:
        meeting_service.check_in_participant(replay.session, replay.operator, code, org_id)


def _held(replay: Replay, salon_id: str) -> None:
    code = replay.salon_codes[salon_id]
    salon_service.transition(replay.session, replay.operator, code, SalonTransition(to="held"))


def _outcomes(replay: Replay, salon_id: str, roads: Roads, rng: random.Random) -> None:
    """What came of each meeting: the history's partnerships followed up; of the others,
    better-fitting pairs more often agreed to follow up or to send a proposal."""
    code = replay.salon_codes[salon_id]
    scene_codes = {scene_id: c for c, (scene_id, _) in replay.scenes.items()}
    firm_ids = {org_id: f for f, org_id in replay.firms.items()}
    for (scene_id, firm_org_id), meeting in sorted(replay.meetings[salon_id].items()):
        pair = (scene_codes[scene_id], firm_ids[firm_org_id])
        road = roads.by_pair.get(pair)
        if road is not None and road.salon_id == salon_id:
            outcome = "follow_up"
        else:
            follow, propose = FOLLOW_UP_SHARE.get(replay.grades.get(pair, 0), (0.05, 0.0))
            draw = rng.random()
            outcome = (
                "follow_up"
                if draw < follow
                else "proposal"
                if draw < follow + propose
                else "no_fit"
            )
        meeting_service.record_outcome(
            replay.session, replay.operator, code, meeting, OutcomeWrite(outcome=outcome)
        )


def meeting_id(replay: Replay, salon_id: str, scene: str, firm: str) -> int:
    """The meeting of ``firm`` about ``scene`` at the replayed salon."""
    return replay.meetings[salon_id][(replay.scenes[scene][0], replay.firms[firm])]


def slot_of(held: date, start: str) -> int:
    """The slot of a history meeting from its start time."""
    first = datetime.combine(held, MEETINGS_START)
    return int((datetime.fromisoformat(start) - first) / MEETING_STEP)
