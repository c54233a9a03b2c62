"""The access tracker over the API and the page: only my organisation's reads, filtered,
paged, exported (and the export audited)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from scenehub.db import session_factory, utcnow
from scenehub.governance import audit
from scenehub.governance.policy import Actor
from scenehub.work import day_of
from tests.conftest import Account, Accounts, bearer, sign_in
from tests.governance.test_proofs import root_from_path


def actor_of(account: Account) -> Actor:
    return Actor(
        user_id=account.user_id, username=account.username, role=account.role, org_id=account.org_id
    )


def write_reads(db_url: str, accounts: Accounts) -> dict[str, int]:
    """Three reads of the firm's data (two by the centre, one by a financier), one of the
    other firm's, and a denied read; returns their seqs by name."""
    operator, bank = actor_of(accounts.operator), actor_of(accounts.financier)
    firm, other = accounts.firm.org_id, accounts.other_firm.org_id
    seqs: dict[str, int] = {}
    with session_factory(db_url)() as db:

        def read(
            name: str,
            actor: Actor,
            action: str,
            subject: int,
            purpose: str,
            fields: list[str],
            outcome: str = "success",
        ) -> None:
            entry = audit.record(
                db,
                actor,
                action,
                resource_type="firm",
                resource_id=subject,
                subject_org_id=subject,
                purpose=purpose,
                outcome=outcome,
                details={"fields": fields},
            )
            seqs[name] = entry.seq

        read("profile", operator, "integration.read_firm", firm, "firm-profile", ["phone"])
        read("facts", operator, "estation.read_facts", firm, "eligibility", ["revenue"])
        consented = "estation.read_application_data"
        read("bank", bank, consented, firm, "application", ["revenue", "patents"])
        read("denied", bank, consented, firm, "application", [], "denied")
        read("other", operator, "integration.read_firm", other, "firm-profile", ["phone"])
        db.commit()
    return seqs


@pytest.fixture
def seqs(db_url: str, accounts: Accounts) -> dict[str, int]:
    return write_reads(db_url, accounts)


def test_a_firm_sees_only_the_reads_of_its_own_data(
    client: TestClient, accounts: Accounts, seqs: dict[str, int]
) -> None:
    body = client.get("/api/v1/me/data-access", headers=bearer(client, accounts.firm)).json()
    got = [r["seq"] for r in body["rows"]]
    assert got == [seqs["denied"], seqs["bank"], seqs["facts"], seqs["profile"]]
    bank = body["rows"][1]
    assert bank["organisation"] == "杭州银行科技支行" and bank["fields"] == ["revenue", "patents"]
    assert bank["purpose_words"] == "financing application"
    # Each row carries its inclusion proof, checked here by RFC 6962 alone (no checkpoint yet).
    assert bank["proof"]["leaf_index"] == seqs["bank"] - 1 and bank["proof"]["checkpoint"] is None
    assert (
        root_from_path(
            bank["proof"]["leaf_index"],
            bank["proof"]["tree_size"],
            bytes.fromhex(bank["proof"]["leaf_hash"]),
            [bytes.fromhex(h) for h in bank["proof"]["path"]],
        ).hex()
        == bank["proof"]["root_hash"]
    )
    assert body["next_before_seq"] is None
    other = client.get("/api/v1/me/data-access", headers=bearer(client, accounts.other_firm))
    assert [r["seq"] for r in other.json()["rows"]] == [seqs["other"]]


def test_changes_to_the_account_show_only_when_asked(
    client: TestClient, accounts: Accounts, seqs: dict[str, int]
) -> None:
    firm = bearer(client, accounts.firm)
    reads = client.get("/api/v1/me/data-access", headers=firm).json()["rows"]
    assert all(r["is_read"] for r in reads)
    every = client.get("/api/v1/me/data-access?changes=true", headers=firm).json()["rows"]
    assert "users.create" in {r["action"] for r in every}


