"""The grant pages: an organisation asks on /my/grants, an administrator approves on
/admin/grants, the grantee gives it up; in Chinese and English."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.governance.models import DataGrant
from tests.conftest import Accounts, csrf_of, sign_in


def post(client: TestClient, path: str, **form: str) -> int:
    response = client.post(
        path, data={**form, "csrf_token": csrf_of(client)}, follow_redirects=False
    )
    return response.status_code


def test_an_investor_asks_an_admin_approves_and_the_investor_gives_it_up(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    sign_in(client, accounts.investor)
    page = client.get("/my/grants?lang=zh_CN")
    assert page.status_code == 200 and "申请数据授权" in page.text
    asked = post(
        client,
        "/my/grants",
        datasets="golden_firms",
        fields="phone, legal_rep",
        purpose="investment-research",
        purpose_text="尽职调查",
        link_kind="",
        link_ref="",
        days="30",
    )
    assert asked == 303
    grant = session.scalars(select(DataGrant)).one()
    assert (grant.fields, grant.status) == (["legal_rep", "phone"], "requested")
    session.commit()
    client.cookies.clear()
    sign_in(client, accounts.admin)
    listed = client.get("/admin/grants?lang=en")
    assert f'data-testid="approve-{grant.id}"' in listed.text and "Data grants" in listed.text
    assert post(client, f"/admin/grants/{grant.id}/approve", reason="") == 303
    session.commit()
    assert session.scalars(select(DataGrant.status)).one() == "approved"
    client.cookies.clear()
    sign_in(client, accounts.investor)
    assert 'data-state="approved"' in client.get("/my/grants").text
    assert post(client, f"/my/grants/{grant.id}/revoke", reason="") == 303
    session.commit()
    assert session.scalars(select(DataGrant.status)).one() == "revoked"


def test_a_firm_sees_grants_about_it_but_cannot_ask_or_open_the_admin_list(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.firm)
    mine = client.get("/my/grants?lang=en")
    assert mine.status_code == 200 and "Ask for a grant" not in mine.text
    assert client.get("/admin/grants").status_code == 403
