"""Policies allow, or deny with a reason a person can act on."""

from __future__ import annotations

import pytest

from scenehub.auth.roles import OrgKind, Role
from scenehub.governance.policy import (
    ANONYMOUS,
    POLICIES,
    Actor,
    Allow,
    Deny,
    Resource,
    decide,
    policy,
)


def actor(role: Role, org_id: int | None = 1) -> Actor:
    return Actor(user_id=7, username=role.value, role=role, org_id=org_id, org_kind=OrgKind.CENTRE)


def test_admin_may_manage_users() -> None:
    assert isinstance(decide(actor(Role.ADMIN), "users.manage"), Allow)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.DEPARTMENT, Role.FIRM, Role.INVESTOR])
def test_only_admin_may_manage_users_and_the_reason_names_the_roles(role: Role) -> None:
    decision = decide(actor(role), "users.manage")
    assert isinstance(decision, Deny)
    assert decision.params == {"roles": "admin", "role": role.value}
    assert "needs the role" in decision.reason


def test_anonymous_is_told_to_sign_in() -> None:
    decision = decide(ANONYMOUS, "auth.account")
    assert isinstance(decision, Deny)
    assert decision.reason == "sign in first"


def test_public_pages_are_open_to_everyone() -> None:
    assert isinstance(decide(ANONYMOUS, "pages.public"), Allow)


def test_an_action_without_a_policy_is_denied() -> None:
    decision = decide(actor(Role.ADMIN), "scenes.launch_rockets")
    assert isinstance(decision, Deny)
    assert decision.params == {"action": "scenes.launch_rockets"}


def test_firm_reads_its_own_organisation_but_not_another() -> None:
    firm = actor(Role.FIRM, org_id=5)
    assert isinstance(decide(firm, "orgs.read", Resource("organisation", "5", 5)), Allow)
    denied = decide(firm, "orgs.read", Resource("organisation", "6", 6))
    assert isinstance(denied, Deny)
    assert denied.params == {"kind": "organisation", "id": "6"}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OPERATOR])
def test_centre_staff_read_any_organisation(role: Role) -> None:
    assert isinstance(decide(actor(role), "orgs.read", Resource("organisation", "9", 9)), Allow)


def test_audit_of_own_org_needs_an_organisation() -> None:
    decision = decide(actor(Role.FIRM, org_id=None), "audit.read_own_org")
    assert isinstance(decision, Deny)
    assert "no organisation" in decision.reason


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.FIRM, Role.INVESTOR])
def test_only_centre_staff_read_the_whole_audit_trail(role: Role) -> None:
    assert isinstance(decide(actor(role), "audit.read_all"), Deny)
    assert isinstance(decide(actor(role), "audit.read_own_org"), Allow)


def test_a_second_policy_for_the_same_action_is_refused() -> None:
    with pytest.raises(ValueError, match="defined twice"):
        policy("users.manage")(lambda a, r: Allow())
    assert "users.manage" in POLICIES


PARTNERSHIP = Resource("partnership", "P-1", owner_org_id=2, party_org_ids=frozenset({3}))


@pytest.mark.parametrize(
    ("role", "org_id"), [(Role.DEPARTMENT, 2), (Role.FIRM, 3), (Role.OPERATOR, 1), (Role.ADMIN, 1)]
)
def test_a_partnerships_parties_and_the_centre_attach_files(role: Role, org_id: int) -> None:
    assert isinstance(decide(actor(role, org_id), "partnerships.attach", PARTNERSHIP), Allow)


def test_another_firm_and_an_investor_attach_nothing_and_are_told_why() -> None:
    other = decide(actor(Role.FIRM, 9), "partnerships.attach", PARTNERSHIP)
    assert isinstance(other, Deny) and "belongs to another organisation" in other.reason
    investor = decide(actor(Role.INVESTOR, 3), "partnerships.attach")
    assert isinstance(investor, Deny) and investor.params["role"] == "investor"


def test_an_attachment_is_deleted_by_its_uploaders_organisation_or_the_centre() -> None:
    uploaded_by_firm = Resource("attachment", "5", owner_org_id=3)
    assert isinstance(decide(actor(Role.FIRM, 3), "partnerships.detach", uploaded_by_firm), Allow)
    assert isinstance(decide(actor(Role.OPERATOR), "partnerships.detach", uploaded_by_firm), Allow)
    department = decide(actor(Role.DEPARTMENT, 2), "partnerships.detach", uploaded_by_firm)
    assert isinstance(department, Deny) and department.params == {"id": "5"}
    assert "only it or the centre deletes it" in department.reason
    assert isinstance(decide(actor(Role.INVESTOR, 3), "partnerships.detach"), Deny)


# --- E-Station products: financiers keep their own, the centre its own and suspends any ------


def product(owner: int, kind: OrgKind) -> Resource:
    return Resource("product", "FP00001", owner, owner_kind=kind)


def financier(org_id: int) -> Actor:
    return Actor(
        user_id=9, username="bank", role=Role.FINANCIER, org_id=org_id, org_kind=OrgKind.FINANCIER
    )


def test_a_financier_keeps_only_its_own_organisations_products() -> None:
    mine, theirs = product(5, OrgKind.FINANCIER), product(6, OrgKind.FINANCIER)
    assert isinstance(decide(financier(5), "estation.manage_products", mine), Allow)
    denied = decide(financier(5), "estation.manage_products", theirs)
    assert isinstance(denied, Deny) and denied.params == {"kind": "product", "id": "FP00001"}
    assert isinstance(decide(financier(5), "estation.suspend_products", theirs), Deny)


def test_the_centre_keeps_its_own_products_and_suspends_a_financiers() -> None:
    operator = actor(Role.OPERATOR)
    banks = product(6, OrgKind.FINANCIER)
    assert isinstance(
        decide(operator, "estation.manage_products", product(1, OrgKind.CENTRE)), Allow
    )
    denied = decide(operator, "estation.manage_products", banks)
    assert isinstance(denied, Deny) and "only suspend" in denied.reason
    assert isinstance(decide(operator, "estation.suspend_products", banks), Allow)


@pytest.mark.parametrize("role", [Role.FIRM, Role.DEPARTMENT, Role.INVESTOR])
def test_firms_departments_and_investors_keep_no_products(role: Role) -> None:
    for action in ("estation.manage_products", "estation.read_own_products"):
        assert isinstance(decide(actor(role), action), Deny)
    assert isinstance(decide(ANONYMOUS, "estation.read_products"), Allow)
