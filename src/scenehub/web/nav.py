"""Navigation per role: an item shows when the policy of its action allows the actor."""

from __future__ import annotations

from dataclasses import dataclass

from scenehub.governance.policy import Actor, Allow, decide
from scenehub.i18n import N_


@dataclass(frozen=True)
class NavItem:
    key: str
    path: str
    label: str
    action: str


# Domains add their items here as they land (scenes, firms, matching, estation …).
NAV: tuple[NavItem, ...] = (
    NavItem("home", "/", N_("Home"), "pages.public"),
    NavItem("scenes", "/scenes", N_("Scenes"), "scenes.read_published"),
    NavItem("capabilities", "/capabilities", N_("Capabilities"), "firms.read_capabilities"),
    NavItem("industry", "/industry", N_("Industry map"), "industry.read_map"),
    NavItem("releases", "/releases", N_("Released statistics"), "releases.read_ledger"),
    NavItem("my-scenes", "/my/scenes", N_("Scene desk"), "scenes.read_own"),
    NavItem("firm", "/firm", N_("Our firm"), "firms.home"),
    NavItem("scene-review", "/review/scenes", N_("Scene review"), "scenes.review"),
    NavItem("registry-review", "/review/registry", N_("Registry review"), "firms.decide_claims"),
    NavItem("financing", "/estation/products", N_("Financing"), "estation.read_products"),
    NavItem("eligibility", "/my/eligibility", N_("Eligibility"), "estation.read_own_eligibility"),
    NavItem("our-products", "/my/products", N_("Our products"), "estation.read_own_products"),
    NavItem("my-services", "/my/services", N_("Our services"), "estation.request_services"),
    NavItem("service-queue", "/estation/services", N_("Service queue"), "estation.decide_services"),
    NavItem(
        "applications-inbox",
        "/estation/inbox",
        N_("Applications inbox"),
        "estation.read_applications_inbox",
    ),
    NavItem(
        "my-applications",
        "/my/applications",
        N_("Our applications"),
        "estation.read_own_applications",
    ),
    NavItem("dashboard", "/dashboard", N_("Dashboard"), "dashboard.read"),
    NavItem("salons", "/salons", N_("Salons"), "salons.read"),
    NavItem("my-salons", "/my/salons", N_("My salon invitations"), "salons.participate"),
    NavItem("partnerships", "/partnerships", N_("Partnerships"), "partnerships.read_all"),
    NavItem("catalogue", "/catalogue", N_("Scene catalogue"), "partnerships.read_all"),
    NavItem("my-partnerships", "/my/partnerships", N_("Our partnerships"), "partnerships.read_own"),
    NavItem("firms", "/firms", N_("Firms"), "integration.read_firms"),
    NavItem("link-review", "/review/links", N_("Link review"), "integration.review_links"),
    NavItem("sources", "/data/sources", N_("Data sources"), "integration.read_sources"),
    NavItem("upload", "/data/upload", N_("Upload data"), "integration.upload"),
    NavItem("access-log", "/my/data-access", N_("Who used our data"), "audit.read_own_org"),
    NavItem("my-cases", "/my/cases", N_("Our objections and appeals"), "cases.read_own"),
    NavItem("cases", "/cases", N_("Cases"), "cases.read_all"),
    NavItem("my-grants", "/my/grants", N_("Our data grants"), "grants.read_own"),
    NavItem("orgs", "/admin/orgs", N_("Organisations"), "orgs.list"),
    NavItem("users", "/admin/users", N_("Users"), "users.manage"),
    NavItem("grants", "/admin/grants", N_("Data grants"), "grants.read_all"),
    NavItem("audit", "/audit", N_("Audit trail"), "audit.read_all"),
    NavItem("account", "/account", N_("My account"), "auth.account"),
)


def nav_for(actor: Actor) -> list[NavItem]:
    """The items ``actor`` may open, in menu order."""
    return [item for item in NAV if isinstance(decide(actor, item.action), Allow)]
