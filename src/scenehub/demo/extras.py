"""Values of the columns departments add beyond the canonical fields (pure)."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from scenehub.demo.config import CityConfig, Dataset
from scenehub.demo.model import TODAY, Firm
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.standardise import parse_date

_CHINESE_DIGITS = "〇一二三四五六七八九"
# A high-tech enterprise certificate (高新技术企业证书) is valid for three years from its
# issue; most certified firms renew it, some let it lapse.
CERTIFICATE_YEARS = 3
LAPSED_SHARE = 0.15
_TAX_GRADES = ("A", "A", "B", "B", "B", "M", "C", "D")


def format_date(day: date, style: str) -> str | date:
    """A date as a department writes it; ``excel`` stays a date (an Excel date cell)."""
    if style == "iso":
        return day.isoformat()
    if style == "compact":
        return day.strftime("%Y%m%d")
    if style == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if style == "dotted":
        return day.strftime("%Y.%m.%d")
    if style == "chinese":
        return f"{day.year}年{day.month}月{day.day}日"
    if style == "excel":
        return day
    raise ValueError(f"unknown date style {style!r}")


def _event_date(firm: Firm, rng: random.Random, ds: Dataset) -> Any:
    start = max(firm.established, date(2016, 1, 1))
    span = max((TODAY - start).days, 1)
    return format_date(start + timedelta(days=rng.randrange(span)), ds.date_style)


def _expiry(firm: Firm, rng: random.Random, ds: Dataset) -> Any:
    return format_date(TODAY + timedelta(days=rng.randint(30, 1500)), ds.date_style)


def _stat_month(firm: Firm, rng: random.Random, ds: Dataset, nth: int) -> Any:
    """The month of a reading: one row per month counts back from the latest. In a
    spreadsheet, a clerk now and then types the month as text instead of a date cell."""
    month = TODAY.month - 1 - nth if ds.per_firm[1] > 1 else rng.randint(1, 10)
    year = TODAY.year
    if month < 1:
        month, year = month + 12, year - 1
    if ds.date_style != "excel":
        return f"{year}{month:02d}"
    typed = _aside(ds.source, firm.uscc, nth, "month")  # apart from the record's stream
    if typed < 0.2:
        return f"{year}-{month:02d}"
    return f"{year}年{month}月" if typed < 0.3 else date(year, month, 1)


def _aside(*key: object) -> float:
    """A draw of its own for ``key``: a column added to a file leaves the random stream of
    the firm's other records (and so every record generated before) as it was."""
    return random.Random(":".join(map(str, key))).random()


def certificate_lapsed(uscc: str) -> bool:
    """Whether the high-tech firm of ``uscc`` let its certificate lapse (did not renew it)."""
    return _aside("hightech-lapsed", uscc) < LAPSED_SHARE


def _certificate_issued(firm: Firm, rng: random.Random, ds: Dataset, nth: int) -> Any:
    """The issue date of a firm's ``nth`` latest high-tech certificate: each three years
    before the next, the current one within the last three years unless the firm let it
    lapse; never within a year of the firm's founding (recognition needs a year's record)."""
    start = max(firm.established, date(2016, 1, 1))
    span = max((TODAY - start).days, 1)
    share = rng.randrange(span) / span  # the draw _event_date makes, so the stream stays
    cycle = nth + certificate_lapsed(firm.uscc)
    # The current certificate: issued under three years ago; each earlier one (and a lapsed
    # firm's latest) over three years before the next, so it has expired by today.
    days = int(365 * CERTIFICATE_YEARS * share) + cycle * 366 * CERTIFICATE_YEARS
    issued = TODAY - timedelta(days=days)
    earliest = min(firm.established + timedelta(days=365), TODAY)
    return format_date(max(issued, earliest), ds.date_style)


