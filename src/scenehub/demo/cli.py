"""``scenehub demo`` and ``scenehub city generate``: the synthetic city from the shell
(registered in scenehub.cli, which reports their errors). The only commands that use
``scenehub.demo``; the demo runs the same pipeline steps, with the same progress bars, as
``scenehub ingest``, ``resolve``, ``firms sync`` and ``map``."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import uvicorn
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress
from rich.table import Table

from scenehub import db
from scenehub.city import city_file
from scenehub.governance import service as governance_service
from scenehub.governance.policy import SYSTEM
from scenehub.industry.cli import build_map_with_progress
from scenehub.integration.cli import (
    ingest_with_progress,
    prepare_matching_with_progress,
    resolve_with_progress,
    sync_with_progress,
)
from scenehub.jobs import schedule
from scenehub.settings import Settings, get_settings

if TYPE_CHECKING:  # the generator and the loader load on use: other commands start fast
    from scenehub.demo.config import CityConfig
    from scenehub.demo.load import LoadSummary
    from scenehub.demo.seed import DemoLogin

console = Console()


def demo(
    host: str = "127.0.0.1",
    port: int = 8000,
    data_dir: Annotated[Path | None, typer.Option(help="default: SCENEHUB_DATA_DIR")] = None,
    scale: Annotated[int, typer.Option(min=100, help="firms in the demo city")] = 5000,
    seed: int = 2025,
    serve_app: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
) -> None:
    """Build the demo city (files and embedded database), print a login per role, serve it."""
    from scenehub.demo.config import load_city as load_synthetic_city

    os.environ["SCENEHUB_EMBEDDED"] = "1"
    if data_dir is not None:
        os.environ["SCENEHUB_DATA_DIR"] = str(data_dir)
    get_settings.cache_clear()
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    _discard_stale_demo(settings.data_dir, settings.warehouse_path)
    with console.status("applying database migrations…"):
        db.upgrade_database(settings.resolved_database_url)
    city_dir = settings.data_dir / "city"
    config = load_synthetic_city(city_file())
    if not (city_dir / "manifest.json").exists():
        _generate_with_progress(city_dir, scale, seed, config)
    logins, loaded = _load_database(settings, city_dir, config)
    _run_pipeline(settings.warehouse_path, city_dir, config)
    logins = _seed_journey(settings)
    console.print(
        f"database: {loaded.organisations} new organisations; "
        + ", ".join(f"{n} {what}" for what, n in loaded.counts.items())
    )
    _print_logins(logins)
    console.print(
        f"data: [bold]{settings.data_dir.resolve()}[/bold] (the city's department "
        f"files, specs and truth: [bold]{city_dir.resolve()}[/bold])"
    )
    if serve_app:
        console.print(f"open http://{host}:{port}/ (Ctrl+C stops)")
        schedule.start_background(settings)
        uvicorn.run(
            "scenehub.app:served_app",
            factory=True,
            host=host,
            port=port,
            log_level="warning",
            **settings.server_options(),
        )


def _load_database(
    settings: Settings, city_dir: Path, config: CityConfig
) -> tuple[list[DemoLogin], LoadSummary]:
    """The demo logins and the city's organisations, scenes, products and history, in one
    transaction (loading again adds nothing): every login, and what was new."""
    from scenehub.demo.load import load_city as load_city_into_db
    from scenehub.demo.seed import seed_demo_accounts

    with (
        db.transaction(settings.resolved_database_url) as session,
        console.status("loading organisations, scenes, products and history…"),
    ):
        logins = seed_demo_accounts(session, settings.data_dir)
        loaded = load_city_into_db(session, SYSTEM, city_dir, config)
    return logins, loaded


def _seed_journey(settings: Settings) -> list[DemoLogin]:
    """The E-Station journey's firm accounts, chosen from the city's firms once their
    records are in the warehouse; every login. Then the audit trail's checkpoint, if due."""
    from scenehub.demo.seed import seed_journey_accounts

    with (
        db.transaction(settings.resolved_database_url) as session,
        console.status("choosing the journey's firms…"),
    ):
        logins = seed_journey_accounts(session, settings.warehouse_path, settings.data_dir)
        governance_service.take_checkpoint_if_due(session, db.utcnow(), settings=settings)
        return logins


