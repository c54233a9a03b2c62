"""The CP-SAT model of a salon schedule and the moves of its search (pure: no I/O).

One boolean per (request, slot) where both sides are there; tables are interchangeable, so
they get no variables: at most ``tables`` meetings a slot, numbered afterwards. ``solve`` in
schedule.py runs the phases; this module builds the model and the restricted searches.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from scenehub.salons.schedule_flow import Candidate, Plan, plan_meetings

if TYPE_CHECKING:
    from scenehub.salons.schedule import Problem

# Weights are scaled to integers for CP-SAT: the largest weight is worth WEIGHT_SCALE, each
# other one proportionally, rounded (at least 1), so that any caller's units work alike.
WEIGHT_SCALE = 1_000_000
# Fixed, so that a search that ends before its time limit gives the same schedule again.
SEED = 0
Key = tuple[int, int]  # (request index, slot)


@dataclass
class Built:
    model: cp_model.CpModel
    choices: dict[tuple[int, int], cp_model.IntVar]  # (request index, slot) -> they meet
    weights: dict[tuple[int, int], int]  # the scaled weight of each choice
    met: list[cp_model.IntVar]  # one per registered firm that has a possible meeting
    scale: float  # scaled weight per unit of the caller's weight


def build(problem: Problem) -> Built | None:
    """The CP-SAT model of ``problem``; None when a pin has no slot left at all."""
    model = cp_model.CpModel()
    scale = WEIGHT_SCALE / max((r.weight for r in problem.requests), default=1.0)
    choices: dict[tuple[int, int], cp_model.IntVar] = {}
    for index, slots in enumerate(open_slots(problem)):
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
    return Built(model, choices, weights, met, scale)


def open_slots(problem: Problem) -> list[list[int]]:
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
            if available_in(firms[r.firm], s) and available_in(departments[r.department], s)
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


def new_solver(seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = SEED
    return solver


def chosen_of(solver: cp_model.CpSolver, built: Built) -> set[Key]:
    # a clone keeps the variables' indices, so the original variables read its solution
    return {key for key, var in built.choices.items() if solver.boolean_value(var)}


def available_in(available: frozenset[int] | None, slot: int) -> bool:
    return available is None or slot in available


def weight_of(built: Built, chosen: set[Key]) -> int:
    return sum(built.weights[key] for key in chosen)


def flow_plan(problem: Problem, built: Built) -> tuple[Plan, list[int]]:
    """The slot-free best choice of meetings and, for each of its candidates, its request."""
    slots: dict[int, set[int]] = defaultdict(set)
    for index, slot in built.choices:
        slots[index].add(slot)
    pinned = {(p.firm, p.department) for p in problem.pins}
    requests = sorted(slots)
    candidates = [
        Candidate(
            problem.requests[i].firm,
            problem.requests[i].department,
            built.weights[i, min(slots[i])],
            frozenset(slots[i]),
            (problem.requests[i].firm, problem.requests[i].department) in pinned,
        )
        for i in requests
    ]
    seats = {d.id: d.seats for d in problem.departments}
    return plan_meetings(candidates, seats, problem.tables, problem.slots), requests


def place(built: Built, requests: set[int], seconds: float, workers: int) -> set[Key] | None:
    """Slots for exactly ``requests`` (before any objective is set); None if none were found."""
    restricted = built.model.clone()
    of_request: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (index, _slot), var in built.choices.items():
        copy = restricted.get_bool_var_from_proto_index(var.index)
        of_request[index].append(copy)
        if index not in requests:
            restricted.add(copy == 0)
    for index in requests:
        restricted.add_exactly_one(of_request[index])
    solver = new_solver(seconds, workers)
    if solver.solve(restricted) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    # a clone keeps the variables' indices, so the original variables read its solution
    return {key for key, var in built.choices.items() if solver.boolean_value(var)}
