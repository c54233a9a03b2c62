"""Boundary models of the E-Station."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from scenehub.errors import ValidationFailed
from scenehub.estation.kinds import DATA_FIELDS, KIND_LABELS
from scenehub.estation.lifecycle import STATUS_LABELS
from scenehub.fields import Id, Name, RequestBody, listed
from scenehub.i18n import N_


class ProductImport(BaseModel):
    """A product as a provider's sheet (or the synthetic city) gives it, already published."""

    code: str = Field(min_length=1, max_length=20)
    provider_org_id: int
    name: Annotated[Name, Field(max_length=200)]
    kind: str = Field(pattern=f"^({'|'.join(KIND_LABELS)})$")
    min_10k: int = Field(ge=0)
    max_10k: int = Field(ge=0)
    rate_note: str = ""
    description: str = ""
    term_months: int | None = None
    documents: list[str] = Field(default_factory=list)
    data_fields: list[str] = Field(default_factory=list)
    rules: dict[str, Any] = Field(default_factory=lambda: {"all": []})


Document = Annotated[Name, Field(max_length=200)]
DataField = Annotated[str, listed(DATA_FIELDS)]


class ProductDraft(RequestBody):
    """What a provider writes: a new product, or its changed terms and rules."""

    name: Annotated[Name, Field(max_length=200)]
    kind: Annotated[str, listed(KIND_LABELS)]
    description: str = Field(default="", max_length=5000)
    min_10k: int = Field(ge=0, le=1_000_000)
    max_10k: int = Field(ge=0, le=1_000_000, description="at least min_10k")
    rate_note: str = Field(default="", max_length=200)
    term_months: int | None = Field(default=None, ge=1, le=600)
    documents: list[Document] = Field(default_factory=list, max_length=30)
    data_fields: list[DataField] = Field(default_factory=list, max_length=len(DATA_FIELDS))
    rules: dict[str, Any] = Field(
        default_factory=lambda: {"all": []},
        description="the eligibility RULE (docs/estation.md): {all: [RULE…]}, {any: [RULE…]}, "
        "{not: RULE} or {field, op, value}; an unknown field or operator is refused (422), "
        "naming the rule's path",
    )
    note: str = Field(default="", max_length=500, description="why, kept with the new version")
    # The centre writes for a provider that is not a financier and may name it; a financier
    # writes for itself.
    provider_org_id: Id | None = Field(
        default=None,
        description="the provider: the centre's operators may name one that is not a "
        "financier (default: the centre); ignored when a financier writes",
    )

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KIND_LABELS:
            raise ValueError(f"unknown kind {value!r}; one of {', '.join(KIND_LABELS)}")
        return value

    @field_validator("data_fields")
    @classmethod
    def _known_data_fields(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in DATA_FIELDS]
        if unknown:
            raise ValueError(f"unknown data field {unknown[0]!r}; one of {', '.join(DATA_FIELDS)}")
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _amounts_in_order(self) -> ProductDraft:
        if self.min_10k > self.max_10k:
            raise ValueError("min_10k is above max_10k")
        return self


class ProductMove(RequestBody):
    to: Annotated[str, listed(STATUS_LABELS)]
    note: str = Field(default="", max_length=500)

    @field_validator("to")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in STATUS_LABELS:
            raise ValueError(f"unknown status {value!r}; one of {', '.join(STATUS_LABELS)}")
        return value


class ProductRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    provider_org_id: int
    provider_name: str = ""
    name: str
    kind: str
    description: str
    min_10k: int
    max_10k: int
    rate_note: str
    term_months: int | None
    documents: list[str]
    data_fields: list[str]
    rules: dict[str, Any]
    status: str
    suspended_by_centre: bool
    updated_at: datetime


class VersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    snapshot: dict[str, Any]
    author: str
    note: str
    at: datetime


class FieldChangeRead(BaseModel):
    field: str
    before: Any
    after: Any


