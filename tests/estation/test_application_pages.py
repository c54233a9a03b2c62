"""Applications in pages, on both databases: the consent screen and the application form,
the provider's page with only the consented fields (and their download), decisions and
their refusals, the firm's history with every read of its data, withdrawal."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from scenehub.db import session_factory
from scenehub.estation.firm_records import MunicipalRecords
from scenehub.governance.models import AuditEntry
from scenehub.settings import Settings
from tests.conftest import Account, Accounts, csrf_of, sign_in
from tests.estation.applications_setup import CONSENTED, Setup, arrange, golden_firm, settings_with
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


def as_user(client: TestClient, account: Account) -> None:
    client.cookies.clear()
    sign_in(client, account)


def post(client: TestClient, path: str, **data: object) -> int:
    response = client.post(
        path, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False
    )
    return response.status_code


def reads(db_url: str) -> int:
    with session_factory(db_url)() as db:
        return (
            db.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(
                    AuditEntry.action == "estation.read_application_data",
                    AuditEntry.outcome == "success",
                )
            )
            or 0
        )


def apply_on_the_page(client: TestClient, setup: Setup) -> str:
    form = {
        "product_code": setup.product,
        "amount_10k": "200",
        "note": "首单",
        "consent_fields": CONSENTED,
        "csrf_token": csrf_of(client),
    }
    path = f"/estation/products/{setup.product}/apply"
    unconsented = client.post(path, data=form, follow_redirects=False)
    assert unconsented.status_code == 422
    assert 'data-testid="form-error"' in unconsented.text and "tick the consent" in unconsented.text
    assert 'value="200"' in unconsented.text  # what was typed stays
    sent = client.post(path, data={**form, "consent": "true"}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    return str(sent.headers["location"]).rsplit("/", 1)[1]


def test_a_firm_applies_with_consent_and_the_provider_sees_only_the_consented_fields(
    client: TestClient, accounts: Accounts, setup: Setup, db_url: str
) -> None:
    as_user(client, accounts.firm)
    product = client.get(f"/estation/products/{setup.product}?lang=en")
    assert 'data-testid="apply"' in product.text
    screen = client.get(f"/estation/products/{setup.product}/apply?lang=en")
    assert screen.status_code == 200 and "杭州银行科技支行" in screen.text
    assert 'data-field="insured_count" data-held="yes"' in screen.text
    assert "近两年财务报表" in screen.text
    code = apply_on_the_page(client, setup)

    as_user(client, accounts.financier)
    assert (
        client.get(f"/estation/products/{setup.product}?lang=en").text.count('data-testid="apply"')
        == 0
    )
    assert code in client.get("/estation/inbox?lang=en").text
    page = client.get(f"/estation/inbox/{code}?lang=en")
    assert page.status_code == 200 and 'data-testid="consented-data"' in page.text
    assert (
        'data-field="insured_count"' in page.text and 'data-field="tax_credit_grade"' in page.text
    )
    assert 'data-field="patents"' not in page.text and "ipo_patents" not in page.text
    download = client.get(f"/estation/inbox/{code}/data.csv?lang=en")
    assert download.status_code == 200 and "insured_count" in download.text
    assert "patents" not in download.text
    assert reads(db_url) == 2  # the page's read and the download's

    # a refused decision shows the page again, without reading the firm's data again
    assert post(client, f"/estation/inbox/{code}/decide", step="reject", message="") == 422
    assert reads(db_url) == 2
    asked = post(
        client, f"/estation/inbox/{code}/decide", step="request_information", message="请补充流水"
    )
    assert asked == 303

    as_user(client, accounts.firm)
    history = client.get("/my/applications?lang=en")
    assert (
        f'data-application="{code}"' in history.text
        and 'data-status="information_requested"' in history.text
    )
    assert post(client, f"/my/applications/{code}/answer", message="已补充") == 303
    assert post(client, f"/my/applications/{code}/withdraw-consent") == 303
    mine = client.get(f"/my/applications/{code}?lang=en")
    assert "withdrawn on" in mine.text and 'data-status="pending"' in mine.text

    as_user(client, accounts.financier)
    after = client.get(f"/estation/inbox/{code}?lang=en")
    assert after.status_code == 200 and 'data-testid="data-refused"' in after.text
    assert 'data-testid="consented-data"' not in after.text
    assert client.get(f"/estation/inbox/{code}/data.csv").status_code == 403
    assert reads(db_url) == 2


def test_another_financier_opens_no_application_page(
    client: TestClient, accounts: Accounts, setup: Setup
) -> None:
    as_user(client, accounts.firm)
    code = apply_on_the_page(client, setup)
    as_user(client, accounts.other_financier)
    assert code not in client.get("/estation/inbox?lang=en").text
    assert client.get(f"/estation/inbox/{code}?lang=en").status_code == 403
    assert client.get(f"/estation/inbox/{code}/data.csv").status_code == 403
    as_user(client, accounts.other_firm)
    assert client.get(f"/my/applications/{code}?lang=en").status_code == 403
