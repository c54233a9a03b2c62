"""Readiness for the national scene catalogue: a partnership's evidence scored against the
centre's criteria, and the evidence still missing, in words a department officer acts on.

A criterion earns its weight when met; KPIs, compliance checks, time in operation and
deployments beyond the pilot site earn the share they have of what is needed (half the KPIs
needed earn half the weight), a pilot's completion and its grade are met or not. The score
is the weighted share earned (0–100); an item is ready when every required criterion is met
and the score reaches the pass mark. A centre sets its criteria in its city file's
``catalogue_readiness`` section (:func:`criteria_from_config`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from scenehub.errors import ConfigurationError
from scenehub.i18n import N_

GRADES = ("A", "B", "C", "D")  # best first
DEFAULT_PASS_MARK = 70.0

PILOT, KPIS, GRADE, SCALE, COMPLIANCE, OPERATION = (
    "pilot_completed",
    "kpis_met",
    "evaluation_grade",
    "scale_evidence",
    "compliance",
    "time_in_operation",
)
LABELS = {
    PILOT: N_("Pilot completed"),
    KPIS: N_("KPIs met"),
    GRADE: N_("Evaluation grade"),
    SCALE: N_("Scale evidence"),
    COMPLIANCE: N_("Compliance checks"),
    OPERATION: N_("Time in operation"),
}
# The compliance checks the platform knows by name; a city may require others (shown as
# the city file writes them).
COMPLIANCE_CHECKS = {
    "data_security_review": N_("data-security review"),
    "pi_impact_assessment": N_("personal-information impact assessment"),
    "procurement_compliance": N_("procurement compliance"),
}


@dataclass(frozen=True)
class Evidence:
    """What the records show about a partnership."""

    pilot_completed: bool
    kpis_met: int
    kpis_total: int
    grade: str | None  # the department's evaluation, "A" (best) … "D"; None before it
    sites_beyond_pilot: int
    contracted: bool
    compliance: Mapping[str, bool]  # check → passed
    months_in_operation: float


@dataclass(frozen=True)
class Criterion:
    """One criterion: which evidence (``key``, one of :data:`LABELS`), its weight, whether
    it is required, and the threshold of its kind."""

    key: str
    label: str  # English msgid
    weight: float
    required: bool = False
    min_share: float = 1.0  # kpis_met: the share of KPIs to meet
    min_grade: str = "B"  # evaluation_grade: this grade or better
    min_sites: int = 1  # scale_evidence: deployments beyond the pilot (or a contract)
    checks: tuple[str, ...] = ()  # compliance: the checks to pass
    min_months: float = 6.0  # time_in_operation

    def __post_init__(self) -> None:
        if self.key not in LABELS:
            raise ValueError(f"unknown readiness criterion {self.key!r}")


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion(PILOT, LABELS[PILOT], 20, required=True),
    Criterion(KPIS, LABELS[KPIS], 25, required=True, min_share=0.8),
    Criterion(GRADE, LABELS[GRADE], 20, required=True, min_grade="B"),
    Criterion(SCALE, LABELS[SCALE], 15, min_sites=1),
    Criterion(COMPLIANCE, LABELS[COMPLIANCE], 10, required=True, checks=tuple(COMPLIANCE_CHECKS)),
    Criterion(OPERATION, LABELS[OPERATION], 10, min_months=6),
)


@dataclass(frozen=True)
class Gap:
    """Evidence that is missing: ``message`` is an English msgid filled with ``params``;
    the params named in ``labels`` are msgids too (translate them before filling)."""

    criterion: str
    message: str
    params: Mapping[str, object] = field(default_factory=dict)
    labels: tuple[str, ...] = ()

    def text(self, translate: Callable[[str], str]) -> str:
        """The gap in the reader's language."""
        params = {k: translate(str(v)) if k in self.labels else v for k, v in self.params.items()}
        return translate(self.message) % params


@dataclass(frozen=True)
class Readiness:
    score: float  # 0–100
    ready: bool
    met: tuple[str, ...]  # keys of the criteria met
    gaps: tuple[Gap, ...]
    pass_mark: float = DEFAULT_PASS_MARK


@dataclass(frozen=True)
class _Result:
    credit: float  # 0–1 of the criterion's weight
    gaps: tuple[Gap, ...]


