"""What releases take in and give back (pydantic, at the boundary)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

from scenehub.governance.releases import MAX_EPSILON, MIN_EPSILON

ReleaseKindKey = Literal[
    "industry.districts", "industry.segments", "industry.cohorts", "industry.detail"
]  # governance.releases.KINDS
MethodKey = Literal["disclosure_control", "differential_privacy"]


class ReleaseCreate(BaseModel):
    """An operator's release: which statistic, by which method, and ε for DP (the page's
    form; a combination KINDS does not allow is the service's 422 with its reason)."""

    kind: ReleaseKindKey
    method: MethodKey = "disclosure_control"
    epsilon: float | None = Field(default=None, ge=MIN_EPSILON, le=MAX_EPSILON)

    @field_validator("epsilon", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        # The page's form sends an empty field for a disclosure-controlled release.
        return None if value == "" else value


# The API's body says exactly which releases can be asked for, so that a well-formed request
# is one the centre can make (the contract test holds the API to its schema): a statistic
# with the methods governance.releases.KINDS allows it, and ε only for differential privacy.
class DisclosureControlled(BaseModel):
    """A release by disclosure control (the default method): no ε."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["industry.districts", "industry.segments", "industry.cohorts"]
    method: Literal["disclosure_control"] = "disclosure_control"


class DifferentiallyPrivate(BaseModel):
    """A differentially private release and the ε it spends of the period's budget."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["industry.districts", "industry.segments", "industry.detail"]
    method: Literal["differential_privacy"]
    epsilon: float = Field(ge=MIN_EPSILON, le=MAX_EPSILON)


def _method_of(body: Any) -> str | None:
    """The union's tag: a body's ``method`` (absent: disclosure control); None for what is no
    body at all (a list, a number), which pydantic then refuses as the wrong type."""
    if isinstance(body, dict):
        method = body.get("method", "disclosure_control")
    else:
        method = getattr(body, "method", None)
    return method if isinstance(method, str) else None


ReleaseRequest = Annotated[
    Annotated[DisclosureControlled, Tag("disclosure_control")]
    | Annotated[DifferentiallyPrivate, Tag("differential_privacy")],
    Discriminator(_method_of),
]


def as_release(body: DisclosureControlled | DifferentiallyPrivate) -> ReleaseCreate:
    """The API's body as the release the service makes (the page's form gives one directly)."""
    epsilon = body.epsilon if isinstance(body, DifferentiallyPrivate) else None
    return ReleaseCreate(kind=body.kind, method=body.method, epsilon=epsilon)


class BudgetRead(BaseModel):
    """A period's privacy budget: "ε 0.5 of this quarter's 2.0; 1.0 left"."""

    period: str
    total: float
    spent: float
    remaining: float
    releases: int


class ReleaseRead(BaseModel):
    id: int
    kind: str
    audience: str
    method: str
    epsilon: float | None
    noise_scale: float | None
    period: str
    budget_total: float | None
    budget_remaining: float | None  # left in the period after this release
    released_by: str
    released_at: datetime
    categories: list[list[str]]
    measures: list[str]
    cells: list[dict[str, Any]]  # {"row", "column", "measure", "value"}
    suppressed: int  # figures disclosure control hid
    noisy: bool  # "numbers include random noise"


class ReleaseSummary(BaseModel):
    id: int
    kind: str
    audience: str
    method: str
    epsilon: float | None
    period: str
    released_by: str
    released_at: datetime
