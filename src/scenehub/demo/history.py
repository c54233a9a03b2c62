"""What the centre has done so far: financing products, salons with 1:1 meetings,
partnerships and pilots, and firms' financing applications.

Salons, meetings and partnerships only bring together scenes and firms that the scene index
grades as fitting, so the history is consistent with the ground truth of who can serve what.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from scenehub.demo import history_data as data
from scenehub.demo.model import Firm
from scenehub.demo.pilot_records import PilotRecord, pilot_record
from scenehub.demo.scenes import STAGE_ANY, Scene, SceneIndex

SALONS_FROM = date(2025, 2, 15)
SALONS_UNTIL = date(2026, 12, 31)
SALON_EVERY_DAYS = 44
# The operator sets a salon up four weeks before its day; its scenes must still be open then.
SALON_LEAD_DAYS = 28
MEETING_MINUTES = 20
MEETING_STEP = timedelta(minutes=25)  # 5 minutes to change tables
MEETINGS_START = time(14, 0)
PARTNERSHIPS = 40
PARTNERSHIP_SHARE_GRADE_3 = 0.85
PARTNERSHIPS_PER_SCENE = 2
APPLICATIONS = 300
APPLICATIONS_FROM = date(2025, 1, 1)
# The partnership stages a history reaches (partnerships/stages.py); the catalogue is
# reached through the platform's own flows, never imported.
LIFECYCLE = ("agreed", "pilot", "demonstration", "scale")
LIFECYCLE_MONTHS = (0, 2, 10, 15)  # months after the start at which a stage can be reached
EVALUATED_AFTER_MONTHS = 6  # a pilot is evaluated this long after the partnership started
TERMINATED_REASON = "试点未达预期，双方协商终止"


@dataclass(frozen=True)
class FinancingProduct:
    """A loan, guarantee, subsidy, voucher or equity offer a firm can apply for."""

    product_id: str
    provider: str
    provider_kind: str  # bank | guarantee | government | fund
    name: str
    kind: str  # loan | guarantee | subsidy | voucher_compute | voucher_data | ...
    min_10k: int
    max_10k: int
    rate_note: str
    stage: str  # "0-1" | "1-100" | "any"
    segments: tuple[str, ...]  # empty: any AI segment
    min_headcount: int
    description: str
    # what it asks beyond stage, segments and headcount (history_data.PRODUCT_CONDITIONS)
    conditions: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True)
class Meeting:
    """A 1:1 meeting at a salon between a scene's department and a firm."""

    scene_id: str
    firm_id: str
    slot_start: datetime
    minutes: int


@dataclass(frozen=True)
class Salon:
    """A themed scene salon (场景沙龙): scenes presented, firms invited, 1:1 meetings."""

    salon_id: str
    theme: str
    held_on: date
    venue: str
    scene_ids: tuple[str, ...]
    firm_ids: tuple[str, ...]
    meetings: tuple[Meeting, ...]


@dataclass(frozen=True)
class Partnership:
    """A firm working on a scene, from the agreement through pilot to scale."""

    partnership_id: str
    scene_id: str
    firm_id: str
    stage: str  # one of LIFECYCLE, or "terminated"
    terminated_reason: str  # why it was terminated ("" unless it was)
    started_on: date
    kpis: tuple[str, ...]
    evaluation_score: float | None  # 0–100, set once the pilot has been evaluated
    pilot: PilotRecord | None  # once the partnership reached its pilot


@dataclass(frozen=True)
class Application:
    """A firm's application for a financing product, with the data it consents to share."""

    application_id: str
    product_id: str
    firm_id: str
    submitted_on: date
    status: str  # approved | rejected | pending
    amount_10k: int
    consent_fields: tuple[str, ...]


@dataclass(frozen=True)
class History:
    products: tuple[FinancingProduct, ...]
    salons: tuple[Salon, ...]
    partnerships: tuple[Partnership, ...]
    applications: tuple[Application, ...]


