"""The FastAPI application: GraphQL (with GraphiQL) at /graphql, the explorer at /, GraphML
export, health probes.

Nothing heavy happens at import. The lifespan opens the store (unless one was given) and, with
``preload_models`` (``kg serve --preload-models``, ``KG_PRELOAD_MODELS``), warms the spaCy and
Kiwi models in a worker thread while the server already answers: /healthz is up at once,
/readyz turns 200 when the store is reachable and the models are loaded.

``create_app`` is also the uvicorn factory ``kg serve`` starts (settings from the ``KG_*``
environment), so kg/ needs no import of api/.

Example::

    app = create_app(Settings(data_dir=Path("data")))
    uvicorn.run(app, host="127.0.0.1", port=8000)
    # or: uvicorn --factory api.app:create_app      (what kg serve runs)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import code_for_status, rest_error
from api.graphql.build import build_schema
from api.graphql.context import make_context_getter
from api.graphql.router import KGGraphQLRouter
from api.services import Services
from kg.config import Settings
from kg.store.base import GraphStore

if TYPE_CHECKING:
    from kg.pipeline import Pipeline

__all__ = ["create_app"]

REFRESH_INTERVAL_S = 2.0

logger = logging.getLogger("kg.api")


async def _refresh_periodically(services: Services) -> None:
    """Pick up snapshots another process (``kg ingest``) committed to the same data directory.
    Only stores that have ``refresh()`` (NetworkX) need it; Neo4j is shared by nature."""
    refresh: Callable[[], bool] | None = getattr(services.store, "refresh", None)
    if refresh is None:
        return
    while True:
        await asyncio.sleep(REFRESH_INTERVAL_S)
        try:
            if await anyio.to_thread.run_sync(refresh):
                logger.info("reloaded the graph committed by another process")
        except Exception:
            logger.exception("reloading the graph failed; serving the previous snapshot")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def add_rest_error_handlers(app: FastAPI) -> None:
    """One error shape for the plain HTTP routes: ``{"error": {"code", "message"}}`` (see
    api/errors.py), for FastAPI's 404/405/422 as for kg's own answers."""

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        body = rest_error(code_for_status(exc.status_code), str(exc.detail))
        return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return JSONResponse(rest_error("BAD_USER_INPUT", _validation_message(exc)), status_code=422)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


def create_app(
    settings: Settings | None = None,
    store: GraphStore | None = None,
    pipeline: Pipeline | None = None,
    *,
    preload_models: bool | None = None,
) -> FastAPI:
    """The kg web application. ``settings`` default to the ``KG_*`` environment (uvicorn calls
    the factory with no arguments). A given ``store`` is used as is and left open on shutdown;
    a store opened here from ``settings`` is closed on shutdown. ``preload_models`` (default:
    ``settings.preload_models``) loads the models at start; otherwise the first ingestDocument
    loads them."""
    if settings is None:
        settings = Settings()
    if preload_models is None:
        preload_models = settings.preload_models
    services = Services(settings, store, pipeline)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = await anyio.to_thread.run_sync(services.open_store)
        warm: threading.Thread | None = None
        if preload_models:
            # A plain daemon thread: shutting down must not wait for spaCy to finish loading.
            warm = threading.Thread(target=services.warm_models, name="kg-warm-models", daemon=True)
            services.model_state = "loading"
            warm.start()
        refresher = asyncio.create_task(_refresh_periodically(services))
        try:
            yield
        finally:
            refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await refresher
            if services.extraction is not None:
                await anyio.to_thread.run_sync(services.extraction.close)
            if opened:
                await anyio.to_thread.run_sync(services.close_store)

    # No /docs or /redoc: their pages load Swagger UI and ReDoc from a CDN, which an offline
    # machine cannot reach. /openapi.json stays; GraphiQL at /graphql documents the API.
    app = FastAPI(
        title="kg",
        summary="A bilingual (English/Korean) knowledge graph of companies, people and places",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    add_rest_error_handlers(app)
    app.state.services = services
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
        )

    from api.routes import export, health, ui

    app.include_router(health.router)
    app.include_router(export.router)
    app.include_router(ui.router)
    app.mount("/static", ui.static_app(), name="static")
    graphql = KGGraphQLRouter(build_schema(settings), settings, context_getter=make_context_getter(services))
    app.include_router(graphql, prefix="/graphql")
    app.state.graphql = graphql  # its per-request timeout (``timeout_s``) can be changed at run time
    return app
