"""Use cases of E-Station applications: a firm applies with its consent to share named data
fields, the provider reads only those fields (each read audited for the firm) and decides,
the firm answers requests for information and may withdraw its consent.

A firm reads its own applications; a product's provider (a financier, or the centre for the
centre's own) reads those to its products, and the centre's staff oversee all. Another
organisation is refused (403), naming the application.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import Role
from scenehub.db import today as local_today
from scenehub.db import utcnow
from scenehub.errors import AuditEvent, Conflict, NotFound, PermissionDenied, ValidationFailed
from scenehub.estation import application_lifecycle as lifecycle
from scenehub.estation import facts_service
from scenehub.estation import service as product_service
from scenehub.estation.application_schemas import (
    ApplicationAnswer,
    ApplicationCreate,
    ApplicationDecision,
    ApplicationRead,
    ConsentedDataRead,
    ConsentPreviewRead,
    DataReadRead,
    MessageRead,
    SharedValueRead,
)
from scenehub.estation.consent import SharedValue, shared_values
from scenehub.estation.firm_facts import FirmFactSheet
from scenehub.estation.models import (
    ApplicationMessage,
    FinancingApplication,
    FinancingProduct,
    ProductVersion,
)
from scenehub.firms import service as firm_service
from scenehub.governance import audit, grading, grant_service, grants, purposes, reads
from scenehub.governance import service as governance_service
from scenehub.governance.authz import authorize
from scenehub.governance.grading import FieldClass
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_, Term
from scenehub.notifications import service as notifications
from scenehub.settings import get_settings

READ_DATA = "estation.read_application_data"
RESOURCE_TYPE = "financing_application"


class ConsentWithdrawn(PermissionDenied):
    code = "consent_withdrawn"


class GrantExpired(PermissionDenied):
    code = "grant_expired"


class NoGrant(PermissionDenied):
    code = "no_grant"


# A firm's facts combine its departments' records and the platform's; a data field a firm
# consents to share is graded as its highest input can be (when unsure, the higher).
CONSENTED_FIELD = FieldClass(grading.IMPORTANT)


# --- reading ------------------------------------------------------------------------------


def _application(session: Session, code: str) -> FinancingApplication:
    found = session.scalar(select(FinancingApplication).where(FinancingApplication.code == code))
    if found is None:
        raise NotFound(N_("application %(code)s not found"), params={"code": code})
    return found


def _product_of(session: Session, application: FinancingApplication) -> FinancingProduct:
    product = session.get(FinancingProduct, application.product_id)
    assert product is not None  # a foreign key
    return product


def _as_firm(application: FinancingApplication) -> Resource:
    """The application as its firm's: the firm owns it."""
    return Resource("application", application.code, application.firm_org_id)


def _as_provider(session: Session, product: FinancingProduct, code: str) -> Resource:
    """The application as its provider's: the product's provider owns it."""
    kind = auth_service.org_kind(session, product.provider_org_id)
    return Resource("application", code, product.provider_org_id, owner_kind=kind)


def _reads(session: Session, rows: list[FinancingApplication]) -> list[ApplicationRead]:
    products = {
        p.id: p
        for p in session.scalars(
            select(FinancingProduct).where(FinancingProduct.id.in_({a.product_id for a in rows}))
        )
    }
    orgs = {a.firm_org_id for a in rows} | {p.provider_org_id for p in products.values()}
    names = auth_service.org_names(session, orgs)
    messages: dict[int, list[MessageRead]] = {}
    for message in session.scalars(
        select(ApplicationMessage)
        .where(ApplicationMessage.application_id.in_([a.id for a in rows]))
        .order_by(ApplicationMessage.at, ApplicationMessage.id)
    ):
        messages.setdefault(message.application_id, []).append(MessageRead.model_validate(message))
    return [_read(a, products[a.product_id], names, messages.get(a.id, [])) for a in rows]


def _read(
    application: FinancingApplication,
    product: FinancingProduct,
    names: dict[int, str],
    messages: list[MessageRead],
) -> ApplicationRead:
    columns = {
        name: getattr(application, name)
        for name in ApplicationRead.model_fields
        if hasattr(FinancingApplication, name)
    }
    return ApplicationRead(
        **columns,
        product_code=product.code,
        product_name=product.name,
        product_kind=product.kind,
        provider_org_id=product.provider_org_id,
        provider_name=names.get(product.provider_org_id, ""),
        firm_name=names.get(application.firm_org_id, ""),
        messages=messages,
    )


def _newest_first(query: Select[Any]) -> Select[Any]:
    return query.order_by(FinancingApplication.submitted_on.desc(), FinancingApplication.id.desc())


