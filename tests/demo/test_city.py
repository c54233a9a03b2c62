"""A whole small city on disk: deterministic, parseable by its specs, noise as declared,
and the truth covering every record."""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.demo.records import UNUSABLE_KINDS, Noise
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.uscc import is_valid

SCALE = 1500


def make_city(out: Path, seed: int = 11, scale: int = SCALE) -> Path:
    generate_city(out, scale=scale, seed=seed, city=load_city(), chain=load_chain(), scenes=60)
    return out


@pytest.fixture(scope="module")
def city_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_city(tmp_path_factory.mktemp("city") / "hangzhou")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_by_spec(spec_path: Path) -> tuple[list[str], list[Any]]:
    """Read a department file the way its spec declares it: (header, every row).

    A row is a dict, except the city's broken rows: a JSON line that does not parse (its text)
    and an array in a JSON file (a list); a CSV row with a cell too many keeps it under None.
    """
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    path = (spec_path.parent / spec["path"]).resolve()
    if spec["format"] == "xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(c) for c in rows[0]]
        return header, [dict(zip(header, r, strict=True)) for r in rows[1:]]
    encoding = {"auto": "utf-8"}.get(spec["encoding"], spec["encoding"])
    if spec["format"] == "csv":
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else _decode(raw)
        reader = csv.DictReader(text.splitlines())
        return list(reader.fieldnames or []), list(reader)
    lines = path.read_text(encoding=encoding).splitlines()
    items = (
        json.loads("\n".join(lines))
        if spec["format"] == "json"
        else [_json_or_text(line) for line in lines if line.strip()]
    )
    objects = [item for item in items if isinstance(item, dict)]
    return list(objects[0]) if objects else [], items


def records_by_spec(spec_path: Path) -> list[dict[str, Any]]:
    """The rows of a department file that are records (every row but the broken ones)."""
    return [r for r in read_by_spec(spec_path)[1] if isinstance(r, dict) and None not in r]


