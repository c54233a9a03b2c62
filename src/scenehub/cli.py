"""The ``scenehub`` command: the Typer app, its error reporting, ``serve`` and ``db upgrade``.

Every other command lives with its domain (``<domain>/cli.py``: options and progress bars,
the work in the domain's service or flows) and is registered below, its errors reported
by ``reports_errors``: users and orgs (auth), audit (governance), ingest, resolve and firms
sync (integration), map and classify (industry), match (matching), salons schedule (salons),
estation check (estation), housekeeping run (jobs), and the synthetic city's demo and city
generate (``demo/cli.py``, the only import of ``scenehub.demo`` here).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from scenehub import db
from scenehub.auth import cli as auth_cli
from scenehub.demo import cli as demo_cli
from scenehub.errors import AppError, ConfigurationError
from scenehub.estation import cli as estation_cli
from scenehub.governance import cli as governance_cli
from scenehub.industry import cli as industry_cli
from scenehub.integration import cli as integration_cli
from scenehub.jobs import cli as jobs_cli
from scenehub.jobs import schedule
from scenehub.matching.cli import match as match_command
from scenehub.salons import cli as salons_cli
from scenehub.settings import get_settings
from scenehub.translator import Translator

app = typer.Typer(
    help="scenehub — the platform of a city's scene innovation centre.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
orgs_app = typer.Typer(help="Organisations.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
grants_app = typer.Typer(help="Purpose-bound data grants.", no_args_is_help=True)
city_app = typer.Typer(help="The synthetic city (demo, tests, benchmarks).", no_args_is_help=True)
firms_app = typer.Typer(help="The capability registry of firms.", no_args_is_help=True)
salons_app = typer.Typer(help="Scene salons: 1:1 meeting schedules.", no_args_is_help=True)
housekeeping_app = typer.Typer(
    help="Scheduled housekeeping: retention of old records …", no_args_is_help=True
)
governance_app = typer.Typer(help="Governance: a firm's exit.", no_args_is_help=True)
closures_app = typer.Typer(help="Account closures after their notice.", no_args_is_help=True)
governance_app.add_typer(closures_app, name="closures")
estation_app = typer.Typer(
    help="The E-Station: firms' eligibility for financing products and services.",
    no_args_is_help=True,
)
# Typer lists the commands in the order they are added, then the groups in theirs.
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(orgs_app, name="orgs")
app.add_typer(audit_app, name="audit")
app.add_typer(grants_app, name="grants")
app.add_typer(city_app, name="city")
app.command("match")(match_command)
app.command("classify")(industry_cli.classify)
app.add_typer(firms_app, name="firms")
app.add_typer(salons_app, name="salons")
app.add_typer(estation_app, name="estation")
app.add_typer(housekeeping_app, name="housekeeping")
app.add_typer(governance_app, name="governance")

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


def _register(group: typer.Typer, name: str, command: Callable[..., Any]) -> None:
    """Add a domain's command to ``group`` as ``name``, its errors reported."""
    group.command(name)(reports_errors(command))


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
    schedule.start_background(settings)
    uvicorn.run(
        "scenehub.app:served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        **settings.server_options(),
    )


_register(app, "demo", demo_cli.demo)
_register(orgs_app, "create", auth_cli.orgs_create)
_register(orgs_app, "list", auth_cli.orgs_list)
_register(users_app, "create", auth_cli.users_create)
_register(users_app, "list", auth_cli.users_list)
_register(users_app, "set-password", auth_cli.users_set_password)
_register(users_app, "deactivate", auth_cli.users_deactivate)
_register(users_app, "link-sso", auth_cli.users_link_sso)
_register(audit_app, "verify", governance_cli.audit_verify)
_register(audit_app, "checkpoint", governance_cli.audit_checkpoint)
_register(audit_app, "prove", governance_cli.audit_prove)
_register(audit_app, "public-key", governance_cli.audit_public_key)
_register(grants_app, "standing", governance_cli.grants_standing)
_register(app, "ingest", integration_cli.ingest)
_register(app, "resolve", integration_cli.resolve)
_register(firms_app, "sync", integration_cli.firms_sync)
_register(firms_app, "import-archive", governance_cli.firms_import_archive)
_register(firms_app, "export-archive", governance_cli.firms_export_archive)
_register(closures_app, "apply", governance_cli.closures_apply)
_register(app, "map", industry_cli.industry_map)
_register(city_app, "generate", demo_cli.city_generate)
_register(salons_app, "schedule", salons_cli.schedule)
_register(estation_app, "check", estation_cli.check)
_register(housekeeping_app, "run", jobs_cli.housekeeping_run)


def _redact(url: str) -> str:
    head, sep, tail = url.partition("@")
    if not sep or "://" not in head:
        return url
    scheme, _, _credentials = head.partition("://")
    return f"{scheme}://***@{tail}"