def assess(
    evidence: Evidence,
    criteria: Sequence[Criterion] = DEFAULT_CRITERIA,
    pass_mark: float = DEFAULT_PASS_MARK,
) -> Readiness:
    """The readiness of ``evidence`` against ``criteria``."""
    results = [(c, _ASSESSORS[c.key](evidence, c)) for c in criteria]
    total = sum(c.weight for c in criteria)
    earned = sum(c.weight * r.credit for c, r in results)
    score = round(100 * earned / total, 1) if total else 0.0
    met = tuple(c.key for c, r in results if not r.gaps)
    required_met = all(not r.gaps for c, r in results if c.required)
    return Readiness(
        score=score,
        ready=required_met and score >= pass_mark,
        met=met,
        gaps=tuple(g for _, r in results for g in r.gaps),
        pass_mark=pass_mark,
    )


def _pilot(evidence: Evidence, criterion: Criterion) -> _Result:
    if evidence.pilot_completed:
        return _Result(1.0, ())
    return _Result(
        0.0,
        (
            Gap(
                criterion.key,
                N_(
                    "The pilot is not completed: "
                    "record its completion once the department signs it off."
                ),
            ),
        ),
    )


def _kpis(evidence: Evidence, criterion: Criterion) -> _Result:
    if evidence.kpis_total <= 0:
        message = N_("No KPIs are recorded: add the pilot's KPIs with baseline, target and actual.")
        return _Result(0.0, (Gap(criterion.key, message),))
    needed = _ceil(criterion.min_share * evidence.kpis_total)
    credit = min(1.0, evidence.kpis_met / needed) if needed else 1.0
    if evidence.kpis_met >= needed:
        return _Result(1.0, ())
    params = {"met": evidence.kpis_met, "total": evidence.kpis_total, "needed": needed}
    message = N_("%(met)s of %(total)s KPIs met; at least %(needed)s must be met.")
    return _Result(credit, (Gap(criterion.key, message, params),))


def _grade(evidence: Evidence, criterion: Criterion) -> _Result:
    grade = (evidence.grade or "").strip().upper()
    if grade in GRADES and GRADES.index(grade) <= GRADES.index(criterion.min_grade):
        return _Result(1.0, ())
    if grade not in GRADES:
        message = N_(
            "The pilot has no evaluation yet: "
            "the department's grade of %(min_grade)s or better is needed."
        )
        return _Result(0.0, (Gap(criterion.key, message, {"min_grade": criterion.min_grade}),))
    params = {"grade": grade, "min_grade": criterion.min_grade}
    message = N_("The evaluation grade is %(grade)s; %(min_grade)s or better is needed.")
    return _Result(0.0, (Gap(criterion.key, message, params),))


def _scale(evidence: Evidence, criterion: Criterion) -> _Result:
    if evidence.contracted or evidence.sites_beyond_pilot >= criterion.min_sites:
        return _Result(1.0, ())
    params = {"sites": evidence.sites_beyond_pilot, "min_sites": criterion.min_sites}
    message = N_(
        "Deployed at %(sites)s sites beyond the pilot and no procurement contract: "
        "%(min_sites)s sites beyond the pilot, or a contract, are needed."
    )
    credit = max(0, evidence.sites_beyond_pilot) / criterion.min_sites
    return _Result(credit, (Gap(criterion.key, message, params),))


def _compliance(evidence: Evidence, criterion: Criterion) -> _Result:
    missing = [c for c in criterion.checks if not evidence.compliance.get(c, False)]
    gaps = tuple(
        Gap(
            criterion.key,
            N_("The compliance check “%(check)s” is not passed yet."),
            {"check": COMPLIANCE_CHECKS.get(check, check)},
            labels=("check",) if check in COMPLIANCE_CHECKS else (),
        )
        for check in missing
    )
    if not criterion.checks:
        return _Result(1.0, ())
    return _Result(1 - len(missing) / len(criterion.checks), gaps)


def _operation(evidence: Evidence, criterion: Criterion) -> _Result:
    months = max(0.0, evidence.months_in_operation)
    if months >= criterion.min_months:
        return _Result(1.0, ())
    params = {"months": f"{months:g}", "min_months": f"{criterion.min_months:g}"}
    message = N_("In operation for %(months)s months; %(min_months)s months are needed.")
    return _Result(months / criterion.min_months, (Gap(criterion.key, message, params),))


def _ceil(value: float) -> int:
    whole = int(value)
    return whole if whole >= value - 1e-9 else whole + 1