def _json_or_text(line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        return line


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gbk")


def specs(city_dir: Path) -> Iterator[Path]:
    return iter(sorted((city_dir / "specs").glob("*.yaml")))


def test_the_same_seed_gives_byte_identical_files(city_dir: Path, tmp_path: Path) -> None:
    again = make_city(tmp_path / "again")
    first = json.loads((city_dir / "manifest.json").read_text())["files"]
    second = json.loads((again / "manifest.json").read_text())["files"]
    assert first == second
    assert (city_dir / "manifest.json").read_bytes() == (again / "manifest.json").read_bytes()


def test_another_seed_gives_another_city(city_dir: Path, tmp_path: Path) -> None:
    other = make_city(tmp_path / "other", seed=12, scale=200)
    assert (
        read_csv(other / "truth" / "firms.csv")[0]["name"]
        != read_csv(city_dir / "truth" / "firms.csv")[0]["name"]
    )


def test_every_department_file_parses_with_its_declared_layout(city_dir: Path) -> None:
    manifest = json.loads((city_dir / "manifest.json").read_text())
    seen = 0
    for spec_path in specs(city_dir):
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        header, rows = read_by_spec(spec_path)
        expected = [spec["record_id"], *spec["fields"].values(), *spec["extra"]]
        assert header == expected, spec["name"]
        in_truth = sum(manifest[kind].get(spec["name"], 0) for kind in ("records", "rejects"))
        assert len(rows) == in_truth, spec["name"]
        seen += 1
    assert seen >= 30


def test_formats_and_encodings_are_mixed(city_dir: Path) -> None:
    kinds = Counter(p.suffix for p in (city_dir / "data").iterdir())
    assert {".csv", ".xlsx", ".json", ".jsonl"} <= set(kinds)
    gbk = city_dir / "data" / "tax_taxpayers.csv"
    with pytest.raises(UnicodeDecodeError):
        gbk.read_bytes().decode("utf-8")
    assert "纳税人名称" in gbk.read_bytes().decode("gbk")
    assert (city_dir / "data" / "most_smes.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_truth_covers_every_record_and_every_firm(city_dir: Path) -> None:
    truth = read_csv(city_dir / "truth" / "records.csv")
    rejects = read_csv(city_dir / "truth" / "rejects.csv")
    firms = {f["firm_id"] for f in read_csv(city_dir / "truth" / "firms.csv")}
    assert len(firms) == SCALE
    assert {t["firm_id"] for t in truth} <= firms
    assert {t["firm_id"] for t in rejects} <= firms
    in_files: set[tuple[str, str]] = set()
    for spec_path in specs(city_dir):
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        rows = records_by_spec(spec_path)
        in_files |= {(spec["name"], str(r[spec["record_id"]] or "")) for r in rows}
    records = {(t["source"], t["record_id"]) for t in truth}
    assert len(records) == len(truth)
    assert records <= in_files
    assert in_files - records <= {(t["source"], t["record_id"]) for t in rejects}


def kinds(noise: str) -> set[str]:
    return set(noise.split("|")) - {""}


def plain_code(code: str) -> str:
    """A code as the standardiser reads it: width, case and spaces undone."""
    return unicodedata.normalize("NFKC", code).upper().replace(" ", "")


def test_clean_codes_are_valid_and_noisy_ones_are_marked(city_dir: Path) -> None:
    firms = {f["firm_id"]: f for f in read_csv(city_dir / "truth" / "firms.csv")}
    seen: Counter[str] = Counter()
    for source, column in (
        ("tax_taxpayers", "纳税人识别号"),
        ("amr_registrations", "统一社会信用代码"),
    ):
        spec = city_dir / "specs" / f"{source}.yaml"
        rows = {r[yaml.safe_load(spec.read_text())["record_id"]]: r for r in records_by_spec(spec)}
        for t in read_csv(city_dir / "truth" / "records.csv"):
            if t["source"] != source:
                continue
            code, firm, applied = (
                rows[t["record_id"]][column],
                firms[t["firm_id"]],
                kinds(t["uscc_noise"]),
            )
            seen.update(applied)
            if applied & {"missing", "absent"}:
                assert code in ("", "/", "无")
            elif any(k.startswith("typo_") for k in applied):
                assert not is_valid(plain_code(code))
            elif "old_tax_id" in applied:
                assert len(plain_code(code)) == 15 and plain_code(code) == firm["old_tax_id"]
            elif "parent_code" in applied:
                assert plain_code(code) == firm["parent_uscc"] != firm["uscc"]
            else:
                assert plain_code(code) == firm["uscc"] and is_valid(plain_code(code))
                assert (code == firm["uscc"]) == (not applied), (code, applied)
    assert {"old_tax_id", "parent_code", "lower", "spaces", "full_width", "missing"} <= set(seen)
    assert {"typo_char", "typo_swap", "typo_lookalike", "typo_drop"} <= set(seen)


def test_noise_rates_match_the_declared_rates(city_dir: Path) -> None:
    noise = Noise()
    truth = read_csv(city_dir / "truth" / "records.csv")
    carrying = [kinds(t["uscc_noise"]) for t in truth if t["uscc_noise"] != "absent"]
    n = len(carrying)
    assert n > 5000
    typos = sum(1 for k in carrying if any(x.startswith("typo_") for x in k))
    assert abs(typos / n - noise.uscc_typo) < 0.008
    assert abs(sum("missing" in k for k in carrying) / n - noise.uscc_missing) < 0.006
    formats = sum(bool(k & {"lower", "spaces", "full_width"}) for k in carrying)
    assert abs(formats / n - noise.uscc_format) < 0.01
    named = Counter(k for t in truth for k in kinds(t["name_noise"]))
    assert 0.12 < sum(1 for t in truth if t["name_noise"]) / len(truth) < 0.3
    assert abs(named["drop_region"] / len(truth) - noise.name_drop_region) < 0.02
    assert abs((named["english"] + named["pinyin"]) / len(truth) - 0.025) < 0.015
    assert named["typo"] > 0 and named["former_name"] > 0 and named["omit_legal_form"] > 0
    repeats = Counter(t["repeat"] for t in truth)
    assert 0.005 < repeats["re_entry"] / len(truth) < 0.02
    assert repeats["old_name"] + repeats["new_name"] > 0 and repeats["year"] > 0
    assert all(t["duplicate_of"] for t in truth if t["repeat"])
    addressed = Counter(k for t in truth for k in kinds(t["address_noise"]))
    assert addressed["stale"] > 0 and addressed["operating"] > 0
    assert addressed["former_district"] > 0 and addressed["district_only"] > 0
    phoned = Counter(k for t in truth for k in kinds(t["phone_noise"]))
    assert {"other_phone", "format", "joined", "typo"} <= set(phoned)
    rejects = read_csv(city_dir / "truth" / "rejects.csv")
    assert abs(len(rejects) / len(truth) - noise.unusable) < 0.0015
    assert {r["kind"] for r in rejects} == set(UNUSABLE_KINDS)


def test_stale_addresses_are_the_firms_old_address(city_dir: Path) -> None:
    firms = {f["firm_id"]: f for f in read_csv(city_dir / "truth" / "firms.csv")}
    amr = {r["case_no"]: r for r in records_by_spec(city_dir / "specs" / "amr_penalties.yaml")}
    for t in read_csv(city_dir / "truth" / "records.csv"):
        if t["source"] == "amr_penalties" and t["address_noise"] == "stale":
            assert amr[t["record_id"]]["party_address"] == firms[t["firm_id"]]["old_address"]


def test_scene_truth_refers_to_real_scenes_and_firms(city_dir: Path) -> None:
    scenes = [
        json.loads(line)
        for line in (city_dir / "scenes" / "scenes.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    firms = {f["firm_id"]: f for f in read_csv(city_dir / "truth" / "firms.csv")}
    grades = read_csv(city_dir / "truth" / "scene_firms.csv")
    assert len(scenes) == 60
    assert grades
    assert {g["scene_id"] for g in grades} <= {s["scene_id"] for s in scenes}
    assert all(firms[g["firm_id"]]["is_ai"] == "1" for g in grades)


def test_an_interrupted_run_leaves_the_previous_city(tmp_path: Path) -> None:
    out = make_city(tmp_path / "city", scale=150)
    before = (out / "manifest.json").read_bytes()

    def explode(_: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate_city(
            out, scale=600, seed=5, city=load_city(), chain=load_chain(), on_progress=explode
        )
    assert (out / "manifest.json").read_bytes() == before
    assert not (tmp_path / ".city.partial").exists()


def test_the_registry_lists_former_names_in_its_own_column(city_dir: Path) -> None:
    spec_path = city_dir / "specs" / "amr_registrations.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    # 曾用名 is mapped as the canonical field former_names once ingest takes it; until then
    # it is the first extra column, so the spec stays valid and the column reaches the raw zone.
    assert spec["fields"].get("former_names") == "曾用名" or spec["extra"][0] == "曾用名"
    firms = {f["firm_id"]: f for f in read_csv(city_dir / "truth" / "firms.csv")}
    rows = {r["记录编号"]: r for r in records_by_spec(spec_path)}
    seen = 0
    for t in read_csv(city_dir / "truth" / "records.csv"):
        if t["source"] == "amr_registrations":
            former = firms[t["firm_id"]]["former_names"].split("|")
            written = rows[t["record_id"]]["曾用名"] or ""
            assert written.split("；") == former
            seen += bool(written)
    assert seen > 0
