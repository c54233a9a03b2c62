"""A denial names roles and kinds of records in the reader's language, not only in English."""

from __future__ import annotations

import ast
from pathlib import Path

from scenehub.auth.roles import OrgKind, Role
from scenehub.governance.policy import RESOURCE_KINDS, Actor, Deny, Resource, decide
from scenehub.translator import Translator

SRC = Path(__file__).resolve().parents[2] / "src"


def test_a_denial_names_roles_and_records_in_the_readers_language() -> None:
    firm = Actor(user_id=7, username="f", role=Role.FIRM, org_id=5, org_kind=OrgKind.FIRM)
    role = decide(firm, "users.manage")
    record = decide(firm, "orgs.read", Resource("organisation", "6", 6))
    assert isinstance(role, Deny) and isinstance(record, Deny)
    assert role.params == {"roles": "admin", "role": "firm"}  # the English words, as before
    english, chinese = Translator("en"), Translator("zh_CN")
    assert english(role.reason, **role.params) == "this needs the role admin; you are firm"
    assert chinese(role.reason, **role.params) == "此操作需要角色 平台管理员；您的角色是 企业"
    assert chinese(record.reason, **record.params) == "机构 6 属于其他机构"


def test_every_kind_of_record_a_policy_is_asked_about_has_its_words() -> None:
    """Each ``Resource("kind", …)`` in the source names a kind the catalogue translates."""
    kinds = {
        call.args[0].value
        for path in SRC.rglob("*.py")
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(call, ast.Call)
        and getattr(call.func, "id", None) == "Resource"
        and call.args
        and isinstance(call.args[0], ast.Constant)
    }
    assert "partnership" in kinds and kinds - RESOURCE_KINDS == set()