def _certificate_expiry(row: Mapping[str, Any], ds: Dataset) -> Any:
    """A certificate's 有效期至 as the bureau's clerks fill it in: three years less a day
    after its issue (the row's ``certificate_issued`` column), blank on a quarter of the
    rows, typed as text in another style on a fifth."""
    issued = next((row.get(c) for c, g in ds.extra.items() if g == "certificate_issued"), None)
    day = issued if isinstance(issued, date) else parse_date(issued)
    if day is None:
        return None
    expiry = years_after(day, CERTIFICATE_YEARS) - timedelta(days=1)
    pick = _aside(ds.source, row.get(ds.record_id), "expiry")
    if pick < 0.25:
        return None
    if pick < 0.45:
        return format_date(expiry, ("dotted", "chinese", "slash")[int(pick * 100) % 3])
    return format_date(expiry, ds.date_style)


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for a 29th that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _taxpayer_credit_grade(firm: Firm, rng: random.Random, ds: Dataset) -> str | None:
    """纳税信用等级 as the tax register files it: none yet (blank or 未评价) for a taxpayer
    registered less than a year ago, blank now and then, sometimes written "B级"."""
    grade = rng.choice(_TAX_GRADES)  # the draw tax_credit_grade makes, so the stream stays
    pick = _aside(ds.source, firm.uscc, grade, "grade")
    if (TODAY - firm.established).days < 365:
        return "未评价" if pick < 0.5 else None
    if pick < 0.04:
        return None
    return f"{grade}级" if pick < 0.14 else grade


def _report_year(nth: int) -> str:
    """The year a row reports on: one row per year counts back from last year."""
    return str(TODAY.year - 1 - nth)


def _segment_label(firm: Firm, rng: random.Random, ds: Dataset) -> str:
    return load_chain().segment(firm.segments[0]).zh if firm.is_ai else "其他"


def _tech_field(firm: Firm, rng: random.Random, ds: Dataset) -> str:
    if firm.is_ai:
        return rng.choice(load_chain().segment(rng.choice(firm.segments)).keywords)
    return "电子信息" if firm.sector == "software" else "先进制造与自动化"


def _patent_title(firm: Firm, rng: random.Random, ds: Dataset) -> str:
    keyword = (
        rng.choice(load_chain().segment(rng.choice(firm.segments)).keywords)
        if firm.is_ai
        else "数据处理"
    )
    return rng.choice(
        (
            "一种基于{k}的{t}方法",
            "{k}装置及其{t}系统",
            "面向{k}的{t}方法、设备及存储介质",
            "一种{k}{t}模型的训练方法",
        )
    ).format(k=keyword, t=rng.choice(("识别", "检测", "调度", "控制", "优化", "评估")))


def _district_name(firm: Firm, rng: random.Random, ds: Dataset, city: CityConfig) -> str:
    return city.district(firm.district_code).name


def _choice(*options: str) -> Callable[[Firm, random.Random, Dataset], str]:
    return lambda firm, rng, ds: rng.choice(options)


def _amount(low: float, high: float) -> Callable[[Firm, random.Random, Dataset], float]:
    return lambda firm, rng, ds: round(10 ** rng.uniform(low, high), 2)


def _integer(low: int, high: int) -> Callable[[Firm, random.Random, Dataset], int]:
    return lambda firm, rng, ds: rng.randint(low, high)


def _headcount_like(scale: float) -> Callable[[Firm, random.Random, Dataset], int]:
    return lambda firm, rng, ds: max(1, int(firm.headcount * scale * rng.uniform(0.8, 1.05)))


