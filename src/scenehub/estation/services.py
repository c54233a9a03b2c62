"""Service requests of the E-Station, the pure part: periods, quotas, the roster of experts
and their slots, and the refusals (compute hours over what is left, usage beyond what was
approved, an expiry in the past, a slot that is not the expert's).

A city sets its allowances and its roster in the city file's ``services`` section
(:func:`services_from_config`); a refusal is a message id with its parameters, which the
service turns into a 409 and the reader sees in their language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from scenehub.errors import ConfigurationError
from scenehub.i18n import N_, Term

COMPUTE, DATA, CONSULTING = "compute", "data", "consulting"
SERVICE_KINDS: dict[str, str] = {
    COMPUTE: N_("Compute (GPU hours)"),
    DATA: N_("Data access"),
    CONSULTING: N_("Consulting"),
}
UNITS: dict[str, str] = {
    COMPUTE: N_("GPU hours"),
    DATA: N_("requests"),
    CONSULTING: N_("slots"),
}
PERIODS: dict[str, str] = {
    "month": N_("month"),
    "quarter": N_("quarter"),
    "half_year": N_("half-year"),
    "year": N_("year"),
}
STATUS_LABELS: dict[str, str] = {
    "pending": N_("Pending"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "expired": N_("Expired"),
    "booked": N_("Booked"),
    "cancelled": N_("Cancelled"),
}
# The statuses a request is stored in ("expired" is an approved access after its day).
STORED_STATUSES = ("pending", "approved", "rejected", "booked", "cancelled")
# The statuses of a request that count against its firm's quota.
COUNTED = frozenset({"pending", "approved", "booked"})
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Refusal = tuple[str, dict[str, Any]]


# --- periods ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A quota's period: ``2026-H2`` from 2026-07-01 to 2026-12-31 (both days included)."""

    key: str
    start: date
    end: date


def period_of(day: date, per: str) -> Period:
    """The period of ``per`` (month, quarter, half_year, year) that holds ``day``."""
    if per not in PERIODS:
        raise ValueError(f"unknown period {per!r}; one of {', '.join(PERIODS)}")
    months = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}[per]
    first = (day.month - 1) // months * months + 1
    start = date(day.year, first, 1)
    after = date(day.year + 1, 1, 1) if first + months > 12 else date(day.year, first + months, 1)
    number = (first - 1) // months + 1
    key = {
        "month": f"{day.year}-{first:02d}",
        "quarter": f"{day.year}-Q{number}",
        "half_year": f"{day.year}-H{number}",
        "year": f"{day.year}",
    }[per]
    return Period(key, start, after - timedelta(days=1))


# --- quotas -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Allowance:
    """What a firm may use of a kind of service in each period."""

    kind: str
    per: str
    amount: int


@dataclass(frozen=True)
class Quota:
    """A firm's quota of one kind in one period, and what it took of it.

    ``granted``: what requests hold (compute: the hours approved; data and consulting: the
    requests and bookings that count, pending ones included). ``used``: compute hours
    recorded as used (for the others, what is granted is used)."""

    kind: str
    period: Period
    amount: int
    granted: int
    used: int

    @property
    def free(self) -> int:
        """What may still be granted in the period."""
        return max(self.amount - self.granted, 0)

    @property
    def left(self) -> int:
        """What is left to use: falls as usage is recorded."""
        return max(self.amount - self.used, 0)


def quota(allowance: Allowance, day: date, granted: int, used: int | None = None) -> Quota:
    period = period_of(day, allowance.per)
    spent = granted if used is None else used
    return Quota(allowance.kind, period, allowance.amount, granted, spent)


def refuse_over_quota(wanted: int, found: Quota) -> Refusal | None:
    """Why ``wanted`` (hours, or one request) cannot be granted of ``found``, or None."""
    if wanted <= found.free:
        return None
    return (
        N_(
            "over the quota: %(wanted)s asked, %(free)s of %(amount)s left for %(period)s "
            "(%(kind)s)"
        ),
        {
            "wanted": wanted,
            "free": found.free,
            "amount": found.amount,
            "period": found.period.key,
            "kind": Term(SERVICE_KINDS.get(found.kind, found.kind)),
        },
    )


@dataclass(frozen=True)
class Usage:
    """Usage to record against an approved compute request."""

    hours: int
    used_on: date


def refuse_usage(
    usage: Usage, approved: int, used: int, approved_on: date, period: Period, today: date
) -> Refusal | None:
    """Why ``usage`` cannot be recorded against a request of ``approved`` hours, of which
    ``used`` are recorded: never beyond the approval, never outside its period (hours are
    not carried over), never before the approval or in the future."""
    if usage.hours > approved - used:
        return (
            N_("usage beyond the approval: %(hours)s hours asked, %(left)s of %(approved)s left"),
            {"hours": usage.hours, "left": approved - used, "approved": approved},
        )
    if usage.used_on > today:
        return N_("usage cannot be recorded for a day to come (%(day)s)"), {"day": usage.used_on}
    if usage.used_on < approved_on or usage.used_on > period.end:
        return (
            N_(
                "usage must fall between the approval (%(start)s) and the end of %(period)s "
                "(%(end)s)"
            ),
            {"start": approved_on, "period": period.key, "end": period.end},
        )
    return None


# --- data access --------------------------------------------------------------------------


def access_status(status: str, expires_on: date | None, today: date) -> str:
    """What an approved data access is on ``today``: expired after its expiry day."""
    if status == "approved" and expires_on is not None and today > expires_on:
        return "expired"
    return status