def generate_history(
    seed: int,
    scenes: Sequence[Scene],
    candidates: Sequence[Firm],
    index: SceneIndex,
    today: date,
) -> History:
    """The centre's history up to ``today``; same inputs, same history."""
    firms = sorted((f for f in candidates if f.is_ai and not f.is_branch), key=lambda f: f.firm_id)
    published = sorted((s for s in scenes if s.published_on <= today), key=lambda s: s.scene_id)
    fits = _fits(firms, index)
    products = financing_products()
    salons = _salons(_rng(seed, "salons"), published, fits, today)
    partnerships = _partnerships(_rng(seed, "partnerships"), published, fits, salons, today)
    salons = _open_scenes_only(_rng(seed, "salon-swaps"), salons, partnerships, published, fits)
    partnered = {p.firm_id for p in partnerships}
    applications = _applications(_rng(seed, "applications"), products, firms, partnered, today)
    return History(products, salons, partnerships, applications)


def _rng(seed: int, part: str) -> random.Random:
    return random.Random(f"{seed}:history:{part}")


def _fits(firms: Sequence[Firm], index: SceneIndex) -> dict[str, list[tuple[str, int]]]:
    """scene_id → (firm_id, grade) of the firms graded 2 or 3 for it, in firm_id order."""
    found: dict[str, list[tuple[str, int]]] = {}
    for firm in firms:
        for scene_id, grade in index.grades(firm):
            if grade >= 2:
                found.setdefault(scene_id, []).append((firm.firm_id, grade))
    return found


def financing_products() -> tuple[FinancingProduct, ...]:
    """The catalogue of financing products (the same in every city of this demo)."""
    products = []
    for number, row in enumerate(data.PRODUCTS, start=1):
        provider, provider_kind, name, kind, low, high, stage, segments, staff, rate, about = (
            row.split("|")
        )
        products.append(
            FinancingProduct(
                product_id=f"P{number:03d}",
                provider=provider,
                provider_kind=provider_kind,
                name=name,
                kind=kind,
                min_10k=int(low),
                max_10k=int(high),
                rate_note=rate,
                stage=stage,
                segments=() if segments == "-" else tuple(segments.split(",")),
                min_headcount=int(staff),
                description=about,
                conditions=data.PRODUCT_CONDITIONS.get(name, ()),
            )
        )
    return tuple(products)


def product_fits(product: FinancingProduct, firm: Firm) -> bool:
    """Whether a firm meets a product's stage, segment and headcount conditions."""
    return (
        product.stage in (STAGE_ANY, firm.stage)
        and (not product.segments or any(s in product.segments for s in firm.segments))
        and firm.headcount >= product.min_headcount
    )


def _salons(
    rng: random.Random,
    scenes: Sequence[Scene],
    fits: dict[str, list[tuple[str, int]]],
    today: date,
) -> tuple[Salon, ...]:
    """About one salon every six weeks; each takes the next theme that has fitting scenes."""
    headline, others = list(data.SALON_THEMES[:4]), list(data.SALON_THEMES[4:])
    rng.shuffle(headline)
    rng.shuffle(others)
    themes = headline + others
    shown: dict[str, int] = {}
    salons: list[Salon] = []
    for held_on in _salon_dates(rng, today):
        on_show = [s for s in scenes if s.published_on <= held_on and s.scene_id in fits]
        for position, (theme, segments) in enumerate(themes):
            chosen = [s for s in on_show if set(segments) & set(s.wanted_segments)]
            if len(chosen) >= 2:
                themes.append(themes.pop(position))  # to the back of the queue
                salon_id = f"SAL{len(salons) + 1:02d}"
                salons.append(_salon(rng, salon_id, theme, held_on, chosen, fits, shown))
                break
    return tuple(salons)


