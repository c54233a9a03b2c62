"""A firm's exit figures. Prints figures; asserts nothing.

    PYTHONPATH=src .venv/bin/python benchmarks/exit.py [--capabilities 200] [--reads 5000]

A firm on a fresh SQLite database with ``--capabilities`` capabilities and ``--reads`` audit
entries about it (reads of its data); prints the archive's size and rows, the time to export
it, to import it into a second fresh database, to export it there again, and to close the
account (docs/exit.md).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenehub import db
from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate, UserCreate
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import CapabilityWrite, FirmImport
from scenehub.governance import audit, closure_service, export_service
from scenehub.governance.policy import SYSTEM
from scenehub.integration.uscc import make_uscc


def seeded(url: str, capabilities: int, reads: int) -> int:
    with db.transaction(url) as s:
        org = auth_service.create_org(s, SYSTEM, OrgCreate(kind=OrgKind.FIRM, name="云图智能"))
        user = auth_service.create_user(
            s,
            SYSTEM,
            UserCreate(
                username="yuntu", password="correct horse battery", role=Role.FIRM, org_id=org.id
            ),
        )
        firm = firm_service.import_firm(
            s, SYSTEM, FirmImport(uscc=make_uscc("330108", "MA2H7K0L"), name="杭州云图智能")
        )
        firm_service.link_org(s, SYSTEM, firm.id, org.id)
        actor = auth_service.actor_of(auth_service.get_user(s, user.id))  # type: ignore[arg-type]
        for n in range(capabilities):
            firm_service.add_capability(
                s, actor, CapabilityWrite(title=f"能力 {n}", description="视频识别" * 20, trl=6)
            )
        for n in range(reads):
            audit.record(s, SYSTEM, "integration.read_firm", resource_id=n, subject_org_id=org.id)
    return org.id


def timed(label: str, start: float) -> None:
    print(f"{label:<34} {time.perf_counter() - start:8.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--capabilities", type=int, default=200)
    parser.add_argument("--reads", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source, target = (f"sqlite:///{folder}/{n}.sqlite3" for n in ("a", "b"))
        for url in (source, target):
            db.upgrade_database(url)
        org_id = seeded(source, args.capabilities, args.reads)
        warehouse = Path(folder) / "none.duckdb"
        start = time.perf_counter()
        with db.transaction(source) as s:
            archive = export_service.export_archive(
                s, SYSTEM, org_id, warehouse=warehouse, instance="a"
            )
        timed("export", start)
        print(f"{'archive':<34} {len(archive.data) / 1024:8.1f} KiB, rows {archive.counts}")
        start = time.perf_counter()
        with db.transaction(target) as s:
            outcome = export_service.import_archive(s, SYSTEM, archive.data)
        timed("import into a fresh instance", start)
        start = time.perf_counter()
        with db.transaction(target) as s:
            export_service.export_archive(
                s, SYSTEM, outcome.org_id, warehouse=warehouse, instance="b"
            )
        timed("export again there", start)
        with db.transaction(source) as s:
            user = auth_service.find_user(s, "yuntu")
            assert user is not None
            closure_service.request_closure(s, auth_service.actor_of(user), notice_days=0)
        start = time.perf_counter()
        with db.transaction(source) as s:
            done = closure_service.apply_due_closures(s, db.utcnow())
        timed("apply the closure", start)
        print(f"{'closure':<34} {done.details}")


if __name__ == "__main__":
    main()