def list_mine(session: Session, actor: Actor) -> list[ApplicationRead]:
    """The firm's own applications, newest first."""
    authorize(actor, "estation.read_own_applications")
    query = select(FinancingApplication).where(FinancingApplication.firm_org_id == actor.org_id)
    return _reads(session, list(session.scalars(_newest_first(query))))


def get_application(session: Session, actor: Actor, code: str) -> ApplicationRead:
    """One application, for its firm or its product's provider (and the centre)."""
    application = _application(session, code)
    if actor.role is Role.FIRM:
        authorize(actor, "estation.read_own_applications", _as_firm(application))
    else:
        product = _product_of(session, application)
        authorize(actor, "estation.read_application", _as_provider(session, product, code))
    return _reads(session, [application])[0]


def inbox(session: Session, actor: Actor, *, status: str | None = None) -> list[ApplicationRead]:
    """The applications to a financier's products; the centre's staff see every one."""
    authorize(actor, "estation.read_applications_inbox")
    query = select(FinancingApplication)
    if actor.role not in product_service.CENTRE_ROLES:
        owned = select(FinancingProduct.id).where(FinancingProduct.provider_org_id == actor.org_id)
        query = query.where(FinancingApplication.product_id.in_(owned))
    if status:
        query = query.where(FinancingApplication.status == status)
    return _reads(session, list(session.scalars(_newest_first(query))))


# --- the consent screen and applying ------------------------------------------------------


def _latest_version(session: Session, product_id: int) -> int | None:
    return session.scalar(
        select(func.max(ProductVersion.number)).where(ProductVersion.product_id == product_id)
    )


def _sheet(session: Session, warehouse: Path, org_id: int, today: date | None) -> FirmFactSheet:
    """The firm's facts (an organisation without a registry record: nothing is held)."""
    firm = firm_service.firm_of_org(session, org_id)
    if firm is None:
        return FirmFactSheet(firm_id=0)
    return facts_service.consented_sheet(session, warehouse, firm.id, today=today)


def _shown(values: list[SharedValue]) -> list[SharedValueRead]:
    return [
        SharedValueRead(
            field=v.field,
            label=v.label,
            held=v.value is not None,
            value=v.value,
            source=v.source,
            not_held=v.not_held,
        )
        for v in values
    ]


def consent_preview(
    session: Session, actor: Actor, warehouse: Path, code: str, *, today: date | None = None
) -> ConsentPreviewRead:
    """What the firm would share with the product's provider, with today's values: the
    firm's own data shown to the firm itself, which discloses nothing (not audited)."""
    authorize(actor, "estation.apply")
    product = product_service.get_product(session, actor, code)
    sheet = _sheet(session, warehouse, _org(actor), today)
    return ConsentPreviewRead(
        product_code=product.code,
        product_name=product.name,
        provider_org_id=product.provider_org_id,
        provider_name=product.provider_name,
        min_10k=product.min_10k,
        max_10k=product.max_10k,
        documents=product.documents,
        product_version=_latest_version(session, product.id),
        fields=_shown(shared_values(product.data_fields, sheet)),
    )


def _org(actor: Actor) -> int:
    if actor.org_id is None:
        raise Conflict(N_("your account belongs to no organisation"))
    return actor.org_id


def apply(session: Session, actor: Actor, body: ApplicationCreate) -> ApplicationRead:
    """The firm's application with its consent to the product's data fields, as they are now
    (a product that asks for other fields than the screen showed is a 409)."""
    authorize(actor, "estation.apply")
    org_id = _org(actor)
    if not body.consent:
        raise ValidationFailed(N_("tick the consent to share the listed data to apply"))
    product = product_service.get_product(session, actor, body.product_code)
    if product.status != "published":
        raise Conflict(N_("product %(code)s is not on offer now"), params={"code": product.code})
    if set(body.consent_fields) != set(product.data_fields):
        raise Conflict(
            N_("product %(code)s now asks for other data than you consented to; review it again"),
            params={"code": product.code},
            details={"asks_for": product.data_fields},
        )
    refused = lifecycle.check_request(body.amount_10k, product.min_10k, product.max_10k)
    if refused is not None:
        params = {"amount": body.amount_10k, "min": product.min_10k, "max": product.max_10k}
        raise ValidationFailed(refused, params=params)
    now = utcnow()
    application = FinancingApplication(
        code=f"tmp-{uuid.uuid4().hex[:12]}",
        product_id=product.id,
        firm_org_id=org_id,
        submitted_on=local_today(),
        status="pending",
        amount_10k=body.amount_10k,
        consent_fields=list(product.data_fields),
        consented_at=now,
        product_version=_latest_version(session, product.id),
        applicant_user_id=actor.user_id,
        note=body.note,
        decision_reason="",
        updated_at=now,
    )
    session.add(application)
    session.flush()
    application.code = f"FA{application.id:06d}"
    session.flush()
    details = {
        "product": product.code,
        "fields": application.consent_fields,
        "version": application.product_version,
        "amount_10k": body.amount_10k,
    }
    _audit(session, actor, "estation.application_submit", application, details)
    grant_service.grant_consent(
        session,
        actor,
        grantee_org_id=product.provider_org_id,
        subject_org_id=org_id,
        fields=application.consent_fields,
        application_code=application.code,
        days=get_settings().consent_grant_days,
        consented_at=now,
    )
    return _reads(session, [application])[0]


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    application: FinancingApplication,
    details: dict[str, Any],
    purpose: str = "",
) -> None:
    audit.record(
        session,
        actor,
        action,
        resource_type=RESOURCE_TYPE,
        resource_id=application.code,
        subject_org_id=application.firm_org_id,
        purpose=purpose,
        details=details,
    )


