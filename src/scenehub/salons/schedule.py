"""The salon's 1:1 meeting schedule, solved with OR-Tools CP-SAT (pure: no database, no files).

Who meets whom, in which slot, at which table: meetings only where a firm asked for a
department; a firm at most once a slot; a department at most its seats (officers) a slot; at
most one meeting a table and slot; availability, pins and forbidden pairs kept; each pair at
most once. Lexicographic objective: first as many registered firms as possible get a meeting,
then the total weight of the meetings is as high as possible.

The input and output formats of ``scenehub salons schedule`` are in ``schedule_json.py``
(``problem_from_json`` and ``schedule_to_json`` are re-exported here); docs/salons.md
describes both.
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

Status = Literal["optimal", "feasible", "infeasible"]

# Weights are scaled to integers for CP-SAT: the largest weight is worth WEIGHT_SCALE, each
# other one proportionally, rounded (at least 1), so that any caller's units work alike.
WEIGHT_SCALE = 1_000_000
# Fixed, so that a search that ends before its time limit gives the same schedule again.
SEED = 0
# Phase 1 (firms met) gets this share of the time limit; phase 2 gets what phase 1 left.
PHASE_ONE_SHARE = 0.3


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
    if not _available(firms[pin.firm].available, pin.slot):
        raise ScheduleInputError(
            N_(
                "the pin of %(firm)s with %(department)s is in slot %(slot)s, when the firm is away"
            ),
            slot=pin.slot,
            **pair,
        )
    if not _available(departments[pin.department].available, pin.slot):
        raise ScheduleInputError(
            N_(
                "the pin of %(firm)s with %(department)s is in slot %(slot)s, "
                "when the department is away"
            ),
            slot=pin.slot,
            **pair,
        )


def _available(available: frozenset[int] | None, slot: int) -> bool:
    return available is None or slot in available


def problem_from_json(data: object) -> Problem:
    """The problem in the public input format (docs/salons.md); ScheduleInputError if malformed."""
    from scenehub.salons.schedule_json import parse_problem  # the format has its own module

    return parse_problem(data)


def schedule_to_json(schedule: Schedule, *, source: object = None) -> dict[str, object]:
    """The schedule in the public output format; ids that ``source`` gave as integers stay so."""
    from scenehub.salons.schedule_json import format_schedule

    return format_schedule(schedule, source)


def solve(problem: Problem, *, time_limit: float = 30.0, workers: int = 2) -> Schedule:
    """The best schedule found within ``time_limit`` seconds: firms met first, then weight."""
    validate(problem)
    started = time.monotonic()
    built = _build(problem)
    if built is None:
        return _infeasible()
    first = _solver(time_limit * PHASE_ONE_SHARE, workers)
    built.model.maximize(sum(built.met))
    first_status = first.solve(built.model)
    if first_status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _infeasible()  # proven, or no schedule keeping the pins found in time
    chosen = _chosen(first, built)
    built.model.add(sum(built.met) >= round(first.objective_value))
    for key, var in built.choices.items():
        built.model.add_hint(var, key in chosen)
    built.model.maximize(sum(w * built.choices[key] for key, w in built.weights.items()))
    second = _solver(max(time_limit - (time.monotonic() - started), 0.1), workers)
    second_status = second.solve(built.model)
    if second_status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = _chosen(second, built)
    proven = first_status == second_status == cp_model.OPTIMAL
    return _schedule(problem, built, chosen, second.best_objective_bound, proven)


@dataclass
class _Built:
    model: cp_model.CpModel
    choices: dict[tuple[int, int], cp_model.IntVar]  # (request index, slot) -> they meet
    weights: dict[tuple[int, int], int]  # the scaled weight of each choice
    met: list[cp_model.IntVar]  # one per registered firm that has a possible meeting
    scale: float  # scaled weight per unit of the caller's weight


def _build(problem: Problem) -> _Built | None:
    """The CP-SAT model of ``problem``; None when a pin has no slot left at all."""
    model = cp_model.CpModel()
    scale = WEIGHT_SCALE / max((r.weight for r in problem.requests), default=1.0)
    choices: dict[tuple[int, int], cp_model.IntVar] = {}
    for index, slots in enumerate(_open_slots(problem)):
        for slot in slots:
            choices[index, slot] = model.new_bool_var(f"r{index}s{slot}")
    weights = {key: max(1, round(problem.requests[key[0]].weight * scale)) for key in choices}
    by_request: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (index, _slot), var in choices.items():
        by_request[index].append(var)
    for vars_ in by_request.values():
        model.add_at_most_one(vars_)  # each pair at most once
    _add_capacities(model, problem, choices)
    if not _add_pins(model, problem, choices, by_request):
        return None
    met = _add_firms_met(model, problem, by_request)
    return _Built(model, choices, weights, met, scale)


def _open_slots(problem: Problem) -> list[list[int]]:
    """For each request, the slots where both sides are there (none for a forbidden pair)."""
    firms = {f.id: f.available for f in problem.firms}
    departments = {d.id: d.available for d in problem.departments}
    every = range(problem.slots)
    return [
        []
        if (r.firm, r.department) in problem.forbidden
        else [
            s
            for s in every
            if _available(firms[r.firm], s) and _available(departments[r.department], s)
        ]
        for r in problem.requests
    ]


def _add_capacities(
    model: cp_model.CpModel, problem: Problem, choices: dict[tuple[int, int], cp_model.IntVar]
) -> None:
    firm_slot: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    department_slot: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    slot_all: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (index, slot), var in choices.items():
        request = problem.requests[index]
        firm_slot[request.firm, slot].append(var)
        department_slot[request.department, slot].append(var)
        slot_all[slot].append(var)
    seats = {d.id: d.seats for d in problem.departments}
    for vars_ in firm_slot.values():
        model.add_at_most_one(vars_)
    for (department, _slot), vars_ in department_slot.items():
        if len(vars_) > seats[department]:
            model.add(sum(vars_) <= seats[department])
    for vars_ in slot_all.values():
        if len(vars_) > problem.tables:  # tables are alike: numbered after solving
            model.add(sum(vars_) <= problem.tables)


def _add_pins(
    model: cp_model.CpModel,
    problem: Problem,
    choices: dict[tuple[int, int], cp_model.IntVar],
    by_request: dict[int, list[cp_model.IntVar]],
) -> bool:
    """Keep the pins; False when one cannot be kept whatever else happens."""
    index = {(r.firm, r.department): i for i, r in enumerate(problem.requests)}
    for pin in problem.pins:
        request = index[pin.firm, pin.department]
        if pin.slot is None:
            if not by_request[request]:
                return False
            model.add(sum(by_request[request]) == 1)
        elif (request, pin.slot) in choices:
            model.add(choices[request, pin.slot] == 1)
        else:
            return False
    return True


def _add_firms_met(
    model: cp_model.CpModel, problem: Problem, by_request: dict[int, list[cp_model.IntVar]]
) -> list[cp_model.IntVar]:
    of_firm: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for request, vars_ in sorted(by_request.items()):
        of_firm[problem.requests[request].firm].extend(vars_)
    met = []
    for firm, vars_ in of_firm.items():
        if vars_:
            flag = model.new_bool_var(f"met:{firm}")
            model.add(flag <= sum(vars_))
            met.append(flag)
    return met


def _solver(seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = SEED
    return solver


def _chosen(solver: cp_model.CpSolver, built: _Built) -> set[tuple[int, int]]:
    return {key for key, var in built.choices.items() if solver.boolean_value(var)}


def _schedule(
    problem: Problem,
    built: _Built,
    chosen: set[tuple[int, int]],
    scaled_bound: float,
    proven: bool,
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
