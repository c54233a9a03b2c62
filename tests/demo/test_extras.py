"""The columns departments add beyond the canonical fields, as messy as real files: high-tech
certificates renewed every three years (or lapsed) with an expiry clerks sometimes leave blank,
tax credit grades not yet given or written "B级", months typed as text in a spreadsheet —
and a column added to a file leaves every other record of the city as it was."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from scenehub.demo import extras
from scenehub.demo.config import load_city
from scenehub.demo.firms import FirmGenerator
from scenehub.demo.model import TODAY, Firm
from scenehub.demo.rates import Noise
from scenehub.demo.records import RecordMaker, SourceRecord
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.standardise import parse_date

CITY = load_city()
DATASETS = {ds.source: (dep, ds) for dep, ds in CITY.datasets()}
CERTIFICATE = 365 * extras.CERTIFICATE_YEARS


@pytest.fixture(scope="module")
def firms() -> list[Firm]:
    return list(FirmGenerator(CITY, load_chain(), seed=21).generate(3_000))


def rows_of(firms: list[Firm], source: str) -> list[tuple[Firm, SourceRecord]]:
    department, dataset = DATASETS[source]
    maker = RecordMaker(CITY, Noise())
    return [
        (firm, record)
        for firm in firms
        for record in maker.records(firm, department, dataset, random.Random(firm.index), True)
    ]


def day(value: object) -> date | None:
    return value if isinstance(value, date) else parse_date(str(value) if value else None)


def test_a_high_tech_firms_latest_certificate_is_current_unless_it_let_it_lapse(
    firms: list[Firm],
) -> None:
    latest: dict[str, date] = {}
    for firm, record in rows_of(firms, "most_hightech"):
        issued = day(record.values["发证日期"])
        assert issued is not None and issued <= TODAY
        assert issued >= min(firm.established + timedelta(days=365), TODAY)
        latest[firm.firm_id] = max(issued, latest.get(firm.firm_id, issued))
    by_id = {f.firm_id: f for f in firms}
    current = {i: (TODAY - d).days < CERTIFICATE for i, d in latest.items()}
    lapsed = {i: extras.certificate_lapsed(by_id[i].uscc) for i in latest}
    assert all(current[i] for i in latest if not lapsed[i])
    old_enough = [i for i in latest if lapsed[i] and by_id[i].established < date(2022, 10, 1)]
    assert old_enough and not any(current[i] for i in old_enough)
    assert 0.08 < sum(lapsed.values()) / len(lapsed) < 0.22


def test_a_certificate_expires_three_years_less_a_day_after_its_issue_when_the_clerk_says(
    firms: list[Firm],
) -> None:
    written = Counter[str]()
    for _, record in rows_of(firms, "most_hightech"):
        expiry = record.values["有效期至"]
        issued = day(record.values["发证日期"])
        assert issued is not None
        if expiry is None:
            written["blank"] += 1
            continue
        written["date cell" if isinstance(expiry, date) else "text"] += 1
        assert day(expiry) == extras.years_after(issued, 3) - timedelta(days=1)
    total = sum(written.values())
    assert 0.18 < written["blank"] / total < 0.32
    assert 0.13 < written["text"] / total < 0.27


def test_a_new_taxpayer_has_no_credit_grade_yet_and_clerks_write_grades_their_way(
    firms: list[Firm],
) -> None:
    young, older = Counter[str | None](), Counter[str | None]()
    for firm, record in rows_of(firms, "tax_taxpayers"):
        grade = record.values["纳税信用等级"]
        (young if (TODAY - firm.established).days < 365 else older)[grade] += 1
    assert young and set(young) <= {None, "未评价"}
    assert set(older) <= {None, *(g + suffix for g in "ABMCD" for suffix in ("", "级"))}
    total = sum(older.values())
    assert 0.02 < older[None] / total < 0.07
    assert 0.06 < sum(n for g, n in older.items() if g and g.endswith("级")) / total < 0.15


def test_a_spreadsheets_month_is_a_date_cell_or_typed_as_text(firms: list[Firm]) -> None:
    months = [record.values["统计月份"] for _, record in rows_of(firms[:600], "hrss_insured")]
    cells = [m for m in months if isinstance(m, date)]
    texts = [str(m) for m in months if not isinstance(m, date)]
    assert all(c.day == 1 and c <= TODAY for c in cells)
    assert texts and all(t[:4] == str(TODAY.year) and ("-" in t or "月" in t) for t in texts)
    assert 0.2 < len(texts) / len(months) < 0.4


@pytest.mark.parametrize(
    ("source", "old", "new", "column"),
    [
        ("most_hightech", "event_date", "certificate_issued", "发证日期"),
        ("tax_taxpayers", "tax_credit_grade", "taxpayer_credit_grade", "纳税信用等级"),
    ],
)
def test_the_new_generators_draw_as_the_old_ones_so_other_records_stay_as_they_were(
    firms: list[Firm], source: str, old: str, new: str, column: str
) -> None:
    _, dataset = DATASETS[source]
    assert dataset.extra[column] == new
    for firm in firms[:300]:
        before, after = random.Random(firm.index), random.Random(firm.index)
        for generator, rng in ((old, before), (new, after)):
            extras.value(generator, firm, rng, CITY, dataset)
        assert before.random() == after.random()


def test_an_expiry_without_an_issue_date_is_left_blank() -> None:
    _, dataset = DATASETS["most_hightech"]
    firm = next(iter(FirmGenerator(CITY, load_chain(), seed=3).generate(1)))
    row = {dataset.record_id: "MH1", "发证日期": None}
    assert extras.value("certificate_expiry", firm, random.Random(0), CITY, dataset, 0, row) is None
