"""Kept sentence vectors: a text is encoded once per model, and only new or changed texts are
encoded again (a firm index of 100,000 firms is rebuilt in seconds after a few edits).

One file per model and purpose, ``<data dir>/vectors/<purpose>-<model>.npz``: the BLAKE2b
digests of the texts and their vectors as float16 (half the disk and memory; cosines move in
the fourth decimal). A NumPy archive read with ``allow_pickle=False``: opening it runs no code.
Saving keeps only the vectors of the texts used since the store was opened, so the file
follows the registry instead of growing with every edit.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from scenehub.matching.index import Encoder, Floats

VECTOR_DIR = "vectors"
# Texts encoded per call: small enough for steady progress, large enough for throughput.
ENCODE_BATCH = 512
_DIGEST_BYTES = 16


def vector_path(data_dir: Path, purpose: str, encoder: Encoder) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in encoder.name)
    return data_dir / VECTOR_DIR / f"{purpose}-{safe}.npz"


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=_DIGEST_BYTES).digest()


class VectorStore:
    """Vectors of texts under one encoder, optionally kept in a file between runs; it is an
    ``Encoder`` itself, so an index built with it encodes only what it has not seen."""

    def __init__(self, encoder: Encoder, path: Path | None = None) -> None:
        self.encoder = encoder
        self.path = path
        self._rows: dict[bytes, int] = {}
        self._vectors: npt.NDArray[np.float16] = np.zeros((0, 0), dtype=np.float16)
        self._used: set[bytes] = set()
        self.fresh = 0  # texts this store had to encode (the others were kept)
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as archive:
                digests = archive["digests"]
                vectors = archive["vectors"]
        except (OSError, ValueError, KeyError):
            return  # an unreadable file is rebuilt: it only ever saves time
        self._vectors = vectors.astype(np.float16)
        self._rows = {bytes(d): i for i, d in enumerate(digests)}

    @property
    def name(self) -> str:
        return self.encoder.name

    def encode(self, texts: Sequence[str]) -> Floats:
        """As the encoder would (a store is an ``Encoder`` that remembers)."""
        return self.vectors(texts)

    def vectors(
        self, texts: Sequence[str], on_encoded: Callable[[int], None] | None = None
    ) -> Floats:
        """Unit vectors of ``texts`` (rows in order), encoding only the texts not kept."""
        keys = [digest(text) for text in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self._rows))
        if missing:
            wanted = set(missing)
            first = {k: text for k, text in zip(keys, texts, strict=True) if k in wanted}
            self._add(missing, [first[k] for k in missing], on_encoded)
        self._used.update(keys)
        if not keys:
            return np.zeros((0, self._vectors.shape[1] if self._vectors.size else 0), np.float32)
        rows = np.fromiter((self._rows[k] for k in keys), dtype=np.int64, count=len(keys))
        found: Floats = self._vectors[rows].astype(np.float32)
        return found

    def _add(
        self, keys: list[bytes], texts: list[str], on_encoded: Callable[[int], None] | None
    ) -> None:
        parts = []
        for start in range(0, len(texts), ENCODE_BATCH):
            batch = texts[start : start + ENCODE_BATCH]
            parts.append(self.encoder.encode(batch).astype(np.float16))
            self.fresh += len(batch)
            if on_encoded is not None:
                on_encoded(len(batch))
        new = np.concatenate(parts)
        if self._vectors.shape[1] != new.shape[1]:  # first vectors, or another model's file
            self._rows, self._vectors = {}, np.zeros((0, new.shape[1]), dtype=np.float16)
        offset = len(self._rows)
        if offset + len(new) > len(self._vectors):
            # Room to grow (doubling): a query added one at a time never copies the whole store.
            rows = max(2 * len(self._vectors), offset + len(new))
            grown = np.zeros((rows, new.shape[1]), dtype=np.float16)
            grown[:offset] = self._vectors[:offset]
            self._vectors = grown
        self._vectors[offset : offset + len(new)] = new
        self._rows.update({k: offset + i for i, k in enumerate(keys)})

    def save(self) -> None:
        """Write the vectors of the texts used since opening (through a temporary file)."""
        if self.path is None:
            return
        keep = [k for k in self._rows if k in self._used]
        rows = np.fromiter((self._rows[k] for k in keep), dtype=np.int64, count=len(keep))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.partial")
        with partial.open("wb") as handle:
            np.savez(
                handle,
                digests=np.array(keep, dtype=f"S{_DIGEST_BYTES}"),
                vectors=self._vectors[rows] if keep else self._vectors[:0],
            )
        os.replace(partial, self.path)
