"""A sentence for people, kept as an English message id and its parameters (pure).

The E-Station's cores explain themselves (a condition's reason, why a product is in a
package) without knowing the reader's language; a page, the API or the CLI renders the
message in zh or en when it shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    """``text`` is an English msgid filled with ``params``; the params named in ``labels``
    are msgids too (a field's or a kind's label) and are translated before filling."""

    text: str
    params: Mapping[str, object] = field(default_factory=dict)
    labels: frozenset[str] = frozenset()

    def render(self, translate: Callable[[str], str]) -> str:
        """The message in the language of ``translate`` (a ``Translator``, or ``str``)."""
        params = {k: translate(str(v)) if k in self.labels else v for k, v in self.params.items()}
        return translate(self.text) % params if params else translate(self.text)
