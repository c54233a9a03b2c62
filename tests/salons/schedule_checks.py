"""An independent check of a solved schedule against its problem, read from the output only
(never from the CP-SAT model): the tests and benchmarks/salon.py use it."""

from __future__ import annotations

from collections import Counter

from scenehub.salons.schedule import Problem, Schedule


def violations(problem: Problem, schedule: Schedule) -> list[str]:
    """Every broken rule of ``schedule``, in words; empty when it keeps them all."""
    found: list[str] = []
    firms = {f.id: f for f in problem.firms}
    departments = {d.id: d for d in problem.departments}
    requested = {(r.firm, r.department) for r in problem.requests}
    meetings = schedule.meetings
    for m in meetings:
        pair = (m.firm, m.department)
        if pair not in requested:
            found.append(f"{pair} meets without a request")
        if pair in problem.forbidden:
            found.append(f"{pair} is forbidden but meets")
        if not 0 <= m.slot < problem.slots:
            found.append(f"{pair} meets in slot {m.slot}, outside the salon")
        if not 0 <= m.table < problem.tables:
            found.append(f"{pair} meets at table {m.table}, which does not exist")
        firm_slots = firms[m.firm].available if m.firm in firms else None
        if firm_slots is not None and m.slot not in firm_slots:
            found.append(f"{m.firm} meets in slot {m.slot} when away")
        dept_slots = departments[m.department].available if m.department in departments else None
        if dept_slots is not None and m.slot not in dept_slots:
            found.append(f"{m.department} meets in slot {m.slot} when away")
    for (firm, slot), n in Counter((m.firm, m.slot) for m in meetings).items():
        if n > 1:
            found.append(f"{firm} has {n} meetings in slot {slot}")
    for (department, slot), n in Counter((m.department, m.slot) for m in meetings).items():
        if department in departments and n > departments[department].seats:
            found.append(f"{department} has {n} meetings in slot {slot}, more than its seats")
    for (slot, table), n in Counter((m.slot, m.table) for m in meetings).items():
        if n > 1:
            found.append(f"table {table} has {n} meetings in slot {slot}")
    for pair, n in Counter((m.firm, m.department) for m in meetings).items():
        if n > 1:
            found.append(f"{pair} meets {n} times")
    for pin in problem.pins:
        slots = [m.slot for m in meetings if (m.firm, m.department) == (pin.firm, pin.department)]
        if not slots or (pin.slot is not None and pin.slot not in slots):
            found.append(f"the pin {pin} is not kept")
    if list(meetings) != sorted(meetings, key=lambda m: (m.slot, m.table)):
        found.append("meetings are not sorted by slot and table")
    return found


def total_weight(problem: Problem, schedule: Schedule) -> float:
    """The weight of the schedule's meetings, summed from the requests."""
    weight = {(r.firm, r.department): r.weight for r in problem.requests}
    return sum(weight[m.firm, m.department] for m in schedule.meetings)


def firms_met(schedule: Schedule) -> int:
    return len({m.firm for m in schedule.meetings})
