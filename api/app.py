"""The FastAPI application: GraphQL (with GraphiQL) at /graphql, the explorer at /, GraphML
export, health probes.

Nothing heavy happens at import. The lifespan opens the store (unless one was given) and, with
``preload_models=True`` (what ``kg serve`` uses), warms the spaCy and Kiwi models in a worker
thread while the server already answers: /healthz is up at once, /readyz turns 200 when the
store is reachable and the models are loaded.

Example::

    app = create_app(Settings(data_dir=Path("data")))
    uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Literal, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import code_for_status, rest_error
from api.graphql import KGGraphQLRouter, build_schema, make_context_getter
from kg.config import Settings
from kg.extract_process import ExtractionProcess, ingest_text_via
from kg.store.base import GraphStore
from schema.types import Language

if TYPE_CHECKING:
    from kg.pipeline import IngestReport, Pipeline

__all__ = ["Services", "create_app"]

R = TypeVar("R")
ModelState = Literal["lazy", "loading", "loaded", "failed"]
REFRESH_INTERVAL_S = 2.0

logger = logging.getLogger("kg.api")


class Services:
    """What every request shares: settings, the store, the pipeline (built on first use), the
    write lock and the model state reported by /readyz.

    Example::

        services = Services(settings, store)
        report = services.ingest_text("Amazon partners with Naver.")
    """

    def __init__(self, settings: Settings, store: GraphStore | None = None, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self._store = store
        self._pipeline = pipeline
        self._pipeline_lock = threading.Lock()
        self.write_lock = anyio.Lock()
        # Held by the worker thread itself: a request cancelled by its timeout stops waiting,
        # but its write runs to the end before the next write may start.
        self._write_mutex = threading.Lock()
        self.model_state: ModelState = "lazy"
        self.model_error: str | None = None
        # ingestDocument extracts in a worker process (readers keep the GIL), unless a pipeline was given
        self.extraction = ExtractionProcess(settings) if pipeline is None else None

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            raise RuntimeError("the store is opened in the app lifespan; use the app as a context manager")
        return self._store

    def open_store(self) -> bool:
        """Open the configured store unless one was given; True when this call opened it."""
        if self._store is not None:
            return False
        from kg.store import open_store

        self._store = open_store(self.settings)
        return True

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def pipeline(self) -> Pipeline:
        with self._pipeline_lock:
            if self._pipeline is None:
                from kg.pipeline import Pipeline

                self._pipeline = Pipeline(self.settings, self.store)
            return self._pipeline

    def warm_models(self) -> None:
        """Load both languages' models now (blocking; run in a worker thread)."""
        self.model_state = "loading"
        try:
            if self.extraction is not None:
                self.extraction.warm()  # in the worker process
            pipeline = self.pipeline
            for lang in () if self.extraction is not None else ("en", "ko"):
                pipeline.extractor(lang)
                # The first call finishes lazy initialisation inside the extractors too.
                pipeline.extract_text("Samsung" if lang == "en" else "삼성전자", lang)
        except Exception as exc:
            self.model_state = "failed"
            self.model_error = str(exc)
            logger.exception("loading the models failed")
            return
        self.model_state = "loaded"

    def write_and_commit(self, fn: Callable[[], R]) -> R:
        with self._write_mutex:
            result = fn()
            self.store.commit()
            return result

    def ingest_text(self, text: str, *, lang: str | None, title: str, source: str) -> IngestReport:
        """Extract, resolve, store and commit one text (blocking)."""
        language: Language | None = None if lang is None else ("ko" if lang == "ko" else "en")
        if self.extraction is not None:
            report = ingest_text_via(
                self.extraction, self.pipeline, self._write_mutex, text, lang=language, title=title, source=source
            )
        else:
            with self._write_mutex:
                report = self.pipeline.ingest_text(text, lang=language, title=title, source=source)
        if self.model_state == "lazy":
            self.model_state = "loaded"
        return report


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
    settings: Settings,
    store: GraphStore | None = None,
    pipeline: Pipeline | None = None,
    *,
    preload_models: bool = True,
) -> FastAPI:
    """The kg web application. A given ``store`` is used as is and left open on shutdown; a
    store opened here from ``settings`` is closed on shutdown. ``preload_models=False`` leaves
    model loading to the first ingestDocument (tests that never ingest use it)."""
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
    return app
