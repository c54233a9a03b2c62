"""The city is configuration: scenehub runs on another city's file (Jiaxing here, with its
real districts) without the demo's synthetic city, from ingest through resolve to the map."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml
from typer.testing import CliRunner

from scenehub import city as city_module
from scenehub.city import DEFAULT_CITY_FILE, load_city
from scenehub.cli import app
from scenehub.db import get_engine
from scenehub.errors import ConfigurationError
from scenehub.integration.standardise import city_rules, normalise_name, parse_address
from scenehub.integration.uscc import make_uscc
from scenehub.settings import get_settings
from tests.conftest import TEST_SECRET

JIAXING = Path(__file__).parent / "fixtures" / "jiaxing.yaml"


def test_the_shipped_default_is_hangzhou() -> None:
    hangzhou = load_city(DEFAULT_CITY_FILE)
    assert (hangzhou.city, hangzhou.phone_area) == ("杭州市", "0571")
    assert hangzhou.trust[0] == "amr_registrations"
    assert (hangzhou.scope_source, hangzhou.scope_column) == ("amr_registrations", "经营范围")


def test_another_city_file_sets_districts_prefixes_and_former_names() -> None:
    jiaxing = load_city(JIAXING)
    assert [d.name for d in jiaxing.districts][:2] == ["南湖区", "秀洲区"]
    rules = city_rules(jiaxing)
    # 秀城区 was renamed 南湖区 in 2005; old addresses still say so.
    old = parse_address("嘉兴市秀城区中山东路100号", rules.districts)
    new = parse_address("浙江省嘉兴市南湖区中山东路100号3幢501室", rules.districts)
    assert old is not None and new is not None
    assert old.district_code == new.district_code == "330402"
    assert old.key == new.key
    bracketed = normalise_name("星河智能科技（嘉兴）有限公司", rules.regions)
    prefixed = normalise_name("嘉兴星河智能科技有限公司", rules.regions)
    assert bracketed is not None and prefixed is not None
    assert bracketed.core == prefixed.core == "星河智能科技"
    # Under Hangzhou's file, 嘉兴 is no region word: the two names stay apart.
    hangzhou = city_rules(load_city(DEFAULT_CITY_FILE))
    assert normalise_name("嘉兴星河智能科技有限公司", hangzhou.regions).core != "星河智能科技"  # type: ignore[union-attr]


def test_a_city_file_with_mistakes_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("city: 嘉兴市\ndistricts: []\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"broken\.yaml"):
        load_city(broken)


def test_hangzhous_facts_name_the_column_of_each_e_station_fact_and_what_dates_it() -> None:
    columns = {(c.fact, c.source): c for c in load_city(DEFAULT_CITY_FILE).facts.columns}
    assert columns["headcount", "hrss_insured"].as_of == "统计月份"
    assert columns["revenue_10k", "stats_above_scale"].column == "营业收入(万元)"
    assert columns["high_tech", "most_hightech"].valid_until == "有效期至"
    assert {fact for fact, _ in columns} == set(city_module.FACT_KEYS.values())
    # Of a fact's columns, the first listed counts first: social insurance, then statistics.
    order = [c.source for c in load_city(DEFAULT_CITY_FILE).facts.columns if c.fact == "headcount"]
    assert order == ["hrss_insured", "stats_above_scale"]


def test_a_city_without_e_station_columns_has_none_and_a_misspelt_entry_is_refused(
    tmp_path: Path,
) -> None:
    assert load_city(JIAXING).facts.columns == ()
    data = yaml.safe_load(JIAXING.read_text(encoding="utf-8"))
    data["facts"] = {"high_tech": {"source": "jx_hightech", "column": "发证日期", "valid": "x"}}
    misspelt = tmp_path / "misspelt.yaml"
    misspelt.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"misspelt\.yaml.*high_tech.*valid"):
        load_city(misspelt)
    data["facts"] = {"tax_credit_grade": {"source": "jx_tax", "column": "等级", "as_of": "年'度"}}
    misspelt.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="quotes"):
        load_city(misspelt)


def test_the_generator_needs_a_synthetic_part() -> None:
    from scenehub.demo.config import load_city as load_synthetic_city

    with pytest.raises(ConfigurationError, match="nothing to generate"):
        load_synthetic_city(JIAXING)


@pytest.fixture
def jiaxing_shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.delenv("SCENEHUB_DATABASE_URL", raising=False)
    monkeypatch.delenv("SCENEHUB_WAREHOUSE", raising=False)
    for key, value in {
        "SCENEHUB_SECRET_KEY": TEST_SECRET,
        "SCENEHUB_DATA_DIR": str(tmp_path / "data"),
        "SCENEHUB_DEFAULT_LOCALE": "en",
        "SCENEHUB_CITY_FILE": str(JIAXING),
    }.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
    get_engine.cache_clear()


FIRMS = [  # (trade name, district, road and number)
    ("星河智能", "南湖区", "中山东路100号"),
    ("禾川视觉", "秀洲区", "洪兴西路88号"),
    ("乌镇数联", "桐乡市", "庆丰路9号"),
    ("海昌机器人", "海宁市", "海昌南路21号"),
    ("当湖芯片", "平湖市", "新华路5号"),
    ("罗星算力", "嘉善县", "罗星路66号"),
]


def _department_files(folder: Path) -> list[Path]:
    """The registry (every firm, with codes) and the tax bureau (half without a code, names
    written the other way round, addresses without the city or under the district's old
    name), each with its spec."""
    folder.mkdir(parents=True)
    codes = [make_uscc("330402", f"MA2JX{i:03d}") for i in range(len(FIRMS))]
    amr = ["记录编号,统一社会信用代码,企业名称,住所,经营范围"]
    tax = ["登记序号,纳税人识别号,纳税人名称,生产经营地址"]
    for i, ((trade, district, place), code) in enumerate(zip(FIRMS, codes, strict=True)):
        amr.append(
            f"A{i},{code},嘉兴{trade}科技有限公司,浙江省嘉兴市{district}{place},人工智能软件开发"
        )
        district_written = "秀城区" if district == "南湖区" else district
        name = f"{trade}科技（嘉兴）有限公司" if i % 2 else f"嘉兴{trade}科技有限责任公司"
        tax.append(f"T{i},{code if i < 3 else ''},{name},{district_written}{place}")
    (folder / "amr.csv").write_text("\n".join(amr) + "\n", encoding="utf-8")
    (folder / "tax.csv").write_bytes(("\n".join(tax) + "\n").encode("gbk"))  # as tax files come
    specs = []
    for source, department, file, record_id, fields, extra in (
        ("jx_registrations", "嘉兴市市场监督管理局", "amr.csv", "记录编号",
         {"uscc": "统一社会信用代码", "name": "企业名称", "address": "住所"}, ["经营范围"]),
        ("jx_taxpayers", "国家税务总局嘉兴市税务局", "tax.csv", "登记序号",
         {"uscc": "纳税人识别号", "name": "纳税人名称", "address": "生产经营地址"}, []),
    ):  # fmt: skip
        spec = {
            "name": source, "department": department, "path": file, "format": "csv",
            "encoding": "auto", "grade": "important", "personal": [], "record_id": record_id,
            "fields": fields, "extra": extra,
        }  # fmt: skip
        path = folder / f"{source}.yaml"
        path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
        specs.append(path)
    return specs


@pytest.mark.slow
def test_ingest_resolve_and_map_run_on_another_city(
    jiaxing_shell: CliRunner, tmp_path: Path
) -> None:
    assert city_module.load_city().city == "嘉兴市"  # SCENEHUB_CITY_FILE is the city
    specs = _department_files(tmp_path / "files")
    ingested = jiaxing_shell.invoke(app, ["ingest", *map(str, specs)])
    assert ingested.exit_code == 0, ingested.output
    resolved = jiaxing_shell.invoke(app, ["resolve"])
    assert resolved.exit_code == 0, resolved.output
    warehouse = duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True)
    firms = warehouse.execute(
        "SELECT firm_id, district_code, records FROM golden_firms ORDER BY firm_id"
    ).fetchall()
    sources = dict(
        warehouse.execute(
            "SELECT field, list(DISTINCT source) FROM golden_provenance "
            "WHERE field IN ('name', 'address') GROUP BY field"
        ).fetchall()
    )
    warehouse.close()
    # Every tax record, coded or not, joined its registered firm: six firms of two records.
    assert len(firms) == len(FIRMS)
    assert {records for _, _, records in firms} == {2}
    assert {district for _, district, _ in firms} == {
        "330402", "330411", "330421", "330481", "330482", "330483",
    }  # fmt: skip
    # The general order for the name, the address's own order for the address.
    assert sources == {"name": ["jx_registrations"], "address": ["jx_taxpayers"]}
    synced = jiaxing_shell.invoke(app, ["firms", "sync"])
    assert synced.exit_code == 0, synced.output
    mapped = jiaxing_shell.invoke(app, ["map"])
    assert mapped.exit_code == 0, mapped.output
    warehouse = duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True)
    tables = {row[0] for row in warehouse.execute("SHOW TABLES").fetchall()}
    districts = {
        row[0]
        for row in warehouse.execute("SELECT DISTINCT district_code FROM firm_facts").fetchall()
    }
    warehouse.close()
    assert {"firm_facts", "firm_segments"} <= tables
    assert districts <= {d.code for d in load_city(JIAXING).districts}
