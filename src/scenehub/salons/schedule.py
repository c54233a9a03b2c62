"""The salon's 1:1 meeting schedule, solved with OR-Tools CP-SAT (pure: no database, no files).

Who meets whom, in which slot, at which table: meetings only where a firm asked for a
department; a firm at most once a slot; a department at most its seats (officers) a slot; at
most one meeting a table and slot; availability, pins and forbidden pairs kept; each pair at
most once. Lexicographic objective: first as many registered firms as possible get a meeting,
then the total weight of the meetings is as high as possible.

This module holds the interface (the dataclasses, ``validate``, ``solve``) and the order of
the search; ``schedule_flow.py`` the slot-free relaxation, ``schedule_model.py`` the CP-SAT
model, ``schedule_json.py`` the public formats of ``scenehub salons schedule`` (reached
through ``problem_from_json`` and ``schedule_to_json`` here). docs/salons.md explains it all.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ortools.sat.python import cp_model

from scenehub.i18n import N_
from scenehub.salons.schedule_flow import Plan
from scenehub.salons.schedule_model import (
    Built,
    Key,
    available_in,
    build,
    chosen_of,
    flow_plan,
    new_solver,
    place,
    weight_of,
)

Status = Literal["optimal", "feasible", "infeasible"]

# Placing the flow's meetings into slots may take this share of the time limit (it mostly
# needs well under a second); phase 1 (firms met) this share of what is left; phase 2 the rest.
PLACEMENT_SHARE = 0.2
PHASE_ONE_SHARE = 0.3
MIN_PHASE_SECONDS = 0.1


@dataclass(frozen=True)
class Firm:
    """A firm at the salon; ``available``: the slots it can attend (None: every slot)."""

    id: str
    available: frozenset[int] | None = None


@dataclass(frozen=True)
class Department:
    """A department; ``seats``: the officers it brings, so its parallel meetings a slot."""

    id: str
    seats: int = 1
    available: frozenset[int] | None = None


@dataclass(frozen=True)
class Request:
    """A firm's wish to meet a department; ``weight`` > 0, computed by the caller."""

    firm: str
    department: str
    weight: float


@dataclass(frozen=True)
class Pin:
    """The operator's "this pair meets" (in ``slot``, or in any slot when None)."""

    firm: str
    department: str
    slot: int | None = None


@dataclass(frozen=True)
class Problem:
    """Everything the scheduler needs; slots and tables are numbered from 0."""

    slots: int
    tables: int
    firms: tuple[Firm, ...]
    departments: tuple[Department, ...]
    requests: tuple[Request, ...]
    pins: tuple[Pin, ...] = ()
    forbidden: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Meeting:
    firm: str
    department: str
    slot: int
    table: int


@dataclass(frozen=True)
class Schedule:
    """The solved schedule; ``objective`` and ``bound`` are total weights in the caller's units."""

    status: Status
    objective: float
    bound: float
    meetings: tuple[Meeting, ...]
    firms_met: int