def _run_pipeline(warehouse: Path, city_dir: Path, config: CityConfig) -> None:
    """Ingest the city's department files, resolve them when something changed (or never
    was), then update the registry, the map and the matching index."""
    from scenehub.integration.flows import has_golden_records

    specs = sorted((city_dir / "specs").glob("*.yaml"))
    if ingest_with_progress(specs, warehouse) or not has_golden_records(warehouse):
        resolve_with_progress(warehouse, 0.9, None, config)
    sync_with_progress(warehouse)
    build_map_with_progress(warehouse)
    prepare_matching_with_progress()


def _print_logins(logins: list[DemoLogin]) -> None:
    table = Table(title="scenehub demo — 演示账号 / demo logins")
    for column in ("role 角色", "username 用户名", "password 密码", "organisation 机构"):
        table.add_column(column)
    for login in logins:
        table.add_row(login.role, login.username, login.password, login.organisation)
    console.print(table)


def _discard_stale_demo(data_dir: Path, warehouse: Path) -> None:
    """A demo built by an older generator holds codes the code no longer knows: start it
    afresh (city, warehouse, embedded database), keeping the logins and the secret key."""
    from scenehub.demo.city import GENERATOR_VERSION

    manifest = data_dir / "city" / "manifest.json"
    if not manifest.exists():
        return
    version = json.loads(manifest.read_text(encoding="utf-8")).get("generator_version", 0)
    if version >= GENERATOR_VERSION:
        return
    console.print(
        f"[yellow]the demo in {data_dir} was built by generator {version} "
        f"(now {GENERATOR_VERSION}); building it afresh[/yellow]"
    )
    shutil.rmtree(data_dir / "city")
    for stale in (warehouse, data_dir / "scenehub.sqlite3"):
        for path in (stale, Path(f"{stale}.wal"), Path(f"{stale}-wal"), Path(f"{stale}-shm")):
            path.unlink(missing_ok=True)


def city_generate(
    out: Annotated[Path, typer.Option(help="folder to write the city into")],
    scale: Annotated[int, typer.Option(min=100, max=5_000_000, help="number of firms")] = 5000,
    seed: int = 2025,
    city: Annotated[Path | None, typer.Option(help="city file (default: Hangzhou)")] = None,
    force: Annotated[bool, typer.Option(help="replace a folder that is not a city")] = False,
) -> None:
    """Generate the synthetic city: department files, specs, scenes, history, truth."""

    if out.exists() and any(out.iterdir()) and not (out / "manifest.json").exists() and not force:
        raise typer.BadParameter(
            f"{out} holds files that are not a generated city; "
            "choose another folder or pass --force"
        )
    from scenehub.demo.config import load_city as load_synthetic_city

    config = load_synthetic_city(city or city_file())
    _generate_with_progress(out, scale, seed, config)


def _generate_with_progress(out: Path, scale: int, seed: int, config: CityConfig) -> None:
    from scenehub.demo.city import generate_city
    from scenehub.industry.taxonomy import load_chain

    with Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=console) as bar:
        task = bar.add_task(f"{config.city}: firms and department records", total=scale)
        manifest = generate_city(
            out,
            scale=scale,
            seed=seed,
            city=config,
            chain=load_chain(),
            on_progress=lambda n: bar.advance(task, n),
        )
    records = sum(manifest.records.values())
    console.print(
        f"[green]city written[/green] to {out.resolve()}: {scale} firms, "
        f"{records} department records in {manifest.counts['datasets']} files from "
        f"{manifest.counts['departments']} departments, "
        f"{manifest.counts['scenes']} scenes"
    )