# --- the provider: the consented data, decisions ------------------------------------------


def read_data(
    session: Session, actor: Actor, warehouse: Path, code: str, *, today: date | None = None
) -> ConsentedDataRead:
    """The firm's consented fields, read now, for the product's provider (and the centre),
    under the grant the firm's consent gave; the read is in the firm's audit. After the
    firm withdrew its consent, or once the grant expired: 403 (the refusal audited)."""
    application = _application(session, code)
    product = _product_of(session, application)
    found = _as_provider(session, product, code)
    authorize(actor, "estation.read_application", found)
    grant = _usable_grant(session, actor, application)
    sheet = _sheet(session, warehouse, application.firm_org_id, today)
    masking = reads.read_fields(
        session,
        actor,
        action=READ_DATA,
        resource_type=RESOURCE_TYPE,
        resource_id=code,
        subject_org_id=application.firm_org_id,
        dataset=grant_service.ESTATION_FACTS,
        fields=dict.fromkeys(application.consent_fields, CONSENTED_FIELD),
        purpose=purposes.FINANCING_APPLICATION,
        under=[grant] if actor.org_id == grant.grantee_org_id else [],
        details={"product": product.code},
    )
    values = shared_values([f for f in application.consent_fields if masking.allows(f)], sheet)
    return ConsentedDataRead(
        application=code,
        read_at=utcnow(),
        fields=_shown(values),
        grant=grant.id,
        expires_at=grant.expires_at,
        masked=list(masking.masked),
    )


def _usable_grant(
    session: Session, actor: Actor, application: FinancingApplication
) -> grants.GrantTerms:
    """The grant the firm's consent gave for the application, or the refusal: its consent
    withdrawn, the grant revoked or expired (each refusal audited for the firm)."""
    grant = grant_service.linked_terms(session, "application", application.code)
    state = grants.state(grant, utcnow()) if grant else None
    if application.consent_withdrawn_at is not None or state == grants.REVOKED:
        when = (application.consent_withdrawn_at or utcnow()).strftime("%Y-%m-%d %H:%M")
        reason = N_("the firm withdrew its consent on %(when)s: its data can no longer be read")
        _refuse(actor, application, ConsentWithdrawn, reason, {"when": when})
    if grant is None:
        reason = N_("application %(code)s has no grant of the firm's consent: nothing is read")
        _refuse(actor, application, NoGrant, reason, {"code": application.code})
    if state == grants.EXPIRED:
        when = grant.expires_at.strftime("%Y-%m-%d %H:%M")
        reason = N_(
            "the grant of the firm's consent expired on %(when)s: ask the firm to apply again"
        )
        _refuse(actor, application, GrantExpired, reason, {"when": when}, grant.id)
    assert grant is not None
    return grant


def _refuse(
    actor: Actor,
    application: FinancingApplication,
    error: type[PermissionDenied],
    reason: str,
    params: dict[str, Any],
    grant_id: int | None = None,
) -> NoReturn:
    event = AuditEvent(
        actor=actor,
        action=READ_DATA,
        outcome="denied",
        reason=reason % params,
        resource_type=RESOURCE_TYPE,
        resource_id=application.code,
        subject_org_id=application.firm_org_id,
        purpose=purposes.FINANCING_APPLICATION,
        details={"code": error.code, "grant": grant_id},
    )
    raise error(reason, params=params, audit=event)


def _step(application: FinancingApplication, step: str) -> None:
    refused = lifecycle.check_step(application.status, step)
    if refused is not None:
        params = {
            "status": Term(lifecycle.STATUS_LABELS[application.status]),
            "step": Term(lifecycle.STEP_LABELS[step]),
        }
        raise product_service.InvalidTransition(refused, params=params)


def _say(
    session: Session,
    actor: Actor,
    application: FinancingApplication,
    step: str,
    side: str,
    body: str,
) -> None:
    now = utcnow()
    session.add(
        ApplicationMessage(
            application_id=application.id,
            step=step,
            side=side,
            user_id=actor.user_id,
            author=actor.display_name or actor.username,
            body=body,
            at=now,
        )
    )
    application.status = lifecycle.next_status(step)
    application.updated_at = now
    session.flush()


