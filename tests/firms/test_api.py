"""The capability registry through the API: claims, capabilities, the capability list."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from scenehub.firms import service
from scenehub.firms.schemas import FirmImport
from scenehub.governance.policy import SYSTEM
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.uscc import make_uscc
from tests.conftest import Accounts, bearer

USCC = make_uscc("330108", "MA2H7K0L")
SEGMENT = load_chain().segments[0].key


def known_firm(session: Session, uscc: str = USCC, **fields: Any) -> int:
    firm = service.import_firm(
        session, SYSTEM, FirmImport(uscc=uscc, name="杭州云图智能科技有限公司", **fields)
    )
    session.commit()
    return firm.id


def claimed_firm(
    client: TestClient, accounts: Accounts, session: Session, **fields: Any
) -> tuple[int, dict[str, str]]:
    """A firm of the registry that ``accounts.firm`` has claimed and the centre approved."""
    firm_id = known_firm(session, **fields)
    firm = bearer(client, accounts.firm)
    claim = client.post("/api/v1/registry/claims", json={"uscc": USCC}, headers=firm)
    assert claim.status_code == 201, claim.text
    decided = client.post(
        f"/api/v1/registry/claims/{claim.json()['id']}/decision",
        json={"approve": True},
        headers=bearer(client, accounts.operator),
    )
    assert decided.status_code == 200, decided.text
    return firm_id, firm


def capability(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "路面病害视频识别",
        "description": "基于巡查车辆视频的路面破损和井盖缺失自动识别，支持本地化部署。",
        "segments": [SEGMENT],
        "trl": 7,
        **overrides,
    }


def test_a_claim_waits_for_the_centre_then_the_firm_maintains_its_record(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    firm_id = known_firm(session)
    firm = bearer(client, accounts.firm)
    assert client.get("/api/v1/registry/me", headers=firm).json() is None
    claim = client.post(
        "/api/v1/registry/claims",
        json={"uscc": USCC.lower(), "evidence": "营业执照扫描件"},
        headers=firm,
    ).json()
    assert claim["status"] == "pending" and claim["firm_id"] == firm_id
    blocked = client.post("/api/v1/registry/me/capabilities", json=capability(), headers=firm)
    assert blocked.status_code == 409
    centre = bearer(client, accounts.operator)
    queue = client.get("/api/v1/registry/claims", headers=centre).json()
    assert [c["id"] for c in queue] == [claim["id"]]
    client.post(
        f"/api/v1/registry/claims/{claim['id']}/decision", json={"approve": True}, headers=centre
    )
    me = client.get("/api/v1/registry/me", headers=firm).json()
    assert me["id"] == firm_id and me["org_id"] == accounts.firm.org_id


def test_a_bad_code_is_refused_and_a_claimed_firm_cannot_be_claimed_twice(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    claimed_firm(client, accounts, session)
    rival = bearer(client, accounts.other_firm)
    bad = client.post("/api/v1/registry/claims", json={"uscc": USCC[:-1] + "0"}, headers=rival)
    assert bad.status_code == 422 and "check character" in bad.text
    taken = client.post("/api/v1/registry/claims", json={"uscc": USCC}, headers=rival)
    assert taken.status_code == 409


def test_a_rejected_claim_tells_the_firm_why(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    known_firm(session)
    firm, centre = bearer(client, accounts.firm), bearer(client, accounts.operator)
    claim = client.post("/api/v1/registry/claims", json={"uscc": USCC}, headers=firm).json()
    url = f"/api/v1/registry/claims/{claim['id']}/decision"
    assert client.post(url, json={"approve": False}, headers=centre).status_code == 409
    client.post(url, json={"approve": False, "reason": "营业执照与名称不符"}, headers=centre)
    mine = client.get("/api/v1/registry/claims/mine", headers=firm).json()
    assert [(c["status"], c["reason"]) for c in mine] == [("rejected", "营业执照与名称不符")]


def test_an_unknown_code_registers_a_new_firm(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    firm = bearer(client, accounts.firm)
    code = make_uscc("330110", "MA7QX2P1")
    claim = client.post("/api/v1/registry/claims", json={"uscc": code}, headers=firm).json()
    assert claim["uscc"] == code and claim["firm_name"] == "云图智能"


def test_capabilities_are_reviewed_and_published_in_numbered_lists(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    centre = bearer(client, accounts.operator)
    added = client.post("/api/v1/registry/me/capabilities", json=capability(), headers=firm)
    assert added.status_code == 201 and added.json()["status"] == "draft"
    code = added.json()["code"]
    early = client.post(
        "/api/v1/capability-batches", json={"capability_codes": [code]}, headers=centre
    )
    assert early.status_code == 409
    client.post(f"/api/v1/capabilities/{code}/transitions", json={"to": "submitted"}, headers=firm)
    assert [
        c["code"] for c in client.get("/api/v1/review/capabilities", headers=centre).json()
    ] == [code]
    batch = client.post(
        "/api/v1/capability-batches", json={"capability_codes": [code]}, headers=centre
    ).json()
    listed = client.get("/api/v1/capabilities", params={"batch": batch["label"]}).json()
    assert [(c["code"], c["firm_name"]) for c in listed] == [(code, "杭州云图智能科技有限公司")]
    # Editing a published capability sends it back to review.
    edited = client.put(f"/api/v1/capabilities/{code}", json=capability(trl=8), headers=firm).json()
    assert edited["status"] == "submitted" and client.get("/api/v1/capabilities").json() == []


def test_a_firm_cannot_touch_another_firms_capability(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    code = client.post("/api/v1/registry/me/capabilities", json=capability(), headers=firm).json()[
        "code"
    ]
    rival = bearer(client, accounts.other_firm)
    response = client.put(f"/api/v1/capabilities/{code}", json=capability(), headers=rival)
    # an unpublished capability is, to another firm, not there (issue 16, finding 5)
    missing = client.put("/api/v1/capabilities/C-NONE", json=capability(), headers=rival)
    assert (response.status_code, missing.status_code) == (404, 404)


def test_vetted_firms_see_vetted_scenes(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    firm_id, firm = claimed_firm(client, accounts, session)
    dept, centre = bearer(client, accounts.department), bearer(client, accounts.operator)
    scene = client.post(
        "/api/v1/scenes",
        json={
            "title": "警情文本智能分类",
            "domain": "policing",
            "wanted": "对警情文本自动分类。",
            "security_vetting": True,
        },
        headers=dept,
    ).json()
    client.post(
        f"/api/v1/scenes/{scene['code']}/transitions", json={"to": "submitted"}, headers=dept
    )
    client.post("/api/v1/scene-batches", json={"scene_codes": [scene["code"]]}, headers=centre)
    assert client.get("/api/v1/scenes", headers=firm).json() == []
    assert (
        client.post(
            f"/api/v1/registry/firms/{firm_id}/vetting", json={"vetted": True}, headers=firm
        ).status_code
        == 403
    )
    client.post(f"/api/v1/registry/firms/{firm_id}/vetting", json={"vetted": True}, headers=centre)
    assert [s["code"] for s in client.get("/api/v1/scenes", headers=firm).json()] == [scene["code"]]


def test_a_claim_is_not_approved_for_an_organisation_that_already_has_a_record(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    known_firm(session)
    firm = bearer(client, accounts.firm)
    claim = client.post("/api/v1/registry/claims", json={"uscc": USCC}, headers=firm).json()
    other = known_firm(session, uscc=make_uscc("330106", "MA2J8K1M"))
    service.link_org(session, SYSTEM, other, accounts.firm.org_id)
    session.commit()
    decided = client.post(
        f"/api/v1/registry/claims/{claim['id']}/decision",
        json={"approve": True},
        headers=bearer(client, accounts.operator),
    )
    assert decided.status_code == 409


def test_a_code_is_read_in_full_width_and_either_case(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    known_firm(session)
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in USCC.lower())
    claim = client.post(
        "/api/v1/registry/claims",
        json={"uscc": f" {full_width}\u3000"},
        headers=bearer(client, accounts.firm),
    )
    assert claim.status_code == 201, claim.text
    assert claim.json()["uscc"] == USCC


def test_a_claim_is_not_rejected_with_an_invisible_reason(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    known_firm(session)
    firm, centre = bearer(client, accounts.firm), bearer(client, accounts.operator)
    claim = client.post("/api/v1/registry/claims", json={"uscc": USCC}, headers=firm).json()
    url = f"/api/v1/registry/claims/{claim['id']}/decision"
    blank = client.post(url, json={"approve": False, "reason": "\u200b\u2060"}, headers=centre)
    assert blank.status_code == 409
    assert client.get("/api/v1/registry/claims/mine", headers=firm).json()[0]["status"] == "pending"


def test_a_json_flag_sent_as_text_is_refused(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    firm_id = known_firm(session)
    url = f"/api/v1/registry/firms/{firm_id}/vetting"
    centre = bearer(client, accounts.operator)
    assert client.post(url, json={"vetted": "true"}, headers=centre).status_code == 422
    assert client.post(url, json={"vetted": True}, headers=centre).json()["vetted"] is True
