"""What a single sign-on identity's claims say about the user: organisation, role, names (pure).

The provider vouches for the claims (its signed ID token, its userinfo answer); these rules
only read them. A claim that is missing, or names a role the centre's mapping does not
know, is a refusal with its reason, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scenehub.auth.roles import Role
from scenehub.i18n import N_

USERNAME_LENGTH = 64
_NOT_IN_A_USERNAME = re.compile(r"[^A-Za-z0-9._@-]+")


@dataclass(frozen=True)
class ClaimRules:
    """Which claims name the organisation and the role, and what role values mean."""

    org_claim: str
    role_claim: str
    role_map: dict[str, Role]


@dataclass(frozen=True)
class MappedIdentity:
    """An identity's claims read by the rules: who, where, as what."""

    subject: str
    org_key: str
    role: Role
    display_name: str
    preferred_username: str


@dataclass(frozen=True)
class ClaimRefusal:
    """Why the claims do not give an account (a message id and its parameters)."""

    message: str
    params: dict[str, str]
    reason: str  # for the audit trail, in English


def _text(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    if isinstance(value, list) and len(value) == 1:  # some gateways send one-item lists
        value = value[0]
    return value.strip() if isinstance(value, str) else ""


def map_claims(claims: dict[str, Any], rules: ClaimRules) -> MappedIdentity | ClaimRefusal:
    """The organisation key, role and names of the claims, or why there is none."""
    org_key = _text(claims, rules.org_claim)
    if not org_key:
        return ClaimRefusal(
            N_("the sign-on service did not say which organisation you are in (claim %(claim)s)"),
            {"claim": rules.org_claim},
            f"claim {rules.org_claim} missing",
        )
    role_value = _text(claims, rules.role_claim)
    role = rules.role_map.get(role_value)
    if role is None or role is Role.PUBLIC:
        return ClaimRefusal(
            N_("the role '%(role)s' from the sign-on service has no account here"),
            {"role": role_value or "-"},
            f"unmapped role {role_value!r}",
        )
    subject = _text(claims, "sub")
    return MappedIdentity(
        subject=subject,
        org_key=org_key,
        role=role,
        display_name=_text(claims, "name")[:200],
        preferred_username=_text(claims, "preferred_username"),
    )


def username_candidates(identity: MappedIdentity) -> list[str]:
    """Usernames to try for a new account, best first: the provider's preferred one, then
    one built from the subject (always unique once numbered by the caller)."""
    names = []
    for raw in (identity.preferred_username, f"sso-{identity.subject}"):
        name = _NOT_IN_A_USERNAME.sub("-", raw).strip("-")[: USERNAME_LENGTH - 4]
        if name and name not in names:
            names.append(name)
    return names


def normalised_uscc(value: str) -> str:
    """A USCC as organisations store it (upper case, no spaces)."""
    return value.replace(" ", "").upper()
