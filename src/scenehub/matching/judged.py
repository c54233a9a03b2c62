"""A judged set in the public file format: ``scenes.jsonl`` and ``firms.jsonl`` as
``scenehub match`` reads them, ``qrels.jsonl`` (``{scene_id, relevant: {firm_id: grade}}``,
grades 1–3) and ``labels.jsonl`` (``{firm_id, primary, secondary}``).

Sets written by people, not by the synthetic city, are what matching and classification are
measured on: ``benchmarks/data/handwritten`` ships with scenehub, and the centre's own
development set is read the same way (benchmarks/match.py, benchmarks/industry.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenehub.industry.classify import FirmText
from scenehub.industry.labels import LabelledFirm
from scenehub.matching import bulk
from scenehub.matching.documents import FirmDoc, SceneDoc

JUDGED_SOURCE = "judged"


class JudgedSetError(ValueError):
    """A judged set's file is missing or has a bad line; the message says which."""


@dataclass(frozen=True)
class JudgedSet:
    name: str
    scenes: list[SceneDoc]
    firms: list[FirmDoc]
    grades: dict[str, dict[str, int]]  # scene id → firm id → grade (absent: 0)
    labels: dict[str, tuple[str, ...]]  # firm id → segments, primary first

    def labelled_firms(self) -> list[LabelledFirm]:
        """The firms as the classifier reads a ``scenehub match`` line, with their labels."""
        return [
            LabelledFirm(
                FirmText(f.id, f.name, capability="\n".join(p for p in _own(f) if p)),
                self.labels[f.id],
                JUDGED_SOURCE,
            )
            for f in self.firms
            if f.id in self.labels
        ]


def _own(firm: FirmDoc) -> tuple[str, str]:
    return firm.description, "，".join(firm.tags)


def load_judged_set(folder: Path) -> JudgedSet:
    scenes = [bulk.scene_from_json(row) for row in _rows(folder / "scenes.jsonl")]
    firms = [bulk.firm_from_json(row) for row in _rows(folder / "firms.jsonl")]
    grades = {
        str(row["scene_id"]): {str(k): int(v) for k, v in row["relevant"].items()}
        for row in _rows(folder / "qrels.jsonl")
    }
    labels_file = folder / "labels.jsonl"
    labels = {
        str(row["firm_id"]): (row["primary"], *row.get("secondary", ()))
        for row in (_rows(labels_file) if labels_file.exists() else [])
    }
    return JudgedSet(folder.name, scenes, firms, grades, labels)


def _rows(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise JudgedSetError(f"{path} is missing")
    rows = []
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise JudgedSetError(f"{path}:{number}: {error.msg}") from None
    return rows
