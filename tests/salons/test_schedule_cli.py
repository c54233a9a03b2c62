"""``scenehub salons schedule``: the documented JSON for a good file, exit 2 and no output
file for a bad one, the parser's refusals of malformed input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.salons.schedule import (
    Department,
    Firm,
    Meeting,
    Problem,
    Request,
    Schedule,
    ScheduleInputError,
    problem_from_json,
)
from tests.salons.schedule_checks import violations

runner = CliRunner()

SALON: dict[str, Any] = {
    "slots": 2,
    "tables": 2,
    "firms": [{"id": 1}, {"id": "b", "available": [1]}, {"id": "c"}],
    "departments": [{"id": "X", "seats": 1}, {"id": 7, "seats": 2, "available": [0, 1]}],
    "requests": [
        {"firm": 1, "department": "X", "weight": 2},
        {"firm": "b", "department": "X", "weight": 1.5},
        {"firm": 1, "department": 7, "weight": 0.5},
        {"firm": "c", "department": 7, "weight": 3},
    ],
    "pins": [{"firm": "c", "department": 7, "slot": 0}],
    "forbidden": [],
}


def run(tmp_path: Path, salon: object, *extra: str) -> tuple[int, str, Path]:
    source = tmp_path / "salon.json"
    source.write_text(salon if isinstance(salon, str) else json.dumps(salon), encoding="utf-8")
    out = tmp_path / "schedule.json"
    result = runner.invoke(
        app, ["salons", "schedule", "--input", str(source), "--out", str(out), *extra]
    )
    return result.exit_code, " ".join(result.output.split()), out


def test_a_good_file_gives_the_documented_schedule(tmp_path: Path) -> None:
    code, output, out = run(tmp_path, SALON, "--time-limit", "5")
    assert code == 0, output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert set(written) == {"status", "objective", "bound", "firms_met", "meetings"}
    assert written["status"] == "optimal"
    assert written["firms_met"] == 3
    assert all(set(m) == {"firm", "department", "slot", "table"} for m in written["meetings"])
    assert {m["firm"] for m in written["meetings"]} == {1, "b", "c"}  # ids as given
    assert {m["department"] for m in written["meetings"]} <= {"X", 7}
    weights = {(str(r["firm"]), str(r["department"])): r["weight"] for r in SALON["requests"]}
    met = [(str(m["firm"]), str(m["department"])) for m in written["meetings"]]
    assert written["objective"] == pytest.approx(sum(weights[p] for p in met))
    assert written["bound"] == pytest.approx(written["objective"])
    meetings = tuple(
        Meeting(str(m["firm"]), str(m["department"]), m["slot"], m["table"])
        for m in written["meetings"]
    )
    problem = problem_from_json(SALON)
    assert violations(problem, Schedule("optimal", 0, 0, meetings, 0)) == []
    assert "optimal: 4 meetings, 3 of 3 firms met" in output


def test_an_infeasible_salon_is_written_and_exits_1(tmp_path: Path) -> None:
    salon = {
        **SALON,
        "pins": [
            {"firm": 1, "department": "X", "slot": 1},
            {"firm": "b", "department": "X", "slot": 1},
        ],
    }
    code, output, out = run(tmp_path, salon, "--time-limit", "5")
    assert code == 1, output
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "infeasible"
    assert json.loads(out.read_text(encoding="utf-8"))["meetings"] == []


@pytest.mark.parametrize(
    ("salon", "message"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "the input must be a JSON object"),
        ({**SALON, "requests": [{"firm": "z", "department": "X", "weight": 1}]}, "unknown firm z"),
        (
            {**SALON, "requests": [{"firm": 1, "department": "X", "weight": -1}]},
            "must be above 0, not -1.0",
        ),
        (
            {**SALON, "requests": [SALON["requests"][0], SALON["requests"][0]]},
            "1 requests X twice",
        ),
        ({k: v for k, v in SALON.items() if k != "tables"}, "the input lacks tables"),
        ({**SALON, "slots": True}, "slots must be an integer"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, salon: object, message: str) -> None:
    source = tmp_path / "salon.json"
    source.write_text(salon if isinstance(salon, str) else json.dumps(salon), encoding="utf-8")
    out = tmp_path / "schedule.json"
    result = runner.invoke(app, ["salons", "schedule", "--input", str(source), "--out", str(out)])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())  # on standard error
    assert result.stdout == ""
    assert not out.exists()


def test_a_missing_input_file_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "schedule.json"
    result = runner.invoke(
        app,
        ["salons", "schedule", "--input", str(tmp_path / "nope.json"), "--out", str(out)],
    )
    assert result.exit_code == 2
    assert "cannot read" in " ".join(result.output.split())
    assert not out.exists()


def test_parsing_keeps_every_field() -> None:
    problem = problem_from_json(SALON)
    assert problem == Problem(
        slots=2,
        tables=2,
        firms=(Firm("1"), Firm("b", frozenset({1})), Firm("c")),
        departments=(Department("X", 1), Department("7", 2, frozenset({0, 1}))),
        requests=(
            Request("1", "X", 2.0),
            Request("b", "X", 1.5),
            Request("1", "7", 0.5),
            Request("c", "7", 3.0),
        ),
        pins=problem.pins,
        forbidden=frozenset(),
    )
    assert [(p.firm, p.department, p.slot) for p in problem.pins] == [("c", "7", 0)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"firms": {"id": 1}}, "firms must be a list"),
        ({"firms": [1]}, "firms[0] must be a JSON object"),
        ({"firms": [{"id": True}]}, "firms[0].id must be a string or an integer"),
        ({"firms": [{"id": " "}]}, "firms[0].id must not be blank"),
        ({"firms": [{"id": 1, "avaliable": [0]}]}, "firms[0] has an unknown key avaliable"),
        ({"firms": [{"id": 1}, {"id": "1"}]}, "firm 1 is listed twice"),
        ({"firms": [{"id": 1, "available": [0.5]}]}, "firms[0].available[0] must be an integer"),
        ({"departments": [{"id": "X"}]}, "departments[0] lacks seats"),
        ({"departments": [{"id": "X", "seats": False}]}, "departments[0].seats must be"),
        (
            {"requests": [{"firm": 1, "department": "X", "weight": "2"}]},
            "requests[0].weight must be a number",
        ),
        ({"pins": [{"firm": 1, "department": "X", "slot": "0"}]}, "pins[0].slot must be"),
        ({"forbidden": [{"firm": 1}]}, "forbidden[0] lacks department"),
        ({"extra": 1}, "the input has an unknown key extra"),
    ],
)
def test_malformed_input_is_refused_naming_the_place(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ScheduleInputError) as raised:
        problem_from_json({**SALON, "pins": [], **change})
    assert message in str(raised.value)
