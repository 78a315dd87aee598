"""What every request shares (``Services``): settings, the store (opened in the app lifespan),
the pipeline (built on first use), the write lock and the model state /readyz reports.

Example::

    services = Services(settings, store)
    report = services.ingest_text("Amazon partners with Naver.", lang=None, title="", source="")
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TypeVar

import anyio

from kg.config import Settings
from kg.extract_process import ExtractionProcess, ingest_text_via
from kg.store.base import GraphStore
from schema.types import Language

if TYPE_CHECKING:
    from kg.pipeline import IngestReport, Pipeline

__all__ = ["ModelState", "Services"]

R = TypeVar("R")
ModelState = Literal["lazy", "loading", "loaded", "failed"]

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
        from kg.resolve import search_keys
        from kg.store import open_store

        self._store = open_store(self.settings, query_keys=search_keys)
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
