"""One policy per action: allow, or deny with a reason (pure: no DB, no HTTP).

API routes and HTML pages both ask ``decide``; services ask it again with the object for
object-level checks (an organisation sees only its own private records).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scenehub.auth.roles import OrgKind, Role
from scenehub.i18n import N_, Term


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, the anonymous public, or the local system (CLI)."""

    user_id: int | None
    username: str
    role: Role
    org_id: int | None = None
    org_kind: OrgKind | None = None
    display_name: str = ""
    # The API token the request came with (none: a browser session, the shell, anonymous).
    token_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.role is not Role.PUBLIC


ANONYMOUS = Actor(user_id=None, username="", role=Role.PUBLIC, display_name="")
# The local shell (``scenehub users create`` …): acts as an administrator, audited as "system".
SYSTEM = Actor(user_id=None, username="system", role=Role.ADMIN, display_name="system")


@dataclass(frozen=True)
class Allow:
    allowed: bool = field(default=True, init=False)


@dataclass(frozen=True)
class Deny:
    reason: str
    params: dict[str, Any] = field(default_factory=dict)
    allowed: bool = field(default=False, init=False)


Decision = Allow | Deny


@dataclass(frozen=True)
class Resource:
    """What an object-level check needs to know about the object."""

    kind: str
    id: str
    owner_org_id: int | None
    # Other organisations with a stake (a proposal's scene department, say).
    party_org_ids: frozenset[int] = frozenset()
    # The kind of the owning organisation, for policies that depend on it (a product's
    # provider: a financier's products are the financier's to keep).
    owner_kind: OrgKind | None = None


# The words a denial names roles and kinds of records by (message ids: the reader sees them
# in the message's language). tests/governance/test_policy.py checks every kind is here.
ROLE_WORDS: dict[Role, str] = {
    Role.ADMIN: N_("admin"),
    Role.OPERATOR: N_("operator"),
    Role.DEPARTMENT: N_("department"),
    Role.FIRM: N_("firm"),
    Role.INVESTOR: N_("investor"),
    Role.FINANCIER: N_("financier"),
    Role.PUBLIC: N_("public"),
}
RESOURCE_KINDS = frozenset(
    {
        N_("application"),
        N_("attachment"),
        N_("audit entry"),
        N_("capability"),
        N_("case"),
        N_("claim"),
        N_("firm"),
        N_("grant"),
        N_("job"),
        N_("organisation"),
        N_("partnership"),
        N_("product"),
        N_("proposal"),
        N_("release"),
        N_("salon invitation"),
        N_("scene"),
        N_("service request"),
    }
)

Policy = Callable[[Actor, Resource | None], Decision]
POLICIES: dict[str, Policy] = {}
ALLOW = Allow()


def policy(action: str) -> Callable[[Policy], Policy]:
    """Register the policy of ``action``; each action has exactly one."""

    def register(func: Policy) -> Policy:
        if action in POLICIES:
            raise ValueError(f"policy for {action!r} defined twice")
        POLICIES[action] = func
        return func

    return register


def decide(actor: Actor, action: str, resource: Resource | None = None) -> Decision:
    """The decision of the policy for ``action``; an action without a policy is denied."""
    rule = POLICIES.get(action)
    if rule is None:
        return Deny(N_("no policy is defined for action '%(action)s'"), {"action": action})
    return rule(actor, resource)


def _needs_sign_in(actor: Actor) -> Deny | None:
    return None if actor.is_authenticated else Deny(N_("sign in first"))


def _needs_role(actor: Actor, *roles: Role) -> Decision:
    if (denied := _needs_sign_in(actor)) is not None:
        return denied
    if actor.role in roles:
        return ALLOW
    return Deny(N_("this needs the role %(roles)s; you are %(role)s"), _roles(actor, roles))


def _roles(actor: Actor, roles: tuple[Role, ...]) -> dict[str, Any]:
    return {"roles": Term(*(ROLE_WORDS[r] for r in roles)), "role": Term(ROLE_WORDS[actor.role])}


