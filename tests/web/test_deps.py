"""The request's unit of work under load: requests holding a session never outnumber the
connections of the pool (nor the threads that finish them), so none waits for a
connection while holding a thread, and a burst larger than both still completes."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from scenehub import db
from scenehub.web.deps import PublicActor, SessionDep


def test_a_burst_larger_than_the_pool_is_served_a_pool_at_a_time(app: FastAPI, db_url: str) -> None:
    lock = threading.Lock()
    holding = [0, 0]  # now, most at once

    @app.get("/probe-session")
    def probe(actor: PublicActor, session: SessionDep) -> dict[str, int]:
        with lock:
            holding[0] += 1
            holding[1] = max(holding[1], holding[0])
        session.execute(text("SELECT 1"))
        time.sleep(0.02)  # hold the connection a little, as a real query does
        with lock:
            holding[0] -= 1
        return {"ok": 1}

    app.router.routes.insert(0, app.router.routes.pop())  # before the pages' catch-alls
    limit = db.connection_limit(app.state.session_factory.kw["bind"])
    assert limit is not None
    burst = 3 * limit

    async def fire() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            responses = await asyncio.gather(*(client.get("/probe-session") for _ in range(burst)))
        return [r.status_code for r in responses]

    # In a thread of its own: an earlier test in the same process may leave an event loop
    # running in this one, where asyncio.run refuses to start.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(lambda: asyncio.run(fire())).result() == [200] * burst
    assert holding[1] <= limit
    # SQLite's writers take turns at BEGIN; PostgreSQL's requests overlap.
    assert holding[1] > 1 or db_url.startswith("sqlite")
