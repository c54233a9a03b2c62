"""The ``scenehub`` command: serve, demo, database, users, organisations, audit."""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import MofNCompleteColumn, Progress
from rich.table import Table

from scenehub import db
from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate, UserCreate, UserUpdate
from scenehub.city import City, city_file, load_city
from scenehub.errors import AppError, ConfigurationError
from scenehub.governance import audit
from scenehub.governance.chain import Anchor
from scenehub.governance.policy import SYSTEM
from scenehub.industry.cli import classify as classify_command
from scenehub.integration.engine import Engine, EngineName
from scenehub.matching.cli import match as match_command
from scenehub.settings import get_settings
from scenehub.web.i18n import Translator

if TYPE_CHECKING:
    from scenehub.demo.config import CityConfig
    from scenehub.integration.flows import IngestOptions

app = typer.Typer(
    help="scenehub — the platform of a city's scene innovation centre.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
orgs_app = typer.Typer(help="Organisations.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(orgs_app, name="orgs")
app.add_typer(audit_app, name="audit")
city_app = typer.Typer(help="The synthetic city (demo, tests, benchmarks).", no_args_is_help=True)
app.add_typer(city_app, name="city")
app.command("match")(match_command)
app.command("classify")(classify_command)
firms_app = typer.Typer(help="The capability registry of firms.", no_args_is_help=True)
app.add_typer(firms_app, name="firms")

console = Console()
F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Print an application or configuration error plainly and exit with status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AppError as error:
            locale = get_settings().default_locale
            message = Translator(locale).gettext(error.message, **error.params)
            console.print(f"[red]error ({error.code}):[/red] {escape(message)}")
            raise typer.Exit(2) from error
        except ValidationError as error:
            for problem in error.errors():
                field = ".".join(str(p) for p in problem["loc"])
                console.print(f"[red]invalid {escape(field)}:[/red] {escape(problem['msg'])}")
            raise typer.Exit(2) from error
        except ConfigurationError as error:
            console.print(f"[red]configuration error:[/red] {escape(str(error))}")
            raise typer.Exit(2) from error

    return wrapper  # type: ignore[return-value]


@db_app.command("upgrade")
@reports_errors
def db_upgrade(revision: str = "head") -> None:
    """Apply the database migrations (SQLite or PostgreSQL, from SCENEHUB_DATABASE_URL)."""
    url = get_settings().resolved_database_url
    db.upgrade_database(url, revision)
    console.print(f"database at [bold]{_redact(url)}[/bold] is at revision {revision}")


@app.command()
@reports_errors
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
) -> None:
    """Migrate the database, then serve the web app and the API."""
    settings = get_settings()
    settings.secret_key_value()  # refuse a missing key before binding the port
    db.upgrade_database(settings.resolved_database_url)
    console.print(f"serving on http://{host}:{port} with {workers} worker(s)")
    uvicorn.run(
        "scenehub.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


@app.command()
@reports_errors
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
    from scenehub.demo.load import load_city as load_city_into_db
    from scenehub.demo.seed import seed_demo_accounts

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
    with (
        db.transaction(settings.resolved_database_url) as session,
        console.status("loading organisations, scenes, products and history…"),
    ):
        logins = seed_demo_accounts(session, settings.data_dir)
        loaded = load_city_into_db(session, SYSTEM, city_dir, config)
    specs = sorted((city_dir / "specs").glob("*.yaml"))
    if _ingest_specs(specs, settings.warehouse_path) or not _has_golden(settings.warehouse_path):
        _resolve_warehouse(settings.warehouse_path, 0.9, None, config)
    _sync_registry(settings.warehouse_path)
    _build_map(settings.warehouse_path)
    _prepare_matching()
    console.print(
        f"database: {loaded.organisations} new organisations; "
        + ", ".join(f"{n} {what}" for what, n in loaded.counts.items())
    )
    table = Table(title="scenehub demo — 演示账号 / demo logins")
    for column in ("role 角色", "username 用户名", "password 密码", "organisation 机构"):
        table.add_column(column)
    for login in logins:
        table.add_row(login.role, login.username, login.password, login.organisation)
    console.print(table)
    console.print(
        f"data: [bold]{settings.data_dir.resolve()}[/bold] (the city's department "
        f"files, specs and truth: [bold]{city_dir.resolve()}[/bold])"
    )
    if serve_app:
        console.print(f"open http://{host}:{port}/ (Ctrl+C stops)")
        uvicorn.run(
            "scenehub.app:create_app", factory=True, host=host, port=port, log_level="warning"
        )


def _discard_stale_demo(data_dir: Path, warehouse: Path) -> None:
    """A demo built by an older generator holds codes the code no longer knows: start it
    afresh (city, warehouse, embedded database), keeping the logins and the secret key."""
    import shutil

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


@orgs_app.command("create")
@reports_errors
def orgs_create(name: str, kind: OrgKind, name_en: str = "", uscc: str | None = None) -> None:
    """Create an organisation (centre, department, firm, investor, financier)."""
    with db.transaction() as session:
        org = auth_service.create_org(
            session, SYSTEM, OrgCreate(kind=kind, name=name, name_en=name_en, uscc=uscc)
        )
    console.print(f"organisation {org.id} created: {org.name} ({org.kind.value})")


@orgs_app.command("list")
@reports_errors
def orgs_list() -> None:
    with db.transaction(read_only=True) as session:
        orgs = auth_service.list_orgs(session, SYSTEM)
    table = Table("id", "kind", "name", "name (en)", "USCC")
    for org in orgs:
        table.add_row(str(org.id), org.kind.value, org.name, org.name_en, org.uscc or "")
    console.print(table)


@users_app.command("create")
@reports_errors
def users_create(
    username: str,
    role: Role,
    org: Annotated[str, typer.Option(help="organisation name")],
    org_kind: Annotated[
        OrgKind | None,
        typer.Option(help="create the organisation with this kind if it does not exist"),
    ] = None,
    display_name: str = "",
    password: Annotated[
        str | None, typer.Option(envvar="SCENEHUB_NEW_PASSWORD", help="default: prompt")
    ] = None,
) -> None:
    """Create a user, e.g. the first admin:
    ``scenehub users create admin admin --org 场景创新中心 --org-kind centre``."""
    if password is None:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with db.transaction() as session:
        found = auth_service.find_org_by_name(session, org)
        if found is None and org_kind is None:
            raise typer.BadParameter(f"no organisation named {org!r}; add --org-kind to create it")
        org_id = (
            found.id
            if found
            else auth_service.create_org(
                session, SYSTEM, OrgCreate(kind=org_kind or OrgKind.CENTRE, name=org)
            ).id
        )
        user = auth_service.create_user(
            session,
            SYSTEM,
            UserCreate(
                username=username,
                password=password,
                role=role,
                org_id=org_id,
                display_name=display_name,
            ),
        )
    console.print(f"user {user.id} created: {user.username} ({user.role.value})")


@users_app.command("list")
@reports_errors
def users_list() -> None:
    with db.transaction(read_only=True) as session:
        users = auth_service.list_users(session, SYSTEM)
    table = Table("id", "username", "role", "org", "active", "last login")
    for u in users:
        table.add_row(
            str(u.id),
            u.username,
            u.role.value,
            str(u.org_id or ""),
            "yes" if u.is_active else "no",
            u.last_login_at.isoformat(timespec="minutes") if u.last_login_at else "",
        )
    console.print(table)


@users_app.command("set-password")
@reports_errors
def users_set_password(
    username: str,
    password: Annotated[
        str | None, typer.Option(envvar="SCENEHUB_NEW_PASSWORD", help="default: prompt")
    ] = None,
) -> None:
    """Set a user's password; their sessions and API tokens are revoked."""
    if password is None:
        password = typer.prompt("new password", hide_input=True, confirmation_prompt=True)
    _update_user(username, UserUpdate(password=password))


@users_app.command("deactivate")
@reports_errors
def users_deactivate(username: str) -> None:
    """Block a user from signing in; their sessions and API tokens are revoked."""
    _update_user(username, UserUpdate(is_active=False))


def _update_user(username: str, body: UserUpdate) -> None:
    with db.transaction() as session:
        user = auth_service.find_user(session, username)
        if user is None:
            raise typer.BadParameter(f"no user named {username!r}")
        auth_service.update_user(session, SYSTEM, user.id, body)
    console.print(f"user {username} updated")


@audit_app.command("verify")
@reports_errors
def audit_verify(
    anchors: Annotated[
        Path | None, typer.Option(help="file written by `scenehub audit anchor`")
    ] = None,
) -> None:
    """Check every entry's hash and link; with --anchors, also that none was cut off."""
    loaded = _read_anchors(anchors) if anchors else ()
    with db.transaction(read_only=True) as session, console.status("verifying the audit chain…"):
        report = audit.verify(session, loaded)
    if report.ok:
        console.print(
            f"[green]audit trail intact[/green]: {report.entries_checked} entries, "
            f"head {report.head_seq} {report.head_hash[:16]}…"
        )
        return
    console.print(
        f"[red]audit trail TAMPERED[/red]: {len(report.problems)} problem(s) in "
        f"{report.entries_checked} entries"
    )
    for problem in report.problems[:50]:
        console.print(f"  entry {problem.seq}: {problem.kind} — {problem.message}")
    raise typer.Exit(1)


@audit_app.command("anchor")
@reports_errors
def audit_anchor(out: Annotated[Path, typer.Option(help="append the head to this file")]) -> None:
    """Append the chain's head (seq, hash) to a file kept outside the database."""
    with db.transaction(read_only=True) as session:
        head = audit.head(session)
    if head is None:
        console.print("the audit trail is empty")
        return
    with out.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"seq": head.seq, "hash": head.hash}) + "\n")
    console.print(f"anchored entry {head.seq} {head.hash[:16]}… in {out}")


