"""A firm's eligibility through the use case, on both databases: every published product
explained with the facts' sources, the unknown case, the package within the products'
limits, the compiled rules kept until a product changes, and scene credit (the products a
scene win or a completed pilot unlocked, and why)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub import events
from scenehub.db import session_factory
from scenehub.errors import NotFound, PermissionDenied
from scenehub.estation import eligibility_service, service
from scenehub.estation.eligibility_service import eligibility_read
from scenehub.estation.firm_records import MunicipalRecords
from scenehub.estation.models import SceneCredit
from scenehub.estation.schemas import ProductDraft, ProductImport
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import SYSTEM
from scenehub.integration.service import WarehouseUnavailable
from scenehub.partnerships import pilots
from scenehub.partnerships import service as partnership_service
from scenehub.partnerships.schemas import EvaluationSet, StageMove
from scenehub.translator import Translator
from tests.conftest import Accounts
from tests.estation.conftest import FactsCity
from tests.estation.test_facts_service import TODAY, actor_of, insured, registry_firm, won
from tests.partnerships.test_service import FULL_RUBRIC

__all__ = ["insured"]  # the fixture, shared with the facts' tests
EN = Translator("en")


@pytest.fixture
def db(db_url: str) -> Iterator[Session]:
    with session_factory(db_url)() as session:
        yield session


def publish(db: Session, provider: int, code: str, kind: str, rules: Any, **terms: Any) -> None:
    body = {"min_10k": 10, "max_10k": 200, **terms}
    service.import_product(
        db,
        SYSTEM,
        ProductImport(
            code=code, provider_org_id=provider, name=f"产品{code}", kind=kind, rules=rules, **body
        ),
    )


def cond(field: str, op: str, value: Any) -> dict[str, Any]:
    return {"field": field, "op": op, "value": value}


def results(read: Any) -> dict[str, bool | None]:
    return {p.code: p.eligible for p in read.products}


def test_a_firm_sees_every_published_product_explained_with_its_facts_sources(
    db: Session, accounts: Accounts, facts_city: FactsCity, insured: MunicipalRecords
) -> None:
    firm_id = registry_firm(db, insured.golden_id, accounts.firm.org_id)
    bank = accounts.financier.org_id
    publish(db, bank, "G1", "guarantee", {"all": [cond("headcount", ">=", 0)]}, max_10k=250)
    publish(db, bank, "G2", "guarantee", {"all": [cond("headcount", "<", 0)]})
    publish(db, bank, "V1", "voucher_compute", {"all": []}, max_10k=50)
    draft = ProductDraft(name="未发布", kind="loan", min_10k=1, max_10k=2, rules={"all": []})
    service.create(db, actor_of(accounts.financier), draft)
    found = eligibility_service.own_eligibility(
        db, actor_of(accounts.firm), facts_city.warehouse, today=TODAY
    )
    read = eligibility_read(found, EN)
    assert read.firm_id == firm_id
    assert results(read) == {"G1": True, "G2": False, "V1": True}  # no draft
    rule = next(p for p in read.products if p.code == "G1").rules[0]
    assert (rule.rule, rule.result) == ("headcount >= 0", "pass")
    assert rule.source.startswith("杭州市人力资源和社会保障局 · hrss_insured")
    assert "so headcount >= 0 holds" in rule.reason
    headcount = next(f for f in read.facts if f.field == "headcount")
    assert headcount.value == found.sheet.headcount and headcount.source == rule.source
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "estation.read_facts")).one()
    assert entry.subject_org_id == accounts.firm.org_id


def test_unknown_facts_make_a_product_unknown_and_say_what_to_answer(
    db: Session, accounts: Accounts, tmp_path: Path
) -> None:
    firm_id = registry_firm(db, None, accounts.firm.org_id)  # no golden record: no department's
    rules = {"all": [cond("scene_wins", "==", 0), cond("headcount", ">=", 5)]}
    publish(db, accounts.financier.org_id, "L1", "loan", rules)
    publish(db, accounts.financier.org_id, "L2", "loan", {"not": cond("patents", "exists", True)})
    operator = actor_of(accounts.operator)
    found = eligibility_service.firm_eligibility(db, operator, tmp_path / "none.duckdb", firm_id)
    read = eligibility_read(found, EN)
    assert results(read) == {"L1": None, "L2": True}
    l1 = read.products[0]
    assert [r.result for r in l1.rules] == ["pass", "unknown"] and l1.missing == ["headcount"]
    assert (
        l1.rules[1].reason
        == "the firm's record gives no headcount (social insurance), so headcount >= 5 is unknown"
    )
    assert [line.code for line in read.package] == ["L2"]  # unknown is not enough
    zh = eligibility_read(found, Translator("zh_CN"))
    assert zh.products[0].rules[1].reason != l1.rules[1].reason


def test_the_package_keeps_each_amount_within_its_products_limits(
    db: Session, accounts: Accounts, tmp_path: Path
) -> None:
    firm_id = registry_firm(db, None, accounts.firm.org_id)  # stage unknown: the 0→1 package
    bank = accounts.financier.org_id
    publish(db, bank, "V1", "voucher_compute", {"all": []}, min_10k=5, max_10k=40)
    publish(db, bank, "G1", "guarantee", {"all": []}, min_10k=100, max_10k=250)
    publish(db, bank, "L1", "loan", {"all": []}, min_10k=10, max_10k=900)
    publish(db, bank, "L2", "loan", {"all": []}, min_10k=80, max_10k=900)
    found = eligibility_service.firm_eligibility(
        db, actor_of(accounts.operator), tmp_path / "none.duckdb", firm_id
    )
    read = eligibility_read(found, EN)
    amounts = {line.code: line.amount_10k for line in read.package}
    assert amounts == {"V1": 40, "G1": 250, "L1": 50}  # the loan gets what the cap leaves
    for line in read.package:
        product = next(p for p in read.products if p.code == line.code)
        assert product.min_10k <= line.amount_10k <= product.max_10k and line.reason
    assert read.package_total_10k == 340
    assert [o.code for o in read.left_out] == ["L2"]


def test_the_rules_are_compiled_again_only_when_a_product_changes(
    db: Session, accounts: Accounts
) -> None:
    centre = actor_of(accounts.operator)
    body = ProductDraft(name="创新券", kind="voucher_consulting", min_10k=1, max_10k=20)
    code = service.create(db, centre, body).code
    service.move(db, centre, code, service.ProductMove(to="published"))
    first = eligibility_service.published_catalogue(db)
    assert eligibility_service.published_catalogue(db) is first
    edited = body.model_copy(update={"rules": {"all": [cond("patents", ">=", 1)]}})
    service.update(db, centre, code, edited)
    again = eligibility_service.published_catalogue(db)
    assert again is not first and again.products[0].rule.check({"patents": 0}) is False


def test_others_are_refused_and_an_unknown_firm_is_not_found(
    db: Session, accounts: Accounts, tmp_path: Path
) -> None:
    firm_id = registry_firm(db, None, accounts.firm.org_id)
    for who in ("other_firm", "financier", "department", "investor"):
        with pytest.raises(PermissionDenied):
            eligibility_service.firm_eligibility(
                db, actor_of(getattr(accounts, who)), tmp_path, firm_id
            )
    with pytest.raises(PermissionDenied):
        eligibility_service.own_eligibility(db, actor_of(accounts.operator), tmp_path)
    with pytest.raises(NotFound):
        eligibility_service.firm_eligibility(db, actor_of(accounts.operator), tmp_path, 99999)


def test_a_warehouse_not_resolved_yet_is_a_conflict_not_a_crash(
    db: Session, accounts: Accounts, tmp_path: Path
) -> None:
    registry_firm(db, "91330108MA2H7K0L0X", accounts.firm.org_id)
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(WarehouseUnavailable):
        eligibility_service.own_eligibility(db, actor_of(accounts.firm), empty)


# --- scene credit ---------------------------------------------------------------------------


def credit_products(db: Session, accounts: Accounts) -> None:
    bank = accounts.financier.org_id
    publish(db, bank, "W1", "voucher_compute", cond("scene_wins", ">=", 1))
    publish(
        db,
        bank,
        "W2",
        "guarantee",
        {"all": [cond("scene_wins", ">=", 1), cond("headcount", ">=", 5)]},
    )
    publish(db, bank, "C1", "subsidy", {"any": [cond("pilot_status", "==", "completed")]})
    publish(db, bank, "O1", "voucher_data", {"all": []})  # open: eligible before too


def test_a_selected_proposal_unlocks_exactly_the_products_that_needed_a_scene_win(
    db: Session, accounts: Accounts, tmp_path: Path
) -> None:
    firm_id = registry_firm(db, None, accounts.firm.org_id)
    credit_products(db, accounts)
    firm, none = actor_of(accounts.firm), tmp_path / "none.duckdb"
    eligibility_service.own_eligibility(db, firm, none)
    first = won(db, accounts)
    read = eligibility_read(eligibility_service.own_eligibility(db, firm, none), EN)
    assert [(u.trigger, u.seen) for u in read.unlocks] == [("scene_won", False)]
    unlock = read.unlocks[0]
    assert unlock.heading.startswith("New for you since you won scene ")
    assert [(p.code, p.reasons) for p in unlock.products] == [
        ("W1", ["scene_wins >= 1 now holds: scene wins was 0, is 1"])
    ]  # W2 is unknown (headcount), O1 was eligible before, C1 needs a completed pilot
    again = eligibility_read(eligibility_service.own_eligibility(db, firm, none), EN)
    assert [u.seen for u in again.unlocks] == [True]

    dept = actor_of(accounts.department)
    partnership_service.move_stage(db, dept, first, StageMove(to="pilot"))  # type: ignore[arg-type]
    pilots.record_evaluation(db, dept, first, EvaluationSet(rubric=FULL_RUBRIC))
    partnership_service.move_stage(db, dept, first, StageMove(to="demonstration"))  # type: ignore[arg-type]
    operator = actor_of(accounts.operator)
    latest = eligibility_read(eligibility_service.firm_eligibility(db, operator, none, firm_id), EN)
    assert [u.trigger for u in latest.unlocks] == ["pilot_completed", "scene_won"]
    assert [p.code for p in latest.unlocks[0].products] == ["C1"]
    assert latest.unlocks[0].products[0].reasons == [
        'pilot_status == "completed" now holds: pilot status was "running", is "completed"'
    ]
    assert latest.unlocks[0].seen is False  # the centre's look is not the firm's


def test_a_failing_listener_never_fails_the_selection(
    db: Session, accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry_firm(db, None, accounts.firm.org_id)
    monkeypatch.setitem(
        events.LISTENERS, events.SceneWon, ("tests.estation.test_eligibility:boom",)
    )
    code = won(db, accounts)
    assert partnership_service.partnership(db, code).stage == "agreed"
    assert db.scalars(select(SceneCredit)).all() == []


def boom(session: Session, actor: object, event: object) -> None:
    session.add(SceneCredit(firm_id=1, trigger="x", reference="y", changed={}, unlocked=[]))
    session.flush()
    raise RuntimeError("a listener that breaks")
