"""An application's consent is a grant (governance/grants.py): to the product's provider, for
exactly the consented fields, linked to the application; its expiry refuses the reads (403
grant_expired, audited for the firm) and the firm's withdrawal revokes it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from scenehub.db import at, session_factory, utcnow
from scenehub.estation.firm_records import MunicipalRecords
from scenehub.governance import grant_service
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import SYSTEM
from scenehub.settings import Settings
from tests.conftest import Accounts
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

GRANTS = "/api/v1/grants"


@pytest.fixture(scope="module")
def golden(facts_city: FactsCity) -> MunicipalRecords:
    return golden_firm(facts_city)


@pytest.fixture
def settings(db_url: str, tmp_path: Path, facts_city: FactsCity) -> Settings:
    return settings_with(db_url, tmp_path, facts_city.warehouse)


@pytest.fixture
def setup(client: TestClient, accounts: Accounts, db_url: str, golden: MunicipalRecords) -> Setup:
    return arrange(client, accounts, db_url, golden.golden_id, CONSENTED)


def test_the_consent_is_a_grant_of_exactly_the_consented_fields_to_the_provider(
    client: TestClient, setup: Setup, accounts: Accounts
) -> None:
    code = apply(client, setup)
    [grant] = client.get(f"{GRANTS}/mine", headers=setup.bank).json()
    assert (grant["grantee_org_id"], grant["subject_org_id"]) == (
        accounts.financier.org_id,
        accounts.firm.org_id,
    )
    assert sorted(grant["fields"]) == sorted(CONSENTED) and grant["datasets"] == ["estation_facts"]
    assert (grant["purpose"], grant["link_kind"], grant["link_ref"]) == (
        "financing-application",
        "application",
        code,
    )
    assert grant["state"] == "approved" and grant["purpose_text"] == f"financing application {code}"
    # the firm sees the grant about its data
    assert [g["id"] for g in client.get(f"{GRANTS}/mine", headers=setup.firm).json()] == [
        grant["id"]
    ]
    data = client.get(f"{APPLICATIONS}/{code}/data", headers=setup.bank).json()
    assert data["grant"] == grant["id"] and data["masked"] == []


def test_an_expired_grant_is_refused_and_the_refusal_is_in_the_firms_audit(
    client: TestClient, setup: Setup, accounts: Accounts, db_url: str
) -> None:
    code = apply(client, setup)
    # The consent as if given 100 days ago (the service on the house's clock): expired now.
    with session_factory(db_url)() as db, at(utcnow() - timedelta(days=100)):
        grant_service.grant_consent(
            db,
            SYSTEM,
            grantee_org_id=accounts.financier.org_id,
            subject_org_id=accounts.firm.org_id,
            fields=CONSENTED,
            application_code=code,
            days=90,
        )
        db.commit()
    refused = client.get(f"{APPLICATIONS}/{code}/data", headers=setup.bank)
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["code"] == "grant_expired" and "expired on" in error["message"]
    chinese = client.get(
        f"{APPLICATIONS}/{code}/data", headers={**setup.bank, "Accept-Language": "zh-CN"}
    )
    assert "已于" in chinese.json()["error"]["message"]
    with session_factory(db_url)() as db:
        denied = db.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "estation.read_application_data",
                AuditEntry.outcome == "denied",
            )
        ).all()
    assert len(denied) == 2
    assert {(e.subject_org_id, e.purpose) for e in denied} == {
        (accounts.firm.org_id, "financing-application")
    }
    assert denied[0].details["code"] == "grant_expired"


def test_withdrawing_the_consent_revokes_the_grant(client: TestClient, setup: Setup) -> None:
    code = apply(client, setup)
    client.post(f"{APPLICATIONS}/{code}/withdraw-consent", headers=setup.firm)
    [grant] = client.get(f"{GRANTS}/mine", headers=setup.bank).json()
    assert grant["state"] == "revoked" and grant["decided_by"] == "yuntu"
    assert client.get(f"{APPLICATIONS}/{code}/data", headers=setup.bank).status_code == 403


def test_a_provider_revoking_its_grant_stops_its_reads(client: TestClient, setup: Setup) -> None:
    code = apply(client, setup)
    [grant] = client.get(f"{GRANTS}/mine", headers=setup.bank).json()
    revoked = client.post(f"{GRANTS}/{grant['id']}/revoke", headers=setup.bank)
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    refused = client.get(f"{APPLICATIONS}/{code}/data", headers=setup.bank)
    assert refused.status_code == 403
