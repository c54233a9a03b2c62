"""Salon scheduling figures. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/salon.py [--seed 13] [--firms 200] [--departments 40]
                                         [--slots 8] [--tables 30] [--workers 2]
                                         [--limits 30,120]

A deterministic generated salon (issue 13's size by default): each firm asks for 2–5
departments, drawn with a skew towards popular ones (weight ∝ 1/rank^0.8); departments bring
1–3 officers; about one firm in six (``--away``) and one department in ten miss one to three
slots; a
request's weight is mutual interest (1–3) × a match score (0.30–1.00). For each time limit:
the wall time to the schedule, its status, objective, CP-SAT's bound and the gap, whether
every firm with a request got a meeting, meetings per firm (min / median / max), and the
schedule checked against every rule from the output (tests/salons/schedule_checks.py).
``--full-search`` adds, to compare, what CP-SAT alone reaches on the full model (the path
``solve`` falls back to when the slot-free optimum does not fit into slots).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.salons.schedule_checks import violations

from scenehub.salons import schedule as schedule_module
from scenehub.salons.schedule import Department, Firm, Problem, Request, Schedule, solve
from scenehub.salons.schedule_model import build


def generate(
    seed: int,
    *,
    firms: int = 200,
    departments: int = 40,
    slots: int = 8,
    tables: int = 30,
    away: float = 1 / 6,
) -> Problem:
    """A salon of ``firms`` × ``departments`` with skewed interest and some absences."""
    rng = random.Random(seed)
    dept_ids = [f"D{n:02d}" for n in range(departments)]
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(departments)]
    depts = tuple(
        Department(d, seats=rng.randint(1, 3), available=_gaps(rng, slots, away * 0.6))
        for d in dept_ids
    )
    firm_list: list[Firm] = []
    requests: list[Request] = []
    for n in range(firms):
        firm = Firm(f"F{n:03d}", available=_gaps(rng, slots, away))
        firm_list.append(firm)
        wanted: set[str] = set()
        count = rng.randint(2, 5)
        while len(wanted) < count:
            wanted.add(rng.choices(dept_ids, weights=popularity)[0])
        for d in sorted(wanted):
            weight = rng.randint(1, 3) * round(rng.uniform(0.30, 1.00), 3)
            requests.append(Request(firm.id, d, weight))
    return Problem(slots, tables, tuple(firm_list), depts, tuple(requests))


def _gaps(rng: random.Random, slots: int, share: float) -> frozenset[int] | None:
    if rng.random() >= share:
        return None
    away = set(rng.sample(range(slots), rng.randint(1, 3)))
    return frozenset(s for s in range(slots) if s not in away)


def report(problem: Problem, limit: float, workers: int, *, full_search: bool) -> None:
    started = time.perf_counter()
    schedule = (
        _full_search(problem, limit, workers)
        if full_search
        else solve(problem, time_limit=limit, workers=workers)
    )
    seconds = time.perf_counter() - started
    registered = {r.firm for r in problem.requests}
    per_firm = [sum(m.firm == f for m in schedule.meetings) for f in sorted(registered)]
    gap = (schedule.bound - schedule.objective) / schedule.bound if schedule.bound else 0.0
    broken = violations(problem, schedule)
    how = "phases 1 and 2 on the full model only" if full_search else "solve"
    print(f"time limit {limit:g} s, {workers} workers, {how}:")
    print(f"  status {schedule.status} after {seconds:.1f} s")
    print(
        f"  objective {schedule.objective:.3f}, bound {schedule.bound:.3f}, gap {gap:.2%}"
        f" ({len(schedule.meetings)} meetings of {problem.slots * problem.tables} table-slots)"
    )
    print(
        f"  firms met {schedule.firms_met} of {len(registered)} with a request"
        f" ({'every one' if schedule.firms_met == len(registered) else 'NOT every one'})"
    )
    print(
        f"  meetings per firm: min {min(per_firm)}, median {statistics.median(per_firm):g},"
        f" max {max(per_firm)}"
    )
    print(f"  rules broken: {len(broken)}{': ' + broken[0] if broken else ''}")


def _full_search(problem: Problem, limit: float, workers: int) -> Schedule:
    """What ``solve`` falls back to when the flow's meetings do not fit into slots, told
    nothing by the flow: CP-SAT alone, to compare."""
    built = build(problem)
    assert built is not None
    return schedule_module._search(problem, built, None, time.monotonic() + limit, workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--firms", type=int, default=200)
    parser.add_argument("--departments", type=int, default=40)
    parser.add_argument("--slots", type=int, default=8)
    parser.add_argument("--tables", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--away", type=float, default=1 / 6, help="share of firms missing slots")
    parser.add_argument("--limits", default="30,120", help="time limits in seconds, a comma apart")
    parser.add_argument(
        "--full-search", action="store_true", help="also CP-SAT alone, without the flow"
    )
    args = parser.parse_args()
    problem = generate(
        args.seed,
        firms=args.firms,
        departments=args.departments,
        slots=args.slots,
        tables=args.tables,
        away=args.away,
    )
    print(
        f"salon: {len(problem.firms)} firms × {len(problem.departments)} departments × "
        f"{problem.slots} slots × {problem.tables} tables, {len(problem.requests)} requests, "
        f"{sum(d.seats for d in problem.departments)} officers (seed {args.seed})"
    )
    for limit in (float(x) for x in args.limits.split(",")):
        report(problem, limit, args.workers, full_search=False)
    if args.full_search:
        for limit in (float(x) for x in args.limits.split(",")):
            report(problem, limit, args.workers, full_search=True)


if __name__ == "__main__":
    main()
