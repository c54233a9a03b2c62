"""The review of proposals (揭榜): phases, the scoring rubric and the total (pure).

submitted → screening → shortlisted → selected. A department may reject at any phase before
selection, always with a reason the firm reads; the firm may withdraw before selection.
Selecting one proposal partners the scene; the other open proposals are then rejected with
the reason "another proposal was selected".
"""

from __future__ import annotations

from dataclasses import dataclass

from scenehub.i18n import N_

STATUS_LABELS: dict[str, str] = {
    "submitted": N_("Submitted"),
    "screening": N_("Passed screening"),
    "shortlisted": N_("Shortlisted"),
    "selected": N_("Selected"),
    "rejected": N_("Not selected"),
    "withdrawn": N_("Withdrawn"),
}
PHASES = ("submitted", "screening", "shortlisted", "selected")
OPEN = ("submitted", "screening", "shortlisted")


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: float  # share of the total; the weights add up to 1


# The rubric a department scores shortlisted proposals with (each criterion 0–10).
RUBRIC: tuple[Criterion, ...] = (
    Criterion("fit", N_("Technical fit to the scene"), 0.35),
    Criterion("feasibility", N_("Feasibility of the plan and timeline"), 0.25),
    Criterion("track_record", N_("Track record and references"), 0.2),
    Criterion("cost", N_("Cost and value"), 0.1),
    Criterion("compliance", N_("Data security and compliance"), 0.1),
)
MAX_SCORE = 10


def next_phase(status: str) -> str | None:
    """The phase after ``status`` (None when the proposal is not open)."""
    if status not in OPEN:
        return None
    return PHASES[PHASES.index(status) + 1]


def check_advance(status: str, to: str, scores: dict[str, float]) -> str | None:
    """Why advancing is refused (message id), or None. Selecting needs a full rubric."""
    if status not in OPEN:
        return N_("this proposal is %(status)s and cannot move on")
    if to != next_phase(status):
        return N_("a proposal goes from %(status)s to %(next)s, not to %(to)s")
    if to == "selected" and set(scores) != {c.key for c in RUBRIC}:
        return N_("score every criterion of the rubric before selecting")
    return None


def check_scores(scores: dict[str, float]) -> str | None:
    unknown = set(scores) - {c.key for c in RUBRIC}
    if unknown:
        return N_("unknown rubric criteria: %(names)s")
    if any(not 0 <= v <= MAX_SCORE for v in scores.values()):
        return N_("each criterion is scored from 0 to 10")
    return None


def total_score(scores: dict[str, float]) -> float | None:
    """The weighted total on a 0–100 scale, or None until every criterion is scored."""
    if set(scores) != {c.key for c in RUBRIC}:
        return None
    return round(sum(c.weight * scores[c.key] for c in RUBRIC) * 100 / MAX_SCORE, 1)