_ASSESSORS: dict[str, Callable[[Evidence, Criterion], _Result]] = {
    PILOT: _pilot,
    KPIS: _kpis,
    GRADE: _grade,
    SCALE: _scale,
    COMPLIANCE: _compliance,
    OPERATION: _operation,
}
OPTIONS = {
    PILOT: set(),
    KPIS: {"min_share"},
    GRADE: {"min_grade"},
    SCALE: {"min_sites"},
    COMPLIANCE: {"checks"},
    OPERATION: {"min_months"},
}


def criteria_from_config(data: Mapping[str, object]) -> tuple[tuple[Criterion, ...], float]:
    """The criteria and pass mark of a city file's ``catalogue_readiness`` section:
    ``{pass_mark: 70, criteria: {kpis_met: {weight: 25, required: true, min_share: 0.8},
    …}}``. Listed criteria are the ones assessed, each starting from its default; without
    ``criteria`` the defaults apply. A mistake names the entry (ConfigurationError)."""
    unknown = set(data) - {"pass_mark", "criteria"}
    if unknown:
        raise ConfigurationError(f"catalogue_readiness: unknown entries {sorted(unknown)}")
    pass_mark = _number(data.get("pass_mark", DEFAULT_PASS_MARK), "pass_mark", 0, 100)
    raw = data.get("criteria")
    if raw is None:
        return DEFAULT_CRITERIA, pass_mark
    if not isinstance(raw, Mapping) or not raw:
        raise ConfigurationError("catalogue_readiness.criteria: expected a mapping of criteria")
    criteria = tuple(_criterion(str(key), entry) for key, entry in raw.items())
    if sum(c.weight for c in criteria) <= 0:
        raise ConfigurationError("catalogue_readiness.criteria: the weights add up to 0")
    return criteria, pass_mark


def _criterion(key: str, entry: object) -> Criterion:
    where = f"catalogue_readiness.criteria.{key}"
    default = next((c for c in DEFAULT_CRITERIA if c.key == key), None)
    if default is None:
        raise ConfigurationError(f"{where}: unknown criterion (known: {', '.join(LABELS)})")
    entry = {} if entry is None else entry
    if not isinstance(entry, Mapping):
        raise ConfigurationError(f"{where}: expected a mapping of settings")
    unknown = set(entry) - {"weight", "required"} - OPTIONS[key]
    if unknown:
        raise ConfigurationError(f"{where}: unknown settings {sorted(unknown)}")
    changes: dict[str, Any] = {}
    if "weight" in entry:
        changes["weight"] = _number(entry["weight"], f"{where}.weight", 0, None)
    if "required" in entry:
        if not isinstance(entry["required"], bool):
            raise ConfigurationError(f"{where}.required: expected true or false")
        changes["required"] = entry["required"]
    changes.update(_thresholds(where, entry))
    return replace(default, **changes)


def _thresholds(where: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if "min_share" in entry:
        changes["min_share"] = _number(entry["min_share"], f"{where}.min_share", 0, 1)
    if "min_grade" in entry:
        grade = str(entry["min_grade"]).strip().upper()
        if grade not in GRADES:
            raise ConfigurationError(f"{where}.min_grade: expected one of {', '.join(GRADES)}")
        changes["min_grade"] = grade
    if "min_sites" in entry:
        sites = entry["min_sites"]
        if isinstance(sites, bool) or not isinstance(sites, int) or sites < 1:
            raise ConfigurationError(f"{where}.min_sites: expected a whole number of 1 or more")
        changes["min_sites"] = sites
    if "min_months" in entry:
        changes["min_months"] = _number(entry["min_months"], f"{where}.min_months", 0, None)
    if "checks" in entry:
        checks = entry["checks"]
        if (
            not isinstance(checks, list)
            or not checks
            or not all(isinstance(c, str) and c.strip() for c in checks)
        ):
            raise ConfigurationError(f"{where}.checks: expected a list of check names")
        changes["checks"] = tuple(c.strip() for c in checks)
    return changes


def _number(value: object, where: str, low: float, high: float | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(f"{where}: expected a number, got {value!r}")
    if value < low or (high is not None and value > high):
        wanted = f"from {low:g} to {high:g}" if high is not None else f"of {low:g} or more"
        raise ConfigurationError(f"{where}: expected a number {wanted}, got {value}")
    return float(value)
