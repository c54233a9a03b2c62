"""Standardisers for the canonical fields (pure: text in, values out).

They never guess a correction: a USCC that fails its check is flagged, not "fixed"; a name
keeps its branch part (a branch is its own entity); an address gives a district code only
when the city's own names say so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Protocol

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
# What follows the legal form is a branch or an office of the firm (…滨江分公司, …第二分公司,
# …杭州办事处), also when a 20-character field cut it short (…西湖分公).
_BRANCH = re.compile(
    r"^(?P<base>.+?(?:有限责任公司|股份有限公司|有限公司|公司))"
    r"(?P<branch>.+?(?:分公司|分公|办事处|营业部|分店|经营部))$"
)


@dataclass(frozen=True)
class Uscc:
    value: str | None  # the normalised text (None when empty)
    kind: str  # uscc, old_tax_id, invalid, missing
    valid: bool  # an 18-character code whose check character is right


# What clerks write in an empty code cell.
_BLANKS = frozenset(
    ("/", "\\", "-", "--", "—", "无", "暂无", "空", "NULL", "NONE", "N/A", "NA", "0")
)


def normalise_uscc(text: str | None) -> Uscc:
    """NFKC, upper case, separators removed; checked, never corrected."""
    if text is None or not text.strip():
        return Uscc(None, "missing", False)
    value = unicodedata.normalize("NFKC", text).upper().strip()
    if value in _BLANKS:
        return Uscc(None, "missing", False)
    value = _SPACES.sub("", value).replace("-", "")
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
    sound: str = ""  # the core in toneless pinyin (星河智能 → xinghezhineng), also for a Latin name
    trade: str = ""  # the trade name's sound (星河 → xinghe; Xinghe Intelligent … → xinghe)


# A legal form cut off by a 20-character field (…科技有限公, …股份有): the parts left.
_CUT_FORMS = tuple(
    sorted(
        {form[:i] for form, _ in LEGAL_FORMS if len(form) > 3 for i in range(2, len(form))},
        key=len,
        reverse=True,
    )
)
_LATIN = re.compile(r"[A-Za-z]")
_LATIN_WORDS = re.compile(r"[a-z0-9]+")
# Words of a Latin-script name that are legal form, not name (pinyin renderings included).
_LATIN_FORMS = frozenset(
    {"co", "ltd", "limited", "company", "corp", "corporation", "inc", "llc", "plc", "group"}
    | {"branch", "youxian", "gongsi", "zeren", "gufen", "jituan", "fengongsi"}
)
_TRADE_CHARACTERS = 2  # most trade names (字号) are two characters: 星河, 云图


def normalise_name(text: str | None, regions: Iterable[str] = ()) -> FirmName | None:
    """Split a company name into region, core, legal form and branch part.

    A Latin-script name (an English or pinyin rendering) keeps its words as the core, and its
    sound is compared with the sound of Chinese names: ``Xinghe Zhineng Keji`` sounds like
    星河智能科技, and ``Xinghe Intelligent Technology`` shares its trade name.
    """
    if text is None or not text.strip():
        return None
    written = unicodedata.normalize("NFKC", text)
    if _LATIN.search(written) and not _HAN.search(written):
        return _latin_name(written, tuple(regions))
    name = _SPACES.sub("", written).replace("(", "（").replace(")", "）")
    branch = ""
    if (match := _BRANCH.match(name)) is not None:
        name, branch = match.group("base"), match.group("branch")
        branch = branch + "司" if branch.endswith("分公") else branch
    region, name = _take_region(name, tuple(regions))
    legal_form = ""
    for form, canonical in LEGAL_FORMS:
        if name.endswith(form):
            name, legal_form = name.removesuffix(form), canonical
            break
    else:
        for cut in _CUT_FORMS:
            if name.endswith(cut) and len(name) > len(cut) + 2:
                name = name.removesuffix(cut)
                break
    if not region:
        region, name = _take_bracketed_region(name, tuple(regions))
    core = name.strip("（）")
    region = region.removesuffix("省").removesuffix("市")
    return FirmName(
        f"{region}{core}{legal_form}{branch}",
        core,
        region,
        legal_form,
        branch,
        sound_of(core),
        sound_of(core[:_TRADE_CHARACTERS]),
    )


_HAN = re.compile(r"[\u4e00-\u9fff]")


def sound_of(text: str) -> str:
    """Toneless pinyin without spaces (科技 → keji); Latin letters are kept, lower case.

    Each character by its first reading in pypinyin's table, not by pypinyin's phrase
    segmentation: a hundred times faster, and two writings of a name are read alike.
    """
    return text.translate(_sounds()).lower()


@lru_cache(maxsize=1)
def _sounds() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    def toneless(reading: str) -> str:
        first = reading.split(",")[0]
        return "".join(c for c in unicodedata.normalize("NFKD", first) if c.isascii())

    return {code: toneless(reading) for code, reading in pinyin_dict.items()}


def _latin_name(written: str, regions: tuple[str, ...]) -> FirmName:
    region_sounds = {sound_of(r.removesuffix("省").removesuffix("市")) for r in regions}
    words = _LATIN_WORDS.findall(written.lower())
    region = next((w for w in words if w in region_sounds), "")
    kept = [w for w in words if w not in _LATIN_FORMS and w not in region_sounds]
    core = " ".join(kept)
    return FirmName(core, core, region, "", "", "".join(kept), kept[0] if kept else "")


def _take_region(name: str, regions: tuple[str, ...]) -> tuple[str, str]:
    """Every region word off the front (浙江省杭州市…); the last one is the region."""
    region = ""
    taken = True
    while taken:
        taken = False
        for word in regions:
            if name.startswith(word) and len(name) > len(word) + 2:
                region, name, taken = word, name[len(word) :], True
                break
    return region, name


def _take_bracketed_region(name: str, regions: tuple[str, ...]) -> tuple[str, str]:
    for region in regions:
        bracketed = f"（{region}）"
        if bracketed in name:
            return region, name.replace(bracketed, "")
    return "", name


_DISTRICT_SUFFIXES = ("区", "县", "市")


@dataclass(frozen=True)
class DistrictIndex:
    """District codes by name, former name, short name and street, from the city's file.

    (Address parsers such as cpca ship national tables from before 2021 that lack 临平区 and
    钱塘区; the city file is current, names streets, and says which names were retired.)
    """

    names: tuple[tuple[str, str], ...]  # (full or former name, code)
    short_names: tuple[tuple[str, str], ...]  # (西湖, 330106): trusted only near the start
    streets: tuple[tuple[str, str], ...]
    prefixes: tuple[str, ...] = ()  # what addresses start with (浙江省, 杭州市, 浙江, 杭州)
    retired: frozenset[str] = frozenset()  # former names and names a district was cut from

    @cached_property
    def _name_codes(self) -> tuple[re.Pattern[str], dict[str, str]]:
        return _alternation(self.names)

    @cached_property
    def _street_codes(self) -> tuple[re.Pattern[str], dict[str, str]]:
        return _alternation(self.streets)

    def named(self, text: str) -> tuple[str, str] | None:
        """The first district name in ``text`` (the longest where two start there), and its
        code."""
        pattern, codes = self._name_codes
        found = pattern.search(text)
        return (found.group(0), codes[found.group(0)]) if found else None

    def street(self, text: str) -> str | None:
        """The code of the district whose street ``text`` names first."""
        pattern, codes = self._street_codes
        found = pattern.search(text)
        return codes[found.group(0)] if found else None


def _alternation(pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regular expression for all the names (longest first, so the longest wins)."""
    codes: dict[str, str] = {}
    for name, code in pairs:
        codes.setdefault(name, code)
    if not codes:
        return re.compile(r"(?!)"), codes
    return re.compile("|".join(re.escape(name) for name in codes)), codes


