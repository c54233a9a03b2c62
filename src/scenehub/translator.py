"""Message catalogues (Babel ``.po`` files), the translator and the choice of language.

English message ids are the source text (marked with ``scenehub.i18n.N_``);
``web/translations/zh_CN/LC_MESSAGES/messages.po`` holds the Simplified Chinese text. The
catalogue is read once per process. Pages, the API's errors, the CLI and the services that
write text for people (matching's reasons, bulk exports) all translate through this module,
so none of them needs the web layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from scenehub.i18n import Term

LOCALES = ("zh_CN", "en")
LOCALE_NAMES = {"zh_CN": "中文", "en": "English"}
TRANSLATIONS_DIR = Path(__file__).parent / "web" / "translations"


@lru_cache(maxsize=len(LOCALES))
def catalogue(locale: str) -> dict[str, str]:
    """msgid → translated text of ``locale`` (empty for the English source locale)."""
    path = TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=locale)
    return {str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy}


@dataclass(frozen=True)
class Translator:
    locale: str

    def gettext(self, message: str, **params: Any) -> str:
        text = catalogue(self.locale).get(message, message)
        if not params:
            return text
        return text % {
            k: v.translated(self.gettext) if isinstance(v, Term) else v for k, v in params.items()
        }

    __call__ = gettext


def negotiate(
    query: str | None,
    cookie: str | None,
    user_locale: str | None,
    accept_language: str | None,
    default: str,
) -> str:
    """The first supported locale among the explicit choice, the user's and the browser's."""
    for choice in (query, cookie, user_locale):
        if choice in LOCALES:
            return choice
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh_CN"
        if tag.startswith("en"):
            return "en"
    return default
