"""Rules of the house that a test can check: every route has a permission, pure cores
stay pure, dependencies point inwards."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount, Route

from scenehub.app import create_app
from scenehub.settings import Settings
from scenehub.web.deps import Permission

SRC = Path(__file__).resolve().parents[1] / "src" / "scenehub"
# Modules of pure logic: no database, no web framework, no files, no engines.
PURE_CORES = [
    "governance/policy.py",
    "governance/chain.py",
    "governance/merkle.py",
    "governance/checkpoints.py",
    "governance/disclosure.py",
    "governance/disclosure_network.py",
    "governance/disclosure_audit.py",
    "governance/retention.py",
    "governance/releases.py",
    "governance/dp.py",
    "governance/export.py",
    "governance/closure.py",
    "governance/tracker.py",
    "governance/cases.py",
    "governance/grading.py",
    "governance/grants.py",
    "governance/purposes.py",
    "auth/roles.py",
    "auth/sso_claims.py",
    "integration/uscc.py",
    "integration/csv_records.py",
    "integration/evidence.py",
    "i18n.py",
    "spreadsheets.py",
    "demo/names.py",
    "demo/places.py",
    "demo/firms.py",
    "demo/firm_traits.py",
    "demo/rates.py",
    "demo/codes.py",
    "demo/phones.py",
    "demo/romanise.py",
    "demo/firm_texts.py",
    "demo/firm_phrases.py",
    "demo/records.py",
    "demo/extras.py",
    "demo/scenes.py",
    "demo/history.py",
    "demo/pilot_records.py",
    "scenes/domains.py",
    "estation/kinds.py",
    "estation/services.py",
    "estation/messages.py",
    "estation/facts.py",
    "estation/rules.py",
    "estation/products.py",
    "estation/packages.py",
    "estation/check.py",
    "estation/fact_values.py",
    "estation/firm_records.py",
    "estation/firm_facts.py",
    "estation/application_lifecycle.py",
    "estation/consent.py",
    "partnerships/labels.py",
    "partnerships/readiness.py",
    "partnerships/dossier.py",
    "partnerships/dossier_render.py",
    "partnerships/attachment_kinds.py",
    "salons/documents.py",
    "salons/schedule.py",
    "salons/schedule_json.py",
    "partnerships/stages.py",
    "dashboard/kpis.py",
    "matching/text.py",
    "matching/concepts.py",
    "matching/documents.py",
    "matching/weights.py",
    "matching/profile.py",
    "matching/index.py",
    "matching/rank.py",
    "matching/explain.py",
    "matching/duplicates.py",
    "matching/evaluation.py",
    "industry/classify.py",
]
IMPURE_IMPORTS = (
    "sqlalchemy",
    "fastapi",
    "starlette",
    "duckdb",
    "pyspark",
    "jinja2",
    "httpx",
    "requests",
    "alembic",
    "pathlib",
    "os",
    "io",
    "shutil",
    "typer",
)


def api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    """Every APIRoute, also inside included routers (newer FastAPI wraps them)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (router := getattr(route, "original_router", None)) is not None:
            yield from api_routes(router.routes)


def permissions_of(dependant: Dependant) -> list[Permission]:
    found: list[Permission] = []
    for sub in dependant.dependencies:
        if isinstance(sub.call, Permission):
            found.append(sub.call)
        found.extend(permissions_of(sub))
    return found


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    data = tmp_path_factory.mktemp("arch")
    return create_app(Settings(data_dir=data, secret_key="k" * 40))  # type: ignore[arg-type]


def test_every_route_declares_exactly_one_permission(app: FastAPI) -> None:
    routes = list(api_routes(app.routes))
    assert len(routes) > 20
    missing = [
        f"{sorted(r.methods)} {r.path}" for r in routes if len(permissions_of(r.dependant)) != 1
    ]
    assert missing == [], f"routes without exactly one Permission dependency: {missing}"


def test_the_only_other_routes_are_the_openapi_document_and_static_files(app: FastAPI) -> None:
    others = {
        (type(r).__name__, getattr(r, "path", ""))
        for r in app.routes
        if not isinstance(r, APIRoute) and not hasattr(r, "original_router")
    }
    assert others == {(Route.__name__, "/api/v1/openapi.json"), (Mount.__name__, "/static")}


def test_the_permission_check_notices_a_route_without_one() -> None:
    bare = FastAPI()

    @bare.get("/leak")
    def leak() -> dict[str, str]:
        return {}

    route = next(r for r in bare.routes if isinstance(r, APIRoute))
    assert permissions_of(route.dependant) == []


def test_every_permission_names_a_defined_policy(app: FastAPI) -> None:
    from scenehub.governance.policy import POLICIES

    actions = {p.action for r in api_routes(app.routes) for p in permissions_of(r.dependant)}
    assert actions <= set(POLICIES), actions - set(POLICIES)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PURE_CORES)
def test_pure_cores_import_no_io_or_framework(module: str) -> None:
    imported = imported_modules(SRC / module)
    bad = {m for m in imported if m.split(".")[0] in IMPURE_IMPORTS}
    assert bad == set(), f"{module} imports {bad}"
    local = {m for m in imported if m.startswith("scenehub.")}
    impure_local = {
        m
        for m in local
        if m.rsplit(".", 1)[-1] in {"service", "models", "api", "pages", "db", "app"}
    }
    assert impure_local == set(), f"{module} imports {impure_local}"


