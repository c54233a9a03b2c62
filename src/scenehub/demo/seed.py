"""Demo organisations and one user per role, with credentials kept in the data dir.

Passwords are random per installation and printed by ``scenehub demo``; only their argon2
hashes are in the database, so the plain text is kept (mode 0600) in
``<data dir>/demo-credentials.json`` for the next start to print again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from scenehub.auth import credentials, service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate, UserCreate, UserUpdate
from scenehub.estation.check import eligibility
from scenehub.estation.kinds import GRANTS
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import CapabilityImport, FirmImport
from scenehub.governance import grant_service
from scenehub.governance.policy import SYSTEM
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.uscc import make_uscc

if TYPE_CHECKING:
    from scenehub.estation.eligibility_service import Catalogue

CREDENTIALS_FILE = "demo-credentials.json"
GUARANTOR = "杭州市融资担保有限公司"  # the demo's guarantee agency (account: guarantor)

# (kind, name, English name, uscc) — the firm's code is a valid 滨江区 (330108) code.
DEMO_ORGS: tuple[tuple[OrgKind, str, str, str | None], ...] = (
    (OrgKind.CENTRE, "杭州市场景创新中心", "Hangzhou Scene Innovation Centre", None),
    (OrgKind.DEPARTMENT, "杭州市公安局", "Hangzhou Public Security Bureau", None),
    (
        OrgKind.FIRM,
        "杭州云图智能科技有限公司",
        "Hangzhou Yuntu Intelligent Technology Co., Ltd.",
        make_uscc("330108", "MA2H7K0L"),
    ),
    (OrgKind.INVESTOR, "杭州钱塘创新投资有限公司", "Qiantang Innovation Capital", None),
    # A bank of the demo history's products: its financier keeps them.
    (OrgKind.FINANCIER, "杭州银行科技支行", "Bank of Hangzhou, Technology Branch", None),
    # A guarantee agency of the history's products: it decides firms' guarantee applications.
    (OrgKind.FINANCIER, GUARANTOR, "Hangzhou Financing Guarantee Co., Ltd.", None),
)

# (username, role, organisation name, display name, locale)
DEMO_USERS: tuple[tuple[str, Role, str, str, str], ...] = (
    ("admin", Role.ADMIN, "杭州市场景创新中心", "平台管理员 Platform admin", "zh_CN"),
    ("operator", Role.OPERATOR, "杭州市场景创新中心", "运营专员 Centre operator", "zh_CN"),
    ("police", Role.DEPARTMENT, "杭州市公安局", "公安局科技处 PSB officer", "zh_CN"),
    ("yuntu", Role.FIRM, "杭州云图智能科技有限公司", "云图智能 Yuntu AI", "zh_CN"),
    ("investor", Role.INVESTOR, "杭州钱塘创新投资有限公司", "钱塘创投 Qiantang Capital", "en"),
    ("bank", Role.FINANCIER, "杭州银行科技支行", "杭州银行科技支行 Bank of Hangzhou", "zh_CN"),
    (
        "guarantor",
        Role.FINANCIER,
        GUARANTOR,
        "杭州担保 Hangzhou Financing Guarantee",
        "zh_CN",
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    organisation: str


def seed_demo_accounts(session: Session, data_dir: Path) -> list[DemoLogin]:
    """Create the demo organisations and users that are missing; return every login."""
    path = data_dir / CREDENTIALS_FILE
    known = {d["username"]: DemoLogin(**d) for d in _read(path)}
    for kind, name, name_en, uscc in DEMO_ORGS:
        if service.find_org_by_name(session, name) is None:
            service.create_org(
                session, SYSTEM, OrgCreate(kind=kind, name=name, name_en=name_en, uscc=uscc)
            )
    for username, role, org_name, display, locale in DEMO_USERS:
        if service.find_user(session, username) is not None and username in known:
            continue
        # A rebuilt demo database keeps the passwords people were given.
        password = (
            known[username].password if username in known else credentials.generate_password()
        )
        org = service.find_org_by_name(session, org_name)
        assert org is not None
        existing = service.find_user(session, username)
        if existing is None:
            service.create_user(
                session,
                SYSTEM,
                UserCreate(
                    username=username,
                    password=password,
                    role=role,
                    org_id=org.id,
                    display_name=display,
                    locale=locale,
                ),
            )
        else:  # the credentials file was lost: give the account a new password
            service.update_user(session, SYSTEM, existing.id, UserUpdate(password=password))
        known[username] = DemoLogin(username, password, role.value, org_name)
    logins = [known[u[0]] for u in DEMO_USERS]
    # The centre's staff review resolved records (legal representatives, phones) under a
    # standing, purpose-bound grant, so even their reads are logged with that purpose.
    centre = service.find_org_by_name(session, DEMO_ORGS[0][1])
    assert centre is not None
    grant_service.ensure_standing(session, SYSTEM, grantee_org_id=centre.id, days=365)
    # the journey's firm accounts stay in the file (seed_journey_accounts keeps them)
    _write(path, logins + [known[u] for u, _ in JOURNEY_USERS if u in known])
    _seed_demo_firm(session)
    return logins


# The demo firm's record in the capability registry, claimed and approved, with one
# published capability: so its home shows recommended scenes from the first sign-in.
DEMO_FIRM_PROFILE = (
    "云图智能专注城市治理场景的视频智能分析：基于城市视频监控和巡查车辆视频，"
    "自动识别占道经营、垃圾暴露、井盖缺失、路面破损等城市管理问题，支持私有化部署。"
)


def _seed_demo_firm(session: Session) -> None:
    _, name, name_en, uscc = next(o for o in DEMO_ORGS if o[0] is OrgKind.FIRM)
    org = service.find_org_by_name(session, name)
    assert org is not None and uscc is not None
    if firm_service.firm_of_org(session, org.id) is not None:
        return
    chain = load_chain()
    segments = [s.key for s in chain.segments if "vision" in s.en.lower()][:1]
    city = chain.by_domain("city_management")
    segments += [city.key] if city else []
    firm = firm_service.import_firm(
        session,
        SYSTEM,
        FirmImport(
            uscc=uscc,
            name=name,
            name_en=name_en,
            district_code=uscc[2:8],
            profile=DEMO_FIRM_PROFILE,
            stage="0-1",
            segments=segments,
        ),
    )
    firm_service.link_org(session, SYSTEM, firm.id, org.id)
    firm_service.import_capability(
        session,
        SYSTEM,
        CapabilityImport(
            code="DEMO0001",
            firm_id=firm.id,
            title="城市管理问题视频智能识别",
            description=DEMO_FIRM_PROFILE,
            segments=segments,
            trl=7,
            batch="2025 第1批",
            published_on=date(2025, 1, 15),
        ),
    )


# Two of the city's own firms get an account once the pipeline has run (their departments'
# records are then in the warehouse): a 0→1 firm whose records make it eligible for a
# guarantee that receives its data (it applies with consent), and a firm whose completed
# pilot unlocked products (the E-Station's scene credit). Docs: docs/estation.md, "The demo".
JOURNEY_USERS: tuple[tuple[str, str], ...] = (
    ("startup", "初创企业 0→1 firm"),
    ("pilotfirm", "试点企业 A firm with a completed pilot"),
)
# How many of the city's 0→1 firms are looked at for the startup (the first that fits).
STARTUP_CANDIDATES = 2000


def seed_journey_accounts(session: Session, warehouse: Path, data_dir: Path) -> list[DemoLogin]:
    """The journey's firm accounts (created once, then kept), added to the credentials
    file; none when the city has no firm that fits."""
    from scenehub.estation import eligibility_service

    path = data_dir / CREDENTIALS_FILE
    known = {d["username"]: DemoLogin(**d) for d in _read(path)}
    missing = [u for u, _ in JOURNEY_USERS if u not in known or not service.find_user(session, u)]
    if missing:
        catalogue = eligibility_service.published_catalogue(session)
        chosen = {
            "pilotfirm": _pilot_firm(session, warehouse),
            "startup": _startup_firm(session, warehouse, catalogue),
        }
        for username, display in JOURNEY_USERS:
            org_id = chosen[username]
            if username in missing and org_id is not None:
                known[username] = _journey_login(session, known, username, display, org_id)
    order = [u[0] for u in DEMO_USERS] + [u for u, _ in JOURNEY_USERS]
    logins = [known[u] for u in order if u in known]
    _write(path, logins)
    return logins


def _journey_login(
    session: Session, known: dict[str, DemoLogin], username: str, display: str, org_id: int
) -> DemoLogin:
    password = known[username].password if username in known else credentials.generate_password()
    existing = service.find_user(session, username)
    if existing is None:
        body = UserCreate(
            username=username,
            password=password,
            role=Role.FIRM,
            org_id=org_id,
            display_name=display,
            locale="zh_CN",
        )
        service.create_user(session, SYSTEM, body)
    else:
        service.update_user(session, SYSTEM, existing.id, UserUpdate(password=password))
    org = service.get_org(session, SYSTEM, org_id)
    return DemoLogin(username, password, Role.FIRM.value, org.name)


def _pilot_firm(session: Session, warehouse: Path) -> int | None:
    """The organisation of the first firm (by organisation) whose completed pilot unlocked
    a product (its eligibility read once, as the centre's set-up: audited for the firm)."""
    from scenehub.estation import eligibility_service
    from scenehub.partnerships import service as partnership_service

    for org_id in sorted(partnership_service.pilot_counts_by_org(session)):
        firm = firm_service.firm_of_org(session, org_id)
        if firm is None or firm.golden_id is None:
            continue
        found = eligibility_service.firm_eligibility(session, SYSTEM, warehouse, firm.id)
        if any(c.trigger == "pilot_completed" and c.products for c in found.credits):
            return org_id
    return None


def _startup_firm(session: Session, warehouse: Path, catalogue: Catalogue) -> int | None:
    """The organisation of the first 0→1 firm of the history (by registry id) that its
    records make eligible for a guarantee of the demo's guarantee agency (GUARANTOR) and
    for a voucher or subsidy too."""
    from scenehub.estation import facts_service

    products = catalogue.products
    guarantees = [
        i
        for i, p in enumerate(products)
        if p.product.kind == "guarantee"
        and catalogue.terms[p.product.code].provider_name == GUARANTOR
    ]
    grants = [i for i, p in enumerate(products) if p.product.kind in GRANTS]
    orgs = {k.id: k.org_id for k in firm_service.registry_keys(session) if k.org_id}
    for looked, sheet in enumerate(facts_service.facts_for_all(session, SYSTEM, warehouse)):
        if looked >= STARTUP_CANDIDATES:
            break
        if sheet.stage != "0-1" or int(sheet.firm_id) not in orgs:
            continue
        found = eligibility(products, sheet.known())
        if any(found[i] is True for i in guarantees) and any(found[i] is True for i in grants):
            return orgs[int(sheet.firm_id)]
    return None


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data) if isinstance(data, list) else []


def _write(path: Path, logins: list[DemoLogin]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps([asdict(x) for x in logins], ensure_ascii=False, indent=2), encoding="utf-8"
    )
    path.chmod(0o600)