_GENERATORS: dict[str, Callable[[Firm, random.Random, Dataset], Any]] = {
    "legal_form_type": _choice(
        "有限责任公司（自然人投资或控股）",
        "有限责任公司（非自然人投资或控股的法人独资）",
        "股份有限公司（非上市、自然人投资或控股）",
        "其他有限责任公司",
    ),
    "registration_status": lambda f, r, d: (
        "注销" if f.deregistered else "存续（在营、开业、在册）" if r.random() < 0.95 else "迁出"
    ),
    "business_scope": lambda f, r, d: f.business_scope,
    "registration_authority": lambda f, r, d: (
        "杭州市市场监督管理局" if r.random() < 0.3 else "区市场监督管理局"
    ),
    "penalty_reason": _choice(
        "未按规定公示年度报告", "虚假宣传", "未按规定办理变更登记", "产品质量不合格"
    ),
    "event_date": _event_date,
    "expiry_date": _expiry,
    "fine_amount": _integer(1000, 500_000),
    "tax_credit_grade": _choice(*_TAX_GRADES),
    "taxpayer_credit_grade": _taxpayer_credit_grade,
    "taxpayer_status": lambda f, r, d: (
        "注销" if f.deregistered else "正常" if r.random() < 0.96 else "非正常"
    ),
    "tax_office": _choice("第一税务所", "第二税务所", "第三税务所", "第四税务所"),
    "insured_count": _headcount_like(0.85),
    "headcount": _headcount_like(1.0),
    "rd_staff": _headcount_like(0.35),
    "rd_spend": _amount(1.0, 3.5),
    "patent_title": _patent_title,
    "patent_ipc": _choice(
        "G06N 3/08",
        "G06V 10/82",
        "G06F 16/36",
        "G10L 15/16",
        "B25J 9/16",
        "H01L 21/02",
        "B64C 39/02",
        "G08G 1/01",
        "G06Q 50/26",
    ),
    "patent_type": _choice("发明专利", "发明专利", "实用新型", "外观设计"),
    "tech_field": _tech_field,
    "chain_segment_label": _segment_label,
    "capability": lambda f, r, d: f.capability,
    "batch_label": _choice(
        "2024年第一批", "2024年第二批", "2025年第一批", "2025年第二批", "2026年第一批"
    ),
    "trade_amount": _amount(1.0, 4.0),
    "project_name": _choice(
        "智慧社区改造项目",
        "数字政府平台运维项目",
        "城市道路综合整治工程",
        "厂房新建工程",
        "视频监控联网建设项目",
        "政务云扩容项目",
        "养老服务设施提升项目",
        "交通信号优化项目",
    ),
    "site_address": lambda f, r, d: f.address,
    "dataset_name": _choice(
        "城市部件数据", "交通流量数据", "企业登记数据", "气象数据", "公交到站数据", "视频点位目录"
    ),
    "data_purpose": _choice("模型训练", "产品研发", "科学研究", "场景试点"),
    "buyer": _choice(
        "杭州市公安局",
        "杭州市城市管理局",
        "杭州市教育局",
        "杭州市卫生健康委员会",
        "杭州市交通运输局",
        "杭州市数据资源管理局",
        "区人民政府",
    ),
    "award_amount": _amount(0.5, 3.7),
    "vetting_level": _choice("安防工程企业一级", "安防工程企业二级", "涉密信息系统集成乙级"),
    "qualification_grade": _choice("甲级", "乙级", "丙级"),
    "culture_category": _choice("数字文化", "文化旅游", "创意设计", "演艺科技"),
    "licence_type": _choice(
        "智能网联汽车道路测试", "道路货物运输", "网络预约出租汽车经营", "无人机航空作业"
    ),
    "service_type": _choice("居家养老服务", "智慧养老设备", "机构养老运营", "助餐服务"),
    "sector_label": _choice("电子器件制造", "环境监测", "通用设备制造", "污水处理"),
    "subsidy_name": _choice(
        "人工智能产业发展专项", "首台套奖励", "算力券补助", "研发费用补助", "场景应用示范奖励"
    ),
    "revenue": _amount(3.3, 5.5),
    "industry_code": _choice("6513", "6531", "6520", "3489", "5191", "7299"),
    "financing_round": _choice("天使轮", "Pre-A轮", "A轮", "B轮", "C轮", "Pre-IPO"),
    "customs_credit": _choice("高级认证企业", "一般信用企业", "一般信用企业"),
    "soe_level": _choice("一级", "二级", "三级"),
    "power_kwh": _integer(800, 900_000),
    "water_tons": _integer(20, 60_000),
}


def value(
    generator: str,
    firm: Firm,
    rng: random.Random,
    city: CityConfig,
    ds: Dataset,
    nth: int = 0,
    row: Mapping[str, Any] | None = None,
) -> Any:
    """The value of an extra column in the firm's ``nth`` row of the dataset (``row``: the
    row's columns so far, which a column derived from another reads)."""
    if generator == "district_name":
        return _district_name(firm, rng, ds, city)
    if generator == "stat_month":
        return _stat_month(firm, rng, ds, nth)
    if generator == "report_year":
        return _report_year(nth)
    if generator == "certificate_issued":
        return _certificate_issued(firm, rng, ds, nth)
    if generator == "certificate_expiry":
        return _certificate_expiry(row or {}, ds)
    make = _GENERATORS.get(generator)
    if make is None:
        raise ValueError(f"{ds.source}: unknown extra column generator {generator!r}")
    return make(firm, rng, ds)


def known_generators() -> set[str]:
    special = ("district_name", "stat_month", "report_year")
    return {*_GENERATORS, *special, "certificate_issued", "certificate_expiry"}
