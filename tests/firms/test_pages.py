"""The registry's forms in pages: the operator decides claims, a firm moves its
capabilities; failed forms show their page with the problem, never a server error."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.conftest import Accounts, csrf_of, sign_in
from tests.firms.test_api import USCC, known_firm


def form(client: TestClient, **fields: object) -> dict[str, object]:
    return {"csrf_token": csrf_of(client), **fields}


def test_the_operator_approves_a_claim_and_the_firm_moves_a_capability(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    known_firm(session)
    sign_in(client, accounts.firm)
    client.post("/firm/claim", data=form(client, uscc=USCC), follow_redirects=False)
    client.post("/logout", data=form(client))
    sign_in(client, accounts.operator)
    queue = client.get("/review/registry")
    claim_id = re.search(r'action="/review/claims/(\d+)"', queue.text)
    assert claim_id is not None
    refused = client.post(f"/review/claims/{claim_id.group(1)}", data=form(client, approve="false"))
    assert refused.status_code == 409 and 'data-testid="form-error"' in refused.text
    assert 'data-testid="claims"' in refused.text  # the queue again, with the problem
    approved = client.post(
        f"/review/claims/{claim_id.group(1)}",
        data=form(client, approve="true"),
        follow_redirects=False,
    )
    assert approved.status_code == 303
    client.post("/logout", data=form(client))

    sign_in(client, accounts.firm)
    added = client.post(
        "/firm/capabilities",
        data=form(client, title="路面病害识别", description="基于巡查车辆视频的路面病害自动识别。"),
        follow_redirects=False,
    )
    assert added.status_code == 303
    code = re.search(r'action="/firm/capabilities/([^/"]+)/move"', client.get("/firm").text)
    assert code is not None
    moved = client.post(
        f"/firm/capabilities/{code.group(1)}/move",
        data=form(client, to="submitted"),
        follow_redirects=False,
    )
    assert moved.status_code == 303
    again = client.post(
        f"/firm/capabilities/{code.group(1)}/move", data=form(client, to="submitted")
    )
    assert again.status_code == 409 and 'data-testid="capabilities"' in again.text
    missing = client.post("/firm/capabilities/NOPE/move", data=form(client, to="submitted"))
    assert missing.status_code == 404


def test_a_form_on_a_path_that_names_nothing_is_a_4xx(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.department)
    for path in ("/proposals/abc/advance", f"/proposals/{2**70}/reject", "/proposals/9/advance"):
        response = client.post(path, data=form(client, to="screening", reason="理由足够长"))
        assert 400 <= response.status_code < 500, (path, response.status_code)
