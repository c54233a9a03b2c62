"""Duplicate needs: scenes that ask for the same thing at one place.

Each scene becomes a tf-idf vector over its words (the title's counted twice: it names the
place and the need); two scenes are a pair when the cosine of their vectors reaches the
threshold and they are not at two different places. The place is the scene's ``district``
when both have one, else the city's district (and street) its title names, read against the
city configuration's gazetteer (杭州市西湖区…, 萧山区新塘街道…, "… in Xiaoshan District"; a
former name counts as its district): the same need at two places is two needs. A title that
names no known district has no place, and never differs.

Scenes of two departments are candidates for one call (the operator bundles them); one
department's two scenes are paired only when nearly the same text (entered twice, or barely
reworded), at a higher threshold, since a department's distinct scenes share its vocabulary.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse  # type: ignore[import-untyped, unused-ignore]

from scenehub.city import District, load_city
from scenehub.industry.taxonomy import Chain
from scenehub.matching.documents import DuplicatePair, SceneDoc
from scenehub.matching.profile import profiler_for
from scenehub.matching.text import Analysis, normalise

# Calibrated on seven synthetic cities: every duplicate need scores 0.235 or more; at 0.22
# about 10 pairs of 120 scenes are flagged, 4 of them the generator's duplicates and most of
# the others one need of two departments city-wide (city-management and police case-handling
# assistants) — worth the operator's look too.
DEFAULT_THRESHOLD = 0.22
# One department's scenes: a re-entered scene scores 1.0, a reworded one (sentences moved, a
# figure changed) 0.7 and more; a department's distinct needs at one place reached 0.32 on
# three synthetic cities (seeds 3, 5, 11), so the bar sits well between.
SAME_DEPARTMENT_THRESHOLD = 0.6
MAX_SHARED_TERMS = 6
# A street or town named right after the district: …街道 …镇 …乡.
_ZH_STREET = re.compile(r"([\u4e00-\u9fff]{1,5}?(?:街道|镇|乡))")
Place = tuple[str, str | None]  # (district code or name, street or town)


def duplicate_scenes(
    scenes: Sequence[SceneDoc],
    threshold: float = DEFAULT_THRESHOLD,
    chain: Chain | None = None,
    districts: Sequence[District] | None = None,
) -> list[DuplicatePair]:
    """Pairs of scenes whose texts' cosine reaches ``threshold`` (``SAME_DEPARTMENT_THRESHOLD``
    for two of one known department) and that are not at two different ``districts`` (default:
    the configured city's). Pairs come most similar first, then by ids."""
    if len(scenes) < 2:
        return []
    analyzer = profiler_for(chain).analyzer
    analyses = [(analyzer.analyze(s.title), analyzer.analyze(s.description)) for s in scenes]
    gazetteer = _gazetteer(load_city().districts if districts is None else districts)
    places = [_place(scene, gazetteer) for scene in scenes]
    bags = [_bag(title, body) for title, body in analyses]
    matrix, idf = _tfidf(bags)
    similarity = (matrix @ matrix.T).tocoo()
    pairs = []
    for i, j, value in zip(similarity.row, similarity.col, similarity.data, strict=True):
        first, second = scenes[int(i)], scenes[int(j)]
        same = _same_department(first, second)
        if (
            i < j
            and value >= max(threshold, SAME_DEPARTMENT_THRESHOLD if same else 0.0)
            and not _different_places(places[int(i)], places[int(j)])
        ):
            shared = _shared_words(analyses[int(i)], analyses[int(j)], idf)
            a, b = sorted((first.id, second.id))
            pairs.append(DuplicatePair(a, b, round(min(1.0, float(value)), 6), shared, same))
    return sorted(pairs, key=lambda p: (-p.similarity, p.first_id, p.second_id))


def _same_department(first: SceneDoc, second: SceneDoc) -> bool:
    return bool(first.department) and first.department == second.department


def _gazetteer(districts: Sequence[District]) -> list[tuple[str, str]]:
    """(name as a title writes it, district code), longest first: Chinese names, former
    names, and "<english> district"."""
    names = [
        (normalise(name).replace(" ", ""), d.code)
        for d in districts
        for name in (d.name, *d.former_names, f"{d.name_en} district" if d.name_en else "")
        if name
    ]
    return sorted(names, key=lambda n: -len(n[0]))


def _place(scene: SceneDoc, gazetteer: list[tuple[str, str]]) -> Place | None:
    """Where a scene is: its district, else the district (and street) its title names."""
    if scene.district:
        return (scene.district, None)
    title = normalise(scene.title).replace(" ", "")
    found = [(title.find(name), -len(name), name, code) for name, code in gazetteer]
    named = sorted(f for f in found if f[0] >= 0)
    if not named:
        return None
    at, _, name, code = named[0]
    street = _ZH_STREET.match(title, at + len(name))
    return (code, street.group(1) if street else None)


def _different_places(first: Place | None, second: Place | None) -> bool:
    """Both places known and not the same (a missing street or town never differs)."""
    if first is None or second is None:
        return False
    if first[0] != second[0]:
        return True
    return first[1] is not None and second[1] is not None and first[1] != second[1]


def _bag(title: Analysis, body: Analysis) -> Counter[str]:
    return Counter([*title.words, *title.words, *body.words])


def _tfidf(bags: list[Counter[str]]) -> tuple[sparse.csr_matrix, dict[str, float]]:
    """Rows of unit length: (1 + log tf) × idf, idf = log((1 + n) / (1 + df)) + 1."""
    df: Counter[str] = Counter(token for bag in bags for token in bag)
    n = len(bags)
    idf = {token: math.log((1 + n) / (1 + count)) + 1 for token, count in df.items()}
    column = {token: i for i, token in enumerate(df)}
    rows, cols, values = [], [], []
    for row, bag in enumerate(bags):
        weights = {t: (1 + math.log(tf)) * idf[t] for t, tf in bag.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for token, weight in weights.items():
            rows.append(row)
            cols.append(column[token])
            values.append(weight / norm)
    matrix = sparse.csr_matrix(
        (np.array(values, dtype=np.float64), (rows, cols)), shape=(n, len(column))
    )
    return matrix, idf


def _shared_words(
    first: tuple[Analysis, Analysis], second: tuple[Analysis, Analysis], idf: dict[str, float]
) -> tuple[str, ...]:
    """Words both scenes use, most specific first."""
    words_a = {w for part in first for w in part.words}
    words_b = {w for part in second for w in part.words}
    shared = sorted(words_a & words_b, key=lambda w: (-idf.get(w, 0.0), w))
    return tuple(shared[:MAX_SHARED_TERMS])