def refuse_expiry(expires_on: date, today: date, max_days: int) -> Refusal | None:
    if expires_on < today:
        return N_("the expiry %(day)s is in the past"), {"day": expires_on}
    if (expires_on - today).days > max_days:
        return (
            N_("an access is granted for %(days)s days at most (until %(last)s)"),
            {"days": max_days, "last": today + timedelta(days=max_days)},
        )
    return None


# --- the roster of experts ----------------------------------------------------------------


@dataclass(frozen=True)
class WeeklySlot:
    """Slots an expert holds every week: ``weekday`` (0 = Monday) at ``start``."""

    weekday: int
    start: time


@dataclass(frozen=True)
class Expert:
    key: str
    name: str
    organisation: str
    topics: tuple[str, ...]
    minutes: int = 60
    weekly: tuple[WeeklySlot, ...] = ()
    slots: tuple[datetime, ...] = ()  # explicit slots, local wall-clock times


def expert_slots(expert: Expert, zone: ZoneInfo, after: datetime, days: int) -> list[datetime]:
    """The expert's slots that start after ``after`` (aware) and within ``days`` of it,
    as aware local times, in order."""
    local = after.astimezone(zone)
    until = local + timedelta(days=days)
    found = {s.replace(tzinfo=zone) for s in expert.slots}
    for offset in range(days + 1):
        day = local.date() + timedelta(days=offset)
        for weekly in expert.weekly:
            if day.weekday() == weekly.weekday:
                found.add(datetime.combine(day, weekly.start, tzinfo=zone))
    return sorted(s for s in found if local < s <= until)


def refuse_slot(
    expert: Expert, starts_at: datetime, zone: ZoneInfo, now: datetime, days: int
) -> Refusal | None:
    """Why ``starts_at`` is not a slot of ``expert`` open for booking, or None."""
    if starts_at <= now:
        return N_("the slot %(at)s has begun or passed"), {"at": _shown(starts_at, zone)}
    if starts_at not in expert_slots(expert, zone, now, days):
        return (
            N_("%(expert)s holds no slot at %(at)s (within the next %(days)s days)"),
            {"expert": expert.name, "at": _shown(starts_at, zone), "days": days},
        )
    return None


def refuse_cancel(starts_at: datetime, now: datetime, zone: ZoneInfo) -> Refusal | None:
    if starts_at <= now:
        return (
            N_("the slot %(at)s has begun; a booking is cancelled before its slot"),
            {"at": _shown(starts_at, zone)},
        )
    return None


def _shown(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


# --- the city file's section --------------------------------------------------------------


@dataclass(frozen=True)
class ServicesConfig:
    allowances: Mapping[str, Allowance]
    experts: tuple[Expert, ...] = ()
    booking_days: int = 28  # how far ahead slots are offered
    max_access_days: int = 366  # the longest a data access is granted for

    def expert(self, key: str) -> Expert | None:
        return next((e for e in self.experts if e.key == key), None)


DEFAULT_SERVICES = ServicesConfig(
    allowances={
        COMPUTE: Allowance(COMPUTE, "half_year", 200),
        DATA: Allowance(DATA, "quarter", 3),
        CONSULTING: Allowance(CONSULTING, "quarter", 4),
    }
)
_SECTION_KEYS = frozenset({"quotas", "experts", "booking_days", "max_access_days"})
_EXPERT_KEYS = frozenset({"key", "name", "organisation", "topics", "minutes", "weekly", "slots"})


def services_from_config(raw: object) -> ServicesConfig:
    """The ``services`` section of a city file (missing: the defaults); a mistake is a
    configuration error naming the entry."""
    if raw is None:
        return DEFAULT_SERVICES
    try:
        return _services(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigurationError(f"services: {error}") from error


def _services(raw: object) -> ServicesConfig:
    if not isinstance(raw, dict) or set(raw) - _SECTION_KEYS:
        raise ValueError(f"expected a mapping of {sorted(_SECTION_KEYS)}")
    allowances = dict(DEFAULT_SERVICES.allowances)
    for kind, entry in (raw.get("quotas") or {}).items():
        if kind not in SERVICE_KINDS or set(entry) - {"per", "amount"}:
            raise ValueError(f"quotas: {kind}: one of {list(SERVICE_KINDS)}, with per and amount")
        per, amount = str(entry["per"]), int(entry["amount"])
        if per not in PERIODS or amount < 0:
            raise ValueError(f"quotas: {kind}: per is one of {list(PERIODS)}, amount at least 0")
        allowances[kind] = Allowance(kind, per, amount)
    experts = tuple(_expert(e) for e in raw.get("experts") or ())
    if len({e.key for e in experts}) != len(experts):
        raise ValueError("experts: a key is given twice")
    return ServicesConfig(
        allowances,
        experts,
        int(raw.get("booking_days", DEFAULT_SERVICES.booking_days)),
        int(raw.get("max_access_days", DEFAULT_SERVICES.max_access_days)),
    )


def _expert(raw: dict[str, Any]) -> Expert:
    if set(raw) - _EXPERT_KEYS:
        raise ValueError(f"experts: unknown keys {sorted(set(raw) - _EXPERT_KEYS)}")
    weekly = tuple(
        WeeklySlot(WEEKDAYS.index(str(w["weekday"])), time.fromisoformat(str(w["start"])))
        for w in raw.get("weekly") or ()
    )
    return Expert(
        key=str(raw["key"]),
        name=str(raw["name"]),
        organisation=str(raw.get("organisation", "")),
        topics=tuple(str(t) for t in _listed(raw.get("topics"))),
        minutes=int(raw.get("minutes", 60)),
        weekly=weekly,
        slots=tuple(
            datetime.fromisoformat(str(s)).replace(tzinfo=None) for s in _listed(raw.get("slots"))
        ),
    )


def _listed(raw: object) -> Sequence[object]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValueError(f"expected a list, not {raw!r}")
    return raw
