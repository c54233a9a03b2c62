"""Ingesting department files: specs, encodings, formats, rejects, runs, all-or-nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
import yaml

from scenehub.integration.ingest import ingest
from scenehub.integration.readers import FileError, detect_encoding
from scenehub.integration.spec import SpecError, load_spec
from scenehub.integration.warehouse import open_warehouse

HEADER = "记录编号,统一社会信用代码,企业名称,住所,成立日期"
ROWS = [
    "R1,91330108MA2H7K0L0C,杭州云图智能科技有限公司,浙江省杭州市滨江区江南大道588号,2019-06-01",
    "R2,,杭州数思电机有限公司,杭州市余杭区文一西路1号,2020/1/5",
]


def write_spec(folder: Path, data_file: str, fmt: str = "csv", **overrides: object) -> Path:
    spec = {
        "name": "amr_test",
        "department": "市场监督管理局",
        "path": data_file,
        "format": fmt,
        "encoding": "auto",
        "grade": "important",
        "personal": ["legal_rep"],
        "record_id": "记录编号",
        "fields": {
            "uscc": "统一社会信用代码",
            "name": "企业名称",
            "address": "住所",
            "established": "成立日期",
        },
        "extra": [],
    }
    spec.update(overrides)
    path = folder / "amr_test.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


@pytest.fixture
def warehouse(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    return open_warehouse(tmp_path / "warehouse.duckdb")


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchone()[0])  # type: ignore[index]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-8-sig", "gb18030"])
def test_csv_in_any_common_encoding_is_read_the_same(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection, encoding: str
) -> None:
    write_csv(tmp_path / "amr.csv", [HEADER, *ROWS], encoding)
    result = ingest(warehouse, write_spec(tmp_path, "amr.csv"))
    assert (result.rows, result.rejects) == (2, 0)
    names = [
        r[0]
        for r in warehouse.execute(
            "SELECT name FROM current_records ORDER BY row_number"
        ).fetchall()
    ]
    assert names == ["杭州云图智能科技有限公司", "杭州数思电机有限公司"]


def test_encoding_detection() -> None:
    assert detect_encoding("企业名称".encode()) == "utf-8"
    assert detect_encoding("企业名称".encode("gbk")) == "gb18030"
    assert detect_encoding(b"\xef\xbb\xbf" + "名称".encode()) == "utf-8-sig"
    assert detect_encoding("企业名称".encode()[:-1]) == "utf-8"  # a character cut by the sample


def test_a_wrong_declared_encoding_is_a_clear_error_and_writes_nothing(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    write_csv(tmp_path / "amr.csv", [HEADER, *ROWS], "gbk")
    with pytest.raises(FileError, match=r"amr.csv is not valid utf-8-sig text \(near line 1\)"):
        ingest(warehouse, write_spec(tmp_path, "amr.csv", encoding="utf-8"))
    assert count(warehouse, "SELECT count(*) FROM raw_records") == 0
    assert count(warehouse, "SELECT count(*) FROM ingest_runs") == 0


def test_gbk_damaged_in_the_middle_names_the_line(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    good = "\n".join([HEADER, *ROWS] * 1).encode("gbk")
    body = good + b"\nR9,,\xff\xfe\xfd,x,2020-01-01\n"
    (tmp_path / "amr.csv").write_bytes(body)
    with pytest.raises(FileError, match="near line 4"):
        ingest(warehouse, write_spec(tmp_path, "amr.csv", encoding="gbk"))
    assert count(warehouse, "SELECT count(*) FROM raw_records") == 0


def test_columns_named_in_the_spec_must_exist(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    write_csv(tmp_path / "amr.csv", ["记录编号,企业名称", "R1,某公司"])
    with pytest.raises(FileError, match="lacks the columns") as refused:
        ingest(warehouse, write_spec(tmp_path, "amr.csv"))
    assert all(column in str(refused.value) for column in ("统一社会信用代码", "住所", "成立日期"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "docx"}, "format"),
        ({"fields": {"name": "企业名称", "colour": "颜色"}}, "unknown canonical fields"),
        ({"fields": {"address": "住所"}}, "needs at least a uscc or a name"),
        ({"encoding": "klingon"}, "unknown encoding"),
        ({"grade": "secret"}, "grade"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_spec_that_does_not_make_sense_names_the_problem(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with pytest.raises(SpecError, match=message):
        load_spec(write_spec(tmp_path, "amr.csv", **change))


def test_a_spec_that_does_not_parse_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"cannot read the spec bad\.yaml"):
        load_spec(bad)
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(SpecError, match="not a YAML mapping"):
        load_spec(tmp_path / "list.yaml")


def test_an_empty_file_is_refused(tmp_path: Path, warehouse: duckdb.DuckDBPyConnection) -> None:
    (tmp_path / "amr.csv").write_bytes(b"")
    with pytest.raises(FileError, match=r"amr\.csv is empty"):
        ingest(warehouse, write_spec(tmp_path, "amr.csv"))


def test_unusable_rows_are_kept_as_rejects_with_their_reason(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    lines = [
        HEADER,
        *ROWS,
        ",91330108MA2H7K0L0C,无编号公司,地址,2020-01-01",  # no record id
        "R1,,重复编号公司,地址,2020-01-01",  # duplicate record id
        "R5,,,只有地址,2020-01-01",  # neither USCC nor name
        "R6,x,多一列公司,地址,2020-01-01,多余",
    ]  # an extra cell
    write_csv(tmp_path / "amr.csv", lines)
    result = ingest(warehouse, write_spec(tmp_path, "amr.csv"))
    assert (result.rows, result.rejects) == (2, 4)
    reasons = dict(warehouse.execute("SELECT row_number, reason FROM rejects").fetchall())
    assert reasons[4] == "missing record id"
    assert reasons[5] == "duplicate record id: R1 (first at row 2)"
    assert reasons[6] == "neither a USCC nor a name"
    assert reasons[7] == "the row has 6 cells, the header 5"
    raw = json.loads(
        warehouse.execute("SELECT raw FROM rejects WHERE row_number = 6").fetchone()[0]
    )  # type: ignore[index]
    assert raw["住所"] == "只有地址"


def test_the_same_file_twice_is_one_run_and_a_changed_file_a_new_one(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    data = write_csv(tmp_path / "amr.csv", [HEADER, *ROWS])
    spec = write_spec(tmp_path, "amr.csv")
    first = ingest(warehouse, spec)
    again = ingest(warehouse, spec)
    assert again.changed is False and again.run_id == first.run_id
    assert count(warehouse, "SELECT count(*) FROM ingest_runs") == 1
    write_csv(data, [HEADER, ROWS[0]])
    changed = ingest(warehouse, spec)
    assert changed.changed and changed.run_id != first.run_id
    assert count(warehouse, "SELECT count(*) FROM current_records") == 1
    assert count(warehouse, "SELECT count(*) FROM raw_records") == 3  # the old run is kept


def test_a_crash_mid_run_leaves_the_previous_state(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    data = write_csv(tmp_path / "amr.csv", [HEADER, *ROWS])
    spec = write_spec(tmp_path, "amr.csv")
    first = ingest(warehouse, spec)
    write_csv(data, [HEADER, *ROWS, "R3,,第三家公司,地址,2021-01-01"])

    def crash(_: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(warehouse, spec, on_rows=crash)
    assert count(warehouse, "SELECT count(*) FROM ingest_runs") == 1
    assert count(warehouse, "SELECT max(run_id) FROM current_records") == first.run_id
    assert count(warehouse, "SELECT count(*) FROM raw_records") == 2


def test_xlsx_dates_become_iso_dates_and_a_truncated_workbook_is_refused(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    from datetime import datetime

    path = tmp_path / "amr.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, name in enumerate(HEADER.split(",")):
        sheet.write_string(0, col, name)
    sheet.write_row(1, 0, ["R1", "91330108MA2H7K0L0C", "某公司", "某地址"])
    sheet.write_datetime(1, 4, datetime(2019, 6, 1), date_format)
    book.close()
    ingest(warehouse, write_spec(tmp_path, "amr.xlsx", fmt="xlsx"))
    assert warehouse.execute("SELECT established FROM current_records").fetchone() == (
        "2019-06-01",
    )

    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(FileError, match="not a readable XLSX workbook"):
        ingest(warehouse, write_spec(tmp_path, "cut.xlsx", fmt="xlsx"))


def test_json_lines_with_a_broken_line_reject_only_that_line(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    lines = [
        json.dumps(
            {
                "记录编号": "R1",
                "统一社会信用代码": None,
                "企业名称": "甲公司",
                "住所": "地址",
                "成立日期": "2020.01.02",
            },
            ensure_ascii=False,
        ),
        '{"记录编号": "R2", "企业名称": ',
        json.dumps(["not", "an", "object"]),
    ]
    (tmp_path / "amr.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest(warehouse, write_spec(tmp_path, "amr.jsonl", fmt="jsonl"))
    assert (result.rows, result.rejects) == (1, 2)
    reasons = sorted(r[0] for r in warehouse.execute("SELECT reason FROM rejects").fetchall())
    assert reasons[0].startswith("invalid JSON")
    assert reasons[1] == "the record is not a JSON object"


def test_the_whole_synthetic_city_ingests_with_every_row_accounted_for(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    from scenehub.demo.city import generate_city
    from scenehub.demo.config import load_city
    from scenehub.industry.taxonomy import load_chain

    city = tmp_path / "city"
    generate_city(city, scale=400, seed=8, city=load_city(), chain=load_chain(), scenes=20)
    manifest = json.loads((city / "manifest.json").read_text())
    for spec in sorted((city / "specs").glob("*.yaml")):
        ingest(warehouse, spec)
    per_source = dict(
        warehouse.execute("SELECT source, count(*) FROM current_records GROUP BY source").fetchall()
    )
    assert per_source == manifest["records"]
    copy = tmp_path / "copy"
    shutil.copytree(city, copy)
    assert all(not ingest(warehouse, s).changed for s in sorted((city / "specs").glob("*.yaml")))


def test_a_source_stays_with_the_department_that_delivered_it(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    from scenehub.integration.ingest import SourceOwnedElsewhere

    write_csv(tmp_path / "amr.csv", [HEADER, *ROWS])
    ingest(warehouse, write_spec(tmp_path, "amr.csv"))
    write_csv(tmp_path / "amr.csv", [HEADER, ROWS[0]])
    with pytest.raises(SourceOwnedElsewhere, match="belongs to 市场监督管理局"):
        ingest(warehouse, write_spec(tmp_path, "amr.csv", department="杭州市公安局"))
    assert count(warehouse, "SELECT count(*) FROM current_records") == 2


def test_a_rejected_row_does_not_claim_its_record_id(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    write_csv(
        tmp_path / "amr.csv",
        [HEADER, "R7,,,地址,2020-01-01", *ROWS, "R7,,有名字的公司,地址,2020-01-01"],
    )
    result = ingest(warehouse, write_spec(tmp_path, "amr.csv"))
    assert (result.rows, result.rejects) == (3, 1)


def test_the_run_records_the_encoding_it_read(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    write_csv(tmp_path / "amr.csv", [HEADER, *ROWS], "gbk")
    ingest(warehouse, write_spec(tmp_path, "amr.csv"))
    assert warehouse.execute("SELECT encoding FROM ingest_runs").fetchone() == ("gb18030",)


def test_a_binary_codec_is_not_an_encoding(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="not a text encoding"):
        load_spec(write_spec(tmp_path, "amr.csv", encoding="base64"))


def test_an_xlsx_with_a_wrong_stored_dimension_loses_nothing(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    import zipfile

    path = tmp_path / "amr.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for row, values in enumerate([HEADER.split(","), *(r.split(",") for r in ROWS)]):
        sheet.write_row(row, 0, values)
    book.close()
    # Rewrite the sheet's <dimension> to claim a smaller range than it holds.
    with zipfile.ZipFile(path) as source:
        members = {n: source.read(n) for n in source.namelist()}
    xml = members["xl/worksheets/sheet1.xml"].decode()
    members["xl/worksheets/sheet1.xml"] = xml.replace('ref="A1:E3"', 'ref="A1:B2"').encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    result = ingest(warehouse, write_spec(tmp_path, "amr.xlsx", fmt="xlsx"))
    assert result.rows == 2
    assert warehouse.execute(
        "SELECT established FROM current_records ORDER BY row_number"
    ).fetchall() == [("2019-06-01",), ("2020/1/5",)]


def test_a_broken_first_json_line_is_only_that_rows_problem(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    good = json.dumps(
        {
            "记录编号": "R1",
            "统一社会信用代码": None,
            "企业名称": "甲公司",
            "住所": "地址",
            "成立日期": "2020-01-02",
        },
        ensure_ascii=False,
    )
    (tmp_path / "amr.jsonl").write_text("{broken\n" + good + "\n", encoding="utf-8")
    result = ingest(warehouse, write_spec(tmp_path, "amr.jsonl", fmt="jsonl"))
    assert (result.rows, result.rejects) == (1, 1)


def test_a_control_character_rejects_its_row_naming_the_column(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    lines = [
        HEADER,
        ROWS[0],
        "R2,,杭州数思\x00电机有限公司,地址,2020-01-05",  # a NUL byte in the name
        "R3,,杭州第三科技有限公司,滨江区\x07江南大道,2021-01-01",  # a bell in the address
        'R4,,杭州第四科技有限公司,"滨江区\t江南大道\r\n588号",2021-01-01',  # tab, line break: text
    ]
    write_csv(tmp_path / "amr.csv", lines)
    result = ingest(warehouse, write_spec(tmp_path, "amr.csv"))
    assert (result.rows, result.rejects) == (2, 2)
    reasons = dict(warehouse.execute("SELECT row_number, reason FROM rejects").fetchall())
    assert reasons == {
        3: "control character in a cell: U+0000 in column 企业名称",
        4: "control character in a cell: U+0007 in column 住所",
    }
    raw = warehouse.execute("SELECT raw FROM rejects WHERE row_number = 3").fetchone()
    assert json.loads(raw[0])["企业名称"] == "杭州数思\x00电机有限公司"  # type: ignore[index]  # kept as it came
    names = [r[0] for r in warehouse.execute("SELECT name FROM current_records").fetchall()]
    assert not any("\x00" in n for n in names)
    assert result.reasons == {"control character in a cell": 2}


def test_a_control_character_in_a_json_string_is_rejected_too(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    item = {"记录编号": "R1", "统一社会信用代码": None, "企业名称": "甲\u0000公司", "住所": "地址"}
    (tmp_path / "amr.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")
    spec = write_spec(tmp_path, "amr.jsonl", fmt="jsonl", fields={"name": "企业名称"})
    result = ingest(warehouse, spec)
    assert (result.rows, result.rejects) == (0, 1)


def test_a_header_only_redelivery_is_refused_and_writes_nothing(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    from scenehub.integration.ingest import SourceShrank

    data = write_csv(tmp_path / "amr.csv", [HEADER, *ROWS])
    spec = write_spec(tmp_path, "amr.csv")
    first = ingest(warehouse, spec)
    write_csv(data, [HEADER])
    with pytest.raises(SourceShrank, match="0 usable rows, the current run of amr_test has 2"):
        ingest(warehouse, spec)
    assert count(warehouse, "SELECT count(*) FROM ingest_runs") == 1
    assert count(warehouse, "SELECT current_run FROM sources") == first.run_id
    assert count(warehouse, "SELECT count(*) FROM current_records") == 2
    allowed = ingest(warehouse, spec, allow_shrink=True)
    assert allowed.changed and allowed.rows == 0
    assert count(warehouse, "SELECT count(*) FROM current_records") == 0


def test_a_run_may_drop_up_to_half_of_a_sources_rows() -> None:
    from scenehub.integration.ingest import keeps_too_few

    assert not keeps_too_few(current_rows=4, new_rows=2)
    assert keeps_too_few(current_rows=4, new_rows=1)
    assert keeps_too_few(current_rows=1, new_rows=0)
    assert not keeps_too_few(current_rows=0, new_rows=0)  # a new (or empty) source


def test_an_unterminated_quote_rejects_its_line_and_keeps_the_rows_after_it(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    lines = [
        HEADER,
        ROWS[0],
        'R2,,"杭州数思电机有限公司,杭州市余杭区文一西路1号,2020/1/5',  # the quote never closes
        "R3,,杭州第三科技有限公司,滨江区,2021-01-01",
        'R4,,杭州第四科技有限公司,"滨江区\n江南大道588号",2021-01-01',  # a cell over two lines
        "R5,,杭州第五科技有限公司,滨江区,2021-01-01",
    ]
    write_csv(tmp_path / "amr.csv", lines)
    result = ingest(warehouse, write_spec(tmp_path, "amr.csv"))
    assert (result.rows, result.rejects) == (4, 1)
    assert warehouse.execute("SELECT row_number, record_id, reason FROM rejects").fetchall() == [
        (3, "R2", "unterminated quote: opened on line 3")
    ]
    kept = warehouse.execute(
        "SELECT record_id, row_number, address FROM current_records ORDER BY row_number"
    ).fetchall()
    assert kept == [
        ("R1", 2, "浙江省杭州市滨江区江南大道588号"),
        ("R3", 4, "滨江区"),
        ("R4", 5, "滨江区\n江南大道588号"),
        ("R5", 7, "滨江区"),
    ]


def test_a_header_with_an_unterminated_quote_is_a_file_error(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    write_csv(tmp_path / "amr.csv", ['记录编号,"统一社会信用代码,企业名称', *ROWS])
    with pytest.raises(FileError, match="line 1: the header cannot be read"):
        ingest(warehouse, write_spec(tmp_path, "amr.csv"))
    assert count(warehouse, "SELECT count(*) FROM ingest_runs") == 0


def test_a_spec_cannot_name_a_file_outside_its_folder(tmp_path: Path) -> None:
    deliveries = tmp_path / "deliveries" / "police"
    deliveries.mkdir(parents=True)
    write_csv(tmp_path / "secret.csv", [HEADER, *ROWS])
    (deliveries / "linked.csv").symlink_to(tmp_path / "secret.csv")
    for path in ("../../../etc/passwd", "/etc/passwd", "../../secret.csv", "linked.csv"):
        with pytest.raises(SpecError, match="names a data file outside") as refused:
            load_spec(write_spec(deliveries, path))
        assert str(deliveries) in str(refused.value)
    _, data_path, _ = load_spec(write_spec(deliveries, "linked.csv"), allow_outside_paths=True)
    assert data_path == tmp_path / "secret.csv"


def test_a_spec_in_a_specs_folder_reaches_its_spec_set_and_no_further(tmp_path: Path) -> None:
    specs = tmp_path / "city" / "specs"
    specs.mkdir(parents=True)
    (tmp_path / "city" / "data").mkdir()
    write_csv(tmp_path / "city" / "data" / "amr.csv", [HEADER, *ROWS])
    _, data_path, _ = load_spec(write_spec(specs, "../data/amr.csv"))
    assert data_path == tmp_path / "city" / "data" / "amr.csv"
    with pytest.raises(SpecError, match="outside"):
        load_spec(write_spec(specs, "../../other.csv"))


def test_no_file_error_quotes_the_files_content(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    from scenehub.translator import Translator

    (tmp_path / "passwd").write_text("root:x:0:0:SECRET-FIRST-LINE:/root:/bin/bash\n")
    with pytest.raises(FileError, match="lacks the columns") as refused:
        ingest(warehouse, write_spec(tmp_path, "passwd"))
    error = refused.value
    for locale in ("en", "zh_CN"):
        assert "SECRET" not in Translator(locale).gettext(error.message, **error.params)
    assert "SECRET" not in str(error) and "its header has 1 columns" in str(error)


SCOPED_HEADER = f"{HEADER},经营范围"
SCOPED_ROWS = [f"{ROWS[0]},人工智能应用软件开发", f"{ROWS[1]},"]
SCOPED_FIELDS = {"uscc": "统一社会信用代码", "name": "企业名称", "business_scope": "经营范围"}


def test_a_spec_may_map_the_business_scope_field(
    tmp_path: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    write_csv(tmp_path / "amr.csv", [SCOPED_HEADER, *SCOPED_ROWS])
    result = ingest(warehouse, write_spec(tmp_path, "amr.csv", fields=SCOPED_FIELDS))
    assert (result.rows, result.rejects) == (2, 0)
    scopes = warehouse.execute(
        "SELECT business_scope FROM current_records ORDER BY row_number"
    ).fetchall()
    assert scopes == [("人工智能应用软件开发",), (None,)]


def test_a_warehouse_made_before_the_business_scope_field_gains_it(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    older = open_warehouse(path)
    older.execute("DROP VIEW current_records")
    older.execute("ALTER TABLE raw_records DROP COLUMN business_scope")
    older.execute("""CREATE VIEW current_records AS SELECT r.* FROM raw_records r
        JOIN sources s ON r.source = s.source AND r.run_id = s.current_run""")
    older.close()
    write_csv(tmp_path / "amr.csv", [SCOPED_HEADER, *SCOPED_ROWS])
    warehouse = open_warehouse(path)
    ingest(warehouse, write_spec(tmp_path, "amr.csv", fields=SCOPED_FIELDS))
    scopes = warehouse.execute("SELECT business_scope FROM current_records").fetchall()
    assert ("人工智能应用软件开发",) in scopes