@app.command()
@reports_errors
def ingest(
    specs: Annotated[list[Path] | None, typer.Argument(help="source spec files (YAML)")] = None,
    warehouse: Annotated[Path | None, typer.Option(help="default: SCENEHUB_WAREHOUSE")] = None,
    allow_shrink: Annotated[
        bool, typer.Option(help="accept a run that keeps less than half of a source's rows")
    ] = False,
    allow_outside_paths: Annotated[
        bool, typer.Option(help="let a spec name a data file outside its folder")
    ] = False,
) -> None:
    """Ingest department files into the raw zone; unchanged files are skipped."""
    from scenehub.integration.flows import IngestOptions

    path = warehouse or get_settings().warehouse_path
    # Every new run is audited: make sure the database exists and is current first.
    db.upgrade_database()
    if specs:
        _ingest_specs(specs, path, IngestOptions(allow_shrink, allow_outside_paths))
    else:
        raise typer.BadParameter("name at least one spec file")


def _ingest_specs(specs: list[Path], warehouse: Path, options: IngestOptions | None = None) -> int:
    """Ingest with a progress bar and a summary table; returns how many runs were new."""
    from scenehub.integration.flows import ingest_source
    from scenehub.integration.warehouse import open_warehouse

    connection = open_warehouse(warehouse)
    table = Table("source", "department", "run", "rows", "rejected", "encoding")
    changed = 0
    with Progress(*Progress.get_default_columns(), console=console) as bar:
        task = bar.add_task("ingesting", total=len(specs))
        for spec in specs:
            bar.update(task, description=f"ingesting {spec.name}")
            result = ingest_source(connection, spec, options=options)
            changed += result.changed
            run = f"{result.run_id} ({'new' if result.changed else 'unchanged'})"
            table.add_row(
                result.source,
                result.department,
                run,
                str(result.rows),
                str(result.rejects),
                result.encoding,
            )
            bar.advance(task)
    connection.close()
    console.print(table)
    return changed


