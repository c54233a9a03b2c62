"""A firm's eligibility in the web app: its facts (``facts_service``, audited) checked against
every published product, each condition explained, the recommended package, and what its
scene wins and pilots unlocked (``credit_service``).

The published products' rules are compiled once and kept while no product changed (the
published codes and their ``updated_at``, per database), so one firm's check costs the
reading of its facts and the explanation, not the parsing of 200 rules.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.estation import credit_service, facts_service
from scenehub.estation.check import (
    CompiledProduct,
    FirmCheck,
    ProductCheck,
    check_firm,
    compile_products,
)
from scenehub.estation.facts import FIELDS, FirmFacts
from scenehub.estation.firm_facts import FACT_FIELDS, FirmFactSheet
from scenehub.estation.models import FinancingProduct
from scenehub.estation.products import Product
from scenehub.estation.rules import RESULT_WORDS, RuleError, parse_rule
from scenehub.estation.schemas import (
    EligibilityRead,
    FactRead,
    LeftOutRead,
    PackageLineRead,
    ProductEligibilityRead,
    RuleResultRead,
    UnlockedProductRead,
    UnlockRead,
)
from scenehub.firms import service as firm_service
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor

log = logging.getLogger(__name__)
Translate = Callable[[str], str]
Stamp = tuple[tuple[str, datetime], ...]


@dataclass(frozen=True)
class ProductTerms:
    """What a page shows of a product beside its result."""

    code: str
    name: str
    kind: str
    provider_name: str
    min_10k: int
    max_10k: int


@dataclass(frozen=True)
class Catalogue:
    """The published products, compiled, in the catalogue's order (kind, code)."""

    products: tuple[CompiledProduct, ...]
    terms: dict[str, ProductTerms]


@dataclass(frozen=True)
class FirmEligibility:
    firm_id: int
    firm_name: str
    sheet: FirmFactSheet
    check: FirmCheck
    terms: dict[str, ProductTerms]
    credits: tuple[credit_service.Credit, ...]
    compiled: tuple[CompiledProduct, ...]


_catalogues: dict[str, tuple[Stamp, Catalogue]] = {}
_lock = threading.Lock()


def published_catalogue(session: Session) -> Catalogue:
    """The published products compiled; compiled again only when one of them changed, one
    was published or one was withdrawn."""
    stamp: Stamp = tuple(
        (code, at)
        for code, at in session.execute(
            select(FinancingProduct.code, FinancingProduct.updated_at)
            .where(FinancingProduct.status == "published")
            .order_by(FinancingProduct.kind, FinancingProduct.code)
        )
    )
    key = str(session.get_bind().engine.url)
    with _lock:
        cached = _catalogues.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    catalogue = _compile(session)
    with _lock:
        _catalogues[key] = (stamp, catalogue)
    return catalogue


def _compile(session: Session) -> Catalogue:
    rows = list(
        session.scalars(
            select(FinancingProduct)
            .where(FinancingProduct.status == "published")
            .order_by(FinancingProduct.kind, FinancingProduct.code)
        )
    )
    names = auth_service.org_names(session, {r.provider_org_id for r in rows})
    products, terms = [], {}
    for row in rows:
        try:
            rule = parse_rule(row.rules)
        except RuleError as error:  # rules are checked on every save; an old row may not be
            log.warning("product %s: %s; left out of eligibility", row.code, error)
            continue
        products.append(Product(row.code, row.kind, row.name, row.min_10k, row.max_10k, rule))
        terms[row.code] = ProductTerms(
            row.code,
            row.name,
            row.kind,
            names.get(row.provider_org_id, ""),
            row.min_10k,
            row.max_10k,
        )
    return Catalogue(compile_products(products), terms)


