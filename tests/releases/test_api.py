"""Releases through the API: a DP release spends the period's privacy budget and the next
one over it is refused with what is spent and what is left, writing nothing; releases are
re-served as released; who may release and read what."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from scenehub.db import today
from scenehub.estation.services import period_of
from tests.conftest import Accounts, bearer
from tests.releases.conftest import FIRMS

RELEASES = "/api/v1/releases"


def _dp(kind: str, epsilon: float) -> dict[str, object]:
    return {"kind": kind, "method": "differential_privacy", "epsilon": epsilon}


def test_a_dp_release_spends_budget_and_the_next_over_budget_one_is_refused(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    operator = bearer(client, accounts.operator)
    quarter = period_of(today(), "quarter").key
    first = client.post(RELEASES, json=_dp("industry.districts", 1.5), headers=operator)
    assert first.status_code == 201, first.text
    release = first.json()
    assert release["method"] == "differential_privacy" and release["noisy"]
    assert 1.49 < release["epsilon"] <= 1.5 and release["period"] == quarter
    assert release["budget_total"] == 2.0 and release["budget_remaining"] == pytest.approx(0.5)
    ledger = client.get(f"{RELEASES}/budget", headers=operator).json()
    assert ledger[0]["period"] == quarter and ledger[0]["spent"] == pytest.approx(1.5)

    refused = client.post(
        RELEASES,
        json=_dp("industry.segments", 1.0),
        headers={**operator, "Accept-Language": "zh-CN"},
    )
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "privacy_budget_exceeded"
    assert error["details"]["remaining"] == pytest.approx(0.5)
    assert "隐私预算" in error["message"] and "0.5" in error["message"]
    english = client.post(RELEASES, json=_dp("industry.segments", 1.0), headers=operator)
    assert "remains" in english.json()["error"]["message"]
    # Nothing was written: one release, the same spending.
    assert len(client.get(RELEASES, headers=operator).json()) == 1
    again = client.get(f"{RELEASES}/budget", headers=operator).json()[0]
    assert again["spent"] == pytest.approx(1.5) and again["releases"] == 1
    # What is left can still be spent, to the last of it.
    last = client.post(RELEASES, json=_dp("industry.segments", 0.5), headers=operator)
    assert last.status_code == 201 and last.json()["budget_remaining"] == pytest.approx(0.0)


def test_a_dp_release_is_served_as_released_on_the_public_map(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    operator = bearer(client, accounts.operator)
    made = client.post(RELEASES, json=_dp("industry.districts", 1.0), headers=operator).json()
    counts = {(c["row"], c["column"]): c["value"] for c in made["cells"]}
    assert all(v is not None and v >= 0 and v == int(v) for v in counts.values())
    # The margins are the noisy cells' sums, so the released table adds up.
    rows, columns = made["categories"]
    assert "unknown" in rows and set(columns) >= {"embodied", "foundation"}
    for r in rows:
        assert counts[(r, None)] == sum(counts[(r, c)] for c in columns)
    assert counts[(None, None)] == sum(counts[(r, None)] for r in rows)
    assert abs(counts[(None, None)] - FIRMS) < 60  # noise of scale 1 on some 60 cells
    # Views re-serve the stored cells: never new noise.
    for _ in range(2):
        public = client.get("/api/v1/industry/map/districts").json()
        shown = {(c["row"], c["column"]): c["values"]["count"] for c in public["cells"]}
        assert shown == counts
    assert client.get(f"{RELEASES}/{made['id']}").json()["cells"] == made["cells"]


def test_a_disclosure_controlled_release_records_what_it_hid_and_spends_nothing(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    operator = bearer(client, accounts.operator)
    body = {"kind": "industry.segments", "method": "disclosure_control"}
    made = client.post(RELEASES, json=body, headers=operator)
    assert made.status_code == 201, made.text
    release = made.json()
    assert release["epsilon"] is None and not release["noisy"] and release["suppressed"] == 0
    districts = {"kind": "industry.districts", "method": "disclosure_control"}
    controlled = client.post(RELEASES, json=districts, headers=operator).json()
    hidden = {(c["row"], c["column"]) for c in controlled["cells"] if c["value"] is None}
    assert ("330108", "embodied") in hidden and controlled["suppressed"] > 0
    assert client.get(f"{RELEASES}/budget", headers=operator).json()[0]["spent"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "industry.detail", "method": "disclosure_control"},
        {"kind": "industry.cohorts", "method": "differential_privacy", "epsilon": 0.5},
        {"kind": "industry.districts", "method": "differential_privacy"},
        {"kind": "industry.segments", "method": "differential_privacy", "epsilon": 5e-324},
        {"kind": "industry.districts", "method": "disclosure_control", "epsilon": 0.5},
        {"kind": "industry.nothing", "method": "disclosure_control"},
    ],
)
def test_a_release_that_cannot_be_made_as_asked_is_refused(
    client: TestClient, accounts: Accounts, warehouse: Path, body: dict[str, object]
) -> None:
    operator = bearer(client, accounts.operator)
    assert client.post(RELEASES, json=body, headers=operator).status_code == 422


def test_the_centre_releases_and_investors_read_investor_releases(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    body = _dp("industry.detail", 0.5)
    assert client.post(RELEASES, json=body).status_code == 401
    firm = bearer(client, accounts.firm)
    assert client.post(RELEASES, json=body, headers=firm).status_code == 403
    operator = bearer(client, accounts.operator)
    made = client.post(RELEASES, json=body, headers=operator).json()
    assert made["audience"] == "investor"
    assert client.get(f"{RELEASES}/{made['id']}").status_code == 401
    assert client.get(f"{RELEASES}/{made['id']}", headers=firm).status_code == 403
    assert client.get(RELEASES, headers=firm).json() == []
    investor = bearer(client, accounts.investor)
    assert client.get(f"{RELEASES}/{made['id']}", headers=investor).status_code == 200
    assert [r["id"] for r in client.get(RELEASES, headers=investor).json()] == [made["id"]]
    assert client.get(f"{RELEASES}/budget", headers=investor).status_code == 403


def test_a_segment_is_released_under_its_own_layer_only(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    operator = bearer(client, accounts.operator)
    made = client.post(RELEASES, json=_dp("industry.segments", 0.5), headers=operator).json()
    counts = {(c["row"], c["column"]): c["value"] for c in made["cells"]}
    assert counts[("foundation", "E.humanoid")] == 0 and counts[("embodied", "F.chip")] == 0


@pytest.mark.parametrize("body", [[None, None], 7, "industry.districts", {"method": 3}])
def test_a_body_that_is_no_release_is_a_422(
    client: TestClient, accounts: Accounts, body: object
) -> None:
    operator = bearer(client, accounts.operator)
    response = client.post(RELEASES, json=body, headers=operator)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_the_api_body_names_the_statistics_each_method_allows() -> None:
    from typing import get_args

    from scenehub.governance.releases import KINDS
    from scenehub.releases.schemas import DifferentiallyPrivate, DisclosureControlled

    for model in (DisclosureControlled, DifferentiallyPrivate):
        method = model.model_fields["method"].annotation
        (name,) = get_args(method)
        named = set(get_args(model.model_fields["kind"].annotation))
        assert named == {key for key, kind in KINDS.items() if name in kind.methods}
