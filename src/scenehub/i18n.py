"""Marking of user-facing message ids (pure: no I/O).

Messages are English ids marked with ``N_`` where they are defined; the web layer translates
them with the catalogues in ``scenehub/web/translations`` at the moment they are shown.
A test extracts every marked id and fails when the Chinese catalogue lacks one.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``message`` for translation without translating it now."""
    return message