def test_services_never_raise_http_exceptions() -> None:
    for path in SRC.rglob("*.py"):
        if path.parent.name == "web" or path.name in {"app.py", "api.py", "pages.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        assert "HTTPException" not in names, path


def test_domains_do_not_reach_into_each_others_tables() -> None:
    """A domain talks to another through its service, never its models."""
    for path in SRC.glob("*/*.py"):
        domain = path.parent.name
        for module in imported_modules(path):
            parts = module.split(".")
            if (
                len(parts) == 3
                and parts[0] == "scenehub"
                and parts[2] == "models"
                and parts[1] != domain
                and path.name != "models.py"
            ):
                pytest.fail(f"{path.relative_to(SRC)} imports {module}")


# The commands that build the synthetic city (`scenehub demo`, `scenehub city generate`) live
# in demo/cli.py; the root command (cli.py) imports that one module to register them, and
# nothing else outside demo/ may use demo/: the city itself is configuration
# (scenehub/city.py), and the platform runs on another city's file without demo/.
DEMO_COMMANDS = "scenehub.demo.cli"


def demo_imports_outside_demo() -> list[str]:
    found = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC)
        if relative.parts[0] == "demo":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [f"{node.module}.{a.name}" for a in node.names]  # a module or a name
            else:
                continue
            demo = [n for n in names if n == "scenehub.demo" or n.startswith("scenehub.demo.")]
            commands = [n for n in demo if n == DEMO_COMMANDS or n.startswith(f"{DEMO_COMMANDS}.")]
            if demo and (relative != Path("cli.py") or commands != demo):
                found.append(f"{relative}:{node.lineno}")
    return sorted(found)


def test_only_the_demo_commands_use_the_synthetic_city() -> None:
    assert demo_imports_outside_demo() == []


# --- one shape for every domain (docs/architecture.md) ----------------------------------------

# The modules that face the web or the terminal; everything else in a domain is its service,
# its queries or a pure core, and never needs the web layer or a page.
FACING = {
    "api.py",
    "pages.py",
    "review_pages.py",
    "service_api.py",
    "service_pages.py",
    "application_api.py",
    "application_pages.py",
    "exit_api.py",
    "exit_pages.py",
    "tracker_api.py",
    "tracker_pages.py",
    "case_api.py",
    "case_pages.py",
    "grant_api.py",
    "grant_pages.py",
    "cli.py",
    "__main__.py",
    "app.py",
}
ROUTE_MODULES = {
    "pages",
    "review_pages",
    "api",
    "service_pages",
    "service_api",
    "application_pages",
    "application_api",
    "exit_api",
    "exit_pages",
    "tracker_api",
    "tracker_pages",
    "case_api",
    "case_pages",
    "grant_pages",
    "grant_api",
}


SHARED = {"web", "migrations", "demo", "cities"}
DOMAIN_FILES = ("models.py", "schemas.py", "service.py", "api.py", "pages.py")
# Domains without tables of their own in the application database.
NO_MODELS = {
    "dashboard": "it counts the other domains' records through their services (work_record)",
    "matching": "it ranks the registry's and the catalogue's rows; its vectors are files",
    "integration": "its records, links and golden firms live in the DuckDB warehouse",
}


def domains() -> list[Path]:
    return sorted(
        p
        for p in SRC.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in SHARED
    )


def _imports_of(path: Path) -> set[str]:
    """Modules imported, with ``from a import b`` also as ``a.b`` (b may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_every_domain_has_the_same_files() -> None:
    missing = [
        f"{d.name}/{f}"
        for d in domains()
        for f in DOMAIN_FILES
        if not (d / f).exists() and not (f == "models.py" and d.name in NO_MODELS)
    ]
    assert missing == []
    assert set(NO_MODELS) <= {d.name for d in domains()}


def test_services_and_cores_never_import_the_web_layer_or_pages() -> None:
    found = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC)
        if relative.parts[0] in SHARED or relative.name in FACING:
            continue
        for module in _imports_of(path):
            parts = module.split(".")
            if parts[:2] == ["scenehub", "web"] or (
                parts[0] == "scenehub" and parts[-1] in ROUTE_MODULES
            ):
                found.append(f"{relative}: {module}")
    assert found == []


def test_pages_and_apis_never_import_another_modules_routes() -> None:
    """A page or route module calls services; it never borrows another's routes or contexts."""
    found = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC)
        if relative.name not in FACING - {"app.py"} or relative.parts[0] == "demo":
            continue
        for module in _imports_of(path):
            parts = module.split(".")
            if parts[0] == "scenehub" and parts[-1] in ROUTE_MODULES:
                found.append(f"{relative}: {module}")
    assert found == []


def test_the_code_checks_notice_what_they_look_for(tmp_path: Path) -> None:
    page = tmp_path / "pages.py"
    page.write_text("from scenehub.scenes.pages import scene_context\nimport scenehub.web\n")
    assert {"scenehub.scenes.pages.scene_context", "scenehub.scenes.pages"} <= _imports_of(page)
    long = tmp_path / "long.py"
    long.write_text("def f():\n" + "    x = 1\n" * 70)
    assert long_functions([long]) == [f"{long}: f (71 lines)"]


def long_functions(paths: Sequence[Path]) -> list[str]:
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found.append(f"{path}: {node.name} ({lines} lines)")
    return found


MAX_FUNCTION_LINES = 60
MAX_CLI_LINES = 300


def test_functions_stay_short_outside_the_synthetic_city() -> None:
    paths = [
        p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] not in {"demo", "migrations"}
    ]
    assert long_functions(paths) == []


def test_the_command_line_only_parses_and_shows() -> None:
    lines = (SRC / "cli.py").read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_CLI_LINES