@app.command()
@reports_errors
def resolve(
    warehouse: Annotated[Path | None, typer.Option(help="default: SCENEHUB_WAREHOUSE")] = None,
    threshold: Annotated[float, typer.Option(min=0.5, max=0.9999)] = 0.5,  # ResolveSettings
    export: Annotated[
        Path | None, typer.Option(help="write source,department,record_id,firm_id to this CSV")
    ] = None,
    city: Annotated[
        Path | None, typer.Option(help="city file (default: SCENEHUB_CITY_FILE, else Hangzhou)")
    ] = None,
    engine: Annotated[
        EngineName, typer.Option(help="spark: the same steps on Spark (extra spark, and Java)")
    ] = EngineName.duckdb,
) -> None:
    """Standardise the current records, resolve them into firms, build golden records."""
    # The run is audited before it commits: make sure the database exists and is current.
    db.upgrade_database()
    _resolve_warehouse(
        warehouse or get_settings().warehouse_path,
        threshold,
        export,
        load_city(city),
        engine,
    )


def _resolve_warehouse(
    warehouse: Path,
    threshold: float,
    export: Path | None,
    config: City,
    engine: EngineName = EngineName.duckdb,
) -> None:
    from scenehub.integration.flows import resolve_current
    from scenehub.integration.golden import export_clusters
    from scenehub.integration.warehouse import open_warehouse

    with (
        contextlib.ExitStack() as stack,
        Progress(*Progress.get_default_columns(), console=console) as bar,
    ):
        runner = _spark_or_exit(stack) if engine is EngineName.spark else None
        task = bar.add_task(f"standardising, then linking and golden records ({engine.value})")
        outcome = resolve_current(
            warehouse,
            SYSTEM,
            threshold=threshold,
            city=config,
            engine=runner,
            on_total=lambda total: bar.update(task, total=total),
            on_rows=lambda n: bar.advance(task, n),
        )
        bar.update(task, completed=outcome.records)
    console.print(f"[green]{outcome.firms} firms[/green] resolved from {outcome.records} records")
    if outcome.note:
        console.print(f"[yellow]{outcome.note}[/yellow]")
    if export is not None:
        connection = open_warehouse(warehouse, read_only=True)
        try:
            console.print(f"wrote {export_clusters(connection, export)} rows to {export}")
        finally:
            connection.close()


