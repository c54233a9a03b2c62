"""Where attachments' files are kept: under the data directory's ``uploads`` (where the
integration's uploads are kept too), in ``partnerships/<partnership id>/<random name>``.

A file follows the transaction that records it: one written for an upload is removed
again if the transaction rolls back, and one whose attachment is deleted is removed only
once the deletion commits, so the files and the rows never disagree for long.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

UPLOADS = "uploads"
FOLDER = "partnerships"


@dataclass(frozen=True)
class AttachmentStore:
    root: Path  # <data dir>/uploads/partnerships

    @classmethod
    def of(cls, data_dir: Path) -> AttachmentStore:
        return cls(data_dir / UPLOADS / FOLDER)

    def path(self, key: str) -> Path:
        return self.root / key

    def write(self, session: Session, partnership_id: int, suffix: str, data: bytes) -> str:
        """Store ``data``; returns its key. Removed again if ``session`` rolls back."""
        key = f"{partnership_id}/{uuid.uuid4().hex}{suffix}"
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        _after(session, on_commit=_nothing, on_rollback=lambda: _remove(path))
        return key

    def remove(self, session: Session, key: str) -> None:
        """Remove the file of ``key`` once ``session`` commits (kept if it rolls back)."""
        path = self.path(key)
        _after(session, on_commit=lambda: _remove(path), on_rollback=_nothing)

    def read(self, key: str) -> bytes | None:
        path = self.path(key)
        return path.read_bytes() if path.is_file() else None


def _after(
    session: Session, *, on_commit: Callable[[], None], on_rollback: Callable[[], None]
) -> None:
    """Run one of the two when the session's transaction ends (whichever comes first)."""
    pending = [True]

    def committed(_: Session) -> None:
        if pending and pending.pop():
            on_commit()

    def rolled_back(_: Session) -> None:
        if pending and pending.pop():
            on_rollback()

    event.listen(session, "after_commit", committed, once=True)
    event.listen(session, "after_rollback", rolled_back, once=True)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _nothing() -> None:
    return None
