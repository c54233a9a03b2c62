"""Standardisers for the canonical fields (pure: text in, values out).

They never guess a correction: a USCC that fails its check is flagged, not "fixed"; a name
keeps its branch part (a branch is its own entity); an address gives a district code only
when the city's own names say so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from scenehub.integration.uscc import is_valid

_SPACES = re.compile(r"[\s\u3000]+")
_OLD_TAX_ID = re.compile(r"^\d{6}[0-9A-Z]{9}$")
# Legal forms, longest first, with the canonical form each maps to.
LEGAL_FORMS = (
    ("股份有限公司", "股份有限公司"),
    ("有限责任公司", "有限公司"),
    ("有限公司", "有限公司"),
    ("合伙企业（有限合伙）", "合伙企业"),
    ("合伙企业", "合伙企业"),
    ("集团公司", "集团公司"),
    ("公司", "公司"),
)
_BRANCH = re.compile(
    r"^(?P<base>.+?(?:有限责任公司|股份有限公司|有限公司|公司))(?P<branch>.+分公司)$"
)


@dataclass(frozen=True)
class Uscc:
    value: str | None  # the normalised text (None when empty)
    kind: str  # uscc, old_tax_id, invalid, missing
    valid: bool  # an 18-character code whose check character is right


def normalise_uscc(text: str | None) -> Uscc:
    """NFKC, upper case, separators removed; checked, never corrected."""
    if text is None or not text.strip():
        return Uscc(None, "missing", False)
    value = unicodedata.normalize("NFKC", text).upper().strip()
    value = value.replace("-", "").replace(" ", "")
    if len(value) == 18 and is_valid(value):
        return Uscc(value, "uscc", True)
    if _OLD_TAX_ID.match(value):
        return Uscc(value, "old_tax_id", False)
    return Uscc(value, "invalid", False)


def old_tax_id_of(uscc: str) -> str:
    """The 15-character tax id a USCC replaced (division code + organisation code)."""
    return uscc[2:17]


@dataclass(frozen=True)
class FirmName:
    normalised: str  # brackets, spaces and width unified; the legal form canonical
    core: str  # without region, legal form and branch: what tells firms apart
    region: str
    legal_form: str
    branch: str  # "滨江分公司" for a branch, "" otherwise


DEFAULT_REGIONS = ("浙江省", "杭州市", "浙江", "杭州")


def normalise_name(text: str | None, regions: Iterable[str] = DEFAULT_REGIONS) -> FirmName | None:
    """Split a Chinese company name into region, core, legal form and branch part."""
    if text is None or not text.strip():
        return None
    name = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    name = name.replace("(", "（").replace(")", "）")
    branch = ""
    if (match := _BRANCH.match(name)) is not None:
        name, branch = match.group("base"), match.group("branch")
    region, name = _take_region(name, tuple(regions))
    legal_form = ""
    for written, canonical in LEGAL_FORMS:
        if name.endswith(written):
            name, legal_form = name.removesuffix(written), canonical
            break
    if not region:
        region, name = _take_bracketed_region(name, tuple(regions))
    core = name.strip("（）")
    normalised = f"{region}{core}{legal_form}{branch}"
    return FirmName(
        normalised, core, region.removesuffix("省").removesuffix("市"), legal_form, branch
    )


def _take_region(name: str, regions: tuple[str, ...]) -> tuple[str, str]:
    for region in regions:
        if name.startswith(region) and len(name) > len(region) + 2:
            return region, name[len(region) :]
    return "", name


def _take_bracketed_region(name: str, regions: tuple[str, ...]) -> tuple[str, str]:
    for region in regions:
        bracketed = f"（{region}）"
        if bracketed in name:
            return region, name.replace(bracketed, "")
    return "", name


_DISTRICT_SUFFIXES = ("区", "县", "市")


@dataclass(frozen=True)
class DistrictIndex:
    """District codes by name, short name and street, from the city's own file.

    (Address parsers such as cpca ship national tables from before 2021 that lack 临平区 and
    钱塘区; the city file is current and names streets too.)
    """

    names: tuple[tuple[str, str], ...]  # (full name, code)
    short_names: tuple[tuple[str, str], ...]  # (西湖, 330106): trusted only near the start
    streets: tuple[tuple[str, str], ...]


def district_index(districts: Iterable[tuple[str, str, Iterable[str]]]) -> DistrictIndex:
    """Build an index from ``(code, name, streets)`` triples."""
    names: list[tuple[str, str]] = []
    shorts: list[tuple[str, str]] = []
    streets: list[tuple[str, str]] = []
    for code, name, district_streets in districts:
        names.append((name, code))
        if name.endswith(_DISTRICT_SUFFIXES) and len(name) > 2:
            shorts.append((name[:-1], code))
        streets.extend((street, code) for street in district_streets)

    def longest_first(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])))

    return DistrictIndex(longest_first(names), longest_first(shorts), longest_first(streets))


def district_of(address: str | None, index: DistrictIndex) -> str | None:
    """The district code an address names (full name, short name, else one of its streets)."""
    if not address:
        return None
    text = unicodedata.normalize("NFKC", address)
    for name, code in (*index.names, *index.streets):
        if name in text:
            return code
    # "杭州滨江江南大道…": a short name right after the province/city prefix.
    head = (
        text.removeprefix("浙江省").removeprefix("浙江").removeprefix("杭州市").removeprefix("杭州")
    )
    for short, code in index.short_names:
        if head.startswith(short):
            return code
    return None


def normalise_address(address: str | None) -> str | None:
    """Width, spaces and floor words unified, so the same place compares equal."""
    if not address or not address.strip():
        return None
    text = _SPACES.sub("", unicodedata.normalize("NFKC", address))
    return text.replace("层", "楼")


_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})"),
    re.compile(r"^(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
)
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str | None) -> date | None:
    """ISO, 2023/1/5, 2023.01.05, 2023年1月5日, 20230105, or an Excel serial number."""
    if not text or not text.strip():
        return None
    value = unicodedata.normalize("NFKC", text).strip()
    for pattern in _DATE_PATTERNS:
        if (match := pattern.match(value)) is not None:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    if value.isdigit() and 20_000 < int(value) < 80_000:  # Excel days since 1899-12-30
        return _EXCEL_EPOCH + timedelta(days=int(value))
    return None


def normalise_phone(text: str | None, area_code: str = "0571") -> str | None:
    """Mobile numbers as 11 digits; landlines as AREA-LOCAL; None when not a phone number."""
    if not text:
        return None
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", text))
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        return digits
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        area = digits[:4] if digits[:4] == area_code or digits[1] not in "12" else digits[:3]
        return f"{area}-{digits[len(area) :]}"
    if len(digits) in (7, 8):
        return f"{area_code}-{digits}"
    return None


def normalise_capital(text: str | None) -> float | None:
    """Registered capital in 万元 from '500', '500.00', '500万元', '5,000,000元'."""
    if not text:
        return None
    value = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    in_yuan = value.endswith("元") and not value.endswith("万元")
    number = re.match(r"^-?\d+(\.\d+)?", value)
    if number is None:
        return None
    amount = float(number.group(0))
    return round(amount / 10_000, 4) if in_yuan else amount