class ApplicationImport(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    product_id: int
    firm_org_id: int
    submitted_on: date
    status: str = Field(pattern=r"^(pending|approved|rejected)$")
    amount_10k: int = Field(ge=0)
    consent_fields: list[str] = Field(default_factory=list)


class StatusCount(BaseModel):
    status: str
    count: int


class ProductForm(RequestBody):
    """The product form of the pages: documents one a line, the rules as YAML text."""

    name: str = Field(max_length=200)
    kind: str = Field(max_length=30)
    description: str = Field(default="", max_length=5000)
    min_10k: int = Field(ge=0, le=1_000_000)
    max_10k: int = Field(ge=0, le=1_000_000)
    rate_note: str = Field(default="", max_length=200)
    term_months: int | None = Field(default=None, ge=1, le=600)
    documents: str = Field(default="", max_length=6000)
    data_fields: list[str] = Field(default_factory=list, max_length=len(DATA_FIELDS))
    rules: str = Field(default="all: []", max_length=20_000)
    note: str = Field(default="", max_length=500)
    provider_org_id: Id | None = None

    @field_validator("rules")
    @classmethod
    def _yaml(cls, value: str) -> str:
        loaded = _yaml_rules(value)
        if not isinstance(loaded, dict):
            raise ValueError("the rules must be a YAML mapping, e.g. all: [...]")
        return value

    def draft(self) -> ProductDraft:
        """The product this form describes (checked like an API body)."""
        documents = [line.strip() for line in self.documents.splitlines() if line.strip()]
        fields = {**self.model_dump(), "documents": documents, "rules": _yaml_rules(self.rules)}
        try:
            return ProductDraft.model_validate(fields)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "product"
            raise ValidationFailed(
                N_("%(field)s: %(problem)s"),
                params={"field": where, "problem": first["msg"]},
                details={"problems": [{"loc": [where], "msg": first["msg"]}]},
            ) from error


def _yaml_rules(text: str) -> Any:
    try:
        return yaml.safe_load(text) if text.strip() else {"all": []}
    except yaml.YAMLError as error:
        raise ValueError(f"the rules are not YAML: {error}") from error


def rules_yaml(rules: dict[str, Any]) -> str:
    """A RULE as the form's YAML: groups in block style, each condition on one line."""
    return yaml.safe_dump(rules, allow_unicode=True, sort_keys=False, default_flow_style=None)


# --- a firm's eligibility (the contract's line of ``scenehub estation check``, and more) ---


class RuleResultRead(BaseModel):
    rule: str = Field(description="the condition as people read it, e.g. headcount >= 10")
    result: str = Field(description="pass, fail or unknown")
    reason: str = Field(description="the condition explained in the reader's language")
    value: Any = Field(default=None, description="the fact used (null: not known)")
    source: str = Field(default="", description="where the fact came from")


class ProductEligibilityRead(BaseModel):
    code: str
    name: str
    kind: str
    provider_name: str
    min_10k: int
    max_10k: int
    eligible: bool | None = Field(description="true, false, or null: unknown")
    rules: list[RuleResultRead]
    missing: list[str] = Field(description="the facts not known that the unknown conditions read")


class PackageLineRead(BaseModel):
    code: str
    amount_10k: int
    kind: str
    name: str
    reason: str


class LeftOutRead(BaseModel):
    code: str
    reason: str


class FactRead(BaseModel):
    field: str
    label: str
    value: Any = Field(description="null: not known")
    source: str = Field(description="where it came from, or why it is not known")


class UnlockedProductRead(BaseModel):
    code: str
    name: str
    kind: str
    reasons: list[str]


class UnlockRead(BaseModel):
    trigger: str = Field(description="scene_won or pilot_completed")
    reference: str = Field(description="the proposal's id or the partnership's code")
    scene_code: str
    at: datetime
    seen: bool
    heading: str
    products: list[UnlockedProductRead]


class EligibilityRead(BaseModel):
    """A firm's line as ``scenehub estation check`` writes it (firm_id, products, package),
    with the products' terms, the package's reasons, the facts and the unlocks."""

    firm_id: int
    firm_name: str
    products: list[ProductEligibilityRead]
    package: list[PackageLineRead]
    package_stage: str
    package_note: str
    package_total_10k: int
    left_out: list[LeftOutRead]
    facts: list[FactRead]
    unlocks: list[UnlockRead]
