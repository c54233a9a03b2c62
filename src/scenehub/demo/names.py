"""Chinese names of people and firms, and the variants departments write them in (pure)."""

from __future__ import annotations

import random

# Common surnames, most frequent first (weights follow their rough share of the population).
SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严洪武"
)
_SURNAME_WEIGHTS = tuple(1.0 / (1 + i * 0.08) for i in range(len(SURNAMES)))
GIVEN = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣婷雪慧晨琳颖倩婧瑶怡佳嘉子梓涵轩睿博文昊天一诗思雨晓宏志国建海峰晶磊鑫"
)
# Characters firms choose their 字号 (trade name) from.
BRAND = tuple(
    "云图智慧海康睿思博华信达星辰锐创新远航峰鼎宏泰恒盛瀚澜启明卓越领拓维视数联通安捷迅飞驰腾跃聚合众和兴旺宸泽源景鸿嘉禾益融汇诚德正光灵犀墨芯算鲸微芒曦朗易道象元极川谷湖岳岚青"
)
# Same sound, different character: the rare typo a clerk makes when typing a name heard.
HOMOPHONES = {
    "云": "芸",
    "图": "途",
    "智": "志",
    "睿": "瑞",
    "辰": "晨",
    "峰": "锋",
    "华": "骅",
    "星": "兴",
    "航": "杭",
    "恒": "衡",
    "盛": "晟",
    "思": "斯",
    "远": "源",
    "信": "鑫",
    "达": "答",
    "博": "搏",
    "鸿": "宏",
    "泽": "择",
    "源": "远",
    "明": "铭",
    "聚": "巨",
}
# Look-alike or same-sounding characters of the words firm names are made of (科技 → 科枝):
# the typos clerks make in a name's industry word; all are in GBK, as the files are.
WORD_TYPOS = {
    "技": "枝",
    "科": "料",
    "智": "知",
    "能": "熊",
    "数": "树",
    "据": "椐",
    "信": "讯",
    "息": "悉",
    "网": "罔",
    "络": "洛",
    "电": "甸",
    "子": "孑",
    "术": "木",
    "软": "阮",
    "件": "牛",
    "器": "气",
    "人": "仁",
    "慧": "惠",
    "务": "物",
    "物": "务",
    "安": "按",
    "全": "金",
    "管": "馆",
    "理": "里",
    "城": "成",
    "市": "事",
    "交": "郊",
    "通": "同",
    "融": "容",
    "农": "浓",
    "装": "庄",
    "备": "倍",
    "建": "健",
    "设": "没",
    "材": "村",
    "源": "原",
    "教": "较",
    "育": "肓",
    "视": "初",
    "觉": "党",
    "贸": "茂",
    "易": "亿",
    "医": "依",
    "疗": "疔",
    "航": "杭",
    "芯": "心",
    "微": "徵",
    "汽": "气",
    "链": "琏",
    "联": "连",
    "工": "公",
    "业": "叶",
    "文": "闻",
    "化": "华",
    "媒": "煤",
    "商": "尚",
    "服": "福",
    "制": "致",
    "造": "遭",
}
# The commonest full names in China (张伟 alone is carried by some 300,000 people): many
# unrelated firms have one of them as their legal representative.
COMMON_PERSON_NAMES = (
    "张伟",
    "王伟",
    "王芳",
    "李伟",
    "李娜",
    "张敏",
    "李静",
    "王静",
    "刘伟",
    "王秀英",
    "张丽",
    "李秀英",
    "王丽",
    "张静",
    "张秀英",
    "李强",
    "王敏",
    "李敏",
    "王磊",
    "刘洋",
)
LEGAL_FORMS = ("有限公司", "有限责任公司", "股份有限公司")
_LEGAL_FORM_WEIGHTS = (0.78, 0.14, 0.08)
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
FULL_WIDTH = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
)
IDEOGRAPHIC_SPACE = "\u3000"


def person_name(rng: random.Random) -> str:
    """A plausible Chinese personal name (surname + one or two given characters)."""
    surname = rng.choices(SURNAMES, _SURNAME_WEIGHTS)[0]
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return surname + given


