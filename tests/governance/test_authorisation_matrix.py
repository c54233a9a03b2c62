"""The authorisation matrix: every policy's decision for every role × relation to the object
(none, own, a party to it, unowned, another organisation of each kind), against the reviewed
matrix in ``authorisation_matrix.txt``. Any allow the file does not list fails (so does a
listed allow that went away, and a policy the file does not list yet).

After a reviewed change of policy, rewrite the file with
``SCENEHUB_WRITE_MATRIX=1 .venv/bin/pytest tests/governance/test_authorisation_matrix.py``
and read its diff before committing it: each line is who may do what.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scenehub.auth.roles import ROLE_ORG_KINDS, OrgKind, Role
from scenehub.governance.policy import POLICIES, Actor, Allow, Resource, decide

MATRIX = Path(__file__).with_name("authorisation_matrix.txt")
ACTOR_ORG, OTHER_ORG = 1, 2
RELATIONS = ("-", "own", "party", "unowned", *(f"other:{k.value}" for k in OrgKind))
STAFF = {Role.ADMIN, Role.OPERATOR}
# What the anonymous public may do: read what is published.
PUBLIC_ACTIONS = {
    "pages.public",
    "scenes.read_published",
    "firms.read_capabilities",
    "estation.read_products",
    "industry.read_map",
    "releases.read",  # the public releases of statistics (disclosure-controlled or DP)
}
# Opened to other organisations on purpose, their graded fields masked unless a grant covers
# them (governance/reads.py; tests/integration/test_api.py proves the masking): a golden
# record's general fields are the business registry's.
GRANT_GATED = {"integration.read_firms"}


def _actor(role: Role) -> Actor:
    if role is Role.PUBLIC:
        return Actor(user_id=None, username="", role=role)
    (kind,) = ROLE_ORG_KINDS[role]
    return Actor(user_id=7, username=role.value, role=role, org_id=ACTOR_ORG, org_kind=kind)


def _resource(relation: str, actor: Actor) -> Resource | None:
    if relation == "-":
        return None
    if relation == "own":
        return Resource("scene", "1", actor.org_id, owner_kind=actor.org_kind)
    if relation == "party":
        return Resource("scene", "1", OTHER_ORG, frozenset({ACTOR_ORG}), OrgKind.FIRM)
    if relation == "unowned":
        return Resource("scene", "1", None)
    return Resource("scene", "1", OTHER_ORG, owner_kind=OrgKind(relation.split(":")[1]))


def actual_matrix() -> dict[str, dict[Role, tuple[str, ...]]]:
    """For each action, the relations each role is allowed in."""
    matrix: dict[str, dict[Role, tuple[str, ...]]] = {}
    for action in sorted(POLICIES):
        row = {}
        for role in Role:
            actor = _actor(role)
            allowed = tuple(
                r
                for r in RELATIONS
                if isinstance(decide(actor, action, _resource(r, actor)), Allow)
            )
            if allowed:
                row[role] = allowed
        matrix[action] = row
    return matrix


def _format(matrix: dict[str, dict[Role, tuple[str, ...]]]) -> str:
    lines = [
        "# action: role[relations …] — who may do it; nobody else may.",
        f"# relations: {' '.join(RELATIONS)}; * = every one of them. Reviewed by hand.",
    ]
    for action, row in matrix.items():
        cells = [
            f"{role.value}[{'*' if allowed == RELATIONS else ' '.join(allowed)}]"
            for role, allowed in row.items()
        ]
        lines.append(f"{action}: {' '.join(cells) or '(nobody)'}")
    return "\n".join(lines) + "\n"


def _allows(text: str) -> set[tuple[str, str, str]]:
    allows = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        action, _, cells = line.partition(": ")
        if cells == "(nobody)":
            allows.add((action, "", ""))
            continue
        for cell in cells.split("] "):
            role, _, relations = cell.rstrip("]").partition("[")
            for relation in RELATIONS if relations == "*" else relations.split(" "):
                allows.add((action, role, relation))
    return allows


def test_every_allow_is_one_the_reviewed_matrix_lists() -> None:
    written = _format(actual_matrix())
    if os.environ.get("SCENEHUB_WRITE_MATRIX"):
        MATRIX.write_text(written, encoding="utf-8")
    actual, expected = _allows(written), _allows(MATRIX.read_text(encoding="utf-8"))
    unexpected = sorted(a for a in actual - expected if a[1])
    gone = sorted(a for a in expected - actual if a[1])
    unlisted = sorted({a for a, *_ in actual} - {a for a, *_ in expected})
    assert not unlisted, f"policies missing from {MATRIX.name} (review, then add): {unlisted}"
    assert not unexpected, f"unexpected allows (action, role, relation): {unexpected}"
    assert not gone, f"allows the reviewed matrix lists that are gone: {gone}"


def test_the_anonymous_public_may_only_read_what_is_published() -> None:
    public = {a for a, row in actual_matrix().items() if Role.PUBLIC in row}
    assert public <= PUBLIC_ACTIONS, sorted(public - PUBLIC_ACTIONS)


@pytest.mark.parametrize("role", sorted(set(Role) - STAFF - {Role.PUBLIC}))
def test_outside_the_centre_an_object_check_never_allows_another_organisations_record(
    role: Role,
) -> None:
    # A policy that allows every relation decides by role alone (the service's query keeps
    # to the caller's rows); one that tells relations apart must never let another
    # organisation's record through.
    crossing = {
        action
        for action, row in actual_matrix().items()
        if action not in GRANT_GATED
        and row.get(role, RELATIONS) != RELATIONS
        and any(r.startswith("other:") for r in row[role])
    }
    assert not crossing, sorted(crossing)
