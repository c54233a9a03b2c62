"""Access tracker figures: how long a firm's page of reads, its filters, the export and the
weekly chart take over a trail of many entries. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/tracker.py [--entries 20000] [--firms 50] [--repeat 5]

A fresh SQLite database; ``--entries`` audit entries over the last 12 weeks, each a read of
one of ``--firms`` firms' data by the centre or one of 5 financiers (every tenth a change to
an account instead), with 1–3 of 8 field names. The firm measured is firm 0 (≈ 1/firms of
the trail). Each figure is the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate
from scenehub.db import at, session_factory, upgrade_database, utcnow
from scenehub.governance import audit, tracker_service
from scenehub.governance.policy import SYSTEM, Actor
from scenehub.governance.tracker import TrackerFilter

FIELDS = ["name", "phone", "legal_rep", "revenue", "patents", "staff", "tax", "address"]
PURPOSES = ["firm-profile", "eligibility", "application", "segment-review"]


def build(url: str, entries: int, firms: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    upgrade_database(url)
    with session_factory(url)() as db:

        def org(kind: OrgKind, name: str) -> int:
            return auth_service.create_org(db, SYSTEM, OrgCreate(kind=kind, name=name)).id

        readers = [org(OrgKind.CENTRE, "中心")] + [
            org(OrgKind.FINANCIER, f"银行{n}") for n in range(5)
        ]
        firm_ids = [org(OrgKind.FIRM, f"企业{n}") for n in range(firms)]
        now = utcnow()
        for n in range(entries):
            reader = rng.choice(readers)
            actor = Actor(user_id=None, username=f"u{reader}", role=Role.OPERATOR, org_id=reader)
            with at(now - timedelta(minutes=rng.randint(0, 12 * 7 * 24 * 60))):
                audit.record(
                    db,
                    actor,
                    "users.update" if n % 10 == 0 else "integration.read_firm",
                    subject_org_id=rng.choice(firm_ids),
                    purpose=rng.choice(PURPOSES),
                    details={"fields": rng.sample(FIELDS, rng.randint(1, 3))},
                )
        db.commit()
    return firm_ids


def median_ms(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--firms", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        started = time.perf_counter()
        firm_ids = build(url, args.entries, args.firms, args.seed)
        print(f"trail of {args.entries} entries written in {time.perf_counter() - started:.1f} s")
        firm = Actor(user_id=None, username="firm", role=Role.FIRM, org_id=firm_ids[0])
        with session_factory(url)() as db:
            cases: dict[str, Callable[[], object]] = {
                "first page (50 reads)": lambda: tracker_service.data_access(
                    db, firm, TrackerFilter()
                ),
                "purpose filter": lambda: tracker_service.data_access(
                    db, firm, TrackerFilter(purpose="application")
                ),
                "field filter (checked in Python)": lambda: tracker_service.data_access(
                    db, firm, TrackerFilter(field="patents")
                ),
                "with account changes": lambda: tracker_service.data_access(
                    db, firm, TrackerFilter(include_changes=True)
                ),
                "export, all reads": lambda: tracker_service.export(
                    db, firm, TrackerFilter(), "csv"
                ),
                "weekly chart": lambda: tracker_service.weekly_reads(db, firm),
            }
            for name, run in cases.items():
                ms, result = median_ms(run, args.repeat)
                rows = getattr(result, "rows", result)
                count = len(rows) if isinstance(rows, list) else "-"
                print(f"{name:36s} {ms:8.1f} ms  rows {count}")
            db.rollback()


if __name__ == "__main__":
    main()
