"""JSON routes of the E-Station: the product catalogue, and providers keeping products."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AfterValidator

from scenehub.estation import application_api, service
from scenehub.estation.facts import STAGES
from scenehub.estation.kinds import KIND_LABELS
from scenehub.estation.schemas import (
    FieldChangeRead,
    ProductDraft,
    ProductMove,
    ProductRead,
    VersionRead,
)
from scenehub.fields import listed
from scenehub.governance.policy import Actor
from scenehub.web.deps import MAX_ID, PublicActor, SessionDep, require

router = APIRouter(tags=["estation"])
KeeperActor = Annotated[Actor, require("estation.manage_products")]


def _one_of(values: Iterable[str]) -> AfterValidator:
    """A query's value checked against ``values`` (the document lists them as its enum)."""
    known = tuple(values)

    def check(value: str | None) -> str | None:
        if value is not None and value not in known:
            raise ValueError(f"unknown value {value!r}; one of {', '.join(known)}")
        return value

    return AfterValidator(check)


KindQuery = Annotated[str | None, Query(max_length=30), listed(KIND_LABELS), _one_of(KIND_LABELS)]
StageQuery = Annotated[str | None, Query(max_length=10), listed(STAGES), _one_of(STAGES)]
VersionQuery = Annotated[int, Query(ge=1, le=MAX_ID)]


@router.get("/estation/products")
def list_financing_products(
    actor: PublicActor,
    session: SessionDep,
    kind: KindQuery = None,
    provider: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    amount_10k: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
    stage: StageQuery = None,
) -> list[ProductRead]:
    return service.list_products(
        session, actor, kind=kind, provider_org_id=provider, amount_10k=amount_10k, stage=stage
    )


@router.post("/estation/products", status_code=201)
def create_product(body: ProductDraft, actor: KeeperActor, session: SessionDep) -> ProductRead:
    return service.create(session, actor, body)


@router.get("/my/estation/products")
def list_our_products(
    actor: Annotated[Actor, require("estation.read_own_products")], session: SessionDep
) -> list[ProductRead]:
    return service.list_own(session, actor)


@router.get("/estation/products/{code}")
def read_product(code: str, actor: PublicActor, session: SessionDep) -> ProductRead:
    return service.get_product(session, actor, code)


@router.put("/estation/products/{code}")
def update_product(
    code: str, body: ProductDraft, actor: KeeperActor, session: SessionDep
) -> ProductRead:
    return service.update(session, actor, code, body)


@router.post("/estation/products/{code}/status")
def move_product(
    code: str,
    body: ProductMove,
    actor: Annotated[Actor, require("estation.read_own_products")],
    session: SessionDep,
) -> ProductRead:
    return service.move(session, actor, code, body)


@router.get("/estation/products/{code}/versions")
def list_product_versions(code: str, actor: PublicActor, session: SessionDep) -> list[VersionRead]:
    return service.list_versions(session, actor, code)


@router.get("/estation/products/{code}/changes")
def product_changes(
    code: str,
    actor: PublicActor,
    session: SessionDep,
    before: VersionQuery,
    after: VersionQuery,
) -> list[FieldChangeRead]:
    changes = service.version_changes(session, actor, code, before, after)
    return [FieldChangeRead(field=c.field, before=c.before, after=c.after) for c in changes]


# Applications with consent have their own module; their routes hang off this router.
router.include_router(application_api.router)