def common_person_name(rng: random.Random) -> str:
    return rng.choice(COMMON_PERSON_NAMES)


def brand(rng: random.Random, length: int = 2) -> str:
    """A 字号 of ``length`` different characters."""
    return "".join(rng.sample(BRAND, length))


def legal_form(rng: random.Random) -> str:
    return rng.choices(LEGAL_FORMS, _LEGAL_FORM_WEIGHTS)[0]


def firm_name(
    region: str, trade_name: str, industry_word: str, form: str, bracketed: bool = False
) -> str:
    """杭州云图智能科技有限公司, or 云图智能科技（杭州）有限公司 when the region is bracketed."""
    if bracketed and region:
        return f"{trade_name}{industry_word}（{region}）{form}"
    return f"{region}{trade_name}{industry_word}{form}"


def homophone_typo(name: str, rng: random.Random) -> str | None:
    """The name with one character replaced by a homophone, if it has one."""
    positions = [i for i, ch in enumerate(name) if ch in HOMOPHONES]
    if not positions:
        return None
    i = rng.choice(positions)
    return name[:i] + HOMOPHONES[name[i]] + name[i + 1 :]


def typo(name: str, trade_name: str, industry_word: str, rng: random.Random) -> str | None:
    """One homophone in the trade name or look-alike in the industry word (云图 → 芸图,
    科技 → 科枝); ``None`` when neither is in the name or neither has one."""
    start = name.find(trade_name + industry_word)
    if start < 0:
        return None
    span = len(trade_name) + len(industry_word)
    positions = [
        i
        for i in range(start, start + span)
        if name[i] in (HOMOPHONES if i < start + len(trade_name) else WORD_TYPOS)
    ]
    if not positions:
        return None
    i = rng.choice(positions)
    table = HOMOPHONES if i < start + len(trade_name) else WORD_TYPOS
    return name[:i] + table[name[i]] + name[i + 1 :]


def truncated(name: str, limit: int) -> str | None:
    """The name cut at ``limit`` characters, as a system with a short column keeps it."""
    return name[:limit] if len(name) > limit else None


def with_spaces(name: str, region: str, rng: random.Random) -> str:
    """An ideographic or ASCII space where a clerk leaves one: after the region, before the
    legal form, or at the end."""
    space = rng.choice((IDEOGRAPHIC_SPACE, IDEOGRAPHIC_SPACE, " "))
    where = rng.random()
    if where < 0.4 and region and name.startswith(region):
        return region + space + name[len(region) :]
    for form in ("股份有限公司", "有限责任公司", "有限公司"):
        at = name.find(form)
        if where < 0.8 and at > 0:
            return name[:at] + space + name[at:]
    return name + space


def name_variant(name: str, region: str, kind: str, rng: random.Random) -> str | None:
    """How a department may write ``name``; ``None`` when the variant does not apply."""
    if kind == "drop_region":
        if region and name.startswith(region):
            return name[len(region) :]
        return name.replace(f"（{region}）", "") if region and f"（{region}）" in name else None
    if kind == "legal_form":
        for form, other in (("有限责任公司", "有限公司"), ("有限公司", "有限责任公司")):
            at = name.find(form)
            if at >= 0 and not name[:at].endswith("股份"):
                return name[:at] + other + name[at + len(form) :]
        return None
    if kind == "omit_legal_form":
        for form in LEGAL_FORMS[::-1]:
            if name.endswith(form):
                return name.removesuffix(form)
        return None
    if kind == "half_width_brackets":
        return name.replace("（", "(").replace("）", ")") if "（" in name else None
    if kind == "insert_region":
        if region and name.startswith(region) and "（" not in name:
            rest = name[len(region) :]
            for form in ("股份有限公司", "有限责任公司", "有限公司"):
                at = rest.find(form)
                if at > 0:
                    return f"{rest[:at]}（{region}）{rest[at:]}"
        return None
    if kind == "homophone":
        return homophone_typo(name, rng)
    if kind == "spaces":
        return with_spaces(name, region, rng)
    raise ValueError(f"unknown name variant {kind!r}")
