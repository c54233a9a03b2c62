"""Products kept by their providers on both databases: drafts, publishing, versions, the
catalogue's filters, who may keep which product, and the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.db import session_factory
from scenehub.errors import Conflict, NotFound, PermissionDenied
from scenehub.estation import service
from scenehub.estation.schemas import ProductDraft, ProductMove
from scenehub.estation.service import InvalidRules, InvalidTransition
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import ANONYMOUS, Actor
from tests.conftest import Account, Accounts

STAGE_0_1 = {"field": "stage", "op": "==", "value": "0-1"}


@pytest.fixture
def db(db_url: str) -> Iterator[Session]:
    with session_factory(db_url)() as session:
        yield session
        session.rollback()


def actor(db: Session, account: Account) -> Actor:
    user = auth_service.get_user(db, account.user_id)
    assert user is not None
    return auth_service.actor_of(user)


def draft(**changes: Any) -> ProductDraft:
    fields: dict[str, Any] = {
        "name": "科易贷",
        "kind": "loan",
        "min_10k": 50,
        "max_10k": 1000,
        "rate_note": "年化3.2%起",
        "term_months": 12,
        "documents": ["营业执照", "近两年财务报表"],
        "data_fields": ["tax_credit_grade", "insured_count"],
        "rules": {"all": [STAGE_0_1, {"field": "headcount", "op": ">=", "value": 5}]},
    }
    return ProductDraft.model_validate({**fields, **changes})


def published(db: Session, who: Actor, **changes: Any) -> str:
    code = service.create(db, who, draft(**changes)).code
    service.move(db, who, code, ProductMove(to="published"))
    return code


def test_a_financier_drafts_and_publishes_and_the_public_sees_it_only_then(
    db: Session, accounts: Accounts
) -> None:
    bank = actor(db, accounts.financier)
    product = service.create(db, bank, draft())
    assert product.status == "draft" and product.provider_org_id == accounts.financier.org_id
    with pytest.raises(NotFound):
        service.get_product(db, ANONYMOUS, product.code)
    assert service.list_products(db, ANONYMOUS) == []
    service.move(db, bank, product.code, ProductMove(to="published", note="上线"))
    assert [p.code for p in service.list_products(db, ANONYMOUS)] == [product.code]
    versions = service.list_versions(db, bank, product.code)
    assert [(v.number, v.author, v.note) for v in versions] == [(1, "bank", "上线")]
    assert service.list_versions(db, ANONYMOUS, product.code)[0].author == ""


def test_each_save_of_a_published_product_makes_a_version_with_its_changes(
    db: Session, accounts: Accounts
) -> None:
    bank = actor(db, accounts.financier)
    code = service.create(db, bank, draft()).code
    service.update(db, bank, code, draft(max_10k=900))  # a draft: no version yet
    assert service.list_versions(db, bank, code) == []
    service.move(db, bank, code, ProductMove(to="published"))
    service.update(db, bank, code, draft(max_10k=800, rules={"all": [STAGE_0_1]}, note="收紧"))
    service.update(db, bank, code, draft(max_10k=800, rules={"all": [STAGE_0_1]}))  # same
    versions = service.list_versions(db, ANONYMOUS, code)
    assert [(v.number, v.note) for v in versions] == [(2, "收紧"), (1, "")]
    changes = service.version_changes(db, ANONYMOUS, code, 1, 2)
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("max_10k", 900, 800),
        ("rules", draft().rules, {"all": [STAGE_0_1]}),
    ]
    with pytest.raises(NotFound):
        service.version_changes(db, ANONYMOUS, code, 1, 7)


def test_financier_a_cannot_edit_financier_bs_product_nor_see_its_draft(
    db: Session, accounts: Accounts
) -> None:
    bank, guarantor = actor(db, accounts.financier), actor(db, accounts.other_financier)
    code = published(db, bank)
    with pytest.raises(PermissionDenied) as denied:
        service.update(db, guarantor, code, draft(max_10k=60))
    assert denied.value.params == {"kind": "product", "id": code}
    with pytest.raises(PermissionDenied):
        service.move(db, guarantor, code, ProductMove(to="suspended"))
    hidden = service.create(db, bank, draft(name="人才贷")).code
    with pytest.raises(NotFound):
        service.update(db, guarantor, hidden, draft())
    assert [p.code for p in service.list_own(db, guarantor)] == []


@pytest.mark.parametrize("role", ["firm", "department", "investor"])
def test_only_financiers_and_the_centre_create_products(
    db: Session, accounts: Accounts, role: str
) -> None:
    with pytest.raises(PermissionDenied):
        service.create(db, actor(db, getattr(accounts, role)), draft())


def test_the_centre_keeps_its_own_products_and_may_only_suspend_a_financiers(
    db: Session, accounts: Accounts
) -> None:
    operator, bank = actor(db, accounts.operator), actor(db, accounts.financier)
    voucher = published(db, operator, name="算力券", kind="voucher_compute", min_10k=10)
    assert service.get_product(db, ANONYMOUS, voucher).provider_org_id == accounts.operator.org_id
    loan = published(db, bank)
    with pytest.raises(PermissionDenied) as denied:
        service.update(db, operator, loan, draft(max_10k=60))
    assert "only suspend" in denied.value.message
    service.move(db, operator, loan, ProductMove(to="suspended", note="投诉核查"))
    assert service.list_products(db, ANONYMOUS, kind="loan") == []
    with pytest.raises(InvalidTransition) as refused:
        service.move(db, bank, loan, ProductMove(to="published"))
    assert "only the centre" in refused.value.message
    assert service.move(db, operator, loan, ProductMove(to="published")).status == "published"


def test_the_centre_cannot_write_a_product_for_a_financier(db: Session, accounts: Accounts) -> None:
    operator = actor(db, accounts.operator)
    with pytest.raises(Conflict):
        service.create(db, operator, draft(provider_org_id=accounts.financier.org_id))


def test_rules_with_an_unknown_field_are_refused_naming_the_product_and_path(
    db: Session, accounts: Accounts
) -> None:
    bank = actor(db, accounts.financier)
    bad = {"all": [STAGE_0_1, {"field": "headcnt", "op": ">=", "value": 5}]}
    with pytest.raises(InvalidRules) as refused:
        service.create(db, bank, draft(rules=bad))
    assert refused.value.status == 422
    assert refused.value.params["product"] == "科易贷"
    assert refused.value.details["path"] == "rules.all[1].field"
    code = service.create(db, bank, draft()).code
    with pytest.raises(InvalidRules) as refused:
        service.update(db, bank, code, draft(rules={"any": [{"field": "stage", "op": "~"}]}))
    assert refused.value.params["product"] == code
    assert refused.value.details["path"] == "rules.any[0].op"


def test_an_invalid_move_is_a_conflict(db: Session, accounts: Accounts) -> None:
    bank = actor(db, accounts.financier)
    code = service.create(db, bank, draft()).code
    with pytest.raises(InvalidTransition) as refused:
        service.move(db, bank, code, ProductMove(to="suspended"))
    assert refused.value.status == 409


def test_the_catalogue_filters_by_kind_provider_amount_and_stage(
    db: Session, accounts: Accounts
) -> None:
    bank, guarantor = actor(db, accounts.financier), actor(db, accounts.other_financier)
    young = published(db, bank)
    grown = published(
        db,
        bank,
        name="投联贷",
        min_10k=200,
        max_10k=3000,
        rules={"all": [{"field": "stage", "op": "in", "value": ["1-100"]}]},
    )
    open_to_all = published(db, guarantor, name="科技信用担保", kind="guarantee", rules={"all": []})

    def codes(**filters: Any) -> set[str]:
        return {p.code for p in service.list_products(db, ANONYMOUS, **filters)}

    assert codes(kind="guarantee") == {open_to_all}
    assert codes(provider_org_id=accounts.financier.org_id) == {young, grown}
    assert codes(amount_10k=2000) == {grown}
    assert codes(stage="0-1") == {young, open_to_all}
    assert codes(stage="1-100") == {grown, open_to_all}
    assert service.providers(db, ANONYMOUS) == {
        accounts.financier.org_id: "杭州银行科技支行",
        accounts.other_financier.org_id: "杭州市融资担保有限公司",
    }


def test_every_create_edit_publish_and_suspend_is_audited(db: Session, accounts: Accounts) -> None:
    bank = actor(db, accounts.financier)
    code = service.create(db, bank, draft()).code
    service.move(db, bank, code, ProductMove(to="published"))
    service.update(db, bank, code, draft(max_10k=700))
    service.move(db, bank, code, ProductMove(to="suspended"))
    rows = db.scalars(
        select(AuditEntry).where(AuditEntry.resource_id == code).order_by(AuditEntry.seq)
    )
    entries = [(e.action, e.actor_username, e.subject_org_id) for e in rows]
    org = accounts.financier.org_id
    assert entries == [
        ("estation.product_create", "bank", org),
        ("estation.product_publish", "bank", org),
        ("estation.product_edit", "bank", org),
        ("estation.product_suspend", "bank", org),
    ]
