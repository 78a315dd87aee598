"""Liveness and readiness probes.

``GET /healthz``: the process answers. ``GET /readyz``: the store is reachable and the models
are loaded (or will load on first use), else 503 with what is missing.
"""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.errors import code_for_exception

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    services = request.app.state.services
    body: dict[str, object] = {"models": services.model_state}
    ready = services.model_state in ("loaded", "lazy")
    if services.model_error:
        body["modelError"] = services.model_error
    try:
        await anyio.to_thread.run_sync(services.store.ping)
        body["store"] = "ok"
    except Exception as exc:
        ready = False
        body["store"] = "unavailable"
        body["storeError"] = {"code": code_for_exception(exc), "message": str(exc)}
    body["status"] = "ready" if ready else "not ready"
    return JSONResponse(body, status_code=200 if ready else 503)
