"""Every user-facing message exists in Simplified Chinese."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from scenehub.translator import Translator, catalogue, negotiate

SRC = Path(__file__).resolve().parents[1] / "src" / "scenehub"
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]


def message_ids() -> set[str]:
    ids: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(SRC), METHODS, keywords={"_": None, "N_": None}
    ):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_extraction_finds_the_messages() -> None:
    ids = message_ids()
    assert "wrong username or password" in ids  # from Python (N_)
    assert "Sign in" in ids  # from a template (_)
    assert len(ids) > 80


def test_every_message_has_a_chinese_translation() -> None:
    zh = catalogue("zh_CN")
    missing = sorted(message_ids() - set(zh))
    assert missing == [], f"add to web/translations/zh_CN/LC_MESSAGES/messages.po: {missing}"


def test_every_translation_stands_under_its_own_message_once() -> None:
    # The catalogue's reader keeps going past a translation whose msgid a merge dropped
    # (gettext's msgfmt refuses the file) and lets a repeated msgid win silently.
    po = SRC / "web" / "translations" / "zh_CN" / "LC_MESSAGES" / "messages.po"
    seen: set[str] = set()
    entry: list[str] = []
    state = "between"
    for number, line in enumerate(po.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("msgid "):
            state, entry = "msgid", [line[6:]]
        elif line.startswith('"') and state == "msgid":
            entry.append(line)
        elif line.startswith("msgstr"):
            assert state in ("msgid", "msgstr"), f"line {number}: a msgstr without its msgid"
            if state == "msgid":
                key = "".join(entry)
                assert key == '""' or key not in seen, f"line {number}: {key} twice"
                seen.add(key)
            state = "msgstr"
        elif not line.strip():
            state = "between"


def test_translations_keep_their_placeholders() -> None:
    import re

    for message, text in catalogue("zh_CN").items():
        wanted = sorted(re.findall(r"%\(\w+\)s", message))
        assert sorted(re.findall(r"%\(\w+\)s", text)) == wanted, message


def test_translator_fills_parameters_in_both_languages() -> None:
    assert Translator("en")("Welcome, %(name)s", name="Li") == "Welcome, Li"
    assert Translator("zh_CN")("Welcome, %(name)s", name="李") == "欢迎，李"


def test_language_negotiation_prefers_the_explicit_choice() -> None:
    assert negotiate("en", "zh_CN", None, "zh-CN", "zh_CN") == "en"
    assert negotiate(None, "en", None, "zh-CN", "zh_CN") == "en"
    assert negotiate(None, None, None, "en-GB,en;q=0.9", "zh_CN") == "en"
    assert negotiate(None, None, None, "zh-TW", "en") == "zh_CN"
    assert negotiate("fr", None, None, "de", "zh_CN") == "zh_CN"
