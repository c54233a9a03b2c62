"""Who should meet whom at a salon, and how much it matters (pure).

A firm says which linked scenes (so their departments) and which departments it wants to
meet; a department says which firms it wants. A pair is requested when at least one side
wants it: its weight is the mutual interest (1 when one side wants it, 2 when both do) times
the firm's best match score for the department's linked scenes, floored at ``MIN_SCORE`` so
that a firm the operator added by hand, without a score, still counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

# The least score a pair counts with: weights must be above zero.
MIN_SCORE = 0.05


@dataclass(frozen=True)
class FirmWish:
    org_id: int
    scene_ids: frozenset[int]
    department_ids: frozenset[int]
    scene_scores: Mapping[int, float]  # the firm's match score for each linked scene


@dataclass(frozen=True)
class DepartmentWish:
    org_id: int
    firm_ids: frozenset[int]
    scene_ids: tuple[int, ...]  # the department's linked scenes, in the salon's order


@dataclass(frozen=True)
class PairRequest:
    firm: int
    department: int
    interest: int  # 1 or 2 sides want the meeting
    score: float
    weight: float
    scene_id: int  # the scene the meeting is about


def pair_requests(
    firms: Iterable[FirmWish],
    departments: Sequence[DepartmentWish],
    *,
    pinned: frozenset[tuple[int, int]] = frozenset(),
    forbidden: frozenset[tuple[int, int]] = frozenset(),
) -> list[PairRequest]:
    """Every wanted (or pinned) and not forbidden pair, with its weight and scene."""
    requests = []
    for firm in firms:
        for department in departments:
            pair = (firm.org_id, department.org_id)
            if pair in forbidden or not department.scene_ids:
                continue
            interest = _interest(firm, department)
            if interest == 0 and pair in pinned:
                interest = 1  # the operator's pin stands for the interest
            if interest == 0:
                continue
            score = max(MIN_SCORE, _best_score(firm, department.scene_ids))
            requests.append(
                PairRequest(
                    firm=firm.org_id,
                    department=department.org_id,
                    interest=interest,
                    score=score,
                    weight=round(interest * score, 6),
                    scene_id=meeting_scene(firm, department.scene_ids),
                )
            )
    return requests


def _interest(firm: FirmWish, department: DepartmentWish) -> int:
    firm_wants = department.org_id in firm.department_ids or bool(
        firm.scene_ids.intersection(department.scene_ids)
    )
    return int(firm_wants) + int(firm.org_id in department.firm_ids)


def _best_score(firm: FirmWish, scene_ids: Sequence[int]) -> float:
    return max((firm.scene_scores.get(s, 0.0) for s in scene_ids), default=0.0)


def meeting_scene(firm: FirmWish, scene_ids: Sequence[int]) -> int:
    """The scene a firm meets a department about: one it asked for, else its best match,
    else the department's first."""
    for scene_id in scene_ids:
        if scene_id in firm.scene_ids:
            return scene_id
    return max(scene_ids, key=lambda s: (firm.scene_scores.get(s, 0.0), -scene_ids.index(s)))


@dataclass(frozen=True)
class Cell:
    slot: int
    table: int
    meeting_id: int | None


def grid(slots: int, tables: int, placed: Iterable[tuple[int, int, int]]) -> list[list[Cell]]:
    """The schedule as rows of slots × columns of tables; ``placed`` holds (slot, table,
    meeting id); cells outside the grid are left out."""
    at = {(slot, table): meeting for slot, table, meeting in placed}
    return [[Cell(s, t, at.get((s, t))) for t in range(tables)] for s in range(slots)]


def slot_start(starts_at: datetime, slot: int, slot_minutes: int, break_minutes: int) -> datetime:
    """When ``slot`` starts: slots follow one another with a break between two."""
    return starts_at + timedelta(minutes=slot * (slot_minutes + break_minutes))


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def known_zone(name: str) -> ZoneInfo | None:
    """The IANA time zone ``name``, or None when none has that name (a folder of zones
    such as ``America``, or a file of the database that is no zone, is none)."""
    return ZoneInfo(name) if name in _zone_names() else None