def _salon_dates(rng: random.Random, today: date) -> list[date]:
    until = min(today, SALONS_UNTIL)
    if until < SALONS_FROM:
        return []
    dates = []
    for i in range((until - SALONS_FROM).days // SALON_EVERY_DAYS + 1):
        day = SALONS_FROM + timedelta(days=i * SALON_EVERY_DAYS + rng.randint(0, 10))
        day = min(day, until)
        while day.weekday() >= 5:  # salons are held on working days
            day -= timedelta(days=1)
        dates.append(day)
    return dates


def _salon(
    rng: random.Random,
    salon_id: str,
    theme: str,
    held_on: date,
    candidates: list[Scene],
    fits: dict[str, list[tuple[str, int]]],
    shown: dict[str, int],
) -> Salon:
    """Fitting scenes not shown before and recently published, meeting best-fitting firms."""
    fresh = sorted(
        candidates,
        key=lambda s: (shown.get(s.scene_id, 0), -s.published_on.toordinal(), s.scene_id),
    )
    scenes = sorted(fresh[: rng.randint(3, 6)], key=lambda s: s.scene_id)
    for scene in scenes:
        shown[scene.scene_id] = shown.get(scene.scene_id, 0) + 1
    requests = [(s.scene_id, firm_id) for s in scenes for firm_id in _invite(rng, fits[s.scene_id])]
    return Salon(
        salon_id=salon_id,
        theme=theme,
        held_on=held_on,
        venue=rng.choice(data.VENUES),
        scene_ids=tuple(s.scene_id for s in scenes),
        firm_ids=tuple(sorted({firm_id for _, firm_id in requests})),
        meetings=_schedule(held_on, requests),
    )


def _open_scenes_only(
    rng: random.Random,
    salons: Sequence[Salon],
    partnerships: Sequence[Partnership],
    scenes: Sequence[Scene],
    fits: dict[str, list[tuple[str, int]]],
) -> tuple[Salon, ...]:
    """Salons as they could have been set up: a scene a partnership had taken by then is
    swapped for an open scene of the same theme, and the salon's meetings drawn again; a
    salon left with fewer than two scenes was never held.

    Partnerships are drawn from the salons' meetings, so which scenes they take is known only
    afterwards; a partnership that met at a salon keeps its meeting, as its scene was open
    when that salon was set up."""
    taken: dict[str, date] = {}
    for p in partnerships:
        taken[p.scene_id] = min(p.started_on, taken.get(p.scene_id, p.started_on))
    segments = dict(data.SALON_THEMES)
    swapped = []
    for salon in salons:
        setup = salon.held_on - timedelta(days=SALON_LEAD_DAYS)
        kept = [s for s in salon.scene_ids if taken.get(s, date.max) > setup]
        if len(kept) == len(salon.scene_ids):
            swapped.append(salon)
            continue
        spare = sorted(
            (
                s
                for s in scenes
                if s.published_on <= setup
                and s.scene_id in fits
                and s.scene_id not in kept
                and taken.get(s.scene_id, date.max) > setup
                and set(segments[salon.theme]) & set(s.wanted_segments)
            ),
            key=lambda s: (-s.published_on.toordinal(), s.scene_id),
        )
        added = [s.scene_id for s in spare[: len(salon.scene_ids) - len(kept)]]
        if len(kept) + len(added) >= 2:  # else the theme had too few open scenes to hold it
            swapped.append(_with_scenes(rng, salon, kept, added, fits))
    return tuple(replace(s, salon_id=f"SAL{n:02d}") for n, s in enumerate(swapped, start=1))


def _with_scenes(
    rng: random.Random,
    salon: Salon,
    kept: list[str],
    added: list[str],
    fits: dict[str, list[tuple[str, int]]],
) -> Salon:
    """``salon`` showing ``kept`` (with their meetings) and ``added`` (with new invitations)."""
    requests = [(m.scene_id, m.firm_id) for m in salon.meetings if m.scene_id in kept]
    requests += [(s, firm_id) for s in added for firm_id in _invite(rng, fits[s])]
    return Salon(
        salon_id=salon.salon_id,
        theme=salon.theme,
        held_on=salon.held_on,
        venue=salon.venue,
        scene_ids=tuple(sorted(kept + added)),
        firm_ids=tuple(sorted({firm_id for _, firm_id in requests})),
        meetings=_schedule(salon.held_on, requests),
    )


def _invite(rng: random.Random, fitting: list[tuple[str, int]]) -> list[str]:
    """Three to six firms for a scene, highly relevant ones (grade 3) first."""
    wanted = rng.randint(3, 6)
    best = [firm_id for firm_id, grade in fitting if grade == 3]
    good = [firm_id for firm_id, grade in fitting if grade == 2]
    invited = rng.sample(best, min(wanted, len(best)))
    invited += rng.sample(good, min(wanted - len(invited), len(good)))
    return invited


def _schedule(held_on: date, requests: list[tuple[str, str]]) -> tuple[Meeting, ...]:
    """Earliest free slot for each (scene, firm); no scene table and no firm is double-booked."""
    start = datetime.combine(held_on, MEETINGS_START)
    scene_busy: dict[str, set[int]] = {}
    firm_busy: dict[str, set[int]] = {}
    meetings = []
    for scene_id, firm_id in requests:
        taken = scene_busy.setdefault(scene_id, set()) | firm_busy.setdefault(firm_id, set())
        slot = next(k for k in itertools.count() if k not in taken)
        scene_busy[scene_id].add(slot)
        firm_busy[firm_id].add(slot)
        meetings.append(Meeting(scene_id, firm_id, start + slot * MEETING_STEP, MEETING_MINUTES))
    return tuple(sorted(meetings, key=lambda m: (m.slot_start, m.scene_id, m.firm_id)))


def _partnerships(
    rng: random.Random,
    scenes: Sequence[Scene],
    fits: dict[str, list[tuple[str, int]]],
    salons: Sequence[Salon],
    today: date,
) -> tuple[Partnership, ...]:
    """Mostly highly relevant firms; pairs that met at a salon come first."""
    met = _first_meetings(salons)
    grades = {(s.scene_id, f): g for s in scenes for f, g in fits.get(s.scene_id, [])}
    per_scene: dict[str, int] = {}
    n_best = round(PARTNERSHIP_SHARE_GRADE_3 * PARTNERSHIPS)
    picked = _pick(rng, [p for p, g in grades.items() if g == 3], met, n_best, per_scene)
    good = [p for p, g in grades.items() if g == 2]
    picked += _pick(rng, good, met, PARTNERSHIPS - len(picked), per_scene)
    by_id = {s.scene_id: s for s in scenes}
    started = []
    for scene_id, firm_id in picked:
        since = met.get((scene_id, firm_id), by_id[scene_id].published_on)
        on = min(today, since + timedelta(days=rng.randint(14, 90)))
        started.append((on, scene_id, firm_id))
    return tuple(
        _partnership(rng, f"PS{n:03d}", by_id[scene_id], firm_id, on, today)
        for n, (on, scene_id, firm_id) in enumerate(sorted(started), start=1)
    )


def _first_meetings(salons: Sequence[Salon]) -> dict[tuple[str, str], date]:
    """(scene_id, firm_id) → the day they first met at a salon."""
    met: dict[tuple[str, str], date] = {}
    for salon in sorted(salons, key=lambda s: s.held_on):
        for meeting in salon.meetings:
            met.setdefault((meeting.scene_id, meeting.firm_id), salon.held_on)
    return met


def _pick(
    rng: random.Random,
    pairs: list[tuple[str, str]],
    met: dict[tuple[str, str], date],
    n: int,
    per_scene: dict[str, int],
) -> list[tuple[str, str]]:
    """Up to ``n`` (scene, firm) pairs, met ones first, a few per scene at most."""
    shuffled = rng.sample(sorted(pairs), len(pairs))
    shuffled.sort(key=lambda pair: pair not in met)  # stable: the shuffle decides among equals
    picked: list[tuple[str, str]] = []
    for scene_id, firm_id in shuffled:
        if len(picked) == n:
            break
        if per_scene.get(scene_id, 0) < PARTNERSHIPS_PER_SCENE:
            per_scene[scene_id] = per_scene.get(scene_id, 0) + 1
            picked.append((scene_id, firm_id))
    return picked


def _partnership(
    rng: random.Random,
    partnership_id: str,
    scene: Scene,
    firm_id: str,
    started_on: date,
    today: date,
) -> Partnership:
    domain = scene.domain
    months = (today - started_on).days / 30.4
    reached = max(i for i, m in enumerate(LIFECYCLE_MONTHS) if months >= m)
    stalls_at = rng.choices(range(1, len(LIFECYCLE)), (5, 3, 2))[0]
    reached_index = min(reached, stalls_at)
    terminated = rng.random() < 0.1 and reached >= 1
    stage = "terminated" if terminated else LIFECYCLE[reached_index]
    scored = reached_index >= 1 and months >= EVALUATED_AFTER_MONTHS
    if terminated:
        score = round(rng.uniform(40, 69), 1) if scored else None
    else:
        score = round(rng.uniform(70, 98), 1) if scored else None
    kpis = (*rng.sample(data.KPIS[domain], 2), rng.choice(data.GENERIC_KPIS))
    reason = TERMINATED_REASON if terminated else ""
    pilot = None
    if reached_index >= 1 or terminated:
        starts_on = started_on + timedelta(days=round(LIFECYCLE_MONTHS[1] * 30.4))
        pilot = pilot_record(
            rng, scene.title, scene.department, starts_on, kpis, score is not None, today
        )
    return Partnership(
        partnership_id, scene.scene_id, firm_id, stage, reason, started_on, kpis, score, pilot
    )


def _applications(
    rng: random.Random,
    products: Sequence[FinancingProduct],
    firms: Sequence[Firm],
    partnered: set[str],
    today: date,
) -> tuple[Application, ...]:
    """Firms apply for products they are eligible for, from 2025 until ``today``."""
    days = (today - APPLICATIONS_FROM).days
    if days < 0 or not firms:
        return ()
    chosen: dict[tuple[str, str], tuple[date, FinancingProduct, Firm]] = {}
    for _ in range(APPLICATIONS * 3):
        if len(chosen) == APPLICATIONS:
            break
        firm = rng.choice(firms)
        eligible = [p for p in products if product_fits(p, firm)]
        if eligible:
            product = rng.choice(eligible)
            submitted = APPLICATIONS_FROM + timedelta(days=rng.randint(0, days))
            chosen.setdefault((product.product_id, firm.firm_id), (submitted, product, firm))
    rows = sorted(chosen.values(), key=lambda r: (r[0], r[1].product_id, r[2].firm_id))
    return tuple(
        _application(rng, f"APP{n:04d}", submitted, product, firm, firm.firm_id in partnered, today)
        for n, (submitted, product, firm) in enumerate(rows, start=1)
    )


def _application(
    rng: random.Random,
    application_id: str,
    submitted_on: date,
    product: FinancingProduct,
    firm: Firm,
    has_partnership: bool,
    today: date,
) -> Application:
    # A scene partnership, a high-tech certificate or government contracts make lenders keener.
    chance = 0.5 + 0.2 * has_partnership + 0.1 * firm.hightech + 0.1 * firm.procurement
    if (today - submitted_on).days < 30 and rng.random() < 0.8:
        status = "pending"
    else:
        status = "approved" if rng.random() < chance else "rejected"
    spread = product.max_10k - product.min_10k
    step = 10 if spread >= 200 else 1
    amount = product.min_10k + round(spread * rng.random() ** 2 / step) * step
    consent = tuple(sorted(rng.sample(data.CONSENT_FIELDS, rng.randint(2, 5))))
    return Application(
        application_id=application_id,
        product_id=product.product_id,
        firm_id=firm.firm_id,
        submitted_on=submitted_on,
        status=status,
        amount_10k=min(product.max_10k, amount),
        consent_fields=consent,
    )
