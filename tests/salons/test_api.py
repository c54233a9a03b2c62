"""Salons through the API: what the salons page shows, for signed-in users."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient

from scenehub.db import session_factory
from scenehub.governance.policy import SYSTEM
from scenehub.salons import service
from scenehub.salons.schemas import MeetingImport, SalonImport
from tests.conftest import Accounts, bearer
from tests.scenes.test_api import create, publish


def test_signed_in_users_read_the_salons_with_their_counts(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    dept, centre = bearer(client, accounts.department), bearer(client, accounts.operator)
    code = create(client, dept)["code"]
    publish(client, dept, centre, code)
    scene_id = client.get(f"/api/v1/scenes/{code}").json()["id"]
    meeting = MeetingImport(
        scene_id=scene_id,
        firm_org_id=accounts.firm.org_id,
        starts_at=datetime(2026, 9, 1, 6, 0, tzinfo=UTC),
        minutes=20,
    )
    with session_factory(db_url)() as db:
        for n, held in enumerate((date(2026, 4, 1), date(2026, 9, 1))):
            body = SalonImport(
                code=f"S-{n}",
                theme=f"具身智能沙龙{n}",
                held_on=held,
                scene_ids=[scene_id] * n,
                meetings=[meeting] * n,
            )
            service.import_salon(db, SYSTEM, body)
        db.commit()
    rows = client.get("/api/v1/salons", headers=bearer(client, accounts.investor)).json()
    assert [(r["code"], r["scenes"], r["meetings"]) for r in rows] == [
        ("S-1", 1, 1),
        ("S-0", 0, 0),
    ]
    refused = client.get("/api/v1/salons")
    assert refused.status_code == 401 and refused.json()["error"]["code"]
