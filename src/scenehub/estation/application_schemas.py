"""Boundary models of E-Station applications: applying with consent, the provider's
decision, the firm's answer, and what each side reads."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scenehub.estation.application_lifecycle import STATUS_LABELS, STEPS
from scenehub.estation.kinds import DATA_FIELDS
from scenehub.fields import RequestBody, listed

DataField = Annotated[str, listed(DATA_FIELDS)]
PROVIDER_STEPS = tuple(step for step, (_, _, who) in STEPS.items() if who == "provider")


class ApplicationCreate(RequestBody):
    """A firm's application: the amount, a note, and its consent to share exactly the data
    fields the product names (``consent_fields``, as the consent screen showed them)."""

    product_code: str = Field(min_length=1, max_length=20)
    amount_10k: int = Field(ge=0, le=1_000_000, description="within the product's range")
    note: str = Field(default="", max_length=2000)
    consent: bool = Field(
        default=False,
        description="the firm consents to share the listed fields with the provider; "
        "an application without it is refused (422)",
    )
    consent_fields: list[DataField] = Field(
        default_factory=list,
        max_length=len(DATA_FIELDS),
        description="the product's data fields as the consent screen listed them; when the "
        "product asks for others now, the application is refused (409)",
    )

    @field_validator("consent_fields")
    @classmethod
    def _known_fields(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in DATA_FIELDS]
        if unknown:
            raise ValueError(f"unknown data field {unknown[0]!r}; one of {', '.join(DATA_FIELDS)}")
        return list(dict.fromkeys(value))


class ApplicationDecision(RequestBody):
    """The provider's step: approve (``granted_10k``, required), reject (``message``: the
    reason, required) or request information (``message``: what the firm should send,
    required); a step without what it needs is refused (422)."""

    step: Annotated[str, listed(PROVIDER_STEPS)]
    granted_10k: int | None = Field(
        default=None,
        ge=0,
        le=1_000_000,
        description="required to approve: within the product's range and at most the "
        "amount applied for (422 otherwise)",
    )
    message: str = Field(
        default="",
        max_length=5000,
        description="required to reject (the reason) and to request information (what "
        "is needed); a note to an approval",
    )

    @field_validator("step")
    @classmethod
    def _known_step(cls, value: str) -> str:
        if value not in PROVIDER_STEPS:
            raise ValueError(f"unknown step {value!r}; one of {', '.join(PROVIDER_STEPS)}")
        return value


class ApplicationAnswer(RequestBody):
    """The firm's answer to the provider's request for information."""

    message: str = Field(
        min_length=1, max_length=5000, description="what the provider asked for (not blank)"
    )

    @field_validator("message")
    @classmethod
    def _said_something(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the answer is empty")
        return value


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    step: str
    side: str
    author: str
    body: str
    at: datetime


class ApplicationRead(BaseModel):
    """An application as the firm and the provider see it (without the firm's data: that
    is ``ConsentedDataRead``, read on its own and audited)."""

    code: str
    product_code: str
    product_name: str
    product_kind: str
    provider_org_id: int
    provider_name: str
    firm_org_id: int
    firm_name: str
    status: Annotated[str, listed(STATUS_LABELS)]
    amount_10k: int
    granted_10k: int | None
    note: str
    decision_reason: str
    submitted_on: date
    consent_fields: list[str]
    consented_at: datetime | None
    product_version: int | None
    consent_withdrawn_at: datetime | None
    decided_at: datetime | None
    updated_at: datetime
    messages: list[MessageRead] = Field(default_factory=list)


class SharedValueRead(BaseModel):
    """One consented field as the provider receives it; ``held`` false: nothing is shared
    (``not_held`` says why)."""

    field: str
    label: str
    held: bool
    value: Any
    source: str
    not_held: str


class ConsentedDataRead(BaseModel):
    """The firm's consented fields, read at ``read_at`` (the read is in the firm's audit)."""

    application: str
    read_at: datetime
    fields: list[SharedValueRead]
    # The grant of the firm's consent the read happened under (governance/grants.py), when
    # it expires, and the consented fields this reader does not see (it holds no grant).
    grant: int | None = None
    expires_at: datetime | None = None
    masked: list[str] = []


class ConsentPreviewRead(BaseModel):
    """The consent screen: the product, its provider, the documents it asks for and the
    data it will receive, with the values that would be shared today."""

    product_code: str
    product_name: str
    provider_org_id: int
    provider_name: str
    min_10k: int
    max_10k: int
    documents: list[str]
    product_version: int | None
    fields: list[SharedValueRead]


class DataReadRead(BaseModel):
    """A provider's read of the firm's data through an application (from the audit)."""

    seq: int
    at: datetime
    reader: str
    reader_role: str
    reader_org_id: int | None
    reader_org: str
    application: str
    fields: list[str]
    purpose: str
