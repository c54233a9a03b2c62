"""The salon scheduler: every rule holds on solved schedules (checked from the output), the
lexicographic objective, pins, forbidden pairs, infeasible input and validation."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from scenehub.salons.schedule import (
    Department,
    Firm,
    Meeting,
    Pin,
    Problem,
    Request,
    Schedule,
    ScheduleInputError,
    solve,
    validate,
)
from scenehub.salons.schedule_flow import Candidate, plan_meetings
from tests.salons.schedule_checks import firms_met, total_weight, violations

LIMIT = 5.0


def random_problem(seed: int, *, firms: int = 12, departments: int = 5) -> Problem:
    rng = random.Random(seed)
    depts = tuple(
        Department(
            f"d{n}",
            seats=rng.randint(1, 2),
            available=frozenset(rng.sample(range(4), 3)) if rng.random() < 0.3 else None,
        )
        for n in range(departments)
    )
    firm_list = tuple(
        Firm(f"f{n}", available=frozenset(rng.sample(range(4), 2)) if rng.random() < 0.3 else None)
        for n in range(firms)
    )
    requests = tuple(
        Request(f.id, d.id, round(rng.uniform(0.1, 3.0), 2))
        for f in firm_list
        for d in rng.sample(depts, rng.randint(1, 3))
    )
    return Problem(4, 3, firm_list, depts, requests)


def brute_force(problem: Problem) -> tuple[int, float]:
    """The lexicographic optimum (firms met, weight) by trying every assignment: tiny only."""
    options = [[None, *range(problem.slots)] for _ in problem.requests]
    best = (-1, -1.0)
    for slots in itertools.product(*options):
        meetings = [
            Meeting(r.firm, r.department, s, 0)
            for r, s in zip(problem.requests, slots, strict=True)
            if s is not None
        ]
        numbered = _number_tables(meetings)
        if not violations(problem, numbered):
            best = max(best, (firms_met(numbered), round(total_weight(problem, numbered), 9)))
    return best


def _number_tables(meetings: list[Meeting]) -> Schedule:
    ordered = sorted(meetings, key=lambda m: (m.slot, m.firm, m.department))
    tables: dict[int, int] = {}
    numbered = []
    for m in ordered:
        numbered.append(Meeting(m.firm, m.department, m.slot, tables.get(m.slot, 0)))
        tables[m.slot] = tables.get(m.slot, 0) + 1
    return Schedule("feasible", 0.0, 0.0, tuple(numbered), 0)


@pytest.mark.parametrize("seed", range(6))
def test_solved_schedules_keep_every_rule(seed: int) -> None:
    problem = random_problem(seed)
    schedule = solve(problem, time_limit=LIMIT)
    assert schedule.status == "optimal"
    assert violations(problem, schedule) == []
    assert schedule.objective == pytest.approx(total_weight(problem, schedule))
    assert schedule.firms_met == firms_met(schedule)
    assert schedule.bound >= schedule.objective - 1e-9


@pytest.mark.parametrize("seed", range(4))
def test_the_optimum_is_the_lexicographic_best_found_by_brute_force(seed: int) -> None:
    rng = random.Random(100 + seed)
    firms = tuple(Firm(f"f{n}") for n in range(3))
    depts = (Department("x", seats=1), Department("y", seats=2, available=frozenset({1})))
    requests = tuple(
        Request(f.id, d.id, rng.choice([0.5, 1.0, 2.5, 4.0]))
        for f in firms
        for d in depts
        if rng.random() < 0.8
    )
    problem = Problem(2, 2, firms, depts, requests)
    schedule = solve(problem, time_limit=LIMIT)
    assert (schedule.firms_met, round(schedule.objective, 9)) == brute_force(problem)


def test_every_firm_is_met_before_weight_is_maximised() -> None:
    # One table, two slots: a alone could fill both with weight 20; b's one wish costs 9.
    problem = Problem(
        slots=2,
        tables=1,
        firms=(Firm("a"), Firm("b")),
        departments=(Department("x"), Department("y")),
        requests=(Request("a", "x", 10.0), Request("a", "y", 10.0), Request("b", "x", 1.0)),
    )
    heavier = _number_tables([Meeting("a", "x", 0, 0), Meeting("a", "y", 1, 0)])
    assert violations(problem, heavier) == []  # the pure weight maximum is a valid schedule
    schedule = solve(problem, time_limit=LIMIT)
    assert schedule.firms_met == 2
    assert schedule.objective == pytest.approx(11.0)
    assert total_weight(problem, heavier) == 20.0


def test_a_firm_meets_once_a_slot_and_a_department_at_most_its_seats() -> None:
    firms = tuple(Firm(f"f{n}") for n in range(4))
    problem = Problem(
        slots=2,
        tables=10,
        firms=firms,
        departments=(Department("busy", seats=2), Department("calm", seats=1)),
        requests=tuple(Request(f.id, d, 1.0) for f in firms for d in ("busy", "calm")),
    )
    schedule = solve(problem, time_limit=LIMIT)
    assert violations(problem, schedule) == []
    # busy takes 2 a slot, calm 1 a slot: 6 meetings in two slots, however the firms wish.
    assert len(schedule.meetings) == 6
    assert schedule.firms_met == 4


def test_tables_cap_the_meetings_of_a_slot_and_are_numbered_from_zero() -> None:
    firms = tuple(Firm(f"f{n}") for n in range(5))
    problem = Problem(
        1,
        3,
        firms,
        (Department("d", seats=5),),
        tuple(Request(f.id, "d", 1.0 + n) for n, f in enumerate(firms)),
    )
    schedule = solve(problem, time_limit=LIMIT)
    assert [m.table for m in schedule.meetings] == [0, 1, 2]
    assert {m.firm for m in schedule.meetings} == {"f2", "f3", "f4"}  # the heaviest three


def test_availability_is_kept() -> None:
    problem = Problem(
        slots=3,
        tables=3,
        firms=(Firm("a", available=frozenset({2})), Firm("b")),
        departments=(Department("x", available=frozenset({0, 2})), Department("y")),
        requests=(Request("a", "x", 1.0), Request("a", "y", 1.0), Request("b", "x", 1.0)),
    )
    schedule = solve(problem, time_limit=LIMIT)
    assert violations(problem, schedule) == []
    assert {(m.firm, m.department): m.slot for m in schedule.meetings}["a", "x"] == 2


def test_pins_are_kept_even_against_the_weight() -> None:
    base = random_problem(3)
    light = min((r for r in base.requests if _slots_of(base, r)), key=lambda r: r.weight)
    problem = Problem(
        base.slots,
        base.tables,
        base.firms,
        base.departments,
        base.requests,
        pins=(Pin(light.firm, light.department, slot=min(_slots_of(base, light))),),
    )
    schedule = solve(problem, time_limit=LIMIT)
    assert violations(problem, schedule) == []
    assert any(
        (m.firm, m.department, m.slot) == (light.firm, light.department, problem.pins[0].slot)
        for m in schedule.meetings
    )


def _slots_of(problem: Problem, request: Request) -> set[int]:
    every = set(range(problem.slots))
    firm = next(f for f in problem.firms if f.id == request.firm)
    dept = next(d for d in problem.departments if d.id == request.department)
    return set(firm.available or every) & set(dept.available or every)


def test_a_pin_without_a_slot_takes_some_slot() -> None:
    problem = Problem(
        2,
        1,
        (Firm("a"), Firm("b")),
        (Department("x"),),
        (Request("a", "x", 1.0), Request("b", "x", 5.0)),
        pins=(Pin("a", "x"),),
    )
    schedule = solve(problem, time_limit=LIMIT)
    assert violations(problem, schedule) == []
    assert {m.firm for m in schedule.meetings} == {"a", "b"}


def test_forbidden_pairs_never_meet() -> None:
    problem = Problem(
        2,
        2,
        (Firm("a"), Firm("b")),
        (Department("x"), Department("y")),
        (Request("a", "x", 9.0), Request("a", "y", 1.0), Request("b", "x", 1.0)),
        forbidden=frozenset({("a", "x")}),
    )
    schedule = solve(problem, time_limit=LIMIT)
    assert violations(problem, schedule) == []
    assert ("a", "x") not in {(m.firm, m.department) for m in schedule.meetings}
    assert schedule.objective == pytest.approx(2.0)


def test_pins_that_cannot_all_be_kept_are_infeasible_not_an_error() -> None:
    # Both pinned into slot 0 with a department of one seat.
    problem = Problem(
        1,
        2,
        (Firm("a"), Firm("b")),
        (Department("x", seats=1),),
        (Request("a", "x", 1.0), Request("b", "x", 1.0)),
        pins=(Pin("a", "x", 0), Pin("b", "x", 0)),
    )
    schedule = solve(problem, time_limit=LIMIT)
    assert schedule.status == "infeasible"
    assert schedule.meetings == ()


def test_pins_beyond_the_tables_are_infeasible() -> None:
    firms = tuple(Firm(f"f{n}") for n in range(3))
    problem = Problem(
        2,
        1,
        firms,
        (Department("x", seats=3),),
        tuple(Request(f.id, "x", 1.0) for f in firms),
        pins=tuple(Pin(f.id, "x") for f in firms),
    )
    assert solve(problem, time_limit=LIMIT).status == "infeasible"


def test_meetings_the_slots_cannot_hold_fall_back_to_the_full_search() -> None:
    # The slot-free plan takes all three, but a-x is in slot 0 only, so a-y and b-y both
    # need slot 1 at a department with one seat: one of them has to go.
    problem = Problem(
        2,
        2,
        (Firm("a"), Firm("b", available=frozenset({1}))),
        (Department("x", available=frozenset({0})), Department("y", seats=1)),
        (Request("a", "x", 1.0), Request("a", "y", 1.0), Request("b", "y", 1.0)),
    )
    schedule = solve(problem, time_limit=LIMIT)
    assert schedule.status == "optimal"
    assert violations(problem, schedule) == []
    assert (schedule.firms_met, schedule.objective) == brute_force(problem) == (2, 2.0)
    assert schedule.bound == pytest.approx(2.0)


def test_a_firm_whose_wishes_cannot_happen_is_not_counted_as_met() -> None:
    problem = Problem(
        2,
        2,
        (Firm("a", available=frozenset({0})), Firm("b")),
        (Department("x", available=frozenset({1})),),
        (Request("a", "x", 1.0), Request("b", "x", 1.0)),
    )
    schedule = solve(problem, time_limit=LIMIT)
    assert schedule.firms_met == 1
    assert [m.firm for m in schedule.meetings] == ["b"]


def test_weights_in_any_units_give_the_same_meetings() -> None:
    problem = random_problem(5)
    scaled = Problem(
        problem.slots,
        problem.tables,
        problem.firms,
        problem.departments,
        tuple(Request(r.firm, r.department, r.weight * 1e-6) for r in problem.requests),
    )
    one, other = solve(problem, time_limit=LIMIT), solve(scaled, time_limit=LIMIT)
    assert other.objective == pytest.approx(one.objective * 1e-6)
    assert other.bound == pytest.approx(one.bound * 1e-6)


def test_the_same_input_gives_the_same_schedule() -> None:
    problem = random_problem(2, firms=30, departments=8)
    assert solve(problem, time_limit=LIMIT) == solve(problem, time_limit=LIMIT)


def test_the_flow_plan_meets_firms_before_weight_and_keeps_pins_first() -> None:
    candidates = [
        Candidate("a", "x", 10, frozenset({0})),
        Candidate("b", "x", 1, frozenset({0})),
        Candidate("c", "x", 1, frozenset({0}), pinned=True),
    ]
    plan = plan_meetings(candidates, {"x": 1}, tables=5, slots=1)
    assert plan.chosen == frozenset({2})
    assert plan.pins_kept
    unpinned = [Candidate(c.firm, c.department, c.weight, c.slots) for c in candidates]
    assert plan_meetings(unpinned, {"x": 1}, tables=5, slots=1).chosen == frozenset({0})


def small(**changes: object) -> Problem:
    fields: dict[str, object] = {
        "slots": 2,
        "tables": 2,
        "firms": (Firm("a"), Firm("b", available=frozenset({1}))),
        "departments": (Department("x", seats=2),),
        "requests": (Request("a", "x", 1.0), Request("b", "x", 2.0)),
    }
    fields.update(changes)
    return Problem(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"slots": 0}, "slots must be at least 1, not 0"),
        ({"tables": 0}, "tables must be at least 1, not 0"),
        ({"firms": (Firm("a"), Firm("a"))}, "firm a is listed twice"),
        ({"departments": (Department("x"), Department("x"))}, "department x is listed twice"),
        ({"departments": (Department("x", seats=0),)}, "department x needs at least one seat"),
        (
            {"firms": (Firm("a", available=frozenset({2})), Firm("b"))},
            "firm a is available in slot 2, outside 0 to 1",
        ),
        (
            {"departments": (Department("x", available=frozenset({-1})),)},
            "department x is available in slot -1",
        ),
        ({"requests": (Request("z", "x", 1.0),)}, "unknown firm z"),
        ({"requests": (Request("a", "q", 1.0),)}, "unknown department q"),
        ({"requests": (Request("a", "x", 0.0),)}, "the weight of a for x must be above 0"),
        ({"requests": (Request("a", "x", -1.0),)}, "must be above 0, not -1.0"),
        ({"requests": (Request("a", "x", math.nan),)}, "must be above 0, not nan"),
        ({"requests": (Request("a", "x", math.inf),)}, "must be above 0, not inf"),
        (
            {"requests": (Request("a", "x", 1.0), Request("a", "x", 2.0))},
            "a requests x twice",
        ),
        ({"forbidden": frozenset({("a", "q")})}, "unknown department q"),
        ({"pins": (Pin("a", "y"),)}, "the pin of a with y has no request behind it"),
        (
            {"pins": (Pin("a", "x"),), "forbidden": frozenset({("a", "x")})},
            "the pin of a with x is on a forbidden pair",
        ),
        ({"pins": (Pin("a", "x", 5),)}, "is in slot 5, outside 0 to 1"),
        ({"pins": (Pin("b", "x", 0),)}, "the pin of b with x is in slot 0, when the firm is away"),
        (
            {
                "departments": (Department("x", seats=2, available=frozenset({1})),),
                "pins": (Pin("a", "x", 0),),
            },
            "when the department is away",
        ),
    ],
)
def test_validation_names_the_bad_item(changes: dict[str, object], expected: str) -> None:
    problem = small(**changes)
    with pytest.raises(ScheduleInputError, match=expected.replace(".", r"\.")):
        validate(problem)
    with pytest.raises(ScheduleInputError):
        solve(problem, time_limit=LIMIT)


def test_the_error_carries_its_message_id_for_translation() -> None:
    with pytest.raises(ScheduleInputError) as raised:
        validate(small(tables=0))
    assert raised.value.message == "tables must be at least 1, not %(value)s"
    assert raised.value.params == {"value": 0}


def test_a_valid_problem_passes_validation() -> None:
    validate(small())


def test_a_slot_holds_no_more_meetings_than_tables_even_when_the_salon_could() -> None:
    # Two slots of one table hold two meetings, but all three firms can only come to slot 0.
    firms = tuple(Firm(f"f{n}", available=frozenset({0})) for n in range(3))
    problem = Problem(
        2, 1, firms, (Department("x", seats=3),), tuple(Request(f.id, "x", 1.0) for f in firms)
    )
    schedule = solve(problem, time_limit=LIMIT)
    assert violations(problem, schedule) == []
    assert [(m.slot, m.table) for m in schedule.meetings] == [(0, 0)]
    assert schedule.status == "optimal"


@pytest.mark.parametrize("seed", range(3))
def test_the_full_search_alone_reaches_the_flow_led_optimum(seed: int) -> None:
    # Two independent routes to the same lexicographic optimum: the flow placed into slots,
    # and CP-SAT's two phases on the full model (what solve falls back to).
    import time

    from scenehub.salons import schedule as core
    from scenehub.salons.schedule_model import build

    problem = random_problem(seed)
    led = solve(problem, time_limit=LIMIT)
    built = build(problem)
    assert built is not None
    alone = core._search(problem, built, None, time.monotonic() + LIMIT, 2)
    assert alone.status == led.status == "optimal"
    assert violations(problem, alone) == []
    assert (alone.firms_met, alone.objective) == pytest.approx((led.firms_met, led.objective))
