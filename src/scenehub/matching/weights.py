"""The published weights of the matching score and what each component measures.

score = Σ weight × component, each component in [0, 1]. The weights and the component values
of every result are published, so anybody can recompute a score by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# Pilots at which the track-record component reaches 1 (log-scaled below that).
TRACK_RECORD_CAP = 5


@dataclass(frozen=True)
class Weights:
    """Weights of the score's components; the defaults are the published ones, chosen by
    measurement on judged sets the synthetic city did not write (docs/matching.md)."""

    semantic: float = 0.70
    text: float = 0.08
    segment: float = 0.08
    stage: float = 0.04
    track_record: float = 0.03
    constraints: float = 0.04
    district: float = 0.03

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"weight {f.name} must lie in [0, 1], not {value}")

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT_WEIGHTS = Weights()
COMPONENTS = tuple(f.name for f in fields(Weights))


@dataclass(frozen=True)
class Component:
    """One component of the score, described for the "how matching works" page."""

    name: str
    weight: float
    zh: str
    en: str


_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "semantic": (
        "语义相似度：内置多语言句向量模型（离线运行，中英文互通）计算的场景文本与企业文本"
        "（名称、描述、标签）的余弦相似度，低于0计为0。",
        "Semantic similarity: cosine of the sentence vectors of the scene's text and the "
        "firm's (name, description, tags), from the built-in multilingual encoder (offline; "
        "Chinese and English meet); below 0 counted as 0.",
    ),
    "text": (
        "文本相关度：以场景文本为查询、对企业文本（名称、描述、标签）计算BM25，"
        "词语由分词（含产业链领域词典）和汉字二元组构成，并加入产业链概念；"
        "除以本次排序中的最高分，最高者为1。",
        "Text relevance: BM25 of the firm's text (name, description, tags) for the scene's "
        "text as query, over words (segmented with the chain's domain dictionary), Chinese "
        "character bigrams and chain concepts; divided by the best score of this ranking, "
        "so the best is 1.",
    ),
    "segment": (
        "产业链环节契合度：场景所需环节（场景所属领域的环节为主，其他为分类器从文本读出）"
        "与企业环节（企业申报的，或分类器给出的主环节和次环节）的最佳匹配。"
        "主环节计1、其他环节计0.5，取两者乘积的最大值；分类器判为非人工智能企业的为0。",
        "Chain segment fit: the best match between the segments the scene wants (its "
        "domain's first, others read from its text by the classifier) and the firm's "
        "(declared, or the classifier's primary and secondaries). Main segments count 1, "
        "others 0.5; the component is the largest product; 0 for a firm the classifier "
        "puts off the chain.",
    ),
    "stage": (
        "阶段契合度：场景偏好“0到1”或“1到100”而企业处于该阶段为1，阶段不符为0，"
        "企业阶段未知为0.5；场景不限阶段时为1。",
        "Stage fit: 1 when the firm is at the stage the scene prefers (0→1 or 1→100) or the "
        "scene takes any stage, 0 when it is not, 0.5 when the firm's stage is unknown.",
    ),
    "track_record": (
        f"过往业绩：已完成试点与合作的数量，按对数计，{TRACK_RECORD_CAP}个及以上为1。",
        f"Track record: past pilots and partnerships, log-scaled, 1 from {TRACK_RECORD_CAP} on.",
    ),
    "constraints": (
        "部署约束：场景要求本地化/私有化部署时，企业说明支持私有化部署为1，否则为0；"
        "场景无此要求时为1。",
        "Deployment constraints: when the scene must run on premises, 1 if the firm states "
        "on-premise (private) deployment, else 0; 1 when the scene has no such constraint.",
    ),
    "district": (
        "属地：企业与场景位于同一区县为1，否则（或未知）为0。",
        "District: 1 when the firm is in the scene's district, else (or unknown) 0.",
    ),
}

HARD_FILTERS = {
    "security_vetting": (
        "需安全审查的场景只对通过审查的企业排序和推荐。",
        "A scene that needs security vetting only ranks, and is only recommended to, vetted firms.",
    ),
    "branches": (
        "分公司不具有独立法人资格，其总公司也在名录中时只排序总公司。",
        "A branch office (分公司) has no legal personality of its own: when its head office is "
        "listed too, only the head office is ranked.",
    ),
    "evidence": (
        "候选来自两路检索的并集：语义相似度不低于0.25的企业，和文本相关度不低于0.1且与场景有"
        "不常见的共同词语或概念（至多5%的文档使用）的企业；与场景有共同产业链环节的企业也进入排序。"
        "没有任何证据的企业不排序。",
        "Candidates come from two retrievers, fused: firms whose semantic similarity is at "
        "least 0.25, and firms whose text relevance is at least 0.1 and that share a word or "
        "concept with the scene that at most 5 % of the documents use; firms that share a "
        "chain segment with the scene are ranked too. A firm with no such evidence is not "
        "ranked.",
    ),
}


def published_method(weights: Weights = DEFAULT_WEIGHTS) -> tuple[Component, ...]:
    """The components with their weights and descriptions (zh, en), in score order."""
    values = weights.as_dict()
    return tuple(Component(name, values[name], *_DESCRIPTIONS[name]) for name in COMPONENTS)
