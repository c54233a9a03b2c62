"""Fixtures: the chain taxonomy and a small generated city with its truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.demo.judged import JudgedCity
from scenehub.demo.judged import load_city as load_judged_city
from scenehub.industry.taxonomy import Chain, load_chain

CITY_SCALE = 1500
CITY_SEED = 11  # not the seed the weights were tuned on (7)


@pytest.fixture(scope="session")
def chain() -> Chain:
    return load_chain()


@pytest.fixture(scope="session")
def city_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("matching") / "city"
    generate_city(out, scale=CITY_SCALE, seed=CITY_SEED, city=load_city(), chain=load_chain())
    return out


@pytest.fixture(scope="session")
def judged_city(city_dir: Path) -> JudgedCity:
    return load_judged_city(city_dir)
