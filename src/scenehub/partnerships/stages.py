"""The partnership stages: which may follow which, who may move them, and the pilot's
rules — evaluation grade, KPIs met, procurement methods, publishable parts (pure).

agreed → pilot → demonstration → scale → catalogue_nominated → catalogue_listed, or
terminated (with a reason) from any stage before the listing. The scene's department
("owner") and the centre ("centre") move a partnership; nominating and listing it in the
national catalogue are the centre's; the firm ("firm") reads it and moves nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from statistics import fmean

from scenehub.fields import is_visible
from scenehub.i18n import N_, Term

STAGES: tuple[str, ...] = (
    "agreed",
    "pilot",
    "demonstration",
    "scale",
    "catalogue_nominated",
    "catalogue_listed",
    "terminated",
)
STAGE_LABELS: dict[str, str] = {
    "agreed": N_("Agreed"),
    "pilot": N_("Pilot"),
    "demonstration": N_("Demonstration"),
    "scale": N_("Scale-up"),
    "catalogue_nominated": N_("Nominated to the catalogue"),
    "catalogue_listed": N_("Listed in the catalogue"),
    "terminated": N_("Terminated"),
}


def stage_term(stage: str) -> Term:
    """A stage as a refusal names it, in the reader's language."""
    return Term(STAGE_LABELS.get(stage, stage))


PARTIES = ("owner", "centre", "firm")
_BOTH = frozenset({"owner", "centre"})
_CENTRE = frozenset({"centre"})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("agreed", "pilot"): _BOTH,
    ("pilot", "demonstration"): _BOTH,
    ("demonstration", "scale"): _BOTH,
    ("scale", "catalogue_nominated"): _CENTRE,
    ("catalogue_nominated", "catalogue_listed"): _CENTRE,
    **{(stage, "terminated"): _BOTH for stage in STAGES[:5]},
}
# A partnership ended early must say why (the firm and the department read it).
NEEDS_REASON = frozenset(move for move in TRANSITIONS if move[1] == "terminated")
# A contract records the procurement that follows the pilot.
CONTRACT_STAGES = ("pilot", "demonstration", "scale", "catalogue_nominated", "catalogue_listed")
# A pilot is completed once the partnership went on to demonstration (or further).
COMPLETED_PILOT_STAGES = ("demonstration", "scale", "catalogue_nominated", "catalogue_listed")


def next_stages(stage: str, party: str) -> list[str]:
    """The stages ``party`` may move a partnership in ``stage`` to, in lifecycle order."""
    return [to for (frm, to), who in TRANSITIONS.items() if frm == stage and party in who]


def check_transition(stage: str, to: str, party: str, reason: str) -> str | None:
    """Why the move is refused (an English message id), or None when it is allowed."""
    allowed = TRANSITIONS.get((stage, to))
    if allowed is None:
        return N_("a partnership cannot go from %(from)s to %(to)s")
    if party == "firm":
        return N_("the firm cannot move a partnership's stage")
    if party not in allowed:
        return N_("only the centre can move a partnership from %(from)s to %(to)s")
    if (stage, to) in NEEDS_REASON and not is_visible(reason):
        return N_("terminating a partnership needs a reason")
    return None


def check_contract(stage: str) -> str | None:
    """Why a contract cannot be recorded at ``stage``, or None."""
    if stage in CONTRACT_STAGES:
        return None
    return N_("a contract is recorded from the pilot onwards; this partnership is %(stage)s")


def check_evaluation(stage: str) -> str | None:
    """Why the pilot cannot be evaluated at ``stage`` (it has not started), or None."""
    if stage in CONTRACT_STAGES:
        return None
    return N_("a pilot is evaluated once it has started; this partnership is %(stage)s")


def check_editable(stage: str) -> str | None:
    """Why the pilot's records cannot change at ``stage`` (a terminated partnership is
    kept as it ended), or None."""
    if stage == "terminated":
        return N_("this partnership is terminated; its records no longer change")
    return None


# --- the department's evaluation -------------------------------------------------------------

RUBRIC: dict[str, str] = {
    "effectiveness": N_("Effectiveness against the scene's problem"),
    "reliability": N_("Reliability in operation"),
    "compliance": N_("Data security and compliance"),
    "cost": N_("Cost and value for money"),
    "users": N_("Satisfaction of frontline users"),
}
SCORE_RANGE = (1, 5)
# Lowest mean score (1–5) for each grade, best first.
GRADE_FLOORS: tuple[tuple[str, float], ...] = (("A", 4.5), ("B", 3.5), ("C", 2.5), ("D", 0.0))
GRADE_LABELS: dict[str, str] = {
    "A": N_("A — excellent"),
    "B": N_("B — good"),
    "C": N_("C — acceptable"),
    "D": N_("D — not acceptable"),
}


def check_rubric(scores: Mapping[str, int]) -> str | None:
    """Why a rubric is refused (every criterion scored 1–5, no others), or None."""
    if set(scores) != set(RUBRIC):
        return N_("score every criterion of the rubric and no others: %(names)s")
    low, high = SCORE_RANGE
    if any(not low <= value <= high for value in scores.values()):
        return N_("each criterion is scored from 1 to 5")
    return None


def grade(scores: Mapping[str, int]) -> str:
    """The grade A–D of a rubric: its mean score against ``GRADE_FLOORS``."""
    mean = fmean(scores.values()) if scores else 0.0
    return next(letter for letter, floor in GRADE_FLOORS if mean >= floor)


def rubric_from_score(score: float) -> dict[str, int]:
    """A 0–100 score of the history as one "overall" criterion of 1–5 (halves round up)."""
    return {"overall": min(5, max(1, int(score / 20 + 0.5)))}


def kpi_met(target: float | None, actual: float | None, higher_is_better: bool) -> bool | None:
    """Whether the actual value reaches the target (None while either is unknown)."""
    if target is None or actual is None:
        return None
    return actual >= target if higher_is_better else actual <= target


# --- the contract and what is published ------------------------------------------------------

PROCUREMENT_METHODS: dict[str, str] = {
    "public_tender": N_("Public tender"),
    "invited_tender": N_("Invited tender"),
    "competitive_negotiation": N_("Competitive negotiation"),
    "competitive_consultation": N_("Competitive consultation"),
    "single_source": N_("Single-source procurement"),
    "request_for_quotation": N_("Request for quotation"),
    "framework_agreement": N_("Framework agreement"),
}
PUBLISHABLE_PARTS: dict[str, str] = {
    "stage": N_("Stage"),
    "pilot": N_("Pilot summary"),
    "milestones": N_("Milestones"),
    "kpis": N_("KPIs"),
    "evaluation": N_("Evaluation"),
    "contract": N_("Contract"),
}


def yuan_text(fen: int) -> str:
    """An amount in fen written in yuan with two decimals and thousands separators."""
    return f"{fen // 100:,}.{fen % 100:02d}"