def _own_org_or_role(actor: Actor, resource: Resource | None, *roles: Role) -> Decision:
    if (denied := _needs_sign_in(actor)) is not None:
        return denied
    if actor.role in roles:
        return ALLOW
    if resource is not None and resource.owner_org_id is not None:
        if actor.org_id is not None and actor.org_id in {
            resource.owner_org_id,
            *resource.party_org_ids,
        }:
            return ALLOW
        return Deny(
            N_("%(kind)s %(id)s belongs to another organisation"),
            {"kind": Term(resource.kind), "id": resource.id},
        )
    return Deny(N_("this needs the role %(roles)s; you are %(role)s"), _roles(actor, roles))


@policy("pages.public")
def _public_pages(actor: Actor, resource: Resource | None) -> Decision:
    return ALLOW


@policy("auth.account")
def _own_account(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_sign_in(actor) or ALLOW


@policy("users.manage")
def _manage_users(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.ADMIN)


@policy("orgs.manage")
def _manage_orgs(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.ADMIN)


@policy("orgs.list")
def _list_orgs(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.ADMIN, Role.OPERATOR)


@policy("orgs.read")
def _read_org(actor: Actor, resource: Resource | None) -> Decision:
    return _own_org_or_role(actor, resource, Role.ADMIN, Role.OPERATOR)


@policy("audit.read_all")
def _read_all_audit(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.ADMIN, Role.OPERATOR)


@policy("governance.apply_retention")
def _apply_retention(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.ADMIN)


@policy("audit.checkpoint")
def _checkpoint_audit(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.ADMIN, Role.OPERATOR)


@policy("audit.prove")
def _prove_audit_entry(actor: Actor, resource: Resource | None) -> Decision:
    """Centre staff prove any entry; an organisation the entries about itself."""
    return _own_org_or_role(actor, resource, Role.ADMIN, Role.OPERATOR)


@policy("audit.read_own_org")
def _read_own_audit(actor: Actor, resource: Resource | None) -> Decision:
    if (denied := _needs_sign_in(actor)) is not None:
        return denied
    if actor.org_id is None:
        return Deny(N_("your account belongs to no organisation"))
    return ALLOW


@policy("data.export_own")
@policy("account.close")
def _firm_own_account(actor: Actor, resource: Resource | None) -> Decision:
    """A firm's users take its data with them and close its account (docs/exit.md)."""
    if isinstance(denied := _needs_role(actor, Role.FIRM), Deny):
        return denied
    if actor.org_id is None:
        return Deny(N_("your account belongs to no organisation"))
    return ALLOW


@policy("data.export")
def _export_any_org(actor: Actor, resource: Resource | None) -> Decision:
    """The centre exports an organisation's data on its request; a firm its own."""
    return _own_org_or_role(actor, resource, Role.ADMIN, Role.OPERATOR)


@policy("data.import")
def _import_archive(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.ADMIN)


# --- cases: objections to a read and appeals against a decision (governance/cases.py) --------

# The organisations that are read about and decided against: a firm (reads, claims,
# proposals, applications), a department (a scene taken down), a financier (a product).
_FILERS = (Role.FIRM, Role.DEPARTMENT, Role.FINANCIER)


@policy("cases.file")
def _file_case(actor: Actor, resource: Resource | None) -> Decision:
    """An organisation objects to a read of its own data or appeals a decision against it
    (``resource``: the entry or the decision, owned by the organisation it is about)."""
    decided = _needs_role(actor, *_FILERS)
    if resource is None or isinstance(decided, Deny):
        return decided
    return _own_org_or_role(actor, resource)


@policy("cases.read_own")
def _own_cases(actor: Actor, resource: Resource | None) -> Decision:
    """The cases an organisation filed."""
    return _needs_role(actor, *_FILERS)


@policy("cases.read")
def _read_case(actor: Actor, resource: Resource | None) -> Decision:
    """One case: its filer's organisation, and the centre's staff."""
    return _own_org_or_role(actor, resource, Role.OPERATOR, Role.ADMIN)


@policy("cases.read_all")
@policy("cases.decide")
def _centre_cases(actor: Actor, resource: Resource | None) -> Decision:
    """The queue of cases and their decisions: the centre's staff."""
    return _needs_role(actor, Role.OPERATOR, Role.ADMIN)


@policy("scenes.read_published")
@policy("estation.read_products")
def _public_catalogues(actor: Actor, resource: Resource | None) -> Decision:
    return ALLOW


@policy("estation.read_own_products")
def _product_desk(actor: Actor, resource: Resource | None) -> Decision:
    """The providers' desk: financiers, and the centre's staff for the centre's products."""
    return _needs_role(actor, Role.FINANCIER, Role.OPERATOR, Role.ADMIN)


@policy("estation.manage_products")
def _manage_product(actor: Actor, resource: Resource | None) -> Decision:
    """A financier keeps its own organisation's products; the centre's staff keep the
    centre's own (vouchers, subsidies: every product whose provider is not a financier)."""
    desk = _product_desk(actor, resource)
    if resource is None or isinstance(desk, Deny):
        return desk
    if actor.role is Role.FINANCIER:
        if actor.org_id is not None and actor.org_id == resource.owner_org_id:
            return ALLOW
        return Deny(
            N_("%(kind)s %(id)s belongs to another organisation"),
            {"kind": resource.kind, "id": resource.id},
        )
    if resource.owner_kind is OrgKind.FINANCIER:
        return Deny(
            N_("product %(id)s is kept by its financier; the centre may only suspend it"),
            {"id": resource.id},
        )
    return ALLOW


@policy("estation.suspend_products")
def _suspend_product(actor: Actor, resource: Resource | None) -> Decision:
    """The centre's staff may suspend any product (and lift a suspension, estation's
    lifecycle says whose); a financier its own."""
    if actor.role in (Role.OPERATOR, Role.ADMIN):
        return ALLOW
    return _manage_product(actor, resource)


@policy("scenes.manage")
@policy("estation.manage")
@policy("salons.manage")
@policy("partnerships.manage")
@policy("partnerships.read_all")
@policy("dashboard.read")
@policy("estation.read_all_applications")
def _centre_operations(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.ADMIN, Role.OPERATOR)


@policy("salons.read")
def _read_salons(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_sign_in(actor) or ALLOW


@policy("salons.participate")
def _salon_participant(actor: Actor, resource: Resource | None) -> Decision:
    """A firm or department answers, registers for and reads its own salon invitation."""
    if resource is None:
        return _needs_role(actor, Role.FIRM, Role.DEPARTMENT)
    return _own_org_or_role(actor, resource)


@policy("integration.read_sources")
def _read_sources(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.ADMIN, Role.OPERATOR)


@policy("integration.read_firms")
def _read_firms(actor: Actor, resource: Resource | None) -> Decision:
    """The list of golden records: centre staff. One record (``resource``): also a firm its
    own, and a department, investor or financier, which sees its important, core and
    personal fields only under a grant (governance/reads.py masks the others)."""
    if resource is not None and actor.role in _GRANT_SEEKERS:
        return ALLOW
    return _own_org_or_role(actor, resource, Role.ADMIN, Role.OPERATOR)


@policy("integration.review_links")
def _review_links(actor: Actor, resource: Resource | None) -> Decision:
    """Deciding which records are one firm overrides the model for every user of the
    golden records: the centre's staff."""
    return _needs_role(actor, Role.ADMIN, Role.OPERATOR)


@policy("integration.run_pipeline")
def _run_pipeline(actor: Actor, resource: Resource | None) -> Decision:
    """Resolve, registry sync and the map rewrite what every user reads: the centre's staff."""
    return _needs_role(actor, Role.ADMIN, Role.OPERATOR)


@policy("jobs.read")
def _read_job(actor: Actor, resource: Resource | None) -> Decision:
    return _own_org_or_role(actor, resource, Role.ADMIN, Role.OPERATOR)


@policy("integration.upload")
def _upload_dataset(actor: Actor, resource: Resource | None) -> Decision:
    """Departments upload their own datasets; the centre's staff upload for any."""
    return _needs_role(actor, Role.DEPARTMENT, Role.OPERATOR, Role.ADMIN)


@policy("scenes.create")
@policy("scenes.read_own")
def _department_scenes(actor: Actor, resource: Resource | None) -> Decision:
    """Departments write scenes; the centre writes them for a department too."""
    return _needs_role(actor, Role.DEPARTMENT, Role.OPERATOR, Role.ADMIN)


@policy("scenes.edit")
@policy("scenes.transition")
@policy("scenes.match")
@policy("proposals.review")
def _own_scene(actor: Actor, resource: Resource | None) -> Decision:
    """A scene's own department, or the centre: edit, move, see ranked firms, review."""
    if resource is None:
        return _needs_role(actor, Role.DEPARTMENT, Role.OPERATOR, Role.ADMIN)
    return _own_org_or_role(actor, resource, Role.OPERATOR, Role.ADMIN)


@policy("partnerships.read")
def _partnership_party(actor: Actor, resource: Resource | None) -> Decision:
    """A partnership's department and firm read it; the centre reads every one."""
    if resource is None:
        return _needs_role(actor, Role.DEPARTMENT, Role.FIRM, Role.OPERATOR, Role.ADMIN)
    return _own_org_or_role(actor, resource, Role.OPERATOR, Role.ADMIN)


@policy("partnerships.read_own")
def _own_partnerships(actor: Actor, resource: Resource | None) -> Decision:
    """A department's and a firm's own list (the centre reads the whole list)."""
    return _needs_role(actor, Role.DEPARTMENT, Role.FIRM)


@policy("partnerships.open")
@policy("partnerships.move")
@policy("partnerships.edit")
def _partnership_keeper(actor: Actor, resource: Resource | None) -> Decision:
    """The scene's department and the centre open, move and keep a partnership's records;
    the firm reads them."""
    if actor.role is Role.FIRM:
        return Deny(N_("a firm reads its partnerships; their department and the centre keep them"))
    if resource is None:
        return _needs_role(actor, Role.DEPARTMENT, Role.OPERATOR, Role.ADMIN)
    return _own_org_or_role(actor, resource, Role.OPERATOR, Role.ADMIN)


@policy("partnerships.attach")
def _partnership_attacher(actor: Actor, resource: Resource | None) -> Decision:
    """A partnership's department and firm, and the centre, attach files to it (site photos,
    reports); an investor or another organisation does not."""
    if resource is None:
        return _needs_role(actor, Role.DEPARTMENT, Role.FIRM, Role.OPERATOR, Role.ADMIN)
    return _own_org_or_role(actor, resource, Role.OPERATOR, Role.ADMIN)


@policy("partnerships.detach")
def _attachment_remover(actor: Actor, resource: Resource | None) -> Decision:
    """An attachment is deleted by the organisation that uploaded it, or by the centre (the
    resource's owner is the uploader's organisation)."""
    decided = _needs_role(actor, Role.DEPARTMENT, Role.FIRM, Role.OPERATOR, Role.ADMIN)
    if resource is None or isinstance(decided, Deny) or actor.role in (Role.OPERATOR, Role.ADMIN):
        return decided
    if actor.org_id is not None and actor.org_id == resource.owner_org_id:
        return ALLOW
    return Deny(
        N_(
            "attachment %(id)s was uploaded by another organisation: only it or the centre "
            "deletes it"
        ),
        {"id": resource.id},
    )


@policy("scenes.review")
@policy("scenes.publish_batch")
@policy("firms.decide_claims")
@policy("firms.vet")
@policy("firms.publish_capabilities")
@policy("firms.sync")
def _centre_curation(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.ADMIN, Role.OPERATOR)


@policy("firms.read_capabilities")
def _public_capability_list(actor: Actor, resource: Resource | None) -> Decision:
    return ALLOW


@policy("firms.claim")
@policy("firms.home")
@policy("proposals.submit")
def _firm_only(actor: Actor, resource: Resource | None) -> Decision:
    return _needs_role(actor, Role.FIRM)


@policy("firms.manage_capabilities")
@policy("proposals.read")
def _own_firm_or_centre(actor: Actor, resource: Resource | None) -> Decision:
    """A firm's own capabilities and proposals; the proposal's department; the centre."""
    if resource is None:
        return _needs_role(actor, Role.FIRM, Role.OPERATOR, Role.ADMIN)
    return _own_org_or_role(actor, resource, Role.OPERATOR, Role.ADMIN)


@policy("industry.read_map")
def _read_industry_map(actor: Actor, resource: Resource | None) -> Decision:
    """The map is public; what it shows depends on industry.read_unsuppressed."""
    return ALLOW


@policy("industry.read_unsuppressed")
@policy("industry.build")
@policy("industry.label")
def _centre_figures(actor: Actor, resource: Resource | None) -> Decision:
    """Unsuppressed figures (cells of 1–9 firms, dominated sums) are for the centre only."""
    return _needs_role(actor, Role.ADMIN, Role.OPERATOR)


@policy("releases.read")
def _read_releases(actor: Actor, resource: Resource | None) -> Decision:
    """Released statistics are public; investor releases need ``releases.read_investor``."""
    return ALLOW


@policy("releases.read_investor")
def _read_investor_releases(actor: Actor, resource: Resource | None) -> Decision:
    """Tables released for investors: investors, financiers and the centre."""
    return _needs_role(actor, Role.INVESTOR, Role.FINANCIER, Role.OPERATOR, Role.ADMIN)


@policy("releases.create")
@policy("releases.read_ledger")
def _release_statistics(actor: Actor, resource: Resource | None) -> Decision:
    """The centre releases statistics and keeps the privacy budget's ledger."""
    return _needs_role(actor, Role.OPERATOR, Role.ADMIN)


@policy("estation.read_facts")
def _read_firm_facts(actor: Actor, resource: Resource | None) -> Decision:
    """A firm's facts gather its departments' records: the firm reads its own, the centre
    any. A financier will read only the fields a firm consents to share with it, through the
    firm's application; until consent exists it reads none (nor does any other role)."""
    if actor.role is Role.FINANCIER:
        return Deny(
            N_("a financier reads a firm's data only through an application it consented to")
        )
    if resource is None:
        return _needs_role(actor, Role.FIRM, Role.OPERATOR, Role.ADMIN)
    return _own_org_or_role(actor, resource, Role.OPERATOR, Role.ADMIN)


@policy("estation.read_own_eligibility")
def _own_eligibility(actor: Actor, resource: Resource | None) -> Decision:
    """A firm's own eligibility and package (the centre reads a firm's by its id)."""
    return _needs_role(actor, Role.FIRM)


@policy("estation.read_all_facts")
def _read_all_firm_facts(actor: Actor, resource: Resource | None) -> Decision:
    """Every firm's facts at once (eligibility for the whole registry): the centre only."""
    return _needs_role(actor, Role.ADMIN, Role.OPERATOR)


# --- E-Station service requests (estation/service_requests.py) ----------------------------


@policy("estation.request_services")
def _request_services(actor: Actor, resource: Resource | None) -> Decision:
    """A firm asks for compute hours, data access and consulting slots for itself."""
    return _needs_role(actor, Role.FIRM)


@policy("estation.read_services")
@policy("estation.cancel_services")
def _own_service_requests(actor: Actor, resource: Resource | None) -> Decision:
    """A firm reads (and cancels) its own service requests and quotas; the centre's staff
    every firm's. A financier, a department or an investor reads none."""
    if resource is None:
        return _needs_role(actor, Role.FIRM, Role.OPERATOR, Role.ADMIN)
    if actor.role not in (Role.FIRM, Role.OPERATOR, Role.ADMIN):
        return _needs_role(actor, Role.FIRM, Role.OPERATOR, Role.ADMIN)
    return _own_org_or_role(actor, resource, Role.OPERATOR, Role.ADMIN)


@policy("estation.decide_services")
def _decide_services(actor: Actor, resource: Resource | None) -> Decision:
    """The centre's staff approve and reject requests and record compute usage."""
    return _needs_role(actor, Role.OPERATOR, Role.ADMIN)


@policy("integration.read_dataset_catalogue")
def _dataset_catalogue(actor: Actor, resource: Resource | None) -> Decision:
    """Which datasets the departments hold (names, titles, grades, not their rows): what a
    firm names in a data-access request."""
    return _needs_sign_in(actor) or ALLOW


# --- E-Station applications (docs/estation.md, "Applications with consent") ---------------


@policy("estation.apply")
def _apply_for_product(actor: Actor, resource: Resource | None) -> Decision:
    """A firm applies for a product, consenting to share the data fields it names."""
    return _needs_role(actor, Role.FIRM)


@policy("estation.read_own_applications")
def _own_applications(actor: Actor, resource: Resource | None) -> Decision:
    """A firm's own applications (``resource``: its firm is the owner): it reads them,
    answers the provider and withdraws its consent."""
    if resource is None or actor.role is not Role.FIRM:
        return _needs_role(actor, Role.FIRM)
    return _own_org_or_role(actor, resource)


@policy("estation.open_application")
def _open_application(actor: Actor, resource: Resource | None) -> Decision:
    """One application: its firm, or its product's provider and the centre (the service
    checks which, with the application)."""
    return _needs_role(actor, Role.FIRM, Role.FINANCIER, Role.OPERATOR, Role.ADMIN)


@policy("estation.read_applications_inbox")
def _applications_inbox(actor: Actor, resource: Resource | None) -> Decision:
    """The providers' inbox: financiers their products', the centre's staff every one."""
    return _product_desk(actor, resource)


@policy("estation.read_application")
def _provider_reads_application(actor: Actor, resource: Resource | None) -> Decision:
    """An application and the firm's consented data, for its product's provider
    (``resource``: the provider is the owner): a financier reads those to its own products,
    the centre's staff any (they oversee all)."""
    desk = _product_desk(actor, resource)
    if resource is None or isinstance(desk, Deny) or actor.role is not Role.FINANCIER:
        return desk
    if actor.org_id is not None and actor.org_id == resource.owner_org_id:
        return ALLOW
    return Deny(
        N_("%(kind)s %(id)s belongs to another organisation"),
        {"kind": Term(resource.kind), "id": resource.id},
    )


@policy("estation.decide_application")
def _decide_application(actor: Actor, resource: Resource | None) -> Decision:
    """The provider decides: a financier on its own products, the centre's staff on the
    centre's own (every product whose provider is not a financier)."""
    read = _provider_reads_application(actor, resource)
    if resource is None or isinstance(read, Deny) or actor.role is Role.FINANCIER:
        return read
    if resource.owner_kind is OrgKind.FINANCIER:
        return Deny(
            N_("application %(id)s is to a financier's product: the financier decides it"),
            {"id": resource.id},
        )
    return ALLOW


# --- purpose-bound grants (governance/grant_service.py, docs/governance.md) ---------------

# The roles that read other organisations' data under grants and ask for them.
_GRANT_SEEKERS = (Role.DEPARTMENT, Role.INVESTOR, Role.FINANCIER)


@policy("grants.request")
def _request_grant(actor: Actor, resource: Resource | None) -> Decision:
    """A department, financier, investor or the centre's staff ask for their own
    organisation (an administrator's request is approved by another administrator)."""
    decided = _needs_role(actor, *_GRANT_SEEKERS, Role.OPERATOR, Role.ADMIN)
    if isinstance(decided, Deny) or actor.org_id is not None:
        return decided
    return Deny(N_("your account belongs to no organisation"))


@policy("grants.decide")
@policy("grants.read_all")
@policy("grants.standing")
def _grant_keeper(actor: Actor, resource: Resource | None) -> Decision:
    """The administrator grants access (DESIGN.md); the service refuses the requester."""
    return _needs_role(actor, Role.ADMIN)


@policy("grants.revoke")
def _revoke_grant(actor: Actor, resource: Resource | None) -> Decision:
    """An administrator, or the grantee itself (it gives up what it holds)."""
    if resource is None:
        return _needs_role(actor, Role.ADMIN, *_GRANT_SEEKERS, Role.OPERATOR)
    return _own_org_or_role(actor, resource, Role.ADMIN)


@policy("grants.read_own")
def _own_grants(actor: Actor, resource: Resource | None) -> Decision:
    """The grants an organisation holds and those about its data (a firm sees who may read
    it)."""
    if (denied := _needs_sign_in(actor)) is not None:
        return denied
    if actor.org_id is None:
        return Deny(N_("your account belongs to no organisation"))
    return ALLOW


@policy("grants.read")
def _read_grant(actor: Actor, resource: Resource | None) -> Decision:
    """One grant: administrators, its grantee and the firm it is about."""
    return _own_org_or_role(actor, resource, Role.ADMIN)
