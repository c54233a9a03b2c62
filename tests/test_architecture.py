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
    "governance/disclosure.py",
    "governance/disclosure_network.py",
    "governance/disclosure_audit.py",
    "auth/roles.py",
    "integration/uscc.py",
    "integration/csv_records.py",
    "integration/evidence.py",
    "i18n.py",
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
    "scenes/domains.py",
    "estation/kinds.py",
    "partnerships/labels.py",
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


# The CLI's commands that build the synthetic city (`scenehub demo`, `scenehub city generate`)
# are the only code outside demo/ that may use it: the city itself is configuration
# (scenehub/city.py), and the platform runs on another city's file without demo/.
DEMO_COMMANDS = {"demo", "_discard_stale_demo", "city_generate", "_generate_with_progress"}


def demo_imports_outside_demo() -> list[str]:
    found = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC)
        if relative.parts[0] == "demo":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed: set[int] = set()
        if relative == Path("cli.py"):
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and node.name in DEMO_COMMANDS:
                    allowed.update(id(n) for n in ast.walk(node))
                if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                    allowed.update(id(n) for n in ast.walk(node))  # names for annotations
        for node in ast.walk(tree):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [module]
            if id(node) in allowed or not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            if any(n and (n == "scenehub.demo" or n.startswith("scenehub.demo.")) for n in names):
                found.append(f"{relative}:{node.lineno}")
            if module == "scenehub" and any(a.name == "demo" for a in node.names):
                found.append(f"{relative}:{node.lineno}")
    return sorted(found)


def test_only_the_demo_commands_use_the_synthetic_city() -> None:
    assert demo_imports_outside_demo() == []
