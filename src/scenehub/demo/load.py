"""Load a generated city's organisations, scenes, products and history into the database,
through each domain's service (so every write is checked and audited like any other).

Loading is idempotent: what is already there (by code or name) is left as it is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind
from scenehub.auth.schemas import OrgCreate
from scenehub.demo.config import CityConfig
from scenehub.estation import service as estation_service
from scenehub.estation.schemas import ApplicationImport, ProductImport
from scenehub.governance.policy import Actor
from scenehub.partnerships import service as partnership_service
from scenehub.partnerships.schemas import PartnershipImport
from scenehub.salons import service as salon_service
from scenehub.salons.schemas import MeetingImport, SalonImport
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import SceneImport

PROVIDER_KINDS = {
    "bank": OrgKind.FINANCIER,
    "guarantee": OrgKind.FINANCIER,
    "fund": OrgKind.INVESTOR,
    "government": OrgKind.DEPARTMENT,
}


@dataclass
class LoadSummary:
    organisations: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def load_city(session: Session, actor: Actor, city_dir: Path, city: CityConfig) -> LoadSummary:
    """Load everything a dashboard needs from ``city_dir`` (written by ``generate_city``)."""
    summary = LoadSummary()
    orgs = _department_orgs(session, actor, city, summary)
    _load_scenes(session, actor, city_dir, orgs, summary)
    products = _read_jsonl(city_dir / "history" / "products.jsonl")
    for product in products:
        kind = PROVIDER_KINDS.get(product["provider_kind"], OrgKind.FINANCIER)
        orgs.setdefault(
            product["provider"], _org(session, actor, kind, product["provider"], None, summary)
        )
    firm_orgs = _firm_orgs(session, actor, city_dir, summary)
    _load_products(session, actor, products, orgs, summary)
    _load_history(session, actor, city_dir, firm_orgs, summary)
    return summary


def _org(
    session: Session, actor: Actor, kind: OrgKind, name: str, uscc: str | None, summary: LoadSummary
) -> int:
    found = auth_service.find_org_by_name(session, name)
    if found is not None:
        return found.id
    summary.organisations += 1
    return auth_service.create_org(session, actor, OrgCreate(kind=kind, name=name, uscc=uscc)).id


def _department_orgs(
    session: Session, actor: Actor, city: CityConfig, summary: LoadSummary
) -> dict[str, int]:
    return {
        d.name: _org(session, actor, OrgKind.DEPARTMENT, d.name, None, summary)
        for d in city.departments
    }


def _load_scenes(
    session: Session, actor: Actor, city_dir: Path, orgs: dict[str, int], summary: LoadSummary
) -> None:
    scenes = _read_jsonl(city_dir / "scenes" / "scenes.jsonl")
    for raw in scenes:
        fields = {k: v for k, v in raw.items() if k in SceneImport.model_fields}
        scene_service.import_scene(
            session,
            actor,
            SceneImport(
                **fields,
                code=raw["scene_id"],
                department_org_id=orgs[raw["department"]],
                status="published",
            ),
        )
    summary.counts["scenes"] = len(scenes)


def _firm_orgs(
    session: Session, actor: Actor, city_dir: Path, summary: LoadSummary
) -> dict[str, int]:
    """Organisations for the firms that appear in the history (they have accounts)."""
    wanted: set[str] = set()
    for name in ("salons", "partnerships", "applications"):
        for row in _read_jsonl(city_dir / "history" / f"{name}.jsonl"):
            wanted.update(row.get("firm_ids", ()))
            wanted.update(m["firm_id"] for m in row.get("meetings", ()))
            if "firm_id" in row:
                wanted.add(row["firm_id"])
    found: dict[str, int] = {}
    for firm in _read_csv(city_dir / "truth" / "firms.csv"):
        if firm["firm_id"] in wanted:
            found[firm["firm_id"]] = _org(
                session, actor, OrgKind.FIRM, firm["name"], firm["uscc"], summary
            )
    return found


def _load_products(
    session: Session,
    actor: Actor,
    products: list[dict[str, Any]],
    orgs: dict[str, int],
    summary: LoadSummary,
) -> None:
    for raw in products:
        fields = {k: v for k, v in raw.items() if k in ProductImport.model_fields}
        estation_service.import_product(
            session,
            actor,
            ProductImport(
                **{**fields, "code": raw["product_id"], "provider_org_id": orgs[raw["provider"]]}
            ),
        )
    summary.counts["products"] = len(products)


def _load_history(
    session: Session, actor: Actor, city_dir: Path, firms: dict[str, int], summary: LoadSummary
) -> None:
    scenes = scene_service.ids_by_code(session)
    products = estation_service.ids_by_code(session)
    history = city_dir / "history"
    salons = _read_jsonl(history / "salons.jsonl")
    for raw in salons:
        salon_service.import_salon(
            session,
            actor,
            SalonImport(
                code=raw["salon_id"],
                theme=raw["theme"],
                held_on=raw["held_on"],
                venue=raw["venue"],
                scene_ids=[scenes[s] for s in raw["scene_ids"]],
                meetings=[
                    MeetingImport(
                        scene_id=scenes[m["scene_id"]],
                        firm_org_id=firms[m["firm_id"]],
                        starts_at=_aware(m["slot_start"]),
                        minutes=m["minutes"],
                    )
                    for m in raw["meetings"]
                ],
            ),
        )
    partnerships = _read_jsonl(history / "partnerships.jsonl")
    for raw in partnerships:
        partnership_service.import_partnership(
            session,
            actor,
            PartnershipImport(
                code=raw["partnership_id"],
                scene_id=scenes[raw["scene_id"]],
                firm_org_id=firms[raw["firm_id"]],
                status=raw["status"],
                started_on=raw["started_on"],
                kpis=list(raw["kpis"]),
                evaluation_score=raw["evaluation_score"],
            ),
        )
    applications = _read_jsonl(history / "applications.jsonl")
    for raw in applications:
        estation_service.import_application(
            session,
            actor,
            ApplicationImport(
                code=raw["application_id"],
                product_id=products[raw["product_id"]],
                firm_org_id=firms[raw["firm_id"]],
                submitted_on=raw["submitted_on"],
                status=raw["status"],
                amount_10k=raw["amount_10k"],
                consent_fields=list(raw["consent_fields"]),
            ),
        )
    summary.counts.update(
        salons=len(salons), partnerships=len(partnerships), applications=len(applications)
    )


def _aware(text: str) -> datetime:
    """Salon times are local (Asia/Shanghai, UTC+8) without a zone in the files."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("Asia/Shanghai"))


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)
