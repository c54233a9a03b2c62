"""Use cases of the E-Station: financing products and applications."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.estation.models import FinancingApplication, FinancingProduct
from scenehub.estation.schemas import ApplicationImport, ProductImport, ProductRead, StatusCount
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.work import WorkRecord


def import_product(session: Session, actor: Actor, body: ProductImport) -> ProductRead:
    authorize(actor, "estation.manage")
    existing = session.scalar(select(FinancingProduct).where(FinancingProduct.code == body.code))
    if existing is not None:
        return ProductRead.model_validate(existing)
    product = FinancingProduct(**body.model_dump())
    session.add(product)
    session.flush()
    audit.record(
        session,
        actor,
        "estation.product_import",
        resource_type="financing_product",
        resource_id=product.code,
        subject_org_id=product.provider_org_id,
    )
    return ProductRead.model_validate(product)


def import_application(session: Session, actor: Actor, body: ApplicationImport) -> None:
    authorize(actor, "estation.manage")
    if (
        session.scalar(
            select(FinancingApplication.id).where(FinancingApplication.code == body.code)
        )
        is not None
    ):
        return
    session.add(FinancingApplication(**body.model_dump()))
    session.flush()
    audit.record(
        session,
        actor,
        "estation.application_import",
        resource_type="financing_application",
        resource_id=body.code,
        subject_org_id=body.firm_org_id,
        details={"status": body.status},
    )


def list_products(session: Session, actor: Actor, kind: str | None = None) -> list[ProductRead]:
    """The products on offer (public: firms browse them before signing in)."""
    authorize(actor, "estation.read_products")
    query = select(FinancingProduct).order_by(FinancingProduct.kind, FinancingProduct.code)
    if kind:
        query = query.where(FinancingProduct.kind == kind)
    products = [ProductRead.model_validate(p) for p in session.scalars(query)]
    names = auth_service.org_names(session, {p.provider_org_id for p in products})
    return [
        p.model_copy(update={"provider_name": names.get(p.provider_org_id, "")}) for p in products
    ]


def application_counts(session: Session, actor: Actor) -> list[StatusCount]:
    authorize(actor, "estation.read_all_applications")
    rows = session.execute(
        select(FinancingApplication.status, func.count())
        .group_by(FinancingApplication.status)
        .order_by(FinancingApplication.status)
    )
    return [StatusCount(status=s, count=n) for s, n in rows]


def ids_by_code(session: Session) -> dict[str, int]:
    return {
        code: id_
        for code, id_ in session.execute(select(FinancingProduct.code, FinancingProduct.id))
    }


def work_record(session: Session) -> WorkRecord:
    """What the E-Station did, for the dashboard: the firms that applied for a product."""
    firms = session.scalars(select(FinancingApplication.firm_org_id).distinct())
    return WorkRecord(firms=frozenset(firms))
