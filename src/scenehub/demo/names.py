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
LEGAL_FORMS = ("有限公司", "有限责任公司", "股份有限公司")
_LEGAL_FORM_WEIGHTS = (0.78, 0.14, 0.08)
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def person_name(rng: random.Random) -> str:
    """A plausible Chinese personal name (surname + one or two given characters)."""
    surname = rng.choices(SURNAMES, _SURNAME_WEIGHTS)[0]
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return surname + given


def brand(rng: random.Random) -> str:
    first = rng.choice(BRAND)
    second = rng.choice(BRAND)
    while second == first:
        second = rng.choice(BRAND)
    return first + second


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


def name_variant(name: str, region: str, kind: str, rng: random.Random) -> str | None:
    """How a department may write ``name``; ``None`` when the variant does not apply."""
    if kind == "drop_region":
        if region and name.startswith(region):
            return name[len(region) :]
        return name.replace(f"（{region}）", "") if region and f"（{region}）" in name else None
    if kind == "legal_form":
        if name.endswith("有限责任公司"):
            return name.removesuffix("有限责任公司") + "有限公司"
        if name.endswith("有限公司") and not name.endswith("股份有限公司"):
            return name.removesuffix("有限公司") + "有限责任公司"
        return None
    if kind == "half_width_brackets":
        return name.replace("（", "(").replace("）", ")") if "（" in name else None
    if kind == "insert_region":
        if region and name.startswith(region) and "（" not in name:
            rest = name[len(region) :]
            for form in ("股份有限公司", "有限责任公司", "有限公司"):
                if rest.endswith(form):
                    return f"{rest.removesuffix(form)}（{region}）{form}"
        return None
    if kind == "homophone":
        return homophone_typo(name, rng)
    raise ValueError(f"unknown name variant {kind!r}")
