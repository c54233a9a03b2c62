"""What each kind of notification says (pure: no I/O).

A notification stores its kind and parameters, never its text: the text is rendered when it
is read, in the reader's language, from the message ids below (translated by the
catalogue). A parameter named in ``translated`` is itself a message id or a reason typed by
a person (a typed reason reads as typed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scenehub.i18n import N_


@dataclass(frozen=True)
class Kind:
    title: str
    body: str
    translated: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str


KINDS: dict[str, Kind] = {
    "salon.invited": Kind(
        N_("Invitation to the salon %(title)s"),
        N_(
            "The centre invites your organisation to the scene salon %(title)s on %(date)s. "
            "Accept or decline it on the salon's page."
        ),
    ),
    "salon.accepted": Kind(
        N_("%(org)s accepted the invitation to %(title)s"),
        N_("%(org)s accepted the invitation to the scene salon %(title)s (%(code)s)."),
    ),
    "salon.declined": Kind(
        N_("%(org)s declined the invitation to %(title)s"),
        N_("%(org)s declined the invitation to the scene salon %(title)s (%(code)s)."),
    ),
    "salon.scheduled": Kind(
        N_("The schedule of %(title)s is out"),
        N_(
            "The meetings of the scene salon %(title)s on %(date)s are scheduled: your "
            "meetings and their times are on the salon's page."
        ),
    ),
    "salon.cancelled": Kind(
        N_("The salon %(title)s is cancelled"),
        N_("The scene salon %(title)s planned for %(date)s is cancelled."),
    ),
    "proposal.invited": Kind(
        N_("Invitation to propose for %(title)s"),
        N_(
            "%(org)s invites your firm to send a proposal for the scene %(title)s (%(code)s). "
            "%(message)s"
        ),
    ),
    "proposal.selected": Kind(
        N_("Your proposal for %(title)s was selected"),
        N_(
            "The department selected your proposal for the scene %(title)s (%(code)s): "
            "a partnership begins."
        ),
    ),
    "proposal.declined": Kind(
        N_("Your proposal for %(title)s was not selected"),
        N_("The department declined your proposal for the scene %(title)s (%(code)s): %(reason)s"),
        translated=("reason",),
    ),
    "claim.approved": Kind(
        N_("Your claim of %(firm)s was approved"),
        N_(
            "The centre approved your claim: your organisation now maintains the record "
            "of %(firm)s."
        ),
    ),
    "claim.rejected": Kind(
        N_("Your claim of %(firm)s was rejected"),
        N_("The centre rejected your claim of the record of %(firm)s: %(reason)s"),
        translated=("reason",),
    ),
    "grant.approved": Kind(
        N_("Data grant %(id)s approved"),
        N_(
            "Your request for data grant %(id)s (%(purpose)s) was approved until "
            "%(until)s. %(reason)s"
        ),
        translated=("purpose",),
    ),
    "grant.refused": Kind(
        N_("Data grant %(id)s refused"),
        N_("Your request for data grant %(id)s (%(purpose)s) was refused: %(reason)s"),
        translated=("purpose",),
    ),
    "grant.revoked": Kind(
        N_("Data grant %(id)s revoked"),
        N_("Data grant %(id)s (%(purpose)s) was revoked; reads under it have stopped. %(reason)s"),
        translated=("purpose",),
    ),
    "application.approved": Kind(
        N_("Application %(code)s approved"),
        N_("%(product)s approved your application %(code)s: %(granted)s (10k yuan). %(message)s"),
    ),
    "application.rejected": Kind(
        N_("Application %(code)s rejected"),
        N_("%(product)s rejected your application %(code)s: %(message)s"),
    ),
    "application.information_requested": Kind(
        N_("Application %(code)s: information requested"),
        N_("%(product)s asks for more on your application %(code)s: %(message)s"),
    ),
    "case.decided": Kind(
        N_("The centre decided your case %(id)s"),
        N_("Your case %(id)s was decided (%(decision)s): %(reason)s"),
        translated=("decision",),
    ),
}
# A kind this version does not know (written by a newer one): said plainly, not hidden.
UNKNOWN = Kind(N_("Notification"), N_("Something that concerns you happened (%(kind)s)."))


class _Params(dict[str, Any]):
    """A message's parameters; one the message names but the notification lacks reads as a
    dash instead of failing the page."""

    def __missing__(self, key: str) -> str:
        return "—"


def render(kind: str, params: Mapping[str, Any], gettext: Callable[[str], str]) -> Rendered:
    """The title and text of a notification in the language of ``gettext``."""
    spec = KINDS.get(kind)
    if spec is None:
        spec, params = UNKNOWN, {**params, "kind": kind}
    values = _Params(
        {
            k: gettext(v) if k in spec.translated and isinstance(v, str) else v
            for k, v in params.items()
        }
    )
    return Rendered(gettext(spec.title) % values, (gettext(spec.body) % values).strip())
