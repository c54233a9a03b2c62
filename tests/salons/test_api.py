"""Salons through the API: what the salons page shows, for signed-in users."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient

from scenehub.db import session_factory
from scenehub.governance.policy import SYSTEM
from scenehub.salons import service
from scenehub.salons.schemas import MeetingImport, SalonImport
from tests.conftest import Accounts, bearer, counted_statements, sign_in
from tests.proposals.test_api import published_scene
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


# --- the operator's salon through the API ----------------------------------------------------

SALON = {
    "theme": "具身智能 × 城市巡检",
    "venue": "场景创新中心",
    "starts_at": "2026-12-18T14:00:00+08:00",
    "slots": 4,
    "tables": 3,
    "capacity": 10,
}


def new_salon(client: TestClient, accounts: Accounts, **fields: object) -> dict[str, object]:
    codes = [published_scene(client, accounts), published_scene(client, accounts)]
    body = {**SALON, "scene_codes": codes, **fields}
    response = client.post("/api/v1/salons", json=body, headers=bearer(client, accounts.operator))
    assert response.status_code == 201, response.text
    return dict(response.json())


def sent_salon(
    client: TestClient, accounts: Accounts, *org_ids: int
) -> tuple[str, dict[str, str], dict[str, Any]]:
    """A new salon with invitations to ``org_ids`` sent: its API address, the operator's
    headers and the salon as sending answered."""
    salon = new_salon(client, accounts)
    centre, url = bearer(client, accounts.operator), f"/api/v1/salons/{salon['code']}"
    for org in org_ids:
        client.post(f"{url}/invitations", json={"org_id": org}, headers=centre)
    return url, centre, client.post(f"{url}/send-invitations", headers=centre).json()


def invitation_id(salon: dict[str, Any], org_id: int) -> int:
    return int(next(i["id"] for i in salon["invitations"] if i["org_id"] == org_id))


def test_an_operator_creates_a_salon_and_reads_it(client: TestClient, accounts: Accounts) -> None:
    salon = new_salon(client, accounts)
    centre = bearer(client, accounts.operator)
    read = client.get(f"/api/v1/salons/{salon['code']}", headers=centre).json()
    assert read["status"] == "draft" and len(read["scenes"]) == 2
    assert read["held_on"] == "2026-12-18" and read["time_zone"] == "Asia/Shanghai"
    listed = client.get("/api/v1/salons", headers=centre).json()
    assert [(s["code"], s["status"], s["scenes"]) for s in listed] == [(salon["code"], "draft", 2)]


def test_salon_errors_are_clear(client: TestClient, accounts: Accounts) -> None:
    centre, dept = bearer(client, accounts.operator), bearer(client, accounts.department)
    one = {**SALON, "scene_codes": [published_scene(client, accounts)]}
    short = client.post("/api/v1/salons", json=one, headers=centre)
    assert short.status_code == 422 and short.json()["error"]["code"] == "validation_error"
    naive = {**SALON, "starts_at": "2026-12-18T14:00:00", "scene_codes": ["A", "B"]}
    assert client.post("/api/v1/salons", json=naive, headers=centre).status_code == 422
    codes = [published_scene(client, accounts), published_scene(client, accounts)]
    mars = {**SALON, "time_zone": "Mars/Olympus", "scene_codes": codes}
    unknown_zone = client.post("/api/v1/salons", json=mars, headers=centre)
    assert (
        unknown_zone.status_code == 409
        and "Mars/Olympus" in unknown_zone.json()["error"]["message"]
    )
    missing = client.get("/api/v1/salons/SAL-NONE", headers=centre)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    salon = new_salon(client, accounts)
    denied = client.get(f"/api/v1/salons/{salon['code']}", headers=dept)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied"
    nothing = client.post(f"/api/v1/salons/{salon['code']}/send-invitations", headers=centre)
    assert nothing.status_code == 409 and nothing.json()["error"]["code"] == "invalid_salon_state"
    held = client.post(
        f"/api/v1/salons/{salon['code']}/transitions", json={"to": "held"}, headers=centre
    )
    assert held.status_code == 409


def test_a_folder_of_zones_is_no_time_zone(client: TestClient, accounts: Accounts) -> None:
    codes = [published_scene(client, accounts), published_scene(client, accounts)]
    body = {**SALON, "time_zone": "America", "scene_codes": codes}
    refused = client.post("/api/v1/salons", json=body, headers=bearer(client, accounts.operator))
    assert refused.status_code == 409 and "America" in refused.json()["error"]["message"]


def test_an_id_beyond_the_databases_integers_is_a_422(
    client: TestClient, accounts: Accounts
) -> None:
    salon = new_salon(client, accounts)
    url = f"/api/v1/salons/{salon['code']}/participants/%s/calendar.ics"
    centre = bearer(client, accounts.operator)
    assert client.get(url % 2**31, headers=centre).status_code == 422
    assert client.get(url % (2**31 - 1), headers=centre).status_code == 404


def test_a_firm_answers_only_its_own_invitation(client: TestClient, accounts: Accounts) -> None:
    salon = new_salon(client, accounts)
    centre, url = bearer(client, accounts.operator), f"/api/v1/salons/{salon['code']}"
    for org in (accounts.firm.org_id, accounts.other_firm.org_id, accounts.department.org_id):
        added = client.post(f"{url}/invitations", json={"org_id": org}, headers=centre)
        assert added.status_code == 201, added.text
    sent = client.post(f"{url}/send-invitations", headers=centre).json()
    theirs = next(i["id"] for i in sent["invitations"] if i["org_id"] == accounts.other_firm.org_id)
    mine = next(i["id"] for i in sent["invitations"] if i["org_id"] == accounts.firm.org_id)
    firm = bearer(client, accounts.firm)
    refused = client.post(f"{url}/invitations/{theirs}/answer", json={"accept": True}, headers=firm)
    assert refused.status_code == 403
    accepted = client.post(f"{url}/invitations/{mine}/answer", json={"accept": True}, headers=firm)
    assert accepted.status_code == 200 and accepted.json()["invitation"]["status"] == "accepted"
    mine_listed = client.get("/api/v1/my/salons", headers=firm).json()
    assert [s["code"] for s in mine_listed] == [salon["code"]]
    scene_id = sent["scenes"][0]["id"]
    registration = client.put(
        f"/api/v1/my/salons/{salon['code']}/registration",
        json={"scene_ids": [scene_id], "available": [0, 1]},
        headers=firm,
    )
    assert registration.status_code == 200, registration.text
    assert registration.json()["registration"]["scene_ids"] == [scene_id]
    strings = client.put(
        f"/api/v1/my/salons/{salon['code']}/registration",
        json={"available": ["0"]},
        headers=firm,
    )
    assert strings.status_code == 422  # strict JSON: a slot is a number
    centre_reads = client.get(url, headers=centre).json()
    assert [r["org_id"] for r in centre_reads["registrations"]] == [accounts.firm.org_id]


def _statements(client: TestClient, path: str, headers: dict[str, str]) -> int:
    client.get(path, headers=headers)
    with counted_statements() as statements:
        assert client.get(path, headers=headers).status_code == 200
    return len(statements)


def test_a_salon_costs_the_same_statements_for_one_invitation_and_many(
    client: TestClient, accounts: Accounts
) -> None:
    salon = new_salon(client, accounts)
    centre, url = bearer(client, accounts.operator), f"/api/v1/salons/{salon['code']}"
    client.post(f"{url}/invitations", json={"org_id": accounts.firm.org_id}, headers=centre)
    one = _statements(client, url, centre)
    for org in (accounts.other_firm.org_id, accounts.department.org_id):
        client.post(f"{url}/invitations", json={"org_id": org}, headers=centre)
    many = _statements(client, url, centre)
    assert len(client.get(url, headers=centre).json()["invitations"]) == 3
    assert one == many > 0


def test_a_solved_salon_gives_its_schedule_as_pdf_and_each_participant_an_ics(
    client: TestClient, accounts: Accounts
) -> None:
    """Needs the solver and the documents modules (skipped until they are merged)."""
    salon = new_salon(client, accounts)
    centre, url = bearer(client, accounts.operator), f"/api/v1/salons/{salon['code']}"
    firm, dept = bearer(client, accounts.firm), bearer(client, accounts.department)
    for org in (accounts.firm.org_id, accounts.department.org_id):
        client.post(f"{url}/invitations", json={"org_id": org}, headers=centre)
    sent = client.post(f"{url}/send-invitations", headers=centre).json()
    for who, headers in ((accounts.firm, firm), (accounts.department, dept)):
        mine = next(i["id"] for i in sent["invitations"] if i["org_id"] == who.org_id)
        answered = client.post(
            f"{url}/invitations/{mine}/answer", json={"accept": True}, headers=headers
        )
        assert answered.status_code == 200, answered.text
    my = f"/api/v1/my/salons/{salon['code']}"
    scene = sent["scenes"][0]["id"]
    client.put(f"{my}/registration", json={"scene_ids": [scene]}, headers=firm)
    client.put(f"{my}/registration", json={"seats": 1}, headers=dept)
    early = client.get(f"{url}/schedule.pdf", headers=centre)
    assert early.status_code == 409
    solved = client.post(f"{url}/schedule", json={"time_limit": 5}, headers=centre)
    assert solved.status_code == 200, solved.text
    assert solved.json()["status"] == "scheduled" and len(solved.json()["meetings"]) == 1
    too_long = client.post(f"{url}/schedule", json={"time_limit": 60}, headers=centre)
    assert too_long.status_code == 422
    pdf = client.get(f"{url}/schedule.pdf", headers=centre)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    ics = client.get(f"{my}/calendar.ics", headers=firm)
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content
    theirs = client.get(
        f"{url}/participants/{accounts.department.org_id}/calendar.ics", headers=firm
    )
    assert theirs.status_code == 403


# --- who sees what of a salon ------------------------------------------------------------------


def test_others_see_a_salon_once_its_invitations_went_out(
    client: TestClient, accounts: Accounts
) -> None:
    centre = bearer(client, accounts.operator)
    planned, dropped = new_salon(client, accounts), new_salon(client, accounts)
    client.post(
        f"/api/v1/salons/{dropped['code']}/transitions", json={"to": "cancelled"}, headers=centre
    )
    others = [bearer(client, a) for a in (accounts.investor, accounts.firm, accounts.department)]
    for headers in others:
        assert client.get("/api/v1/salons", headers=headers).json() == []  # the centre's plans
    url = f"/api/v1/salons/{planned['code']}"
    for org in (accounts.firm.org_id, accounts.department.org_id):
        client.post(f"{url}/invitations", json={"org_id": org}, headers=centre)
    client.post(f"{url}/send-invitations", headers=centre)
    for headers in others:
        listed = client.get("/api/v1/salons", headers=headers).json()
        assert [(s["code"], s["status"]) for s in listed] == [(planned["code"], "inviting")]
    everything = client.get("/api/v1/salons", headers=centre).json()
    assert {s["code"] for s in everything} == {planned["code"], dropped["code"]}
    sign_in(client, accounts.investor)
    page = client.get("/salons")
    assert planned["theme"] in page.text and dropped["code"] not in page.text


def test_an_invitation_not_yet_sent_is_no_invitation_to_its_organisation(
    client: TestClient, accounts: Accounts
) -> None:
    salon = new_salon(client, accounts)
    centre, url = bearer(client, accounts.operator), f"/api/v1/salons/{salon['code']}"
    added = client.post(f"{url}/invitations", json={"org_id": accounts.firm.org_id}, headers=centre)
    mine = added.json()["invitations"][0]["id"]
    firm = bearer(client, accounts.firm)
    answer = client.post(
        f"{url}/invitations/{mine}/answer?lang=zh_CN", json={"accept": True}, headers=firm
    )
    assert answer.status_code == 404
    assert answer.json()["error"]["message"] == f"您的机构没有收到沙龙 {salon['code']} 的邀请"
    assert client.get(f"/api/v1/my/salons/{salon['code']}", headers=firm).status_code == 404


def test_a_department_names_only_firms_whose_invitation_it_can_see(
    client: TestClient, accounts: Accounts
) -> None:
    url, centre, sent = sent_salon(
        client, accounts, accounts.firm.org_id, accounts.department.org_id
    )
    dept = bearer(client, accounts.department)
    own = invitation_id(sent, accounts.department.org_id)
    client.post(f"{url}/invitations/{own}/answer", json={"accept": True}, headers=dept)
    rival = accounts.other_firm.org_id
    client.post(f"{url}/invitations", json={"org_id": rival}, headers=centre)  # proposed only
    my = f"/api/v1/my/salons/{sent['code']}"
    assert list(client.get(my, headers=dept).json()["choices"]) == [str(accounts.firm.org_id)]
    refused = client.put(f"{my}/registration", json={"org_ids": [rival]}, headers=dept)
    assert refused.status_code == 409 and str(rival) in refused.json()["error"]["message"]
    taken = client.put(f"{my}/registration", json={"org_ids": [accounts.firm.org_id]}, headers=dept)
    assert taken.status_code == 200, taken.text


def test_a_refusal_names_the_salons_status_in_the_readers_language(
    client: TestClient, accounts: Accounts
) -> None:
    salon = new_salon(client, accounts)
    centre, url = bearer(client, accounts.operator), f"/api/v1/salons/{salon['code']}"
    held = client.post(f"{url}/transitions?lang=zh_CN", json={"to": "held"}, headers=centre)
    assert held.json()["error"]["message"] == "沙龙不能从 草稿 变为 已举办"
    early = client.get(f"{url}/schedule.pdf?lang=en", headers=centre)
    assert early.status_code == 409
    outcome = client.put(
        f"{url}/meetings/1/outcome?lang=zh_CN", json={"outcome": "no_fit"}, headers=centre
    )
    assert (
        outcome.json()["error"]["message"] == f"沙龙 {salon['code']} 当前为 草稿，现在不能这样操作"
    )
    english = client.put(f"{url}/meetings/1/outcome", json={"outcome": "no_fit"}, headers=centre)
    assert english.json()["error"]["message"].endswith("is draft: this cannot be done now")
