"""What a provider receives of a firm's data with an application: each named data field
(``kinds.DATA_FIELDS``) backed by the firm's facts, or not held (pure).

The firm consents to the fields its product names; the provider then reads those fields,
and only those, as the firm's facts give them at the moment of reading. A field the city's
data does not give for the firm is **not held**: shown so, and nothing is shared for it —
never a 0 or a "no" that the firm's records do not say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scenehub.estation.firm_facts import FirmFactSheet
from scenehub.estation.kinds import DATA_FIELDS
from scenehub.i18n import N_

# Which of the firm's facts (``firm_facts.FirmFactSheet``) back each data field. An empty
# tuple: the platform does not read that data yet (docs/estation.md, "Applications with
# consent"), so the field is not held for any firm.
BACKING: dict[str, tuple[str, ...]] = {
    "tax_credit_grade": ("tax_credit_grade",),
    "insured_count": ("headcount",),
    "patents": ("patents",),
    "hightech_certificate": ("high_tech",),
    "scene_partnerships": ("pilot_status", "scene_wins"),
    "power_kwh": (),
    "public_credit_rating": (),
    "procurement_awards": (),
}
NOT_HELD = N_("not held: no record of the firm gives it, so nothing is shared")
NOT_READ = N_("not held: the platform does not read this data yet, so nothing is shared")

Value = str | int | float | bool | dict[str, object]


@dataclass(frozen=True)
class SharedValue:
    """One data field as the provider receives it."""

    field: str  # a name of DATA_FIELDS
    label: str  # its label (a message id)
    value: Value | None  # None: not held, nothing is shared
    source: str  # where the value came from (the department's record, the platform)
    not_held: str = ""  # why nothing is shared (a message id), when value is None


def shared_values(fields: Sequence[str], sheet: FirmFactSheet) -> list[SharedValue]:
    """The fields, in their order, with what the firm's ``sheet`` gives for each."""
    return [_shared(name, sheet) for name in fields if name in DATA_FIELDS]


def _shared(name: str, sheet: FirmFactSheet) -> SharedValue:
    facts = BACKING.get(name, ())
    label = DATA_FIELDS[name]
    if not facts:
        return SharedValue(name, label, None, "", NOT_READ)
    values = {fact: getattr(sheet, fact) for fact in facts}
    source = "; ".join(sheet.provenance.get(fact, "") for fact in facts)
    if any(v is None for v in values.values()):
        return SharedValue(name, label, None, source, NOT_HELD)
    value: Value = values[facts[0]] if len(facts) == 1 else dict(values)
    return SharedValue(name, label, value, source)


def backed(name: str) -> bool:
    """Whether the platform reads the data behind a field (else it is never held)."""
    return bool(BACKING.get(name))
