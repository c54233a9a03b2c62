"""Cases over the API and the pages: an objection reaches the centre, which answers; an
appeal against a rejected claim; deadlines, overdue cases; who may see and do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from scenehub.db import at, session_factory, utcnow
from scenehub.governance import case_service
from scenehub.governance.models import AuditEntry
from scenehub.governance.schemas import CaseCreate
from scenehub.integration.uscc import make_uscc
from scenehub.work import day_of
from tests.conftest import Accounts, bearer, csrf_of, sign_in
from tests.governance.test_tracker_api import actor_of, write_reads

USCC = make_uscc("330108", "MA2H7K0L")


@pytest.fixture
def seqs(db_url: str, accounts: Accounts) -> dict[str, int]:
    return write_reads(db_url, accounts)


def objection(seq: int, text: str = "we never consented to this read") -> dict[str, object]:
    return {"kind": "objection", "target_kind": "entry", "target_id": str(seq), "text": text}


def test_an_objection_reaches_the_centre_which_answers_and_the_firm_reads_the_answer(
    client: TestClient, accounts: Accounts, seqs: dict[str, int], db_url: str
) -> None:
    firm, centre = bearer(client, accounts.firm), bearer(client, accounts.operator)
    filed = client.post("/api/v1/me/cases", json=objection(seqs["bank"]), headers=firm)
    assert filed.status_code == 201, filed.text
    case = filed.json()
    assert case["status"] == "open" and case["org_name"] == "云图智能"
    assert case["deadline"] == str(day_of(utcnow()) + timedelta(days=15))
    queue = client.get("/api/v1/cases", headers=centre).json()
    assert [c["id"] for c in queue] == [case["id"]]
    decided = client.post(
        f"/api/v1/cases/{case['id']}/decision",
        json={"decision": "upheld", "reason": "the bank read more than the consent allowed"},
        headers=centre,
    )
    assert decided.status_code == 200, decided.text
    mine = client.get("/api/v1/me/cases", headers=firm).json()
    assert [(c["status"], c["decision"]) for c in mine] == [
        ("upheld", "the bank read more than the consent allowed")
    ]
    again = client.post(
        f"/api/v1/cases/{case['id']}/decision",
        json={"decision": "dismissed", "reason": "no"},
        headers=centre,
    )
    assert again.status_code == 409
    with session_factory(db_url)() as db:
        steps = db.execute(
            select(AuditEntry.action, AuditEntry.subject_org_id).where(
                AuditEntry.resource_type == "case"
            )
        ).all()
    assert [tuple(s) for s in steps] == [
        ("cases.file", accounts.firm.org_id),
        ("cases.decide", accounts.firm.org_id),
    ]


def test_only_the_organisation_read_about_may_object_and_see_the_case(
    client: TestClient, accounts: Accounts, seqs: dict[str, int]
) -> None:
    rival, investor = bearer(client, accounts.other_firm), bearer(client, accounts.investor)
    stolen = client.post("/api/v1/me/cases", json=objection(seqs["bank"]), headers=rival)
    assert stolen.status_code == 403
    by_investor = client.post("/api/v1/me/cases", json=objection(seqs["bank"]), headers=investor)
    assert by_investor.status_code == 403
    case = client.post(
        "/api/v1/me/cases", json=objection(seqs["bank"]), headers=bearer(client, accounts.firm)
    ).json()
    assert client.get(f"/api/v1/cases/{case['id']}", headers=rival).status_code == 403
    assert client.get("/api/v1/me/cases", headers=rival).json() == []
    assert client.get("/api/v1/cases", headers=rival).status_code == 403
    assert client.get("/api/v1/cases", headers=investor).status_code == 403
    rival_decides = client.post(
        f"/api/v1/cases/{case['id']}/decision",
        json={"decision": "dismissed", "reason": "mine now"},
        headers=rival,
    )
    assert rival_decides.status_code == 403
    operator = bearer(client, accounts.operator)
    assert client.get(f"/api/v1/cases/{case['id']}", headers=operator).status_code == 200


def test_an_objection_is_to_an_existing_read_and_only_once_while_open(
    client: TestClient, accounts: Accounts, seqs: dict[str, int], db_url: str
) -> None:
    firm = bearer(client, accounts.firm)
    assert client.post("/api/v1/me/cases", json=objection(999_999), headers=firm).status_code == 404
    with session_factory(db_url)() as db:
        change = db.scalar(
            select(AuditEntry.seq).where(
                AuditEntry.action == "users.create",
                AuditEntry.subject_org_id == accounts.firm.org_id,
            )
        )
    assert change is not None
    not_a_read = client.post("/api/v1/me/cases", json=objection(change), headers=firm)
    assert not_a_read.status_code == 409
    first = client.post("/api/v1/me/cases", json=objection(seqs["facts"]), headers=firm)
    assert first.status_code == 201
    twice = client.post("/api/v1/me/cases", json=objection(seqs["facts"]), headers=firm)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "case_refused"


def test_an_appeal_against_a_rejected_claim_has_30_days_and_only_the_claimant_files_it(
    client: TestClient, accounts: Accounts
) -> None:
    firm = bearer(client, accounts.firm)
    claim = client.post("/api/v1/registry/claims", json={"uscc": USCC}, headers=firm).json()
    appeal = {"kind": "appeal", "target_kind": "claim", "target_id": str(claim["id"])}
    pending = client.post("/api/v1/me/cases", json=appeal | {"text": "why?"}, headers=firm)
    assert pending.status_code == 409  # not decided yet: nothing to appeal
    rejected = client.post(
        f"/api/v1/registry/claims/{claim['id']}/decision",
        json={"approve": False, "reason": "the licence does not match"},
        headers=bearer(client, accounts.operator),
    )
    assert rejected.status_code == 200, rejected.text
    rival = bearer(client, accounts.other_firm)
    by_rival = client.post("/api/v1/me/cases", json=appeal | {"text": "x"}, headers=rival)
    assert by_rival.status_code == 403
    filed = client.post(
        "/api/v1/me/cases", json=appeal | {"text": "the licence was renewed"}, headers=firm
    )
    assert filed.status_code == 201, filed.text
    assert filed.json()["deadline"] == str(day_of(utcnow()) + timedelta(days=30))
    unknown = appeal | {"target_id": "999999", "text": "x"}
    assert client.post("/api/v1/me/cases", json=unknown, headers=firm).status_code == 404
    wrong = {"kind": "appeal", "target_kind": "entry", "target_id": "1", "text": "x"}
    assert client.post("/api/v1/me/cases", json=wrong, headers=firm).status_code == 422
    wrong = {"kind": "objection", "target_kind": "claim", "target_id": "1", "text": "x"}
    assert client.post("/api/v1/me/cases", json=wrong, headers=firm).status_code == 422
    sign_in(client, accounts.firm)
    home = client.get("/firm")
    assert f"target_kind=claim&target_id={claim['id']}" in home.text


@pytest.mark.parametrize("kind", ["proposal", "application", "scene", "product"])
def test_an_appeal_against_a_decision_that_does_not_exist_is_not_found(
    client: TestClient, accounts: Accounts, kind: str
) -> None:
    body = {"kind": "appeal", "target_kind": kind, "target_id": "424242", "text": "why?"}
    filed = client.post("/api/v1/me/cases", json=body, headers=bearer(client, accounts.firm))
    assert filed.status_code == 404, filed.text


def test_a_case_past_its_deadline_is_overdue_and_tops_the_queue(
    client: TestClient, accounts: Accounts, seqs: dict[str, int], db_url: str
) -> None:
    with session_factory(db_url)() as db:
        firm = actor_of(accounts.firm)
        recent = case_service.file(db, firm, CaseCreate.model_validate(objection(seqs["facts"])))
        with at(utcnow() - timedelta(days=16)):
            old = case_service.file(db, firm, CaseCreate.model_validate(objection(seqs["bank"])))
        db.commit()
    assert not recent.overdue
    queue = client.get("/api/v1/cases", headers=bearer(client, accounts.operator)).json()
    assert [(c["id"], c["overdue"]) for c in queue] == [(old.id, True), (recent.id, False)]
    sign_in(client, accounts.operator)
    page = client.get("/cases")
    assert page.status_code == 200 and 'data-testid="overdue"' in page.text


def test_the_pages_carry_an_objection_from_the_firm_to_the_centre_and_back(
    client: TestClient, accounts: Accounts, seqs: dict[str, int]
) -> None:
    sign_in(client, accounts.firm)
    form = client.get(f"/my/cases?kind=objection&target_kind=entry&target_id={seqs['bank']}")
    assert form.status_code == 200 and f'value="{seqs["bank"]}"' in form.text
    filed = client.post(
        "/my/cases",
        data=objection(seqs["bank"], "the bank read our patents") | {"csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert filed.status_code == 303, filed.text
    case_path = filed.headers["location"]
    refused = client.post(
        "/my/cases",
        data=objection(seqs["bank"]) | {"csrf_token": csrf_of(client)},
    )
    assert refused.status_code == 409 and 'data-testid="form-error"' in refused.text
    client.cookies.clear()
    sign_in(client, accounts.operator)
    assert case_path in client.get("/cases").text
    decided = client.post(
        f"{case_path}/decision",
        data={"decision": "answered", "reason": "读取属于授权范围", "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert decided.status_code == 303, decided.text
    client.cookies.clear()
    sign_in(client, accounts.firm)
    page = client.get(case_path)
    assert 'data-status="answered"' in page.text and "读取属于授权范围" in page.text
    assert 'data-testid="decide"' not in page.text
    client.cookies.clear()
    sign_in(client, accounts.other_firm)
    assert client.get(case_path).status_code == 403
