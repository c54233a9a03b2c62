"""Events of the other domains that reach the party they concern: a case decided, a salon
cancelled."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Accounts, bearer
from tests.governance.test_tracker_api import write_reads
from tests.salons.test_api import invitation_id, sent_salon

MINE = "/api/v1/me/notifications"


def test_a_decided_objection_reaches_the_firm_in_its_language(
    client: TestClient, accounts: Accounts, db_url: str
) -> None:
    seq = write_reads(db_url, accounts)["bank"]
    firm, centre = bearer(client, accounts.firm), bearer(client, accounts.operator)
    body = {"kind": "objection", "target_kind": "entry", "target_id": str(seq), "text": "未同意"}
    case = client.post("/api/v1/me/cases", json=body, headers=firm).json()
    decision = {"decision": "upheld", "reason": "读取超出了同意范围"}
    client.post(f"/api/v1/cases/{case['id']}/decision", json=decision, headers=centre)
    (told,) = client.get(MINE, headers={**firm, "Accept-Language": "zh-CN"}).json()["items"]
    assert told["kind"] == "case.decided" and told["link"] == "/my/cases"
    assert "读取超出了同意范围" in told["body"] and "upheld" not in told["body"]


def test_a_cancelled_salon_reaches_who_accepted_and_who_was_still_asked(
    client: TestClient, accounts: Accounts
) -> None:
    url, centre, sent = sent_salon(
        client,
        accounts,
        accounts.firm.org_id,
        accounts.other_firm.org_id,
        accounts.department.org_id,
    )
    firm = bearer(client, accounts.firm)
    answer = f"{url}/invitations/{invitation_id(sent, accounts.firm.org_id)}/answer"
    client.post(answer, json={"accept": False}, headers=firm)
    cancelled = client.post(f"{url}/transitions", json={"to": "cancelled"}, headers=centre)
    assert cancelled.status_code == 200, cancelled.text
    rival = [
        n["kind"]
        for n in client.get(MINE, headers=bearer(client, accounts.other_firm)).json()["items"]
    ]
    declined = [n["kind"] for n in client.get(MINE, headers=firm).json()["items"]]
    assert rival == ["salon.cancelled", "salon.invited"]
    assert declined == ["salon.invited"]  # it declined: the salon no longer concerns it
