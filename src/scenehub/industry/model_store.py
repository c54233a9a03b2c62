"""Where the firm classifier's model lives: one versioned file under the data dir.

``<data dir>/models/industry-classifier-v<MODEL_VERSION>.npz`` holds the vocabulary, idf and
the weights of both heads as plain arrays, and the metadata as JSON — a NumPy archive read
with ``allow_pickle=False``, so opening a model file never runs code, and a model does not
depend on the scikit-learn version that trained it. A missing default model is trained on
first use from the synthetic city (no download: nothing leaves the machine).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from scenehub.industry.classify import MODEL_VERSION, ClassifierModel, chain_digest
from scenehub.industry.taxonomy import Chain

MODEL_DIR = "models"
_ARRAYS = ("idf", "primary_coef", "primary_intercept", "member_coef", "member_intercept")


class ModelFileError(ValueError):
    """A model file that cannot be used; the message says why and what to do."""


def default_model_path(data_dir: Path) -> Path:
    return data_dir / MODEL_DIR / f"industry-classifier-v{MODEL_VERSION}.npz"


def save_model(model: ClassifierModel, path: Path) -> None:
    """Write ``model`` to ``path`` (through a temporary file, so a reader never sees half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {
        "version": model.version,
        "codes": model.codes,
        "member_codes": model.member_codes,
        "chain_digest": model.chain_digest,
        "trained_on": model.trained_on,
    }
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as handle:
        np.savez_compressed(
            handle,
            metadata=np.array(json.dumps(metadata, ensure_ascii=False)),
            vocabulary=np.array(model.vocabulary, dtype=str),
            **{name: getattr(model, name).astype(np.float32) for name in _ARRAYS},
        )
    os.replace(partial, path)


def load_model(path: Path) -> ClassifierModel:
    """The model in ``path``; ``ModelFileError`` if it is not a model of this version."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            metadata = json.loads(str(archive["metadata"]))
            arrays = {name: archive[name].astype(np.float64) for name in _ARRAYS}
            vocabulary = tuple(str(token) for token in archive["vocabulary"])
    except (OSError, ValueError, KeyError) as error:
        raise ModelFileError(f"{path} is not a classifier model ({error})") from None
    if metadata.get("version") != MODEL_VERSION:
        raise ModelFileError(
            f"{path} holds a model of version {metadata.get('version')}, "
            f"this scenehub needs version {MODEL_VERSION}: train it again"
        )
    return ClassifierModel(
        codes=tuple(metadata["codes"]),
        member_codes=tuple(metadata["member_codes"]),
        vocabulary=vocabulary,
        chain_digest=str(metadata["chain_digest"]),
        trained_on=str(metadata["trained_on"]),
        **arrays,
    )


def load_or_train(
    path: Path,
    chain: Chain,
    on_step: Callable[[str], None] | None = None,
    *,
    replace_stale: bool = False,
) -> ClassifierModel:
    """The model in ``path``; trained on the synthetic city and saved there if missing.

    A file that is no model, or one trained on another chain, is refused — or replaced by a
    new model when ``replace_stale`` (the default model file, which scenehub owns).
    """
    if path.exists():
        try:
            model = load_model(path)
        except ModelFileError:
            if not replace_stale:
                raise
        else:
            if model.chain_digest == chain_digest(chain):
                return model
            if not replace_stale:
                raise ModelFileError(
                    f"{path} was trained on another version of the chain taxonomy: "
                    "delete it to train a new one"
                )
    from scenehub.industry.training import train_default  # scikit-learn only when training

    model, _ = train_default(chain, on_step)
    save_model(model, path)
    return model
