"""Marking of user-facing message ids (pure: no I/O).

Messages are English ids marked with ``N_`` where they are defined; the web layer translates
them with the catalogues in ``scenehub/web/translations`` at the moment they are shown.
A test extracts every marked id and fails when the Chinese catalogue lacks one.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``message`` for translation without translating it now."""
    return message


class Term(str):
    """A message's parameter that is itself words of the catalogue (a role, a kind of
    record): it reads as its English ``parts`` joined by " / ", and the translator shows
    each part in the message's language."""

    parts: tuple[str, ...]

    def __new__(cls, *parts: str) -> Term:
        term = super().__new__(cls, " / ".join(parts))
        term.parts = parts
        return term

    def translated(self, gettext: Callable[[str], str]) -> str:
        return " / ".join(gettext(part) for part in self.parts)
