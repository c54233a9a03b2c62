"""Which meetings to hold, slots aside: a min-cost flow that guides the salon scheduler (pure).

Forget which slot a meeting takes and the schedule becomes a flow: source → firm (at most as
many meetings as the firm has slots) → department (each requested pair at most once) → sink
(at most seats × slots), no more than slots × tables in all. Costs rank, in this order, pins
kept, firms met and weight, so the cheapest flow is the lexicographic best of the relaxation.
A flow problem has integral optima, so OR-Tools' min-cost flow solves it exactly in
milliseconds where CP-SAT's search on the full model creeps. Its meetings are the hint of the
slot assignment, and its weight an upper bound on any schedule that keeps the pins and meets
as many firms as it does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.graph.python import min_cost_flow


@dataclass(frozen=True)
class Candidate:
    """A request that can take place: its sides, its scaled weight and its possible slots."""

    firm: str
    department: str
    weight: int
    slots: frozenset[int]
    pinned: bool = False


@dataclass(frozen=True)
class Plan:
    chosen: frozenset[int]  # indices into the candidates
    weight: int  # their scaled weight
    firms_met: int
    pins_kept: bool
    solved: bool = True  # False: the flow solver refused (costs out of its range); ignore it


def plan_meetings(
    candidates: Sequence[Candidate], seats: dict[str, int], tables: int, slots: int
) -> Plan:
    """The lexicographic best choice of meetings when slots are ignored."""
    firm_slots = _slots_of(candidates, lambda c: c.firm)
    department_slots = _slots_of(candidates, lambda c: c.department)
    firms, departments = sorted(firm_slots), sorted(department_slots)
    node = {("f", f): 1 + n for n, f in enumerate(firms)}
    node |= {("d", d): 1 + len(firms) + n for n, d in enumerate(departments)}
    source, sink, total = 0, 1 + len(node), slots * tables
    weight_bonus = sum(c.weight for c in candidates) + 1  # one firm met beats any weight
    pin_bonus = weight_bonus * (len(firms) + 1)  # one pin kept beats any number of firms
    flow = min_cost_flow.SimpleMinCostFlow()
    for firm in firms:
        flow.add_arc_with_capacity_and_unit_cost(source, node["f", firm], 1, -weight_bonus)
        flow.add_arc_with_capacity_and_unit_cost(
            source, node["f", firm], len(firm_slots[firm]) - 1, 0
        )
    arcs = [
        flow.add_arc_with_capacity_and_unit_cost(
            node["f", c.firm],
            node["d", c.department],
            1,
            -c.weight - (pin_bonus if c.pinned else 0),
        )
        for c in candidates
    ]
    for department in departments:
        capacity = len(department_slots[department]) * min(seats[department], tables)
        flow.add_arc_with_capacity_and_unit_cost(node["d", department], sink, capacity, 0)
    flow.add_arc_with_capacity_and_unit_cost(source, sink, total, 0)  # the unused tables
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    if flow.solve() != flow.OPTIMAL:  # the bypass arc carries any flow: only costs too large
        return Plan(frozenset(), 0, 0, pins_kept=False, solved=False)
    chosen = frozenset(n for n, arc in enumerate(arcs) if flow.flow(arc) > 0)
    return Plan(
        chosen,
        sum(candidates[n].weight for n in chosen),
        len({candidates[n].firm for n in chosen}),
        all(n in chosen for n, c in enumerate(candidates) if c.pinned),
    )


def _slots_of(
    candidates: Sequence[Candidate], side: Callable[[Candidate], str]
) -> dict[str, set[int]]:
    """The slots each firm (or department) could use for any of its candidates."""
    slots: dict[str, set[int]] = defaultdict(set)
    for candidate in candidates:
        slots[side(candidate)] |= candidate.slots
    return slots
