"""Proofs over the API: a firm proves the entries about itself against the signed checkpoint,
checked here by a stand-alone RFC 6962 verifier (not scenehub's); others' entries are refused."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.serialization import load_pem_public_key
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.governance import service
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import SYSTEM
from scenehub.settings import Settings
from tests.conftest import Accounts, bearer


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def root_from_path(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes:
    """RFC 6962 §2.1.1 read backwards: the last path element is the top-level sibling."""
    if size == 1:
        assert path == [], "too long a path"
        return leaf
    assert path, "too short a path"
    k = 1
    while k * 2 < size:
        k *= 2
    if index < k:
        return _h(b"\x01" + root_from_path(index, k, leaf, path[:-1]) + path[-1])
    return _h(b"\x01" + path[-1] + root_from_path(index - k, size - k, leaf, path[:-1]))


def verifies(proof: dict, entry_hash: str) -> bool:  # type: ignore[type-arg]
    path = [bytes.fromhex(p) for p in proof["path"]]
    leaf = bytes.fromhex(proof["leaf_hash"])
    root = root_from_path(proof["leaf_index"], proof["tree_size"], leaf, path)
    return leaf.hex() == entry_hash and root.hex() == proof["root_hash"]


def entries_about(session: Session, org_id: int | None) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.subject_org_id == org_id)))


def test_a_firm_proves_its_entries_against_the_signed_checkpoint(
    client: TestClient, accounts: Accounts, session: Session, settings: Settings
) -> None:
    firm = bearer(client, accounts.firm)
    mine = entries_about(session, accounts.firm.org_id)
    assert mine
    before = client.get(f"/api/v1/audit/entries/{mine[0].seq}/proof", headers=firm).json()
    assert before["checkpoint"] is None and verifies(before, mine[0].hash)

    session.commit()  # end the read, so that this session may write (SQLite)
    service.take_checkpoint(session, SYSTEM, settings)
    session.commit()
    key = load_pem_public_key(
        client.get("/api/v1/audit/public-key").json()["public_key_pem"].encode()
    )
    for entry in mine:
        proof = client.get(f"/api/v1/audit/entries/{entry.seq}/proof", headers=firm).json()
        assert proof["leaf_index"] == entry.seq - 1 and verifies(proof, entry.hash)
        signed = proof["checkpoint"]
        assert (signed["size"], signed["root_hash"]) == (proof["tree_size"], proof["root_hash"])
        message = (
            f"scenehub audit checkpoint v1\nsize {signed['size']}\n"
            f"root_hash {signed['root_hash']}\ntime {signed['time']}\n"
        )
        key.verify(bytes.fromhex(signed["signature"]), message.encode())  # type: ignore[call-arg,union-attr]


def test_a_firm_cannot_prove_others_entries(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    firm = bearer(client, accounts.firm)
    rival = entries_about(session, accounts.other_firm.org_id)[0]
    refused = client.get(f"/api/v1/audit/entries/{rival.seq}/proof", headers=firm)
    assert refused.status_code == 403
    assert "belongs to another organisation" in refused.json()["error"]["message"]
    missing = client.get("/api/v1/audit/entries/99999/proof", headers=firm)
    assert missing.status_code == 404
    staff = bearer(client, accounts.operator)
    proof = client.get(f"/api/v1/audit/entries/{rival.seq}/proof", headers=staff).json()
    assert verifies(proof, rival.hash)


def test_staff_get_proofs_consistency_and_checkpoints(
    client: TestClient, accounts: Accounts, session: Session, settings: Settings
) -> None:
    staff = bearer(client, accounts.operator)
    session.commit()  # end the read, so that this session may write (SQLite)
    service.take_checkpoint(session, SYSTEM, settings)
    session.commit()
    checkpoints = client.get("/api/v1/audit/checkpoints", headers=staff).json()
    size = checkpoints[0]["size"]
    proof = client.get("/api/v1/audit/proof", params={"index": 2}, headers=staff).json()
    assert proof["tree_size"] == size and proof["root_hash"] == checkpoints[0]["root_hash"]
    third = session.get(AuditEntry, 3)
    assert third is not None and verifies(proof, third.hash)
    consistency = client.get(
        "/api/v1/audit/consistency", params={"first": 3, "second": size}, headers=staff
    ).json()
    assert consistency["second_root"] == checkpoints[0]["root_hash"]
    assert consistency["path"]
    beyond = client.get("/api/v1/audit/proof", params={"index": size}, headers=staff)
    assert beyond.status_code == 404
    too_big = {"first": 1, "second": size + 5}
    assert client.get("/api/v1/audit/consistency", params=too_big, headers=staff).status_code == 404
    firm = bearer(client, accounts.firm)
    assert client.get("/api/v1/audit/proof", params={"index": 0}, headers=firm).status_code == 403
    assert client.get("/api/v1/audit/checkpoints", headers=firm).status_code == 403
    report = client.get("/api/v1/audit/verify", headers=staff).json()
    assert report["ok"] and report["checkpoints_checked"] == 1


def test_the_audit_page_names_a_cut_off_tail_in_chinese(
    client: TestClient, accounts: Accounts, session: Session, settings: Settings
) -> None:
    from sqlalchemy import text

    from tests.conftest import sign_in
    from tests.governance.test_audit import drop_append_only_guard

    sign_in(client, accounts.operator)
    page = client.get("/audit")
    assert "No signed checkpoint yet" in page.text
    session.commit()
    service.take_checkpoint(session, SYSTEM, settings)
    session.commit()
    assert "signed checkpoint(s) match the trail" in client.get("/audit").text
    drop_append_only_guard(session)
    session.execute(text("DELETE FROM audit_entries WHERE seq > 3"))
    session.commit()
    page = client.get("/audit", params={"lang": "zh_CN"}).text
    assert "审计日志与其签名检查点不符" in page and "记录被截断" in page
