"""Where the firm classifier's model lives: one versioned file under the data dir.

``<data dir>/models/industry-classifier-v<MODEL_VERSION>.npz`` holds the vocabulary, idf, the
segments' prototypes and the weights of both heads as plain arrays, and the metadata as JSON
— a NumPy archive read with ``allow_pickle=False``, so opening a model file never runs code,
and a model does not depend on the scikit-learn version that trained it.

The default model is trained on first use from the labelled firms (``industry/labels.py``:
the seed set, the taxonomy's descriptions, the centre's labels), and trained again whenever
those labels, the taxonomy or the sentence encoder change — in seconds, with no download:
nothing leaves the machine.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from scenehub.industry.classify import (
    MODEL_VERSION,
    Classifier,
    ClassifierModel,
    TextReader,
    average_prototypes,
    chain_digest,
    prototype_texts,
)
from scenehub.industry.labels import (
    LabelledFirm,
    labels_digest,
    seed_examples,
    taxonomy_examples,
)
from scenehub.industry.taxonomy import Chain
from scenehub.matching.index import Encoder
from scenehub.matching.vectors import VectorStore, vector_path

MODEL_DIR = "models"
# The last model trained in this process, by (chain, encoder, labels) digests.
_TRAINED: dict[tuple[str, str, str], ClassifierModel] = {}
_ARRAYS = (
    "idf",
    "prototypes",
    "neighbour_vectors",
    "primary_coef",
    "primary_intercept",
    "member_coef",
    "member_intercept",
)


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
        "neighbour_codes": model.neighbour_codes,
        "chain_digest": model.chain_digest,
        "encoder": model.encoder,
        "labels_digest": model.labels_digest,
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
        neighbour_codes=tuple(metadata["neighbour_codes"]),
        vocabulary=vocabulary,
        chain_digest=str(metadata["chain_digest"]),
        encoder=str(metadata["encoder"]),
        labels_digest=str(metadata["labels_digest"]),
        trained_on=str(metadata["trained_on"]),
        **arrays,
    )


def default_classifier(
    data_dir: Path,
    chain: Chain,
    encoder: Encoder,
    on_step: Callable[[str], None] | None = None,
) -> Classifier:
    """The classifier of the data dir's model, as it is (trained first if there is none)."""
    store = VectorStore(encoder, vector_path(data_dir, "labels", encoder))
    model = load_or_train(
        default_model_path(data_dir),
        chain,
        encoder,
        vectors=store,
        on_step=on_step,
        replace_stale=True,
    )
    return Classifier(model, TextReader(chain))


def default_examples(chain: Chain) -> list[LabelledFirm]:
    """What the default model learns from without the centre's labels: the taxonomy's
    descriptions and the seed set."""
    return [*taxonomy_examples(chain), *seed_examples(chain)]


def train_classifier(
    chain: Chain,
    examples: Sequence[LabelledFirm],
    encoder: Encoder,
    vectors: VectorStore | None = None,
    on_step: Callable[[str], None] | None = None,
) -> ClassifierModel:
    """A model learnt from ``examples``; their vectors come from (and stay in) ``vectors``."""
    from scenehub.industry.training import train_model  # scikit-learn only when training

    key = (chain_digest(chain), encoder.name, labels_digest(examples))
    if key in _TRAINED:  # the same examples give the same model: train once per process
        return _TRAINED[key]
    step = on_step or (lambda _: None)
    store = vectors or VectorStore(encoder)
    step(f"encoding {len(examples):,} labelled descriptions")
    example_vectors = store.vectors([e.text.embedding_text for e in examples])
    pairs = prototype_texts(chain)
    codes = [s.key for s in chain.segments]
    prototypes = average_prototypes(codes, pairs, store.vectors([t for _, t in pairs]))
    store.save()
    model, _ = train_model(
        examples,
        example_vectors,
        prototypes,
        TextReader(chain),
        encoder=encoder.name,
        on_step=step,
    )
    _TRAINED.clear()
    _TRAINED[key] = model
    return model


def load_or_train(
    path: Path,
    chain: Chain,
    encoder: Encoder,
    *,
    examples: Sequence[LabelledFirm] | None = None,
    vectors: VectorStore | None = None,
    on_step: Callable[[str], None] | None = None,
    replace_stale: bool = False,
) -> ClassifierModel:
    """The model in ``path``; trained and saved there if missing.

    Readers (pages, ``scenehub classify``, ``scenehub match``) pass no ``examples``: they
    use the model as it is, and a missing one is trained from ``default_examples``. The map's
    build passes the labelled firms it has: a model that learnt from other ones is trained
    again. A file that is no model, or one trained on another chain or with another encoder,
    is refused — or, when ``replace_stale`` (the default model file, which scenehub owns),
    replaced by a new model.
    """
    if path.exists():
        try:
            model = load_model(path)
        except ModelFileError:
            if not replace_stale:
                raise
        else:
            problem = _stale(model, chain, encoder)
            if problem is not None and not replace_stale:
                raise ModelFileError(f"{path} {problem}: delete it to train a new one")
            if problem is None and (examples is None or _same_labels(model, examples)):
                return model
    learn_from = list(examples) if examples is not None else default_examples(chain)
    model = train_classifier(chain, learn_from, encoder, vectors, on_step)
    save_model(model, path)
    return model


def _stale(model: ClassifierModel, chain: Chain, encoder: Encoder) -> str | None:
    if model.chain_digest != chain_digest(chain):
        return "was trained on another version of the chain taxonomy"
    if model.encoder != encoder.name:
        return f"reads the vectors of encoder {model.encoder!r}, not {encoder.name!r}"
    return None


def _same_labels(model: ClassifierModel, examples: Sequence[LabelledFirm]) -> bool:
    return model.labels_digest == labels_digest(examples)
