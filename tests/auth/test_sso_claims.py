"""Claims of a single sign-on identity read as organisation, role and names (pure rules)."""

from __future__ import annotations

from scenehub.auth.roles import DEFAULT_SSO_ROLE_MAP, Role
from scenehub.auth.sso_claims import (
    ClaimRefusal,
    ClaimRules,
    MappedIdentity,
    map_claims,
    normalised_uscc,
    username_candidates,
)

RULES = ClaimRules(org_claim="uscc", role_claim="role", role_map=dict(DEFAULT_SSO_ROLE_MAP))


def test_the_claims_name_the_organisation_and_the_role() -> None:
    mapped = map_claims(
        {"sub": "u1", "uscc": " 91330106MA2B0C1X2C ", "role": "firm", "name": "王工"}, RULES
    )
    assert mapped == MappedIdentity("u1", "91330106MA2B0C1X2C", Role.FIRM, "王工", "")


def test_the_default_mapping_never_grants_admin() -> None:
    assert Role.ADMIN not in DEFAULT_SSO_ROLE_MAP.values()
    refused = map_claims({"sub": "u1", "uscc": "X", "role": "admin"}, RULES)
    assert isinstance(refused, ClaimRefusal) and refused.params == {"role": "admin"}


def test_a_centres_mapping_names_its_gateways_values() -> None:
    rules = ClaimRules("org", "grp", {"qy": Role.FIRM, "gly": Role.ADMIN})
    mapped = map_claims({"sub": "u1", "org": "X", "grp": ["gly"]}, rules)
    assert isinstance(mapped, MappedIdentity) and mapped.role is Role.ADMIN
    assert isinstance(map_claims({"sub": "u1", "org": "X", "grp": "firm"}, rules), ClaimRefusal)


def test_a_missing_organisation_claim_is_a_refusal_naming_the_claim() -> None:
    refused = map_claims({"sub": "u1", "role": "firm"}, RULES)
    assert isinstance(refused, ClaimRefusal) and refused.params == {"claim": "uscc"}
    assert refused.reason == "claim uscc missing"


def test_a_role_claim_of_the_wrong_type_is_no_role() -> None:
    refused = map_claims({"sub": "u1", "uscc": "X", "role": {"firm": True}}, RULES)
    assert isinstance(refused, ClaimRefusal) and refused.params == {"role": "-"}


def test_usernames_come_from_the_preferred_name_then_the_subject() -> None:
    mapped = MappedIdentity("a/b c", "X", Role.FIRM, "", "wang.gong")
    assert username_candidates(mapped) == ["wang.gong", "sso-a-b-c"]
    long = MappedIdentity("s" * 300, "X", Role.FIRM, "", "")
    assert [len(n) for n in username_candidates(long)] == [60]


def test_a_uscc_claim_is_compared_in_upper_case_without_spaces() -> None:
    assert normalised_uscc("9133 0106ma2b0c1x2c") == "91330106MA2B0C1X2C"