class ScheduleInputError(ValueError):
    """The problem is malformed; ``message`` is an English message id, ``params`` fill it."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def validate(problem: Problem) -> None:
    """Raise ScheduleInputError naming the first bad item of ``problem``."""
    _check_sizes(problem)
    firms = {f.id: f for f in problem.firms}
    departments = {d.id: d for d in problem.departments}
    _check_requests(problem, firms.keys(), departments.keys())
    for firm, department in sorted(problem.forbidden):
        _check_known(firm, department, firms.keys(), departments.keys())
    requested = {(r.firm, r.department) for r in problem.requests}
    for pin in problem.pins:
        _check_pin(problem, pin, requested, firms, departments)


def _check_sizes(problem: Problem) -> None:
    if problem.slots < 1:
        raise ScheduleInputError(N_("slots must be at least 1, not %(value)s"), value=problem.slots)
    if problem.tables < 1:
        raise ScheduleInputError(
            N_("tables must be at least 1, not %(value)s"), value=problem.tables
        )
    _check_unique((f.id for f in problem.firms), N_("firm %(id)s is listed twice"))
    _check_unique((d.id for d in problem.departments), N_("department %(id)s is listed twice"))
    last = problem.slots - 1
    for firm in problem.firms:
        for slot in sorted(firm.available or ()):
            if not 0 <= slot <= last:
                raise ScheduleInputError(
                    N_("firm %(id)s is available in slot %(slot)s, outside 0 to %(last)s"),
                    id=firm.id,
                    slot=slot,
                    last=last,
                )
    for department in problem.departments:
        if department.seats < 1:
            raise ScheduleInputError(
                N_("department %(id)s needs at least one seat, not %(value)s"),
                id=department.id,
                value=department.seats,
            )
        for slot in sorted(department.available or ()):
            if not 0 <= slot <= last:
                raise ScheduleInputError(
                    N_("department %(id)s is available in slot %(slot)s, outside 0 to %(last)s"),
                    id=department.id,
                    slot=slot,
                    last=last,
                )


def _check_unique(ids: Iterable[str], message: str) -> None:
    twice = [i for i, n in Counter(ids).items() if n > 1]
    if twice:
        raise ScheduleInputError(message, id=twice[0])


def _check_known(
    firm: str, department: str, firms: Iterable[str], departments: Iterable[str]
) -> None:
    if firm not in firms:
        raise ScheduleInputError(N_("unknown firm %(firm)s"), firm=firm)
    if department not in departments:
        raise ScheduleInputError(N_("unknown department %(department)s"), department=department)


def _check_requests(problem: Problem, firms: Iterable[str], departments: Iterable[str]) -> None:
    seen: set[tuple[str, str]] = set()
    for request in problem.requests:
        _check_known(request.firm, request.department, firms, departments)
        weight = request.weight
        if not (isinstance(weight, int | float) and math.isfinite(weight) and weight > 0):
            raise ScheduleInputError(
                N_("the weight of %(firm)s for %(department)s must be above 0, not %(weight)s"),
                firm=request.firm,
                department=request.department,
                weight=weight,
            )
        pair = (request.firm, request.department)
        if pair in seen:
            raise ScheduleInputError(
                N_("%(firm)s requests %(department)s twice"),
                firm=request.firm,
                department=request.department,
            )
        seen.add(pair)


def _check_pin(
    problem: Problem,
    pin: Pin,
    requested: set[tuple[str, str]],
    firms: dict[str, Firm],
    departments: dict[str, Department],
) -> None:
    pair = {"firm": pin.firm, "department": pin.department}
    if (pin.firm, pin.department) not in requested:
        raise ScheduleInputError(
            N_("the pin of %(firm)s with %(department)s has no request behind it"), **pair
        )
    if (pin.firm, pin.department) in problem.forbidden:
        raise ScheduleInputError(
            N_("the pin of %(firm)s with %(department)s is on a forbidden pair"), **pair
        )
    if pin.slot is None:
        return
    if not 0 <= pin.slot < problem.slots:
        raise ScheduleInputError(
            N_(
                "the pin of %(firm)s with %(department)s is in slot %(slot)s, outside 0 to %(last)s"
            ),
            slot=pin.slot,
            last=problem.slots - 1,
            **pair,
        )
    if not available_in(firms[pin.firm].available, pin.slot):
        raise ScheduleInputError(
            N_(
                "the pin of %(firm)s with %(department)s is in slot %(slot)s, when the firm is away"
            ),
            slot=pin.slot,
            **pair,
        )
    if not available_in(departments[pin.department].available, pin.slot):
        raise ScheduleInputError(
            N_(
                "the pin of %(firm)s with %(department)s is in slot %(slot)s, "
                "when the department is away"
            ),
            slot=pin.slot,
            **pair,
        )


def problem_from_json(data: object) -> Problem:
    """The problem in the public input format (docs/salons.md); ScheduleInputError if malformed."""
    from scenehub.salons.schedule_json import parse_problem  # the format has its own module

    return parse_problem(data)


def schedule_to_json(schedule: Schedule, *, source: object = None) -> dict[str, object]:
    """The schedule in the public output format; ids that ``source`` gave as integers stay so."""
    from scenehub.salons.schedule_json import format_schedule

    return format_schedule(schedule, source)


def solve(problem: Problem, *, time_limit: float = 30.0, workers: int = 2) -> Schedule:
    """The best schedule found within ``time_limit`` seconds: firms met first, then weight.

    First the slot-free optimum (a min-cost flow, schedule_flow.py): if its meetings fit into
    slots, the schedule is optimal and proven so, as the flow is a relaxation. If not, phase 1
    maximises the firms met and phase 2 keeps that number and maximises the weight, each a
    CP-SAT search told the flow's figures as bounds.
    """
    validate(problem)
    deadline = time.monotonic() + time_limit
    built = build(problem)
    if built is None:
        return _infeasible()
    plan, requests = flow_plan(problem, built)
    if not plan.solved:
        return _search(problem, built, None, deadline, workers)
    if not plan.pins_kept:
        return _infeasible()  # not even the relaxation keeps every pin
    planned = {requests[n] for n in plan.chosen}
    # One worker: a single-threaded search with a fixed seed finds the same slots every run.
    placed = place(built, planned, max(time_limit * PLACEMENT_SHARE, MIN_PHASE_SECONDS), 1)
    if placed is not None:
        return _schedule(problem, built, placed, plan.weight, proven=True)
    return _search(problem, built, plan, deadline, workers)


def _search(
    problem: Problem, built: Built, plan: Plan | None, deadline: float, workers: int
) -> Schedule:
    """Phases 1 and 2 on the full model, when the flow's meetings do not fit into slots (or
    there is no flow: ``plan`` None)."""
    if plan is not None:
        built.model.add(sum(built.met) <= plan.firms_met)  # the relaxation's figure bounds it
    built.model.maximize(sum(built.met))
    left = deadline - time.monotonic()
    first = new_solver(max(left * PHASE_ONE_SHARE, MIN_PHASE_SECONDS), workers)
    first_status = first.solve(built.model)
    if first_status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _infeasible()  # proven, or no schedule keeping the pins found in time
    met = round(first.objective_value)
    chosen = chosen_of(first, built)
    built.model.add(sum(built.met) >= met)
    built.model.maximize(sum(w * built.choices[key] for key, w in built.weights.items()))
    for key, var in built.choices.items():
        built.model.add_hint(var, key in chosen)
    second = new_solver(max(deadline - time.monotonic(), MIN_PHASE_SECONDS), workers)
    status = second.solve(built.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = chosen_of(second, built)
        chosen = found if weight_of(built, found) >= weight_of(built, chosen) else chosen
    bound = second.best_objective_bound
    if plan is not None and plan.firms_met == met:  # then the flow's weight bounds phase 2
        bound = min(bound, plan.weight)
    proven = first_status == cp_model.OPTIMAL and (
        status == cp_model.OPTIMAL or weight_of(built, chosen) >= bound
    )
    return _schedule(problem, built, chosen, bound, proven=proven)


def _schedule(
    problem: Problem, built: Built, chosen: set[Key], scaled_bound: float, *, proven: bool
) -> Schedule:
    """Number the tables of each slot (by firm, then department) and total the weights."""
    by_slot: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for index, slot in chosen:
        request = problem.requests[index]
        by_slot[slot].append((request.firm, request.department))
    meetings = tuple(
        Meeting(firm, department, slot, table)
        for slot in sorted(by_slot)
        for table, (firm, department) in enumerate(sorted(by_slot[slot]))
    )
    objective = math.fsum(problem.requests[index].weight for index, _slot in chosen)
    bound = objective if proven else max(objective, scaled_bound / built.scale)
    firms_met = len({m.firm for m in meetings})
    return Schedule("optimal" if proven else "feasible", objective, bound, meetings, firms_met)


def _infeasible() -> Schedule:
    return Schedule("infeasible", 0.0, 0.0, (), 0)