def test_the_filters_narrow_the_rows(
    client: TestClient, accounts: Accounts, seqs: dict[str, int]
) -> None:
    firm = bearer(client, accounts.firm)

    def seqs_of(query: str) -> list[int]:
        response = client.get(f"/api/v1/me/data-access?{query}", headers=firm)
        assert response.status_code == 200, response.text
        return [r["seq"] for r in response.json()["rows"]]

    assert seqs_of("purpose=eligibility") == [seqs["facts"]]
    assert seqs_of("field=revenue") == [seqs["bank"], seqs["facts"]]
    assert seqs_of("outcome=denied") == [seqs["denied"]]
    assert seqs_of(f"org={accounts.financier.org_id}") == [seqs["denied"], seqs["bank"]]
    today = day_of(utcnow())
    assert len(seqs_of(f"date_from={today}&date_to={today}")) == 4
    assert seqs_of(f"date_from={today + timedelta(days=1)}") == []
    assert seqs_of("date_from=&org=&purpose=") != []  # an empty form field does not filter
    assert seqs_of(f"date_from={today}&date_to={today - timedelta(days=1)}") == []
    assert client.get("/api/v1/me/data-access?org=x", headers=firm).status_code == 422


def test_pages_of_rows_follow_on_from_each_other(
    client: TestClient, accounts: Accounts, seqs: dict[str, int]
) -> None:
    firm = bearer(client, accounts.firm)
    first = client.get("/api/v1/me/data-access?limit=3", headers=firm).json()
    assert len(first["rows"]) == 3 and first["next_before_seq"] == seqs["facts"]
    rest = client.get(
        f"/api/v1/me/data-access?limit=3&before_seq={first['next_before_seq']}", headers=firm
    ).json()
    assert [r["seq"] for r in rest["rows"]] == [seqs["profile"]]


def test_the_export_has_the_filtered_rows_and_is_audited(
    client: TestClient, accounts: Accounts, seqs: dict[str, int]
) -> None:
    firm = bearer(client, accounts.firm)
    exported = client.get("/api/v1/me/data-access.csv?field=revenue", headers=firm)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [int(r[0]) for r in table[1:]] == [seqs["bank"], seqs["facts"]]
    as_json = client.get("/api/v1/me/data-access.json?outcome=denied", headers=firm).json()
    assert [r["seq"] for r in as_json] == [seqs["denied"]]
    every = client.get("/api/v1/me/data-access?changes=true", headers=firm).json()["rows"]
    exports = [r for r in every if r["action"] == "governance.tracker_export"]
    assert [r["who"] for r in exports] == ["yuntu", "yuntu"]


def test_the_page_lists_the_reads_with_an_objection_link_and_a_chart(
    client: TestClient, accounts: Accounts, seqs: dict[str, int]
) -> None:
    sign_in(client, accounts.firm)
    page = client.get("/my/data-access")
    assert page.status_code == 200
    assert f'data-testid="object-{seqs["bank"]}"' in page.text
    assert f'data-seq="{seqs["other"]}"' not in page.text
    assert 'id="reads-data"' in page.text and "杭州银行科技支行" in page.text
    assert "/static/vendor/echarts.min.js" in page.text
    chinese = client.get("/my/data-access", headers={"Accept-Language": "zh-CN"}).text
    assert "读取了申请中授权的数据" in chinese and "尚未纳入已签名的检查点" in chinese
    csv_file = client.get("/my/data-access.csv?purpose=application")
    assert csv_file.status_code == 200 and "estation" not in csv_file.text.split("\n")[0]
    old = client.get("/audit/mine", follow_redirects=False)
    assert old.status_code == 307 and old.headers["location"] == "/my/data-access?changes=true"


def test_signed_out_visitors_see_no_record(client: TestClient, seqs: dict[str, int]) -> None:
    assert client.get("/api/v1/me/data-access").status_code == 401