def decide(session: Session, actor: Actor, code: str, body: ApplicationDecision) -> ApplicationRead:
    """Approve (the amount granted: within the product's range, at most what was asked),
    reject with a reason, or request information; a step the status forbids is a 409."""
    application = _application(session, code)
    product = _product_of(session, application)
    authorize(actor, "estation.decide_application", _as_provider(session, product, code))
    lacking = lifecycle.check_decision(body.step, body.granted_10k, body.message)
    if lacking is not None:
        raise ValidationFailed(lacking)
    _step(application, body.step)
    if body.step == "approve":
        granted = body.granted_10k or 0
        refused = lifecycle.check_amount(
            granted, application.amount_10k, product.min_10k, product.max_10k
        )
        if refused is not None:
            params = {
                "granted": granted,
                "requested": application.amount_10k,
                "min": product.min_10k,
                "max": product.max_10k,
            }
            raise ValidationFailed(refused, params=params)
        application.granted_10k = granted
    if body.step in ("approve", "reject"):
        application.decision_reason = body.message
        application.decided_at = utcnow()
    _say(session, actor, application, body.step, "provider", body.message)
    details = {"step": body.step, "granted_10k": application.granted_10k}
    _audit(session, actor, "estation.application_decide", application, details)
    _tell_the_firm(session, actor, application, product, body.step, body.message)
    return _reads(session, [application])[0]


# What the firm hears of each of the provider's steps.
_STEP_KINDS = {
    "approve": "application.approved",
    "reject": "application.rejected",
    "request_information": "application.information_requested",
}


def _tell_the_firm(
    session: Session,
    actor: Actor,
    application: FinancingApplication,
    product: FinancingProduct,
    step: str,
    message: str,
) -> None:
    params = {
        "code": application.code,
        "product": product.name,
        "granted": application.granted_10k,
        "message": message,
    }
    link = f"/my/applications/{application.code}"
    kind = _STEP_KINDS[step]
    notifications.notify_orgs(session, actor, [application.firm_org_id], kind, params, link)


# --- the firm: answers, withdrawal, its history -------------------------------------------


def _own(session: Session, actor: Actor, code: str) -> FinancingApplication:
    authorize(actor, "estation.read_own_applications")
    application = _application(session, code)
    authorize(actor, "estation.read_own_applications", _as_firm(application))
    return application


def answer(session: Session, actor: Actor, code: str, body: ApplicationAnswer) -> ApplicationRead:
    """The firm's answer to a request for information: the application is the provider's
    to decide again."""
    application = _own(session, actor, code)
    _step(application, "answer")
    _say(session, actor, application, "answer", "firm", body.message)
    _audit(session, actor, "estation.application_answer", application, {})
    return _reads(session, [application])[0]


def withdraw_consent(session: Session, actor: Actor, code: str) -> ApplicationRead:
    """The firm withdraws its consent: the provider reads none of its data from now on."""
    application = _own(session, actor, code)
    if application.consent_withdrawn_at is not None:
        when = application.consent_withdrawn_at.strftime("%Y-%m-%d %H:%M")
        raise Conflict(N_("you already withdrew your consent on %(when)s"), params={"when": when})
    application.consent_withdrawn_at = application.updated_at = utcnow()
    session.flush()
    details = {"fields": list(application.consent_fields)}
    _audit(session, actor, "estation.consent_withdraw", application, details)
    grant_service.revoke_linked(
        session, actor, "application", code, N_("the firm withdrew its consent")
    )
    return _reads(session, [application])[0]


def data_reads(session: Session, actor: Actor) -> list[DataReadRead]:
    """Every read of the firm's data by a provider through its applications, newest first
    (from the audit trail)."""
    authorize(actor, "estation.read_own_applications")
    entries = governance_service.list_entries_about_my_org(
        session, actor, action=READ_DATA, limit=governance_service.MAX_PAGE
    )
    names = auth_service.org_names(session, {e.actor_org_id for e in entries if e.actor_org_id})
    return [
        DataReadRead(
            seq=e.seq,
            at=e.ts,
            reader=e.actor_username,
            reader_role=e.actor_role,
            reader_org_id=e.actor_org_id,
            reader_org=names.get(e.actor_org_id, "") if e.actor_org_id else "",
            application=e.resource_id,
            fields=list(e.details.get("fields", [])),
            purpose=e.purpose,
        )
        for e in entries
        if e.outcome == "success"
    ]


def application_subject(session: Session, code: str) -> tuple[int, str] | None:
    """The firm organisation of an application and its status (for an appeal against it)."""
    row = session.scalar(select(FinancingApplication).where(FinancingApplication.code == code))
    return (row.firm_org_id, row.status) if row else None
