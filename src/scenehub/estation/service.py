"""Use cases of the E-Station: products kept by their providers (terms, eligibility rules,
versions, status) and firms' applications.

A product that is not published exists only for those who keep it (its financier, or the
centre): to everybody else it is not found (404).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.db import utcnow
from scenehub.errors import Conflict, NotFound, ValidationFailed
from scenehub.estation import lifecycle, version_service, versions
from scenehub.estation.models import FinancingApplication, FinancingProduct, ProductVersion
from scenehub.estation.products import fits_stage
from scenehub.estation.rules import Rule, RuleError, parse_rule
from scenehub.estation.schemas import (
    ApplicationImport,
    ProductDraft,
    ProductImport,
    ProductMove,
    ProductRead,
    StatusCount,
    VersionRead,
)
from scenehub.governance import audit, grant_service
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Allow, Resource, decide
from scenehub.i18n import N_
from scenehub.settings import get_settings
from scenehub.work import WorkRecord

CENTRE_ROLES = (Role.OPERATOR, Role.ADMIN)
# Who may provide a product the centre's staff write: not a firm, and not a financier
# (a financier writes its own).
CENTRE_PROVIDER_KINDS = (OrgKind.CENTRE, OrgKind.DEPARTMENT, OrgKind.INVESTOR)


class InvalidTransition(Conflict):
    code = "invalid_transition"


class InvalidRules(ValidationFailed):
    code = "invalid_rules"


# --- reading ------------------------------------------------------------------------------


def _product(session: Session, code: str) -> FinancingProduct:
    product = session.scalar(select(FinancingProduct).where(FinancingProduct.code == code))
    if product is None:
        raise NotFound(N_("product %(code)s not found"), params={"code": code})
    return product


def resource(session: Session, product: FinancingProduct | ProductRead) -> Resource:
    """What a product's policies need: its provider and the provider's kind."""
    kind = auth_service.org_kind(session, product.provider_org_id)
    return Resource("product", product.code, product.provider_org_id, owner_kind=kind)


def parties(
    session: Session, actor: Actor, product: FinancingProduct | ProductRead
) -> frozenset[str]:
    """What ``actor`` is to the product: "owner" (keeps it), "centre" (may suspend any)."""
    sides = set()
    if isinstance(decide(actor, "estation.manage_products", resource(session, product)), Allow):
        sides.add("owner")
    if actor.role in CENTRE_ROLES:
        sides.add("centre")
    return frozenset(sides)


def _visible(session: Session, actor: Actor, code: str) -> FinancingProduct:
    """A product the actor may read: a published one, or one it keeps or may suspend."""
    product = _product(session, code)
    if product.status in lifecycle.PUBLIC_STATUSES or parties(session, actor, product):
        return product
    raise NotFound(N_("product %(code)s not found"), params={"code": code})


def _reads(session: Session, rows: list[FinancingProduct]) -> list[ProductRead]:
    names = auth_service.org_names(session, {p.provider_org_id for p in rows})
    return [
        ProductRead.model_validate(p).model_copy(
            update={"provider_name": names.get(p.provider_org_id, "")}
        )
        for p in rows
    ]


def get_product(session: Session, actor: Actor, code: str) -> ProductRead:
    authorize(actor, "estation.read_products")
    return _reads(session, [_visible(session, actor, code)])[0]


def get_for_edit(session: Session, actor: Actor, code: str) -> ProductRead:
    """A product the actor keeps (403 for another's published product, 404 for a draft)."""
    product = _visible(session, actor, code)
    authorize(actor, "estation.manage_products", resource(session, product))
    return _reads(session, [product])[0]


def list_products(
    session: Session,
    actor: Actor,
    *,
    kind: str | None = None,
    provider_org_id: int | None = None,
    amount_10k: int | None = None,
    stage: str | None = None,
) -> list[ProductRead]:
    """The published products (public: firms browse them before signing in); ``amount_10k``
    within a product's range; ``stage``: the products whose rules ask for it or no stage."""
    authorize(actor, "estation.read_products")
    query = _ordered(select(FinancingProduct).where(FinancingProduct.status == "published"))
    if kind:
        query = query.where(FinancingProduct.kind == kind)
    if provider_org_id is not None:
        query = query.where(FinancingProduct.provider_org_id == provider_org_id)
    if amount_10k is not None:
        query = query.where(
            FinancingProduct.min_10k <= amount_10k, FinancingProduct.max_10k >= amount_10k
        )
    rows = list(session.scalars(query))
    if stage:
        rows = [p for p in rows if fits_stage(_parsed(p.code, p.rules), stage)]
    return _reads(session, rows)


def _ordered(query: Select[FinancingProduct]) -> Select[FinancingProduct]:
    return query.order_by(FinancingProduct.kind, FinancingProduct.code)


def list_own(session: Session, actor: Actor) -> list[ProductRead]:
    """A financier's products in every status; the centre's staff see every product."""
    authorize(actor, "estation.read_own_products")
    query = _ordered(select(FinancingProduct))
    if actor.role not in CENTRE_ROLES:
        query = query.where(FinancingProduct.provider_org_id == actor.org_id)
    return _reads(session, list(session.scalars(query)))


def providers(session: Session, actor: Actor) -> dict[int, str]:
    """The organisations that provide published products, by id: the catalogue's filter."""
    authorize(actor, "estation.read_products")
    ids = session.scalars(
        select(FinancingProduct.provider_org_id)
        .where(FinancingProduct.status == "published")
        .distinct()
    )
    return dict(sorted(auth_service.org_names(session, set(ids)).items(), key=lambda i: i[1]))


def list_versions(session: Session, actor: Actor, code: str) -> list[VersionRead]:
    """A product's versions, newest first (as visible as the product); who saved each is
    the provider's and the centre's to know, not the public's."""
    authorize(actor, "estation.read_products")
    product = _visible(session, actor, code)
    rows = session.scalars(
        select(ProductVersion)
        .where(ProductVersion.product_id == product.id)
        .order_by(ProductVersion.number.desc())
    )
    found = [VersionRead.model_validate(v) for v in rows]
    if parties(session, actor, product):
        return found
    return [v.model_copy(update={"author": ""}) for v in found]


def version_changes(
    session: Session, actor: Actor, code: str, before: int, after: int
) -> list[versions.FieldChange]:
    """What changed from version ``before`` to version ``after``, field by field."""
    found = {v.number: v for v in list_versions(session, actor, code)}
    for number in (before, after):
        if number not in found:
            raise NotFound(
                N_("product %(code)s has no version %(number)s"),
                params={"code": code, "number": number},
            )
    return versions.diff(found[before].snapshot, found[after].snapshot)


def _parsed(code: str, rules: dict[str, Any]) -> Rule:
    """A product's RULE parsed; a broken one is refused naming the product and the path."""
    try:
        return parse_rule(rules)
    except RuleError as error:
        raise InvalidRules(
            N_("product %(product)s: %(path)s: %(problem)s"),
            params={"product": code, "path": error.path, "problem": error.problem},
            details={"path": error.path, "problems": [{"loc": [error.path], "msg": error.problem}]},
        ) from error


def parsed_rule(product: ProductRead) -> Rule:
    return _parsed(product.code, product.rules)


# --- keeping products ---------------------------------------------------------------------


def _provider(session: Session, actor: Actor, body: ProductDraft) -> int:
    """The provider of a new product: a financier's own organisation; for the centre's
    staff the organisation they name (not a financier, not a firm) or the centre."""
    if actor.role not in CENTRE_ROLES:
        if actor.org_id is None:
            raise Conflict(N_("your account belongs to no organisation"))
        return actor.org_id
    provider = body.provider_org_id or actor.org_id
    if provider is None:
        raise Conflict(N_("name the organisation that provides the product"))
    if auth_service.get_org(session, actor, provider).kind not in CENTRE_PROVIDER_KINDS:
        raise Conflict(N_("a financier writes its own products; a firm provides none"))
    return provider


def _terms(body: ProductDraft) -> dict[str, Any]:
    return body.model_dump(exclude={"note", "provider_org_id"})


def create(session: Session, actor: Actor, body: ProductDraft) -> ProductRead:
    """A provider's new product, as a draft."""
    authorize(actor, "estation.manage_products")
    _parsed(body.name, body.rules)
    provider = _provider(session, actor, body)
    product = FinancingProduct(**_terms(body), code=f"tmp-{uuid.uuid4().hex[:12]}")
    product.provider_org_id, product.status = provider, "draft"
    session.add(product)
    session.flush()
    product.code = f"FP{product.id:05d}"
    session.flush()
    _audit(session, actor, "estation.product_create", product, {"name": product.name[:80]})
    return _reads(session, [product])[0]


def update(session: Session, actor: Actor, code: str, body: ProductDraft) -> ProductRead:
    """New terms and rules; on a published (or suspended) product a new version, if any
    term changed."""
    get_for_edit(session, actor, code)
    product = _product(session, code)
    _parsed(code, body.rules)
    before = version_service.snapshot_of(product)
    for key, value in _terms(body).items():
        setattr(product, key, value)
    product.updated_at = utcnow()
    changed = versions.diff(before, version_service.snapshot_of(product))
    session.flush()
    if product.status in lifecycle.VERSIONED and changed:
        version_service.record(session, actor, product, body.note)
    _audit(
        session, actor, "estation.product_edit", product, {"changed": [c.field for c in changed]}
    )
    return _reads(session, [product])[0]


def move(session: Session, actor: Actor, code: str, body: ProductMove) -> ProductRead:
    """Publish or suspend a product; an invalid move is a 409 with the reason."""
    product = _visible(session, actor, code)
    found = resource(session, product)
    # Suspending, and lifting a suspension, is also the centre's; publishing a draft is not.
    suspension = "suspended" in (body.to, product.status)
    authorize(
        actor, "estation.suspend_products" if suspension else "estation.manage_products", found
    )
    sides = parties(session, actor, product)
    refused = lifecycle.check_transition(
        product.status, body.to, sides, product.suspended_by_centre
    )
    if refused is not None:
        raise InvalidTransition(refused, params={"from": product.status, "to": body.to})
    details = {"from": product.status, "to": body.to, "note": body.note[:200]}
    product.suspended_by_centre = body.to == "suspended" and "owner" not in sides
    product.status = body.to
    session.flush()
    if body.to == "published" and version_service.differs(session, product):
        version_service.record(session, actor, product, body.note)
    action = "estation.product_publish" if body.to == "published" else "estation.product_suspend"
    _audit(session, actor, action, product, details)
    return _reads(session, [product])[0]


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    product: FinancingProduct,
    details: dict[str, Any],
) -> None:
    audit.record(
        session,
        actor,
        action,
        resource_type="financing_product",
        resource_id=product.code,
        subject_org_id=product.provider_org_id,
        details=details,
    )


