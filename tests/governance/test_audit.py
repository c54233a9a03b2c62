"""The audit trail on a real database: appends chain, tampering shows, the DB refuses edits."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from scenehub.governance import audit
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import SYSTEM
from tests.conftest import Accounts, bearer


def entries(session: Session) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def write_three(session: Session) -> None:
    for n in range(3):
        audit.record(
            session,
            SYSTEM,
            "demo.write",
            resource_type="thing",
            resource_id=n,
            details={"n": n, "名称": "测试"},
        )
    session.commit()


def drop_append_only_guard(session: Session) -> None:
    """What a database administrator bent on tampering would do first."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("DROP TRIGGER audit_entries_append_only ON audit_entries"))
    else:
        session.execute(text("DROP TRIGGER audit_entries_no_update"))
        session.execute(text("DROP TRIGGER audit_entries_no_delete"))


def test_entries_form_a_chain_that_verifies(session: Session) -> None:
    write_three(session)
    rows = entries(session)
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[1].prev_hash == rows[0].hash
    report = audit.verify(session)
    assert report.ok and report.entries_checked == 3


def test_the_database_refuses_to_update_or_delete_entries(session: Session) -> None:
    write_three(session)
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text("UPDATE audit_entries SET outcome = 'denied' WHERE seq = 2"))
    session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    session.rollback()
    assert len(entries(session)) == 3


def test_an_edited_entry_fails_verification(session: Session) -> None:
    write_three(session)
    drop_append_only_guard(session)
    session.execute(text("UPDATE audit_entries SET actor_username = 'nobody' WHERE seq = 2"))
    session.commit()
    report = audit.verify(session)
    assert [(p.seq, p.kind) for p in report.problems] == [(2, "altered")]


def test_a_deleted_entry_fails_verification(session: Session) -> None:
    write_three(session)
    drop_append_only_guard(session)
    session.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    session.commit()
    assert {p.kind for p in audit.verify(session).problems} == {"missing", "broken_link"}


def test_a_denied_request_is_audited_although_its_work_is_rolled_back(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    headers = bearer(client, accounts.firm)
    response = client.post(
        "/api/v1/orgs", json={"kind": "firm", "name": "偷偷建的公司"}, headers=headers
    )
    assert response.status_code == 403
    denial = session.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied")).one()
    assert (denial.action, denial.actor_username) == ("orgs.manage", "yuntu")
    assert "needs the role admin" in denial.details["reason"]
    assert audit.verify(session).ok


def test_a_failed_login_is_audited_with_the_username_tried(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    response = client.post("/api/v1/auth/token", json={"username": "admin", "password": "nope"})
    assert response.status_code == 401
    failed = session.scalars(select(AuditEntry).where(AuditEntry.outcome == "failed")).one()
    assert failed.action == "auth.login"
    assert failed.details["username"] == "admin"


def test_a_firm_reads_who_touched_its_data_and_nothing_about_others(
    client: TestClient, accounts: Accounts
) -> None:
    admin = bearer(client, accounts.admin)
    client.patch(
        f"/api/v1/users/{accounts.firm.user_id}", json={"display_name": "云图"}, headers=admin
    )
    client.patch(
        f"/api/v1/users/{accounts.other_firm.user_id}", json={"display_name": "X"}, headers=admin
    )
    mine = client.get("/api/v1/audit/mine", headers=bearer(client, accounts.firm)).json()
    assert {e["subject_org_id"] for e in mine} == {accounts.firm.org_id}
    updates = [e for e in mine if e["action"] == "users.update"]
    assert [(e["actor_username"], e["resource_id"]) for e in updates] == [
        ("admin", str(accounts.firm.user_id))
    ]


def test_staff_verify_the_chain_over_the_api(client: TestClient, accounts: Accounts) -> None:
    report = client.get("/api/v1/audit/verify", headers=bearer(client, accounts.operator))
    assert report.status_code == 200
    body = report.json()
    assert body["ok"] is True and body["entries_checked"] >= 7  # 6 users + orgs + login
    denied = client.get("/api/v1/audit/verify", headers=bearer(client, accounts.investor))
    assert denied.status_code == 403
