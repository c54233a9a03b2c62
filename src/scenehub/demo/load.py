"""Load a generated city's organisations, scenes, products and history into the database,
through each domain's service (so every write is checked and audited like any other).

The history's salons and partnerships are replayed through their flows at their own dates
(``demo/replay.py``); the financing applications are imported.

Loading is idempotent: what is already there (by code or name; a salon by its theme and day,
a partnership by its scene and firm) is left as it is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate
from scenehub.demo.config import CityConfig
from scenehub.demo.replay import replay_history
from scenehub.estation import service as estation_service
from scenehub.estation.products import rules_from_legacy
from scenehub.estation.schemas import ApplicationImport, ProductImport
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import CapabilityImport, FirmImport
from scenehub.governance.policy import Actor
from scenehub.industry.taxonomy import OTHER, load_chain
from scenehub.partnerships.schemas import PilotImport
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import SceneImport

PROVIDER_KINDS = {
    "bank": OrgKind.FINANCIER,
    "guarantee": OrgKind.FINANCIER,
    "fund": OrgKind.INVESTOR,
    "government": OrgKind.DEPARTMENT,
}

# The data a provider of each kind asks to receive with an application (estation's
# DATA_FIELDS): lenders and guarantors the credit picture, vouchers and grants the record
# of the firm's work.
_CREDIT = ("tax_credit_grade", "public_credit_rating", "insured_count", "power_kwh")
_WORK = ("insured_count", "patents", "hightech_certificate", "scene_partnerships")
DEMO_DATA_FIELDS: dict[str, tuple[str, ...]] = {
    "loan": _CREDIT,
    "guarantee": (*_CREDIT, "procurement_awards"),
    "equity": ("patents", "hightech_certificate", "scene_partnerships", "procurement_awards"),
    "subsidy": _WORK,
    "interest_subsidy": _WORK,
    "voucher_compute": ("insured_count", "scene_partnerships"),
    "voucher_data": ("insured_count", "scene_partnerships"),
    "voucher_consulting": ("insured_count", "patents"),
}

# The centre whose operators ran the history's salons and followed them up.
CENTRE_NAME = "场景创新中心"


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
    history = {
        name: _read_jsonl(city_dir / "history" / f"{name}.jsonl")
        for name in ("salons", "partnerships", "applications")
    }
    firm_orgs = _firm_orgs(session, actor, city_dir, history, summary)
    _load_products(session, actor, products, orgs, summary)
    # The firms are in the registry before the history: they propose with their records.
    _load_registry(session, actor, city_dir, firm_orgs, summary)
    centre = _org(session, actor, OrgKind.CENTRE, CENTRE_NAME, None, summary)
    _load_history(session, _operator(actor, centre), history, firm_orgs, city_dir, summary)
    return summary


def _operator(actor: Actor, centre_org_id: int) -> Actor:
    """The loading actor acting as one of the centre's operators (it invites for the centre)."""
    return Actor(
        user_id=actor.user_id,
        username=actor.username,
        role=Role.OPERATOR if actor.role is not Role.ADMIN else actor.role,
        org_id=centre_org_id,
        org_kind=OrgKind.CENTRE,
        display_name=actor.display_name,
    )


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
    session: Session,
    actor: Actor,
    city_dir: Path,
    history: dict[str, list[dict[str, Any]]],
    summary: LoadSummary,
) -> dict[str, int]:
    """Organisations for the firms that appear in the history (they have accounts)."""
    wanted: set[str] = set()
    for rows in history.values():
        for row in rows:
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
        # The sheet's stage, segments and headcount, and its further conditions, are the
        # product's eligibility rule.
        rules = rules_from_legacy(raw["stage"], raw["segments"], raw["min_headcount"])
        rules["all"].extend(raw.get("conditions", ()))
        estation_service.import_product(
            session,
            actor,
            ProductImport(
                **fields,
                code=raw["product_id"],
                provider_org_id=orgs[raw["provider"]],
                rules=rules,
                data_fields=list(DEMO_DATA_FIELDS.get(raw["kind"], ())),
            ),
        )
    summary.counts["products"] = len(products)


def _load_history(
    session: Session,
    actor: Actor,
    history: dict[str, list[dict[str, Any]]],
    firms: dict[str, int],
    city_dir: Path,
    summary: LoadSummary,
) -> None:
    """Salons and partnerships replayed through their flows; applications imported."""
    products = estation_service.ids_by_code(session)
    replay_history(session, actor, history, firms, city_dir)
    salons, partnerships = history["salons"], history["partnerships"]
    applications = history["applications"]
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


# The capability list the demo's AI firms registered before the platform's history starts.
REGISTRY_BATCH, REGISTRY_PUBLISHED = "2025 第1批", date(2025, 1, 15)


def _load_registry(
    session: Session, actor: Actor, city_dir: Path, orgs: dict[str, int], summary: LoadSummary
) -> None:
    """The AI firms' registry records and capabilities, as they described themselves (stage,
    capability text, chain segments); the centre's vetting; history firms' accounts. A firm
    off the chain that describes itself (a look-alike: a 视觉 design studio) keeps its words
    as its profile: it is in the registry, but publishes no AI capability."""
    known = {s.key for s in load_chain().segments}
    profiles = {p["firm_id"]: p for p in _read_jsonl(city_dir / "truth" / "firm_profiles.jsonl")}
    capabilities = 0
    for row in _read_csv(city_dir / "truth" / "firms.csv"):
        capability = profiles.get(row["firm_id"], {}).get("capability", "")
        if row["firm_id"] not in orgs and not capability:
            continue
        segments = [k for k in row["segments"].split("|") if k in known and k != OTHER]
        firm = firm_service.import_firm(
            session,
            actor,
            FirmImport(
                uscc=row["uscc"],
                name=row["name"],
                district_code=row["district_code"],
                business_scope=profiles.get(row["firm_id"], {}).get("business_scope", ""),
                stage=row["stage"] if row["stage"] in ("0-1", "1-100") else "any",
                vetted=row["vetted"] == "1",
                profile=capability if not segments else "",
            ),
        )
        if row["firm_id"] in orgs:
            firm_service.link_org(session, actor, firm.id, orgs[row["firm_id"]])
        if capability and segments:
            firm_service.import_capability(
                session,
                actor,
                CapabilityImport(
                    code=f"DC{row['firm_id'][1:]}",
                    firm_id=firm.id,
                    title=_capability_title(capability),
                    description=capability,
                    segments=segments[:6],
                    batch=REGISTRY_BATCH,
                    published_on=REGISTRY_PUBLISHED,
                ),
            )
            capabilities += 1
    summary.counts["capabilities"] = capabilities


def _capability_title(text: str) -> str:
    """The first clause of a capability text, as its title."""
    first = text.replace("。", "，").split("，")[0].strip()
    return (first if len(first) >= 4 else text)[:60]


def _pilot(raw: dict[str, Any] | None) -> PilotImport | None:
    if raw is None:
        return None
    return PilotImport(
        scope=raw["scope"],
        site=raw["site"][:300],
        starts_on=raw["starts_on"],
        ends_on=raw["ends_on"],
        milestones=raw["milestones"],
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
