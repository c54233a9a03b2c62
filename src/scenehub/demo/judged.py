"""A generated synthetic city (``scenehub city generate``) as matching input and judged set.

The judged set is the city's truth (``truth/scene_firms.csv``, grades 3 / 2 / 1; see
``demo/scenes.py``). Firms' texts are what a registry would hold: name, business scope and
capability description; their track record counts the partnerships of the city's history.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from scenehub.matching.documents import FirmDoc, SceneDoc

SCENE_TEXT_FIELDS = ("background", "pain_points", "wanted", "offered", "constraints")


@dataclass(frozen=True)
class JudgedCity:
    scenes: list[SceneDoc]
    firms: list[FirmDoc]
    grades: dict[str, dict[str, int]]  # scene id → firm id → grade
    duplicate_pairs: list[tuple[str, str]]


def scene_description(row: dict[str, object]) -> str:
    """A city scene's write-up (background, pain points, what is wanted, offered, constraints)."""
    return "\n".join(str(row[f]) for f in SCENE_TEXT_FIELDS if row.get(f))


def load_city(
    folder: Path, *, declared_segments: bool = False, with_truth: bool = True
) -> JudgedCity:
    """Scenes, firms (text only, or with their true segments), grades and duplicate needs.

    ``with_truth=False`` leaves the grades and duplicate needs out (they are big at scale).
    """
    scenes_raw = [
        json.loads(line)
        for line in (folder / "scenes" / "scenes.jsonl").read_text("utf-8").splitlines()
    ]
    scenes = [
        SceneDoc(
            id=row["scene_id"],
            title=row["title"],
            description=scene_description(row),
            domain=row["domain"],
            department=row["department"],
            stage_preference=row["stage_preference"],
            wanted_segments=tuple(row["wanted_segments"]) if declared_segments else (),
            on_premise=row["on_premise"],
            security_vetting=row["security_vetting"],
        )
        for row in scenes_raw
    ]
    return JudgedCity(
        scenes=scenes,
        firms=_firms(folder, declared_segments),
        grades=_grades(folder) if with_truth else {},
        duplicate_pairs=_duplicates(scenes_raw) if with_truth else [],
    )


def _firms(folder: Path, declared_segments: bool) -> list[FirmDoc]:
    profiles: dict[str, dict[str, str]] = {}
    with (folder / "truth" / "firm_profiles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            profiles[row["firm_id"]] = row
    pilots = Counter(
        json.loads(line)["firm_id"]
        for line in (folder / "history" / "partnerships.jsonl").read_text("utf-8").splitlines()
    )
    firms = []
    with (folder / "truth" / "firms.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            profile = profiles[row["firm_id"]]
            segments = tuple(s for s in row["segments"].split("|") if s)
            firms.append(
                FirmDoc(
                    id=row["firm_id"],
                    name=row["name"],
                    description="\n".join((profile["business_scope"], profile["capability"])),
                    district=row["district_code"],
                    stage=row["stage"],
                    segments=segments if declared_segments else (),
                    vetted=row["vetted"] == "1",
                    pilots=pilots[row["firm_id"]],
                )
            )
    return firms


def _grades(folder: Path) -> dict[str, dict[str, int]]:
    grades: dict[str, dict[str, int]] = defaultdict(dict)
    with (folder / "truth" / "scene_firms.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            grades[row["scene_id"]][row["firm_id"]] = int(row["grade"])
    return dict(grades)


def _duplicates(rows: list[dict[str, object]]) -> list[tuple[str, str]]:
    """The duplicate needs the generator wrote, recognised from the scenes read back."""
    from scenehub.demo.scenes import Scene, duplicate_need_pairs

    scenes = [
        Scene(**{f: row.get(f) for f in Scene.__dataclass_fields__})  # type: ignore[arg-type]
        for row in rows
    ]
    return duplicate_need_pairs(scenes)