def import_product(session: Session, actor: Actor, body: ProductImport) -> ProductRead:
    """Add a provider's product as published, with its first version; a code that exists
    is left as it is."""
    authorize(actor, "estation.manage")
    existing = session.scalar(select(FinancingProduct).where(FinancingProduct.code == body.code))
    if existing is not None:
        return _reads(session, [existing])[0]
    _parsed(body.code, body.rules)
    product = FinancingProduct(**body.model_dump(), status="published")
    session.add(product)
    session.flush()
    version_service.record(session, actor, product, "imported")
    _audit(session, actor, "estation.product_import", product, {})
    return _reads(session, [product])[0]


# --- applications -------------------------------------------------------------------------


def import_application(session: Session, actor: Actor, body: ApplicationImport) -> None:
    authorize(actor, "estation.manage")
    if (
        session.scalar(
            select(FinancingApplication.id).where(FinancingApplication.code == body.code)
        )
        is not None
    ):
        return
    # An imported application was submitted with its consent, on its day; an approved one
    # was granted what it asked for (as migration 0014 reads the older rows).
    consented = datetime.combine(body.submitted_on, time(), tzinfo=UTC)
    granted = body.amount_10k if body.status == "approved" else None
    application = FinancingApplication(
        **body.model_dump(), consented_at=consented, granted_10k=granted
    )
    session.add(application)
    session.flush()
    _consent_grant(session, actor, application)
    audit.record(
        session,
        actor,
        "estation.application_import",
        resource_type="financing_application",
        resource_id=body.code,
        subject_org_id=body.firm_org_id,
        details={"status": body.status},
    )


def _consent_grant(session: Session, actor: Actor, application: FinancingApplication) -> None:
    """The grant the imported application's consent gave its product's provider, from the
    day it was given (an old one has expired: its provider reads nothing any more)."""
    product = session.get(FinancingProduct, application.product_id)
    assert product is not None and application.consented_at is not None  # a foreign key
    grant_service.grant_consent(
        session,
        actor,
        grantee_org_id=product.provider_org_id,
        subject_org_id=application.firm_org_id,
        fields=application.consent_fields,
        application_code=application.code,
        days=get_settings().consent_grant_days,
        consented_at=application.consented_at,
    )


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


def product_subject(session: Session, code: str) -> tuple[int, str] | None:
    """A product's provider and its status (for an appeal against a suspension)."""
    row = session.scalar(select(FinancingProduct).where(FinancingProduct.code == code))
    return (row.provider_org_id, row.status) if row else None
