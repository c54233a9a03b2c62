"""The audit trail's Ed25519 key and checkpoint file, both outside the database."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from scenehub.errors import ConfigurationError
from scenehub.governance.checkpoints import Checkpoint, CheckpointProblem, parse_lines


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The signing key in ``path`` (PEM, PKCS#8), created with mode 0600 when missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        # Created 0600 in one step: the key is never readable by others, not even briefly.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        return key
    loaded = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ConfigurationError(f"{path} does not hold an Ed25519 private key")
    return loaded


def read_public_key(path: Path) -> Ed25519PublicKey:
    """A public key file (PEM, as ``scenehub audit public-key`` prints it)."""
    loaded = load_pem_public_key(path.read_bytes())
    if not isinstance(loaded, Ed25519PublicKey):
        raise ConfigurationError(f"{path} does not hold an Ed25519 public key")
    return loaded


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def append_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    """Append one JSON line (and flush it to disk: a witness may read it at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(checkpoint.line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_checkpoints(
    path: Path,
) -> tuple[list[tuple[int, Checkpoint]], list[CheckpointProblem]]:
    """The checkpoints of a file (none when it does not exist yet)."""
    if not path.exists():
        return [], []
    return parse_lines(path.read_text(encoding="utf-8").splitlines())
