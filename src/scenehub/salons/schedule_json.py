"""The public JSON formats of ``scenehub salons schedule`` (pure: parsed data in, data out).

An id is a string or an integer. Internally it is its text (so 7 and "7" are the same id,
and a list holding both holds it twice); in the output an id keeps the type it was declared
with in ``firms`` or ``departments``. Unknown keys are refused: a misspelt "available" must
not silently mean "every slot".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from scenehub.i18n import N_
from scenehub.salons.schedule import (
    Department,
    Firm,
    Pin,
    Problem,
    Request,
    Schedule,
    ScheduleInputError,
    validate,
)

T = TypeVar("T")
Id = str | int


def parse_problem(data: object) -> Problem:
    """The Problem described by ``data`` (parsed JSON), validated."""
    root = _object(
        data,
        "the input",
        {"slots", "tables", "firms", "departments", "requests"},
        {"pins", "forbidden"},
    )
    problem = Problem(
        slots=_integer(root["slots"], "slots"),
        tables=_integer(root["tables"], "tables"),
        firms=tuple(_items(root["firms"], "firms", _firm)),
        departments=tuple(_items(root["departments"], "departments", _department)),
        requests=tuple(_items(root["requests"], "requests", _request)),
        pins=tuple(_items(root.get("pins", []), "pins", _pin)),
        forbidden=frozenset(_items(root.get("forbidden", []), "forbidden", _forbidden)),
    )
    validate(problem)
    return problem


def format_schedule(schedule: Schedule, source: object = None) -> dict[str, object]:
    """``schedule`` in the output format; ids that ``source`` declared as integers stay so."""
    firm_ids = _declared_ids(source, "firms")
    department_ids = _declared_ids(source, "departments")
    return {
        "status": schedule.status,
        "objective": schedule.objective,
        "bound": schedule.bound,
        "firms_met": schedule.firms_met,
        "meetings": [
            {
                "firm": firm_ids.get(m.firm, m.firm),
                "department": department_ids.get(m.department, m.department),
                "slot": m.slot,
                "table": m.table,
            }
            for m in schedule.meetings
        ],
    }


def _declared_ids(source: object, key: str) -> dict[str, Id]:
    items = source.get(key) if isinstance(source, dict) else None
    if not isinstance(items, list):
        return {}
    return {
        str(item["id"]): item["id"]
        for item in items
        if isinstance(item, dict) and type(item.get("id")) is int
    }


def _firm(item: object, where: str) -> Firm:
    fields = _object(item, where, {"id"}, {"available"})
    return Firm(_id(fields["id"], f"{where}.id"), _slots(fields.get("available"), where))


def _department(item: object, where: str) -> Department:
    fields = _object(item, where, {"id", "seats"}, {"available"})
    return Department(
        _id(fields["id"], f"{where}.id"),
        _integer(fields["seats"], f"{where}.seats"),
        _slots(fields.get("available"), where),
    )


def _request(item: object, where: str) -> Request:
    fields = _object(item, where, {"firm", "department", "weight"}, set())
    return Request(
        _id(fields["firm"], f"{where}.firm"),
        _id(fields["department"], f"{where}.department"),
        _number(fields["weight"], f"{where}.weight"),
    )


def _pin(item: object, where: str) -> Pin:
    fields = _object(item, where, {"firm", "department"}, {"slot"})
    slot = fields.get("slot")
    return Pin(
        _id(fields["firm"], f"{where}.firm"),
        _id(fields["department"], f"{where}.department"),
        None if slot is None else _integer(slot, f"{where}.slot"),
    )


def _forbidden(item: object, where: str) -> tuple[str, str]:
    fields = _object(item, where, {"firm", "department"}, set())
    return _id(fields["firm"], f"{where}.firm"), _id(fields["department"], f"{where}.department")


def _object(value: object, where: str, required: set[str], optional: set[str]) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ScheduleInputError(N_("%(where)s must be a JSON object"), where=where)
    missing = sorted(required - value.keys())
    if missing:
        raise ScheduleInputError(N_("%(where)s lacks %(key)s"), where=where, key=missing[0])
    unknown = sorted(value.keys() - required - optional, key=str)
    if unknown:
        raise ScheduleInputError(
            N_("%(where)s has an unknown key %(key)s"), where=where, key=unknown[0]
        )
    return value


def _items(value: object, where: str, parse: Callable[[object, str], T]) -> list[T]:
    if not isinstance(value, list):
        raise ScheduleInputError(N_("%(where)s must be a list"), where=where)
    return [parse(item, f"{where}[{n}]") for n, item in enumerate(value)]


def _integer(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScheduleInputError(N_("%(where)s must be an integer"), where=where)
    return value


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScheduleInputError(N_("%(where)s must be a number"), where=where)
    try:
        return float(value)
    except OverflowError:  # an integer too large for a float: no weight is that large
        raise ScheduleInputError(N_("%(where)s must be a number"), where=where) from None


def _id(value: object, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ScheduleInputError(N_("%(where)s must be a string or an integer"), where=where)
    text = str(value)
    if not text.strip():
        raise ScheduleInputError(N_("%(where)s must not be blank"), where=where)
    return text


def _slots(value: object, where: str) -> frozenset[int] | None:
    if value is None:
        return None
    return frozenset(_items(value, f"{where}.available", _integer))
