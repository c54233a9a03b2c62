"""Each failing field's message, from the validation problem (pure)."""

from __future__ import annotations

from typing import Any

from scenehub.translator import Translator
from scenehub.web.field_problems import field_messages, problem_limit


def test_problems_become_one_message_per_field_in_the_readers_language() -> None:
    problems: list[dict[str, Any]] = [
        {"loc": ["body", "title"], "type": "string_too_long", "limit": 300},
        {"loc": ["body", "title"], "type": "string_too_short", "limit": 4},  # first one wins
        {"loc": ["body", "timeline_months"], "type": "int_parsing"},
        {"loc": ["body", "domain"], "type": "something_new"},
        {"loc": ["body", "budget_min_10k"], "type": "greater_than_equal"},  # no limit given
        {"loc": ["body"], "type": "value_error"},  # the body as a whole: no field
        {"loc": ["query", "page"], "type": "missing"},  # not the form's
    ]
    assert field_messages(problems, Translator("en").gettext) == {
        "title": "at most 300 characters",
        "timeline_months": "a whole number",
        "domain": "this value is not valid",
        "budget_min_10k": "this value is not valid",
    }
    assert field_messages(problems[:1], Translator("zh_CN").gettext) == {"title": "最多 300 个字符"}


def test_the_limit_is_read_from_pydantics_context() -> None:
    assert problem_limit({"max_length": 300}) == 300
    assert problem_limit({"ge": 0}) == 0
    assert problem_limit({"pattern": "^a$"}) is None
    assert problem_limit(None) is None
