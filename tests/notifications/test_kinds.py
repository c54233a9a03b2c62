"""What each kind of notification says, in both languages (no database)."""

from __future__ import annotations

import re

import pytest

from scenehub.notifications import kinds
from scenehub.translator import Translator

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _params_of(kind: kinds.Kind) -> dict[str, str]:
    names = set(PLACEHOLDER.findall(kind.title)) | set(PLACEHOLDER.findall(kind.body))
    return {name: f"<{name}>" for name in names}


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("name", sorted(kinds.KINDS))
def test_every_kind_says_each_of_its_parameters_in_both_languages(name: str, locale: str) -> None:
    spec = kinds.KINDS[name]
    params = _params_of(spec)
    shown = kinds.render(name, params, Translator(locale).gettext)
    for key, value in params.items():
        if key not in spec.translated:
            assert value in shown.title + shown.body, (key, shown)
    assert "%(" not in shown.title + shown.body


def test_the_chinese_text_is_chinese() -> None:
    params = {"title": "地铁客流", "code": "S-1", "reason": "预算不符"}
    shown = kinds.render("proposal.declined", params, Translator("zh_CN").gettext)
    assert shown.title == "您对“地铁客流”的揭榜方案未被选中"
    assert "预算不符" in shown.body and "部门" in shown.body


def test_a_translated_parameter_reads_in_the_readers_language_and_typed_text_as_typed() -> None:
    zh = Translator("zh_CN").gettext
    auto = kinds.render("proposal.declined", {"reason": "another proposal was selected"}, zh)
    typed = kinds.render("proposal.declined", {"reason": "方案未覆盖夜间"}, zh)
    assert "another" not in auto.body and "方案未覆盖夜间" in typed.body


def test_a_missing_parameter_reads_as_a_dash_and_an_unknown_kind_is_said_plainly() -> None:
    en = Translator("en").gettext
    assert kinds.render("claim.approved", {}, en).title == "Your claim of — was approved"
    unknown = kinds.render("future.kind", {"x": 1}, en)
    assert (unknown.title, unknown.body) == (
        "Notification",
        "Something that concerns you happened (future.kind).",
    )
