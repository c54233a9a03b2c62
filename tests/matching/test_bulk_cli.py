"""``scenehub match`` on files: the public contract of bulk matching (docs/matching.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.demo.judged import JudgedCity
from scenehub.industry.taxonomy import Chain, Segment

runner = CliRunner()


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def invoke(*args: str | Path) -> tuple[int, list[dict[str, Any]], str]:
    result = runner.invoke(app, ["match", *map(str, args)])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines, " ".join(result.stderr.split())


@pytest.fixture(scope="module")
def segment(chain: Chain) -> Segment:
    found = chain.by_domain("city_management")
    assert found is not None
    return found


@pytest.fixture
def firms_file(tmp_path: Path, segment: Segment) -> Path:
    keywords = "、".join(segment.keywords[:3])
    return write_jsonl(
        tmp_path / "firms.jsonl",
        [
            {
                "id": "F1",
                "name": f"云图{segment.words[0]}有限公司",
                "description": keywords,
                "district": "330106",
                "stage": "0-1",
                "tags": [segment.synonyms[0]],
            },
            {"id": "F2", "name": "鸿兴餐饮管理有限公司", "description": "餐饮服务；食品经营"},
            {
                "id": 3,
                "name": f"{segment.keywords[0]}科技有限公司",
                "description": "",
                "tags": "城管, 市容",
            },
        ],
    )


def test_one_line_per_scene_with_ranked_firms_scores_and_reasons(
    tmp_path: Path, firms_file: Path, segment: Segment
) -> None:
    scenes = write_jsonl(
        tmp_path / "scenes.jsonl",
        [
            {
                "id": "S1",
                "title": f"{segment.keywords[0]}试点",
                "description": segment.keywords[1],
                "domain": "city_management",
                "department": "城管局",
                "stage_preference": "0-1",
            },
            {"id": "S2", "title": "合唱团周末排练场地", "description": "合唱团需要周末排练的场地"},
        ],
    )
    code, lines, _ = invoke(
        "--scenes", scenes, "--firms", firms_file, "--top", "20", "--format", "jsonl"
    )
    assert code == 0
    assert [line["scene_id"] for line in lines] == ["S1", "S2"]
    ranking = lines[0]["ranking"]
    assert ranking[0]["firm_id"] == "F1" and {r["firm_id"] for r in ranking} == {"F1", "3"}
    assert all(set(r) >= {"firm_id", "score", "reasons"} for r in ranking)
    assert all(isinstance(text, str) and text for r in ranking for text in r["reasons"])
    assert lines[1] == {"scene_id": "S2", "ranking": []}


def test_reasons_come_in_the_chosen_language(
    tmp_path: Path, firms_file: Path, segment: Segment
) -> None:
    scenes = write_jsonl(tmp_path / "s.jsonl", [{"id": "S1", "title": segment.keywords[0]}])
    _, english, _ = invoke("--scenes", scenes, "--firms", firms_file, "--lang", "en")
    _, chinese, _ = invoke("--scenes", scenes, "--firms", firms_file)
    assert any(segment.en in text for text in english[0]["ranking"][0]["reasons"])
    assert any(segment.zh in text for text in chinese[0]["ranking"][0]["reasons"])


def test_malformed_lines_are_reported_with_their_numbers_and_the_rest_processed(
    tmp_path: Path, firms_file: Path, segment: Segment
) -> None:
    scenes = write_jsonl(
        tmp_path / "scenes.jsonl",
        [
            {"id": "S1", "title": segment.keywords[0]},
            "{not json",
            "",
            '["a list"]',
            {"title": "no id"},
            {"id": "S5", "title": "x", "stage_preference": "2-3"},
            {"id": "S6", "title": segment.keywords[1], "wanted_segments": [segment.key]},
        ],
    )
    code, lines, errors = invoke("--scenes", scenes, "--firms", firms_file)
    assert code == 1
    assert [line["scene_id"] for line in lines] == ["S1", "S6"]
    for number, why in (
        (2, "not valid JSON"),
        (4, "not a JSON object"),
        (5, "missing id"),
        (6, "stage_preference"),
    ):
        assert f"scenes.jsonl:{number}: {why}" in errors
    assert "scenes.jsonl:3" not in errors  # a blank line is no error


def test_bad_firm_lines_and_repeated_ids_do_not_stop_the_run(
    tmp_path: Path, segment: Segment
) -> None:
    firms = write_jsonl(
        tmp_path / "firms.jsonl",
        [
            {"id": "F1", "name": segment.keywords[0], "description": segment.keywords[1]},
            {"id": "F1", "name": "again", "description": segment.keywords[1]},
            {"id": "F2", "name": 7.5, "description": segment.keywords[1], "pilots": -1},
            {"id": "F3", "name": "x", "tags": [1, 2]},
            {"id": "F4", "name": "x", "vetted": "yes"},
        ],
    )
    scenes = write_jsonl(tmp_path / "scenes.jsonl", [{"id": "S1", "title": segment.keywords[1]}])
    code, lines, errors = invoke("--scenes", scenes, "--firms", firms)
    assert code == 1
    assert [r["firm_id"] for r in lines[0]["ranking"]] == ["F1"]
    assert "firms.jsonl:3: pilots" in errors and "firms.jsonl:4: tags" in errors
    assert "firms.jsonl:5: vetted" in errors and "'F1' appears again" in errors


def test_odd_texts_never_crash(tmp_path: Path, firms_file: Path, segment: Segment) -> None:
    scenes = write_jsonl(
        tmp_path / "scenes.jsonl",
        [
            {"id": "empty", "title": "", "description": ""},
            {"id": "huge", "title": "x", "description": segment.keywords[0] * 200_000},
            {"id": "mixed", "title": f"AI {segment.keywords[0]} for the city 城管 🚓🤖"},
            {"id": "traditional", "title": "城市管理：市容巡查與佔道經營識別"},
            {"id": "control", "title": "\x00\x1b[31m\u200b\ufeff", "description": "\ud7ff"},
            {"id": "numbers", "title": 12345, "description": 6.5},
        ],
    )
    code, lines, _ = invoke("--scenes", scenes, "--firms", firms_file)
    assert code == 0
    assert [line["scene_id"] for line in lines] == [
        "empty",
        "huge",
        "mixed",
        "traditional",
        "control",
        "numbers",
    ]
    assert lines[0]["ranking"] == []
    assert lines[1]["ranking"] and lines[2]["ranking"] and lines[3]["ranking"]


def test_output_to_a_file_and_files_of_the_synthetic_city(
    tmp_path: Path, city_dir: Path, judged_city: JudgedCity
) -> None:
    firms = write_jsonl(
        tmp_path / "firms.jsonl",
        [
            {"id": f.id, "name": f.name, "description": f.description, "stage": f.stage}
            for f in judged_city.firms
        ],
    )
    out = tmp_path / "rankings.jsonl"
    code, _, summary = invoke(
        "--scenes",
        city_dir / "scenes" / "scenes.jsonl",
        "--firms",
        firms,
        "--top",
        "5",
        "--out",
        out,
    )
    assert code == 0, summary
    written = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(written) == len(judged_city.scenes)
    assert all(len(line["ranking"]) <= 5 for line in written)
    assert sum(1 for line in written if line["ranking"]) >= len(written) * 0.8
    assert f"{len(written)} rankings in {out}" in summary


def test_usage_errors_exit_with_status_2(tmp_path: Path, firms_file: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    assert invoke("--scenes", missing, "--firms", firms_file)[0] == 2
    scenes = write_jsonl(tmp_path / "s.jsonl", [{"id": "S1", "title": "x"}])
    assert invoke("--scenes", scenes, "--firms", firms_file, "--format", "csv")[0] == 2
    assert invoke("--scenes", scenes, "--firms", firms_file, "--lang", "fr")[0] == 2


def test_a_byte_order_mark_and_an_empty_firm_file_are_fine(tmp_path: Path) -> None:
    scenes = tmp_path / "scenes.jsonl"
    scenes.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "S1", "title": "x"}).encode() + b"\n")
    firms = write_jsonl(tmp_path / "firms.jsonl", [""])
    code, lines, _ = invoke("--scenes", scenes, "--firms", firms)
    assert code == 0 and lines == [{"scene_id": "S1", "ranking": []}]
