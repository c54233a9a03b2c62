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

from sqlalchemy.orm import Session

from scenehub.auth import credentials, service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate, UserCreate, UserUpdate
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import CapabilityImport, FirmImport
from scenehub.governance.policy import SYSTEM
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.uscc import make_uscc

CREDENTIALS_FILE = "demo-credentials.json"

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
    (OrgKind.FINANCIER, "杭州市融资担保有限公司", "Hangzhou Financing Guarantee Co., Ltd.", None),
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
        "杭州市融资担保有限公司",
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
    _write(path, logins)
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
