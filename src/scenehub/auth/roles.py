"""Roles, organisation kinds and which role belongs in which kind of organisation (pure)."""

from __future__ import annotations

from enum import StrEnum

from scenehub.i18n import N_


class Role(StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"
    DEPARTMENT = "department"
    FIRM = "firm"
    INVESTOR = "investor"
    FINANCIER = "financier"
    PUBLIC = "public"


class OrgKind(StrEnum):
    CENTRE = "centre"
    DEPARTMENT = "department"
    FIRM = "firm"
    INVESTOR = "investor"
    FINANCIER = "financier"


# The organisation kinds a user of each role may belong to. `public` is the anonymous
# visitor and is never stored on a user.
ROLE_ORG_KINDS: dict[Role, frozenset[OrgKind]] = {
    Role.ADMIN: frozenset({OrgKind.CENTRE}),
    Role.OPERATOR: frozenset({OrgKind.CENTRE}),
    Role.DEPARTMENT: frozenset({OrgKind.DEPARTMENT}),
    Role.FIRM: frozenset({OrgKind.FIRM}),
    Role.INVESTOR: frozenset({OrgKind.INVESTOR}),
    # A bank, guarantee agency or fund that offers E-Station products (its own policies).
    Role.FINANCIER: frozenset({OrgKind.FINANCIER}),
}

ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: N_("Administrator"),
    Role.OPERATOR: N_("Centre operator"),
    Role.DEPARTMENT: N_("Department officer"),
    Role.FIRM: N_("Firm"),
    Role.INVESTOR: N_("Investor"),
    Role.FINANCIER: N_("Financier"),
    Role.PUBLIC: N_("Visitor"),
}

ORG_KIND_LABELS: dict[OrgKind, str] = {
    OrgKind.CENTRE: N_("Scene innovation centre"),
    OrgKind.DEPARTMENT: N_("Municipal department"),
    OrgKind.FIRM: N_("Firm"),
    OrgKind.INVESTOR: N_("Investor"),
    OrgKind.FINANCIER: N_("Financier (bank, guarantee agency)"),
}


def role_fits_org(role: Role, kind: OrgKind) -> bool:
    """Whether a user of ``role`` may belong to an organisation of ``kind``."""
    return kind in ROLE_ORG_KINDS.get(role, frozenset())


# What a single sign-on role claim maps to by default: each role by its own name, but never
# the administrator (a centre that wants it names it in SCENEHUB_OIDC_ROLE_MAP).
DEFAULT_SSO_ROLE_MAP: dict[str, Role] = {
    r.value: r for r in Role if r not in {Role.ADMIN, Role.PUBLIC}
}