class DistrictNames(Protocol):
    """What the standardiser reads of a district in the city file."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def streets(self) -> tuple[str, ...]: ...
    @property
    def former_names(self) -> tuple[str, ...]: ...
    @property
    def split_from(self) -> str: ...


class CityNames(Protocol):
    """What the standardiser reads of the city file (``scenehub.city.City`` has it)."""

    @property
    def province(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def phone_area(self) -> str: ...
    @property
    def districts(self) -> tuple[DistrictNames, ...]: ...
    @property
    def trust(self) -> tuple[str, ...]: ...
    @property
    def field_trust(self) -> dict[str, tuple[str, ...]]: ...
    @property
    def other_cities(self) -> dict[str, str]: ...


@dataclass(frozen=True)
class CityRules:
    """The city-specific words the standardisers use: all of them come from the city file."""

    districts: DistrictIndex
    regions: tuple[str, ...]  # region words firm names start with, longest first
    area_code: str = "0571"
    trust: tuple[str, ...] = ()  # sources golden records believe first (city file: trust)
    field_trust: dict[str, tuple[str, ...]] = field(default_factory=dict)  # … for one field


def city_rules(city: CityNames) -> CityRules:
    """The rules of a city file: its prefixes, districts (with their former names), area code."""
    short_province = city.province.removesuffix("省")
    short_city = city.city.removesuffix("市")
    prefixes = tuple(
        dict.fromkeys(
            sorted((city.province, city.city, short_province, short_city), key=len, reverse=True)
        )
    )
    index = district_index(
        ((d.code, d.name, d.streets) for d in city.districts),
        former=((d.code, d.former_names) for d in city.districts),
        split=((d.code, d.split_from) for d in city.districts if d.split_from),
        prefixes=prefixes,
    )
    # Other cities' names are region words too: 上海澜明数字金融 is 澜明数字金融 of 上海 (its
    # branch here may be written without the 上海), told apart from a 杭州 namesake by region.
    regions = tuple(
        dict.fromkeys((city.province, city.city, short_province, short_city, *city.other_cities))
    )
    return CityRules(index, regions, city.phone_area, tuple(city.trust), dict(city.field_trust))


def district_index(
    districts: Iterable[tuple[str, str, Iterable[str]]],
    former: Iterable[tuple[str, Iterable[str]]] = (),
    split: Iterable[tuple[str, str]] = (),
    prefixes: tuple[str, ...] = (),
) -> DistrictIndex:
    """Build an index from ``(code, name, streets)`` triples, former names and splits."""
    names: list[tuple[str, str]] = []
    shorts: list[tuple[str, str]] = []
    streets: list[tuple[str, str]] = []
    for code, name, district_streets in districts:
        names.append((name, code))
        if name.endswith(_DISTRICT_SUFFIXES) and len(name) > 2:
            shorts.append((name[:-1], code))
        streets.extend((street, code) for street in district_streets)
    retired: set[str] = set()
    for code, former_names in former:
        for former_name in former_names:
            written = unicodedata.normalize("NFKC", former_name).replace("(", "（")
            names.append((written.replace(")", "）"), code))
            retired.add(written.replace(")", "）"))
    retired.update(old for _, old in split)

    def longest_first(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])))

    return DistrictIndex(
        longest_first(names),
        longest_first(shorts),
        longest_first(streets),
        prefixes,
        frozenset(retired),
    )


def district_of(address: str | None, index: DistrictIndex) -> str | None:
    """The district code an address names (full or former name, short name, else a street).

    A retired name (江干区) or the name of the district a new one was cut out of (余杭区 for
    临平区) yields to a street of the address: 余杭区临平街道 is 临平区.
    """
    if not address:
        return None
    text = unicodedata.normalize("NFKC", address).replace("(", "（").replace(")", "）")
    named = index.named(text)
    street = index.street(text)
    if named is not None:
        return street if street is not None and named[0] in index.retired else named[1]
    if street is not None:
        return street
    # "杭州滨江江南大道…": a short name right after the province/city prefix.
    head = _strip_prefixes(text, index.prefixes)
    for short, code in index.short_names:
        if head.startswith(short):
            return code
    return None


def _strip_prefixes(text: str, prefixes: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if text.startswith(prefix):
                text, changed = text[len(prefix) :], True
                break
    return text


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS.update({"七": 7, "八": 8, "九": 9})
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百]+(?=号楼|幢|栋|层|楼|座|单元)")
_BUILDING = re.compile(r"第?(?P<n>\d+)(?:号楼|幢|栋|#楼|#|座)")
_ROAD = re.compile(
    r"(?P<road>[\u4e00-\u9fff]{1,12}?(?:大道|大街|路|街|巷|弄))(?P<number>\d+(?:-\d+)?)号(?!楼)"
)
_ROOM = re.compile(r"(?P<room>\d{2,5})室")
_FLOOR_ROOM = re.compile(r"(?:\d+)(?:楼|层)(?P<room>\d{3,5})(?!\d)")
_ROAD_WORDS = ("大道", "大街", "路", "街", "巷", "弄")
_STREET = re.compile(r"^[\u4e00-\u9fff]{2,5}?(?:街道|镇|乡)")


@dataclass(frozen=True)
class Address:
    """An address in its parts, so that two writings of one place compare part by part."""

    text: str  # normalised: width, spaces, numerals and floor/building words unified
    district_code: str | None
    road: str | None  # 江南大道
    number: str | None  # 588
    building: str | None  # 3 (3幢, 3号楼, 三栋, 3#楼, 第3幢)
    room: str | None  # 1203 (1203室, 12楼1203室, 十二层1203室)

    @property
    def key(self) -> str | None:
        """Road and number: the place, whatever else is written (None without both)."""
        return f"{self.road}{self.number}号" if self.road and self.number else None


def _cn_number(text: str) -> str:
    """十二 → 12, 三 → 3, 一百零五 → 105 (the numerals addresses use)."""
    total, current = 0, 0
    for char in text:
        if char == "百":
            total, current = total + max(current, 1) * 100, 0
        elif char == "十":
            total, current = total + max(current, 1) * 10, 0
        else:
            current = current * 10 + _CN_DIGITS[char]
    return str(total + current)


def normalise_address(address: str | None) -> str | None:
    """Width, spaces, Chinese numerals and floor/building words unified."""
    if not address or not address.strip():
        return None
    text = _SPACES.sub("", unicodedata.normalize("NFKC", address))
    text = text.replace("(", "（").replace(")", "）")
    text = _CN_NUMBER.sub(lambda m: _cn_number(m.group(0)), text)
    text = _BUILDING.sub(lambda m: f"{m['n']}幢", text)
    return text.replace("层", "楼")


def parse_address(address: str | None, index: DistrictIndex) -> Address | None:
    """District (former names mapped), road, number, building and room of an address."""
    text = normalise_address(address)
    if text is None:
        return None
    rest = _strip_prefixes(text, index.prefixes)
    for name, _ in index.names:
        if rest.startswith(name):
            rest = rest[len(name) :]
            break
    else:  # 杭州滨江网商路…, but not 西湖大道 (a road named after the lake)
        for short, _ in index.short_names:
            if rest.startswith(short) and not rest[len(short) :].startswith(_ROAD_WORDS):
                rest = rest[len(short) :]
                break
    rest = _STREET.sub("", rest, count=1)
    road = _ROAD.search(rest)
    after = rest[road.end() :] if road else rest
    building = _BUILDING.search(after)
    room = _ROOM.search(after) or _FLOOR_ROOM.search(after)
    return Address(
        text,
        district_of(text, index),
        road["road"] if road else None,
        road["number"] if road else None,
        building["n"] if building else None,
        room["room"] if room else None,
    )


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
    if digits.startswith("86") and len(digits) >= 12:  # +86 138…, +86-571-…, 0086…
        digits = digits[2:] if digits[2] in "01" else "0" + digits[2:]
    elif digits.startswith("0086"):
        digits = digits[4:] if digits[4] in "01" else "0" + digits[4:]
    if len(digits) == 11 and digits.startswith("1"):
        return digits
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        area = digits[:4] if digits[:4] == area_code or digits[1] not in "12" else digits[:3]
        return f"{area}-{digits[len(area) :]}"
    if len(digits) in (7, 8):
        return f"{area_code}-{digits}"
    return None


_PHONE_SEPARATORS = re.compile(r"[/／;；,，、|]|(?<=\d)\s{2,}(?=[\d+(])")


def normalise_phones(text: str | None, area_code: str = "0571") -> tuple[str, ...]:
    """Every phone number of a cell (``0571-86001234/13800001234``), each normalised."""
    if not text:
        return ()
    phones = (normalise_phone(part, area_code) for part in _PHONE_SEPARATORS.split(text))
    return tuple(dict.fromkeys(p for p in phones if p))


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
