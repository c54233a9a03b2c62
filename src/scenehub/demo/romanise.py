"""English and pinyin renderings of a firm's name, as foreign-trade, customs and some
national systems write them (pure).

    杭州云图智能科技有限公司 → Hangzhou Yuntu Intelligent Technology Co., Ltd.
                          → Hangzhou Yuntu Zhineng Keji Youxian Gongsi
"""

from __future__ import annotations

import random
from functools import lru_cache

from pypinyin import lazy_pinyin

# Words of the industry-word banks with their usual English; anything else goes by sound.
WORDS_EN = {
    "人工智能": "Artificial Intelligence",
    "集成电路": "Integrated Circuit",
    "工业互联网": "Industrial Internet",
    "供应链管理": "Supply Chain Management",
    "企业管理咨询": "Enterprise Management Consulting",
    "房地产经纪": "Real Estate Brokerage",
    "金融信息服务": "Financial Information Services",
    "电子商务": "E-commerce",
    "半导体": "Semiconductor",
    "微电子": "Microelectronics",
    "云计算": "Cloud Computing",
    "机器人": "Robotics",
    "无人机": "UAV",
    "自动化": "Automation",
    "新能源": "New Energy",
    "新材料": "New Materials",
    "进出口": "Import and Export",
    "数据中心": "Data Center",
    "智能": "Intelligent",
    "智慧": "Smart",
    "科技": "Technology",
    "技术": "Technology",
    "信息": "Information",
    "数字": "Digital",
    "数据": "Data",
    "网络": "Network",
    "安全": "Security",
    "安防": "Security",
    "电子": "Electronics",
    "软件": "Software",
    "视觉": "Vision",
    "语音": "Speech",
    "医疗": "Medical",
    "医学": "Medical",
    "健康": "Health",
    "教育": "Education",
    "城市": "City",
    "交通": "Transportation",
    "物流": "Logistics",
    "贸易": "Trading",
    "商贸": "Trading",
    "制造": "Manufacturing",
    "装备": "Equipment",
    "设备": "Equipment",
    "环保": "Environmental Protection",
    "环境": "Environment",
    "能源": "Energy",
    "电力": "Electric Power",
    "金融": "Financial",
    "服务": "Services",
    "管理": "Management",
    "咨询": "Consulting",
    "文化": "Culture",
    "传媒": "Media",
    "建筑": "Construction",
    "工程": "Engineering",
    "设计": "Design",
    "规划": "Planning",
    "汽车": "Automotive",
    "航空": "Aviation",
    "生物": "Biotechnology",
    "材料": "Materials",
    "食品": "Food",
    "餐饮": "Catering",
    "农业": "Agriculture",
    "工业": "Industrial",
    "精密": "Precision",
    "机械": "Machinery",
    "芯片": "Chip",
    "算力": "Computing",
    "发展": "Development",
    "装饰": "Decoration",
    "物业": "Property",
    "服饰": "Apparel",
    "纺织": "Textile",
    "丝绸": "Silk",
    "茶业": "Tea",
    "五金": "Hardware",
    "电器": "Electrical Appliances",
    "运输": "Transportation",
    "建设": "Construction",
    "商务": "Business",
    "商业": "Commerce",
    "企业": "Enterprise",
    "农业开发": "Agricultural Development",
    "养老": "Elderly Care",
    "文旅": "Culture and Tourism",
    "传感": "Sensing",
    "通信": "Communications",
    "开发": "Development",
}
LEGAL_FORMS_EN = {
    "股份有限公司": ("Co., Ltd.", "Corporation Limited", "Inc."),
    "有限责任公司": ("Co., Ltd.", "Limited Liability Company"),
    "有限公司": ("Co., Ltd.", "Co., Limited", "Ltd."),
}
ORDINALS_EN = {"第一": "First", "第二": "Second", "第三": "Third", "第四": "Fourth"}


@lru_cache(maxsize=65_536)
def sounds(text: str) -> str:
    """云图 → Yuntu: the syllables of a word run together, capitalised."""
    return "".join(lazy_pinyin(text)).capitalize()


def segment(word: str) -> list[str]:
    """机器人科技 → [机器人, 科技]: the longest known words first; a run of unknown
    characters stays one piece (装修工程 → [装修, 工程])."""
    pieces: list[str] = []
    unknown = ""
    i = 0
    while i < len(word):
        sizes = range(min(6, len(word) - i), 0, -1)
        known = next((word[i : i + n] for n in sizes if word[i : i + n] in WORDS_EN), None)
        if known is None:
            unknown += word[i]
            i += 1
            continue
        if unknown:
            pieces.append(unknown)
            unknown = ""
        pieces.append(known)
        i += len(known)
    return [*pieces, unknown] if unknown else pieces


def english_words(word: str) -> str:
    """智能科技 → Intelligent Technology; an unknown piece by its sound."""
    return " ".join(WORDS_EN.get(piece) or sounds(piece) for piece in segment(word))


def english_name(
    region: str, trade_name: str, industry_word: str, form: str, rng: random.Random
) -> str:
    """The firm's English name; a branch (``form`` ending in 分公司) ends in ``… Branch``."""
    base, branch = _split_branch(form)
    legal = rng.choice(LEGAL_FORMS_EN.get(base, ("Co., Ltd.",)))
    words = [sounds(region)] if region else []
    words += [sounds(trade_name), english_words(industry_word)]
    name = f"{' '.join(words)} {legal}"
    if branch is not None:
        place = (ORDINALS_EN.get(branch) or sounds(branch)) if branch else ""
        name += f" {place} Branch" if place else " Branch"
    return name


def pinyin_name(region: str, trade_name: str, industry_word: str, form: str) -> str:
    """The firm's name in pinyin, one word per Chinese word (Youxian Gongsi)."""
    base, branch = _split_branch(form)
    words = [sounds(region)] if region else []
    pieces = [p for w in segment(industry_word) for p in (_two_by_two(w) if len(w) > 3 else [w])]
    words += [sounds(trade_name), *(sounds(w) for w in pieces)]
    words += [sounds(w) for w in _two_by_two(base)]
    if branch is not None:
        words += [sounds(branch), "Fengongsi"] if branch else ["Fengongsi"]
    return " ".join(w for w in words if w)


def _split_branch(form: str) -> tuple[str, str | None]:
    """有限公司滨江分公司 → (有限公司, 滨江); a form that is no branch → (form, None)."""
    if not form.endswith("分公司"):
        return form, None
    for base in LEGAL_FORMS_EN:
        if form.startswith(base):
            return base, form[len(base) : -3]
    return form[:-3], ""


def _two_by_two(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(0, len(text), 2)]
