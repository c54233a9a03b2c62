"""Applications through /api/v1/estation/applications, on both databases: a firm applies
with consent; its product's provider reads only the consented fields, each read audited and
shown to the firm; nobody else reads the application; withdrawal stops the reads; decisions
and their validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from scenehub.db import session_factory
from scenehub.estation.firm_records import MunicipalRecords
from scenehub.governance.models import AuditEntry
from scenehub.settings import Settings
from tests.conftest import Accounts, bearer
from tests.estation.applications_setup import (
    APPLICATIONS,
    CONSENTED,
    Setup,
    apply,
    arrange,
    golden_firm,
    settings_with,
)
from tests.estation.conftest import FactsCity


@pytest.fixture(scope="module")
def golden(facts_city: FactsCity) -> MunicipalRecords:
    return golden_firm(facts_city)


@pytest.fixture
def settings(db_url: str, tmp_path: Path, facts_city: FactsCity) -> Settings:
    return settings_with(db_url, tmp_path, facts_city.warehouse)


@pytest.fixture
def setup(client: TestClient, accounts: Accounts, db_url: str, golden: MunicipalRecords) -> Setup:
    return arrange(client, accounts, db_url, golden.golden_id, CONSENTED)


def test_the_consent_screen_lists_the_products_fields_with_todays_values(
    client: TestClient, setup: Setup
) -> None:
    screen = client.get(f"/api/v1/estation/products/{setup.product}/consent", headers=setup.firm)
    assert screen.status_code == 200, screen.text
    found = screen.json()
    assert found["provider_name"] == "杭州银行科技支行" and found["product_version"] == 1
    assert found["documents"] == ["营业执照", "近两年财务报表"]
    fields = {f["field"]: f for f in found["fields"]}
    assert list(fields) == CONSENTED
    assert fields["insured_count"]["held"] and isinstance(fields["insured_count"]["value"], int)
    assert "hrss_insured" in fields["insured_count"]["source"]


def test_the_provider_reads_only_the_consented_fields_and_the_firm_sees_each_read(
    client: TestClient, accounts: Accounts, setup: Setup, db_url: str
) -> None:
    code = apply(client, setup)
    mine = client.get(f"{APPLICATIONS}/{code}", headers=setup.firm).json()
    assert mine["status"] == "pending" and mine["consent_fields"] == CONSENTED
    assert mine["consented_at"] and mine["product_version"] == 1
    inbox = client.get(f"{APPLICATIONS}/inbox", headers=setup.bank).json()
    assert [a["code"] for a in inbox] == [code] and inbox[0]["firm_name"] == "云图智能"
    assert "data" not in inbox[0] and "ipo_patents" not in str(inbox)

    data = client.get(f"{APPLICATIONS}/{code}/data", headers=setup.bank)
    assert data.status_code == 200, data.text
    assert [f["field"] for f in data.json()["fields"]] == CONSENTED
    # the firm's patents (and every other fact) are not consented: nothing of them leaves
    assert "ipo_patents" not in data.text and "patents" not in data.text

    reads = client.get(f"{APPLICATIONS}/reads", headers=setup.firm).json()
    assert [(r["reader"], r["application"], r["fields"]) for r in reads] == [
        ("bank", code, CONSENTED)
    ]
    assert (
        reads[0]["reader_org"] == "杭州银行科技支行"
        and reads[0]["purpose"] == "financing-application"
    )
    with session_factory(db_url)() as db:
        entry = db.scalars(
            select(AuditEntry).where(AuditEntry.action == "estation.read_application_data")
        ).one()
    assert entry.subject_org_id == accounts.firm.org_id and entry.resource_id == code


def test_nobody_but_the_firm_its_provider_and_the_centre_reads_an_application(
    client: TestClient, accounts: Accounts, setup: Setup
) -> None:
    code = apply(client, setup)
    guarantor = bearer(client, accounts.other_financier)
    for path in (f"{APPLICATIONS}/{code}", f"{APPLICATIONS}/{code}/data"):
        refused = client.get(path, headers=guarantor)
        assert refused.status_code == 403, refused.text
        assert "belongs to another organisation" in refused.json()["error"]["message"]
    assert client.get(f"{APPLICATIONS}/inbox", headers=guarantor).json() == []
    decided = client.post(
        f"{APPLICATIONS}/{code}/decision",
        json={"step": "approve", "granted_10k": 100},
        headers=guarantor,
    )
    assert decided.status_code == 403
    rival = bearer(client, accounts.other_firm)
    assert client.get(f"{APPLICATIONS}/{code}", headers=rival).status_code == 403
    assert client.get(APPLICATIONS, headers=rival).json() == []
    investor = bearer(client, accounts.investor)
    assert client.get(f"{APPLICATIONS}/{code}", headers=investor).status_code == 403
    assert client.get(f"{APPLICATIONS}/{code}/data", headers=setup.firm).status_code == 403
    assert client.get(f"{APPLICATIONS}/{code}").status_code == 401
    operator = bearer(client, accounts.operator)
    assert client.get(f"{APPLICATIONS}/{code}/data", headers=operator).status_code == 200
    # the centre oversees, the financier decides its own product's applications
    by_centre = client.post(
        f"{APPLICATIONS}/{code}/decision",
        json={"step": "reject", "message": "不符合"},
        headers=operator,
    )
    assert by_centre.status_code == 403
    assert "the financier decides it" in by_centre.json()["error"]["message"]


def test_withdrawn_consent_stops_the_providers_reads(client: TestClient, setup: Setup) -> None:
    code = apply(client, setup)
    assert client.get(f"{APPLICATIONS}/{code}/data", headers=setup.bank).status_code == 200
    withdrawn = client.post(f"{APPLICATIONS}/{code}/withdraw-consent", headers=setup.firm)
    assert withdrawn.status_code == 200 and withdrawn.json()["consent_withdrawn_at"]
    refused = client.get(f"{APPLICATIONS}/{code}/data", headers=setup.bank)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "consent_withdrawn"
    assert "withdrew its consent" in refused.json()["error"]["message"]
    chinese = client.get(
        f"{APPLICATIONS}/{code}/data", headers={**setup.bank, "Accept-Language": "zh-CN"}
    )
    assert "撤回授权" in chinese.json()["error"]["message"]
    assert client.get(f"{APPLICATIONS}/{code}", headers=setup.bank).status_code == 200
    again = client.post(f"{APPLICATIONS}/{code}/withdraw-consent", headers=setup.firm)
    assert again.status_code == 409
    reads = client.get(f"{APPLICATIONS}/reads", headers=setup.firm).json()
    assert len(reads) == 1


def test_a_request_for_information_is_answered_then_the_application_approved(
    client: TestClient, setup: Setup
) -> None:
    code = apply(client, setup, amount=200)

    def decide(**body: object) -> tuple[int, dict[str, object]]:
        response = client.post(f"{APPLICATIONS}/{code}/decision", json=body, headers=setup.bank)
        return response.status_code, response.json()

    status, asked = decide(step="request_information", message="请补充近三个月银行流水")
    assert status == 200 and asked["status"] == "information_requested"
    assert decide(step="request_information", message="再问一次")[0] == 409
    answer = {"message": "已上传流水"}
    answered = client.post(f"{APPLICATIONS}/{code}/answer", json=answer, headers=setup.firm)
    assert answered.status_code == 200 and answered.json()["status"] == "pending"
    again = client.post(f"{APPLICATIONS}/{code}/answer", json=answer, headers=setup.firm)
    assert again.status_code == 409

    assert decide(step="approve", granted_10k=250)[0] == 422  # more than asked
    assert decide(step="approve", granted_10k=40)[0] == 422  # below the product's minimum
    assert decide(step="approve")[0] == 422  # no amount
    status, approved = decide(step="approve", granted_10k=150, message="额度150万")
    assert status == 200 and approved["status"] == "approved"
    assert approved["granted_10k"] == 150 and approved["decided_at"]
    steps = [(m["step"], m["side"]) for m in approved["messages"]]  # type: ignore[union-attr]
    assert steps == [
        ("request_information", "provider"),
        ("answer", "firm"),
        ("approve", "provider"),
    ]
    late = client.post(
        f"{APPLICATIONS}/{code}/decision",
        json={"step": "reject", "message": "晚了"},
        headers={**setup.bank, "Accept-Language": "zh-CN"},
    )
    assert late.status_code == 409 and "已批准" in late.json()["error"]["message"]
    history = client.get(APPLICATIONS, headers=setup.firm).json()
    assert [(a["code"], a["status"], a["granted_10k"]) for a in history] == [
        (code, "approved", 150)
    ]


def test_a_rejection_needs_its_reason(client: TestClient, setup: Setup) -> None:
    code = apply(client, setup)
    path = f"{APPLICATIONS}/{code}/decision"
    empty = client.post(path, json={"step": "reject", "message": " "}, headers=setup.bank)
    assert empty.status_code == 422 and "reason" in empty.json()["error"]["message"]
    body = {"step": "reject", "message": "资产负债率过高"}
    rejected = client.post(path, json=body, headers=setup.bank).json()
    assert rejected["status"] == "rejected" and rejected["decision_reason"] == "资产负债率过高"
    assert rejected["granted_10k"] is None
    rejected_only = client.get(
        f"{APPLICATIONS}/inbox", params={"status": "rejected"}, headers=setup.bank
    )
    assert [a["code"] for a in rejected_only.json()] == [code]
    assert (
        client.get(f"{APPLICATIONS}/inbox", params={"status": "pending"}, headers=setup.bank).json()
        == []
    )
    bad = client.get(f"{APPLICATIONS}/inbox", params={"status": "lost"}, headers=setup.bank)
    assert bad.status_code == 422


def test_an_application_without_consent_or_to_other_terms_is_refused(
    client: TestClient, accounts: Accounts, setup: Setup
) -> None:
    body = {
        "product_code": setup.product,
        "amount_10k": 100,
        "consent": False,
        "consent_fields": CONSENTED,
    }
    unconsented = client.post(APPLICATIONS, json=body, headers=setup.firm)
    assert unconsented.status_code == 422
    assert "tick the consent" in unconsented.json()["error"]["message"]
    other = {**body, "consent": True, "consent_fields": ["tax_credit_grade"]}
    assert client.post(APPLICATIONS, json=other, headers=setup.firm).status_code == 409
    too_much = {**body, "consent": True, "amount_10k": 301}
    assert client.post(APPLICATIONS, json=too_much, headers=setup.firm).status_code == 422
    unknown = {**body, "consent": True, "product_code": "FP99999"}
    assert client.post(APPLICATIONS, json=unknown, headers=setup.firm).status_code == 404
    bank_applies = client.post(APPLICATIONS, json={**body, "consent": True}, headers=setup.bank)
    assert bank_applies.status_code == 403
    assert client.get(APPLICATIONS, headers=setup.firm).json() == []


def test_the_firm_hears_each_of_the_providers_steps(client: TestClient, setup: Setup) -> None:
    code = apply(client, setup, amount=200)
    path = f"{APPLICATIONS}/{code}/decision"
    body = {"step": "request_information", "message": "请补充近三个月银行流水"}
    client.post(path, json=body, headers=setup.bank)
    client.post(f"{APPLICATIONS}/{code}/answer", json={"message": "已上传"}, headers=setup.firm)
    approved = {"step": "approve", "granted_10k": 150, "message": "额度150万"}
    assert client.post(path, json=approved, headers=setup.bank).status_code == 200
    told = client.get("/api/v1/me/notifications", headers=setup.firm).json()["items"]
    assert [n["kind"] for n in told[:2]] == [
        "application.approved",
        "application.information_requested",
    ]
    assert told[0]["link"] == f"/my/applications/{code}" and "150" in told[0]["body"]
    assert "请补充近三个月银行流水" in told[1]["body"]
    bank_told = client.get("/api/v1/me/notifications", headers=setup.bank).json()
    assert bank_told["total"] == 0  # the provider is not told of its own decisions
