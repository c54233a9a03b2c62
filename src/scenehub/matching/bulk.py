"""Bulk matching from files (``scenehub match``): JSONL scenes and firms in, one JSONL line of
ranked firms per scene out. No database, no network.

Scenes: ``{id, title, description, domain?, department?, stage_preference?}``; firms:
``{id, name, description, district?, stage?, tags?}`` — see docs/matching.md for the optional
fields (segments, vetting, track record …). A malformed line is reported with its number and
skipped; every other line is still used.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from scenehub.matching.documents import STAGE_PREFERENCES, STAGES, FirmDoc, Match, SceneDoc
from scenehub.matching.index import Index
from scenehub.matching.rank import rank_firms_for_scene
from scenehub.matching.reasons import render_reason
from scenehub.matching.weights import DEFAULT_WEIGHTS, Weights
from scenehub.translator import Translator

T = TypeVar("T")
# Fields of a scene write-up joined into its description when it has none (the city's files).
SCENE_TEXT_FIELDS = ("background", "pain_points", "wanted", "offered", "constraints")
LANGUAGES = {"zh": "zh_CN", "en": "en"}


class InvalidRecord(ValueError):
    """A JSON object that is not a valid scene or firm; the message says why."""


@dataclass(frozen=True)
class LineError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def read_jsonl(path: Path, parse: Callable[[dict[str, Any]], T]) -> tuple[list[T], list[LineError]]:
    """Parse every non-blank line; a bad line becomes a LineError and the rest go on."""
    items: list[T] = []
    errors: list[LineError] = []
    with path.open(encoding="utf-8-sig", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
                if not isinstance(value, dict):
                    raise InvalidRecord("not a JSON object")
                items.append(parse(value))
            except (json.JSONDecodeError, InvalidRecord) as error:
                errors.append(LineError(str(path), number, _describe(error)))
    return items, errors


def _describe(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON ({error.msg}, column {error.colno})"
    return str(error)


def _text(value: dict[str, Any], *names: str, required: bool = False) -> str:
    for name in names:
        found = value.get(name)
        if found is None:
            continue
        if isinstance(found, str | int | float) and not isinstance(found, bool):
            return str(found)
        raise InvalidRecord(f"{name} must be a string")
    if required:
        raise InvalidRecord(f"missing {names[0]}")
    return ""


def _strings(value: dict[str, Any], name: str) -> tuple[str, ...]:
    found = value.get(name)
    if found is None or found == "":
        return ()
    if isinstance(found, str):
        return tuple(part.strip() for part in found.replace("，", ",").split(",") if part.strip())
    if isinstance(found, list) and all(isinstance(item, str) for item in found):
        return tuple(found)
    raise InvalidRecord(f"{name} must be a list of strings")


def _flag(value: dict[str, Any], name: str) -> bool:
    found = value.get(name, False)
    if found in (None, ""):
        return False
    if isinstance(found, bool) or found in (0, 1):
        return bool(found)
    raise InvalidRecord(f"{name} must be true or false")


def _choice(value: dict[str, Any], name: str, allowed: tuple[str, ...]) -> str | None:
    found = _text(value, name)
    if found and found not in allowed:
        raise InvalidRecord(f"{name} must be one of {', '.join(allowed)}, not {found!r}")
    return found or None


def scene_from_json(value: dict[str, Any]) -> SceneDoc:
    """A scene line; ``scene_id`` is taken for ``id`` (the synthetic city's files use it)."""
    description = _text(value, "description")
    if not description:
        description = "\n".join(_text(value, f) for f in SCENE_TEXT_FIELDS if value.get(f))
    return SceneDoc(
        id=_text(value, "id", "scene_id", required=True),
        title=_text(value, "title", required=True),
        description=description,
        domain=_text(value, "domain") or None,
        department=_text(value, "department") or None,
        stage_preference=_choice(value, "stage_preference", STAGE_PREFERENCES) or "any",
        wanted_segments=_strings(value, "wanted_segments"),
        on_premise=_flag(value, "on_premise"),
        security_vetting=_flag(value, "security_vetting"),
        district=_text(value, "district") or None,
    )


def firm_from_json(value: dict[str, Any]) -> FirmDoc:
    """A firm line; ``firm_id`` is taken for ``id``."""
    pilots = value.get("pilots", 0) or 0
    if not isinstance(pilots, int) or isinstance(pilots, bool) or pilots < 0:
        raise InvalidRecord("pilots must be a whole number ≥ 0")
    return FirmDoc(
        id=_text(value, "id", "firm_id", required=True),
        name=_text(value, "name", required=True),
        description=_text(value, "description"),
        district=_text(value, "district") or None,
        stage=_choice(value, "stage", STAGES),
        tags=_strings(value, "tags"),
        segments=_strings(value, "segments"),
        vetted=_flag(value, "vetted"),
        pilots=pilots,
    )


def unique(items: Iterable[T], key: Callable[[T], str], kind: str) -> tuple[list[T], list[str]]:
    """The first item of each id, and a warning for each repeat."""
    seen: set[str] = set()
    kept: list[T] = []
    warnings: list[str] = []
    for item in items:
        if key(item) in seen:
            warnings.append(f"{kind} {key(item)!r} appears again; the first one is used")
        else:
            seen.add(key(item))
            kept.append(item)
    return kept, warnings


def ranking_line(scene: SceneDoc, matches: list[Match], lang: str) -> str:
    """One output line: the scene's id and its ranked firms with readable reasons."""
    gettext = Translator(LANGUAGES[lang]).gettext
    ranking = [
        {
            "firm_id": match.id,
            "score": match.score,
            "reasons": [render_reason(r, LANGUAGES[lang], gettext) for r in match.reasons],
            "components": match.components,
        }
        for match in matches
    ]
    return json.dumps({"scene_id": scene.id, "ranking": ranking}, ensure_ascii=False)


def rank_all(
    scenes: list[SceneDoc],
    index: Index[FirmDoc],
    top: int,
    lang: str,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Iterator[str]:
    """The output lines, in the scenes' order."""
    for scene in scenes:
        matches = rank_firms_for_scene(scene, index, top=top, weights=weights)
        yield ranking_line(scene, matches, lang)
