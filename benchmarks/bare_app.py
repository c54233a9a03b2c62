"""The yardstick of ``benchmarks/web_requests.py``: FastAPI and sqlite3 with nothing else.

It serves the same rows as scenehub's scene catalogue, shaped the same (a pydantic model
per row, synchronous routes like scenehub's), from an sqlite3 file that the benchmark
fills from the app's database: no ORM, no policies, no audit, no sessions, no CSRF.

    BARE_APP_DB=scenes.sqlite3 uvicorn benchmarks.bare_app:create_app --factory --workers 2

``GET /scenes`` is the public list; ``GET /private/scenes`` first checks a bearer token
(the SHA-256 of the token against a table, its user active, not revoked, not expired),
then returns the same list.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import FastAPI, Header, HTTPException, Query
from pydantic import BaseModel

SCENE_COLUMNS = (
    "id",
    "code",
    "title",
    "language",
    "domain",
    "department_org_id",
    "background",
    "pain_points",
    "wanted",
    "offered",
    "constraints",
    "wanted_segments",
    "stage_preference",
    "budget_min_10k",
    "budget_max_10k",
    "timeline_months",
    "on_premise",
    "security_vetting",
    "status",
    "batch",
    "published_on",
)

SCHEMA = f"""
CREATE TABLE scenes ({", ".join(SCENE_COLUMNS)});
CREATE INDEX scenes_catalogue ON scenes (published_on DESC, code);
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, role TEXT, is_active INTEGER);
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY, user_id INTEGER, expires_at TEXT, revoked_at TEXT
);
"""

CATALOGUE = f"""
SELECT {", ".join(SCENE_COLUMNS)} FROM scenes
WHERE status IN ('published', 'matching', 'partnered', 'closed') AND security_vetting = 0
ORDER BY published_on DESC, code LIMIT ? OFFSET ?
"""

ACTIVE_USER_OF_DIGEST = """
SELECT users.id, users.role FROM api_tokens JOIN users ON users.id = api_tokens.user_id
WHERE api_tokens.token_hash = ? AND api_tokens.revoked_at IS NULL
  AND api_tokens.expires_at > ? AND users.is_active = 1
"""


class SceneRow(BaseModel):
    id: int
    code: str
    title: str
    language: str
    domain: str
    department_org_id: int
    background: str
    pain_points: str
    wanted: str
    offered: str
    constraints: str
    wanted_segments: list[str]
    stage_preference: str
    budget_min_10k: int | None
    budget_max_10k: int | None
    timeline_months: int | None
    on_premise: bool
    security_vetting: bool
    status: str
    batch: str | None
    published_on: date | None


def create_database(path: str, scenes: list[dict[str, object]], tokens: list[str]) -> None:
    """Write the bare app's file: ``scenes`` as the app holds them, one user per token."""
    with sqlite3.connect(path) as connection:
        connection.executescript(SCHEMA)
        connection.executemany(
            f"INSERT INTO scenes VALUES ({', '.join('?' for _ in SCENE_COLUMNS)})",
            [
                tuple(
                    json.dumps(s[c]) if c == "wanted_segments" else _plain(s[c])
                    for c in SCENE_COLUMNS
                )
                for s in scenes
            ],
        )
        for n, token in enumerate(tokens, start=1):
            connection.execute("INSERT INTO users VALUES (?, ?, 'operator', 1)", (n, f"user{n}"))
            connection.execute(
                "INSERT INTO api_tokens VALUES (?, ?, '9999-01-01T00:00:00+00:00', NULL)",
                (hashlib.sha256(token.encode()).hexdigest(), n),
            )


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def create_app() -> FastAPI:
    """The bare app over the file named by ``BARE_APP_DB``."""
    path = os.environ["BARE_APP_DB"]
    local = threading.local()

    def connection() -> sqlite3.Connection:
        # One connection per thread of the pool, like an engine's pool of connections.
        if not hasattr(local, "connection"):
            local.connection = sqlite3.connect(path, check_same_thread=False)
            local.connection.row_factory = sqlite3.Row
        return local.connection  # type: ignore[no-any-return]

    def catalogue(limit: int, offset: int) -> list[SceneRow]:
        rows = connection().execute(CATALOGUE, (limit, offset)).fetchall()
        return [
            SceneRow.model_validate(
                {**dict(row), "wanted_segments": json.loads(row["wanted_segments"])}
            )
            for row in rows
        ]

    app = FastAPI()

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        connection().execute("SELECT 1").fetchone()
        return {"status": "ok"}

    @app.get("/scenes")
    def public_scenes(
        limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0)] = 0
    ) -> list[SceneRow]:
        return catalogue(limit, offset)

    @app.get("/private/scenes")
    def private_scenes(
        authorization: Annotated[str, Header()] = "",
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[SceneRow]:
        scheme, _, raw = authorization.partition(" ")
        digest = hashlib.sha256(raw.strip().encode()).hexdigest()
        now = datetime.now(UTC).isoformat()
        if (
            scheme.lower() != "bearer"
            or connection().execute(ACTIVE_USER_OF_DIGEST, (digest, now)).fetchone() is None
        ):
            raise HTTPException(401, "the API token is not valid")
        return catalogue(limit, offset)

    return app