def _spark_or_exit(stack: contextlib.ExitStack) -> Engine:
    """A Spark engine that lives as long as ``stack``; exit 2 saying what to install."""
    from rich.markup import escape

    from scenehub.integration.engine import spark_engine

    try:
        with console.status("starting Spark (local mode)…"):
            return stack.enter_context(spark_engine())
    except ConfigurationError as error:
        # Printed here, escaped: the message names "scenehub[spark]", which is Rich markup.
        console.print(f"[red]configuration error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from error


def _has_golden(warehouse: Path) -> bool:
    from scenehub.integration.warehouse import has_tables, open_warehouse

    connection = open_warehouse(warehouse, read_only=True)
    try:
        return has_tables(connection, "golden_firms")
    finally:
        connection.close()


@firms_app.command("sync")
@reports_errors
def firms_sync(
    warehouse: Annotated[Path | None, typer.Option(help="default: SCENEHUB_WAREHOUSE")] = None,
) -> None:
    """Bring the capability registry up to date with the golden firm records."""
    db.upgrade_database()
    _sync_registry(warehouse or get_settings().warehouse_path)
    _prepare_matching()


def _sync_registry(warehouse: Path) -> None:
    from scenehub.integration.flows import sync_registry

    with console.status("updating the capability registry from the golden records…"):
        outcome = sync_registry(warehouse, SYSTEM)
    console.print(f"registry: {outcome.golden} golden firms, {outcome.new} new")


@app.command("map")
@reports_errors
def industry_map(
    warehouse: Annotated[Path | None, typer.Option(help="default: SCENEHUB_WAREHOUSE")] = None,
    model: Annotated[Path | None, typer.Option(help="classifier model file")] = None,
) -> None:
    """Build the AI industry map: firm facts, classification, map tables."""
    from scenehub.industry.model_store import ModelFileError

    db.upgrade_database()
    try:
        _build_map(warehouse or get_settings().warehouse_path, model)
        _prepare_matching()
    except (LookupError, ModelFileError) as error:
        console.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from error


def _prepare_matching() -> None:
    """Encode the registry's firms for matching now, so that the first ranked list a user
    opens does not wait for it."""
    from scenehub.matching import service as matching_service

    with (
        Progress(*Progress.get_default_columns(), console=console) as bar,
        db.transaction(read_only=True) as session,
    ):
        task = bar.add_task("encoding firms for matching", total=None)
        firms = matching_service.prepare_firm_index(
            session, lambda done, total: bar.update(task, completed=done, total=total)
        )
    console.print(f"matching: {firms} firms indexed")


def _build_map(warehouse: Path, model_path: Path | None = None) -> None:
    from scenehub.industry.flows import build_industry_map

    with Progress(*Progress.get_default_columns(), console=console) as bar:
        task = bar.add_task("industry map", total=None)
        outcome = build_industry_map(
            get_settings(),
            SYSTEM,
            warehouse=warehouse,
            model_path=model_path,
            on_step=lambda step: bar.update(task, description=step),
            on_firms=lambda done, total: bar.update(task, completed=done, total=total),
        )
    console.print(
        f"industry map: {outcome.firms} firms classified ({outcome.labelled} by the centre's "
        f"labels or their own declarations, {outcome.unclassified} below the confidence for "
        f"review), {outcome.cells} map cells; the classifier learnt from {outcome.trained_on}",
        highlight=False,
    )


@city_app.command("generate")
@reports_errors
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


def _read_anchors(path: Path) -> tuple[Anchor, ...]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(
        Anchor(int(d["seq"]), str(d["hash"]))
        for d in (json.loads(line) for line in lines if line.strip())
    )


def _redact(url: str) -> str:
    head, sep, tail = url.partition("@")
    if not sep or "://" not in head:
        return url
    scheme, _, _credentials = head.partition("://")
    return f"{scheme}://***@{tail}"