def firm_eligibility(
    session: Session, actor: Actor, warehouse: Path, firm_id: int, *, today: date | None = None
) -> FirmEligibility:
    """A registry firm's eligibility for every published product and its package. The firm
    reads its own, the centre any (``estation.read_facts``: a financier none); the read of
    its facts is audited for the firm."""
    sheet = facts_service.firm_facts(session, actor, warehouse, firm_id, today=today)
    catalogue = published_catalogue(session)
    facts = sheet.known()
    # A known fact's reason names its record; an unknown one's says the record gives none.
    sources = {field: sheet.provenance[field] for field in facts if field in sheet.provenance}
    check = check_firm(catalogue.products, FirmFacts(firm_id, facts), sources)
    credit_service.resolve(session, firm_id, catalogue.products, facts)
    credits = tuple(credit_service.credits_of(session, firm_id))
    name = firm_service.names(session, {firm_id}).get(firm_id, "")
    return FirmEligibility(
        firm_id, name, sheet, check, catalogue.terms, credits, catalogue.products
    )


def own_eligibility(
    session: Session, actor: Actor, warehouse: Path, *, today: date | None = None
) -> FirmEligibility:
    """The signed-in firm's own eligibility; its new unlocks are marked seen."""
    authorize(actor, "estation.read_own_eligibility")
    firm = firm_service.require_my_firm(session, actor)
    found = firm_eligibility(session, actor, warehouse, firm.id, today=today)
    credit_service.mark_seen(session, firm.id)
    return found


# --- in the reader's language ---------------------------------------------------------------


def eligibility_read(found: FirmEligibility, translate: Translate) -> EligibilityRead:
    """The firm's eligibility as the API and the pages show it, in ``translate``'s language."""
    package = found.check.package
    lines = [
        PackageLineRead(
            code=line.code,
            amount_10k=line.amount_10k,
            kind=line.kind,
            name=found.terms[line.code].name,
            reason=line.reason.render(translate),
        )
        for line in package.lines
    ]
    return EligibilityRead(
        firm_id=found.firm_id,
        firm_name=found.firm_name,
        products=[
            _product_read(found, compiled, check, translate)
            for compiled, check in zip(found.compiled, found.check.products, strict=True)
        ],
        package=lines,
        package_stage=package.stage,
        package_note=package.note.render(translate),
        package_total_10k=sum(line.amount_10k for line in lines),
        left_out=[
            LeftOutRead(code=o.code, reason=o.reason.render(translate)) for o in package.left_out
        ],
        facts=_facts_read(found.sheet, translate),
        unlocks=[_unlock_read(c, translate) for c in found.credits],
    )


def _product_read(
    found: FirmEligibility,
    compiled: CompiledProduct,
    check: ProductCheck,
    translate: Translate,
) -> ProductEligibilityRead:
    terms = found.terms[check.product.code]
    conditions = check.eligibility.conditions
    missing = {
        c.condition.field: None
        for c, r in zip(compiled.rule.conditions, conditions, strict=True)
        if r.result is None
    }
    return ProductEligibilityRead(
        code=terms.code,
        name=terms.name,
        kind=terms.kind,
        provider_name=terms.provider_name,
        min_10k=terms.min_10k,
        max_10k=terms.max_10k,
        eligible=check.eligibility.eligible,
        rules=[
            RuleResultRead(
                rule=r.rule,
                result=RESULT_WORDS[r.result],
                reason=r.reason.render(translate),
                value=list(r.value) if isinstance(r.value, tuple) else r.value,
                source=translate(r.source),
            )
            for r in conditions
        ],
        missing=list(missing),
    )


def _facts_read(sheet: FirmFactSheet, translate: Translate) -> list[FactRead]:
    facts = []
    for field in FACT_FIELDS:
        value = getattr(sheet, field)
        facts.append(
            FactRead(
                field=field,
                label=translate(FIELDS[field].label),
                value=list(value) if isinstance(value, tuple) else value,
                source=sheet.provenance.get(field, ""),
            )
        )
    return facts


def _unlock_read(credit: credit_service.Credit, translate: Translate) -> UnlockRead:
    return UnlockRead(
        trigger=credit.trigger,
        reference=credit.reference,
        scene_code=credit.scene_code,
        at=credit.at,
        seen=credit.seen,
        heading=credit.heading.render(translate),
        products=[
            UnlockedProductRead(
                code=p.code,
                name=p.name,
                kind=p.kind,
                reasons=[m.render(translate) for m in p.reasons],
            )
            for p in credit.products
        ],
    )
