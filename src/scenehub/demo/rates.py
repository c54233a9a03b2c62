"""Every rate of the synthetic city in one place: what the firms are (``FirmMix``, per firm)
and how departments garble them (``Noise``, per record). docs/synthetic-city.md has the
table; ``tests/demo`` measures each rate.

A rate "of X" applies only where X holds (a bracket-width change needs brackets); a dataset
may override any ``Noise`` rate in the city file (``noise: {addr_district_only: 0.5}``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class FirmMix:
    """What share of the city's firms is of each kind (each firm draws once)."""

    ai: float = 0.22  # on the AI chain; the rest in ordinary sectors
    # Hard negatives: another firm that looks like an earlier one.
    branch: float = 0.03  # 分公司 of a firm in the city: its own code and entity
    ordinal_branch: float = 0.35  # of those: 第二分公司 rather than 滨江分公司
    out_of_town_branch: float = 0.01  # 分公司 of a firm registered in another city
    lookalike: float = 0.02  # unrelated, one homophone, region or industry word apart
    sibling: float = 0.03  # same owner: trade name, legal rep, building, room and phones
    reused_name: float = 0.005  # the exact name of a deregistered firm, taken by a new one
    deregistered: float = 0.02  # 注销: gone from most departments, kept in the registry
    # Changes of a firm's own attributes over time.
    renamed: float = 0.05  # one former name (曾用名); stale departments still write it
    renamed_twice: float = 0.15  # of renamed firms: two former names
    relocated: float = 0.10  # one old address; stale departments still write it
    operating_address: float = 0.20  # operates somewhere other than its registered address
    # Shared attributes that make unrelated firms look alike.
    cluster_address: float = 0.03  # registered at a cluster-registration address …
    cluster_sites: int = 4  # … one of this many in the city (hundreds of firms each)
    agency_phone: float = 0.04  # registered with a bookkeeping agency's phone …
    agency_phone_in_cluster: float = 0.5  # … (far more often at a cluster address) …
    agency_phones: int = 5  # … one of this many agencies
    common_person_name: float = 0.06  # legal rep one of the commonest names (张伟, 王芳 …)
    # Firms' phones and names.
    second_phone: float = 0.40  # a second number (landline and mobile)
    third_phone: float = 0.10  # of those with two: a third
    long_trade_name: float = 0.15  # a trade name of three or four characters, not two
    develop_suffix: float = 0.25  # of names ending in 科技: …科技发展有限公司


@dataclass(frozen=True)
class Noise:
    """How often each kind of noise happens, per record (the defaults are the city's)."""

    # Codes.
    uscc_missing: float = 0.01  # left blank: empty, "/", "无"
    uscc_typo: float = 0.025  # one mistake (USCC_TYPOS); never passes the check
    uscc_format: float = 0.04  # lower case, inner spaces or full-width; still the code
    parent_code: float = 0.25  # of a branch's records: filed under the parent's code
    # Names (stale departments write a former name: Dataset.stale_address).
    name_english: float = 0.012  # an English rendering (Yuntu Intelligent Technology Co., Ltd.)
    name_pinyin: float = 0.008  # a pinyin rendering (Hangzhou Yuntu Zhineng Keji Youxian Gongsi)
    name_drop_region: float = 0.06  # 杭州云图… → 云图…
    name_bracket_region: float = 0.02  # 杭州云图…有限公司 → 云图…（杭州）有限公司
    name_legal_form: float = 0.04  # 有限公司 ↔ 有限责任公司
    name_omit_legal_form: float = 0.02  # 杭州云图智能科技
    name_typo: float = 0.012  # a homophone or look-alike in the trade name or industry word
    name_half_width: float = 0.5  # of names with brackets: （杭州） → (杭州)
    name_spaces: float = 0.02  # an ideographic or ASCII space inside or around the name
    name_truncate: float = 0.3  # of names longer than name_limit: cut there
    name_limit: int = 20
    old_and_new_name: float = 0.3  # of a renamed firm's records in a stale department: a
    # second row under its other name
    # Addresses (stale and operating addresses: Dataset.stale_address, operating_address).
    addr_district_only: float = 0.01  # 滨江区 and nothing else
    addr_former_district: float = 0.15  # of addresses in a renamed or split district: 江干区…
    addr_drop_province: float = 0.08  # 杭州市滨江区…
    addr_drop_prefix: float = 0.08  # 滨江区…
    addr_drop_street: float = 0.08  # no 街道
    addr_cut_after_number: float = 0.04  # …江南大道588号 and no more
    addr_building_word: float = 0.25  # of addresses with a 幢: 号楼, 一号楼, 栋, #楼, 第…幢
    addr_room_form: float = 0.2  # of addresses with a floor: 1203室, 十二层1203室, 12层…
    addr_full_width_digits: float = 0.03  # full-width digits
    # Phones.
    phone_other: float = 0.25  # of firms with several numbers: not the main one
    phone_format: float = 0.4  # another way of writing it (+86-571-…, (0571)…, 138-…)
    phone_joined: float = 0.1  # of firms with several numbers: two, joined by / ； ,
    phone_typo: float = 0.01  # one digit wrong
    # Other fields and rows.
    field_missing: float = 0.03  # each of address, legal rep, phone, date, capital: blank
    duplicate: float = 0.01  # the record entered twice
    deregistered_kept: float = 0.3  # of a deregistered firm's would-be records outside the
    # registry: still there
    unusable: float = 0.003  # an extra row, after a record, that ingest must reject

    def overridden(self, overrides: dict[str, float], where: str) -> Noise:
        """These rates with a dataset's overrides; an unknown name is refused."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f"{where}: unknown noise rates {unknown}")
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, rate in overrides.items():
            values[name] = type(values[name])(rate)  # name_limit stays an int
        return Noise(**values)
