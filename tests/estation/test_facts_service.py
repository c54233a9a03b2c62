"""A registry firm's facts through the service, on both databases: the warehouse's records of
a generated city and the platform's own partnerships and proposals; who may read them (the
firm itself and the centre, no financier until consent exists), each read audited."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.db import session_factory
from scenehub.errors import NotFound, PermissionDenied
from scenehub.estation import facts_service, warehouse_facts
from scenehub.estation.fact_values import years_between
from scenehub.estation.firm_records import MunicipalRecords
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import FirmImport
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import SYSTEM, Actor
from scenehub.integration.service import WarehouseUnavailable
from scenehub.partnerships import pilots
from scenehub.partnerships import service as partnership_service
from scenehub.partnerships.schemas import EvaluationSet, StageMove
from scenehub.proposals import service as proposal_service
from scenehub.proposals.review import RUBRIC
from scenehub.proposals.schemas import ProposalAdvance, ProposalCreate
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import BatchPublish, SceneDraft, SceneTransition
from tests.conftest import Account, Accounts
from tests.estation.conftest import CITY, FactsCity
from tests.partnerships.test_service import FULL_RUBRIC

TODAY = date(2026, 11, 1)


def actor_of(account: Account) -> Actor:
    return Actor(
        user_id=account.user_id, username=account.username, role=account.role, org_id=account.org_id
    )


@pytest.fixture
def db(db_url: str) -> Iterator[Session]:
    with session_factory(db_url)() as session:
        yield session


@pytest.fixture(scope="module")
def insured(facts_city: FactsCity) -> MunicipalRecords:
    """A coded golden firm whose headcount social insurance gives."""
    connection = duckdb.connect(str(facts_city.warehouse), read_only=True)
    try:
        return next(
            m
            for m in warehouse_facts.every_firm(connection, CITY.facts.columns)
            if m.golden_id in facts_city.truth
            and m.established is not None
            and any(r.source == "hrss_insured" and r.value for r in m.records)
        )
    finally:
        connection.close()


def registry_firm(db: Session, golden_id: str | None, org_id: int | None) -> int:
    """A firm of the registry (of the golden records when ``golden_id``), claimed by ``org_id``."""
    body = FirmImport(
        uscc=golden_id, golden_id=golden_id, name=f"杭州{golden_id or '新创'}科技有限公司"
    )
    firm = firm_service.import_firm(db, SYSTEM, body)
    if org_id is not None:
        firm_service.link_org(db, SYSTEM, firm.id, org_id)
    return firm.id


def test_a_firm_reads_its_own_facts_with_the_record_each_came_from(
    db: Session, accounts: Accounts, facts_city: FactsCity, insured: MunicipalRecords
) -> None:
    firm_id = registry_firm(db, insured.golden_id, accounts.firm.org_id)
    found = facts_service.firm_facts(
        db, actor_of(accounts.firm), facts_city.warehouse, firm_id, today=TODAY
    )
    truth = facts_city.truth[insured.golden_id]
    assert found.firm_id == firm_id
    assert found.years_since_founding == years_between(
        date.fromisoformat(truth["established"]), TODAY
    )
    assert found.headcount is not None
    assert found.provenance["headcount"].startswith("杭州市人力资源和社会保障局 · hrss_insured")
    assert (found.pilot_status, found.scene_wins) == ("none", 0)
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "estation.read_facts")).one()
    assert (entry.subject_org_id, entry.purpose, entry.resource_id) == (
        accounts.firm.org_id,
        "eligibility",
        str(firm_id),
    )


@pytest.mark.parametrize("who", ["other_firm", "department", "investor", "financier"])
def test_no_one_else_reads_a_firms_facts_and_a_financier_is_told_it_needs_consent(
    db: Session, accounts: Accounts, facts_city: FactsCity, insured: MunicipalRecords, who: str
) -> None:
    firm_id = registry_firm(db, insured.golden_id, accounts.firm.org_id)
    with pytest.raises(PermissionDenied) as denied:
        facts_service.firm_facts(
            db, actor_of(getattr(accounts, who)), facts_city.warehouse, firm_id
        )
    if who == "financier":
        assert "consented" in denied.value.message


def test_the_centre_reads_any_firms_facts_and_every_firms_at_once(
    db: Session, accounts: Accounts, facts_city: FactsCity, insured: MunicipalRecords
) -> None:
    coded = registry_firm(db, insured.golden_id, None)
    newcomer = registry_firm(db, None, accounts.other_firm.org_id)  # registered by itself
    operator = actor_of(accounts.operator)
    one = facts_service.firm_facts(db, operator, facts_city.warehouse, coded, today=TODAY)
    every = list(facts_service.facts_for_all(db, operator, facts_city.warehouse, today=TODAY))
    assert [f.firm_id for f in every] == [coded, newcomer]
    assert every[0] == one
    assert every[1].years_since_founding is None and every[1].pilot_status == "none"
    assert "no golden record" in every[1].provenance["headcount"]
    bulk = db.scalars(select(AuditEntry).where(AuditEntry.action == "estation.read_all_facts"))
    assert [e.details for e in bulk] == [{"firms": 2}]
    with pytest.raises(PermissionDenied):
        facts_service.facts_for_all(db, actor_of(accounts.firm), facts_city.warehouse)


def test_a_firm_the_registry_does_not_know_is_not_found(
    db: Session, accounts: Accounts, facts_city: FactsCity
) -> None:
    with pytest.raises(NotFound):
        facts_service.firm_facts(db, actor_of(accounts.operator), facts_city.warehouse, 999)


def test_a_warehouse_not_yet_resolved_is_said_to_be_so_unless_the_firm_has_no_golden_record(
    db: Session, accounts: Accounts, tmp_path: Path
) -> None:
    coded = registry_firm(db, "91330108MA2H7K0L0X", None)
    newcomer = registry_firm(db, None, None)
    operator, empty = actor_of(accounts.operator), tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(WarehouseUnavailable):
        facts_service.firm_facts(db, operator, empty, coded)
    assert facts_service.firm_facts(db, operator, empty, newcomer, today=TODAY).scene_wins == 0


# --- the platform's own facts ---------------------------------------------------------------


def published_scene(db: Session, accounts: Accounts) -> str:
    dept, centre = actor_of(accounts.department), actor_of(accounts.operator)
    body = SceneDraft(title="地铁站客流分析", domain="transport", wanted="实时统计客流并预警。")
    scene = scene_service.create(db, dept, body)
    scene_service.transition(db, dept, scene.code, SceneTransition(to="submitted"))
    scene_service.publish_batch(db, centre, BatchPublish(scene_codes=[scene.code]))
    return scene.code


def won(db: Session, accounts: Accounts) -> str:
    """The firm's proposal for a new scene, selected: the partnership's code."""
    code = published_scene(db, accounts)
    summary = ProposalCreate(summary="以视频结构化方案实现客流统计，两周部署。")
    proposal = proposal_service.submit(db, actor_of(accounts.firm), code, summary)
    dept = actor_of(accounts.department)
    for to in ("screening", "shortlisted"):
        proposal_service.advance(db, dept, proposal.id, ProposalAdvance(to=to))  # type: ignore[arg-type]
    scores = {c.key: 8 for c in RUBRIC}
    proposal_service.advance(db, dept, proposal.id, ProposalAdvance(to="selected", scores=scores))  # type: ignore[arg-type]
    return f"P-{code}-{proposal.id}"[:20]


def test_pilot_status_and_scene_wins_follow_the_firms_partnerships_and_selected_proposals(
    db: Session, accounts: Accounts, tmp_path: Path
) -> None:
    firm_id = registry_firm(db, None, accounts.firm.org_id)
    firm, dept = actor_of(accounts.firm), actor_of(accounts.department)

    def facts() -> tuple[str | None, int | None]:
        found = facts_service.firm_facts(db, firm, tmp_path / "none.duckdb", firm_id, today=TODAY)
        return found.pilot_status, found.scene_wins

    first = won(db, accounts)
    assert facts() == ("none", 1)  # agreed: the pilot has not started
    partnership_service.move_stage(db, dept, first, StageMove(to="pilot"))  # type: ignore[arg-type]
    assert facts() == ("running", 1)
    second = won(db, accounts)
    partnership_service.move_stage(db, dept, second, StageMove(to="pilot"))  # type: ignore[arg-type]
    pilots.record_evaluation(db, dept, second, EvaluationSet(rubric=FULL_RUBRIC))
    assert facts() == ("completed", 2)  # an evaluated pilot is a completed one
    partnership_service.move_stage(db, dept, second, StageMove(to="terminated", reason="预算不足"))  # type: ignore[arg-type]
    assert facts() == ("completed", 2)


def test_a_firms_records_are_read_again_once_the_warehouse_changes(
    db: Session,
    accounts: Accounts,
    facts_city: FactsCity,
    insured: MunicipalRecords,
    tmp_path: Path,
) -> None:
    """The records are kept per state of the warehouse's files: a firm the pipeline dropped
    (here: its golden record deleted) has no municipal records at the next read."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(facts_city.warehouse, warehouse)
    firm_id = registry_firm(db, insured.golden_id, accounts.firm.org_id)
    actor = actor_of(accounts.firm)
    before = facts_service.firm_facts(db, actor, warehouse, firm_id, today=TODAY)
    assert before.headcount is not None
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("DELETE FROM golden_firms WHERE firm_id = ?", [insured.golden_id])
    after = facts_service.firm_facts(db, actor, warehouse, firm_id, today=TODAY)
    assert after.headcount is None
    assert "no golden record" in after.provenance["headcount"]
