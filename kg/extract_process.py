"""Extraction for a long-running process (the API server) in one separate worker process.

spaCy, Kiwi and the relation stage are CPU-bound Python: run in a thread of the serving
process, they hold the GIL and stall every reader. ``ExtractionProcess`` runs them in one
spawned process instead (a ``ProcessPoolExecutor`` of one), started on the first document and
reused after, with the models loaded once in it. The job code is the one ``kg ingest
--workers`` runs (``kg.workers.run_extract_job``). Resolution and the store write stay with the
caller, which is the only writer.

A worker that dies while extracting (killed, out of memory) fails that document with
``WorkerCrashedError``; the next document starts a new worker. A worker found dead while idle
is replaced without failing anything. A worker whose parent is gone exits by itself.

Example::

    extraction = ExtractionProcess(settings)
    report = ingest_text_via(extraction, pipeline, lock, "Amazon partners with Naver.")
    extraction.close()
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from kg.config import Settings
from kg.ingest import source_from_text
from kg.workers import ExtractJob, WorkerCrashedError, extraction_pipeline, extraction_settings, run_extract_job
from schema.errors import KGError
from schema.types import Language, document_id_for

if TYPE_CHECKING:
    from kg.pipeline import DocumentExtraction, IngestReport, Pipeline

__all__ = ["ExtractionProcess", "ingest_text_via"]

_WARM_TEXTS = (("Samsung", "en"), ("삼성전자", "ko"))
_PARENT_POLL_S = 1.0
_WORKER_NICE = 0
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

# -- in the worker process ------------------------------------------------------------------

_pipeline: Pipeline | None = None


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL_S)
    os._exit(0)  # the server is gone: nobody will read a result


def _init_worker(settings: dict[str, Any], parent: int) -> None:
    global _pipeline
    # Reads are what the server is for: the worker yields the CPU to them (a lower priority,
    # one math-library thread; its Kiwi gets one thread unless KG_KIWI_THREADS says more).
    os.nice(_WORKER_NICE)
    for var in _THREAD_VARS:
        os.environ.setdefault(var, "1")  # before numpy loads with spaCy
    _pipeline = extraction_pipeline(settings)
    threading.Thread(target=_watch_parent, args=(parent,), name="kg-watch-parent", daemon=True).start()


def _extract(job: ExtractJob) -> tuple[int, DocumentExtraction | KGError]:
    assert _pipeline is not None, "the worker initializer builds the pipeline"
    return os.getpid(), run_extract_job(_pipeline, job)


def _warm() -> int:
    """Load both languages' models (the first call also finishes the extractors' lazy set-up)."""
    assert _pipeline is not None
    for text, lang in _WARM_TEXTS:
        _pipeline.extract_text(text, "ko" if lang == "ko" else "en")
    return os.getpid()


# -- in the serving process -----------------------------------------------------------------


class ExtractionProcess:
    """One extraction worker process, started on first use and restarted after a crash.
    Thread-safe: callers may submit from several threads; the worker extracts one document
    at a time, in the order submitted."""

    def __init__(self, settings: Settings) -> None:
        # one Kiwi thread unless configured: the server's cores are for its readers
        self._settings = extraction_settings(settings, os.cpu_count() or 1)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self.pid: int | None = None  # the worker's, once it answered
        self.restarts = 0

    def _submit(self, fn: Any, *args: Any) -> Future[Any]:
        with self._lock:
            for _ in range(2):
                if self._pool is None:
                    self._pool = ProcessPoolExecutor(
                        max_workers=1,
                        mp_context=mp.get_context("spawn"),  # nothing of the server's threads is inherited
                        initializer=_init_worker,
                        initargs=(self._settings, os.getpid()),
                    )
                try:
                    return self._pool.submit(fn, *args)
                except BrokenProcessPool:  # the worker died (while idle, or with the last job)
                    self._pool.shutdown(wait=False, cancel_futures=True)
                    self._pool, self.pid = None, None
                    self.restarts += 1
            raise WorkerCrashedError("the extraction worker process could not be started")

    def _result(self, future: Future[Any], what: str) -> Any:
        try:
            return future.result()
        except BrokenProcessPool:
            with self._lock:
                self.pid = None
            raise WorkerCrashedError(
                f"the extraction worker process died while extracting {what}; nothing was stored "
                "(the next request starts a new worker)"
            ) from None

    def warm(self) -> None:
        """Start the worker and load its models now (blocking)."""
        self.pid = self._result(self._submit(_warm), "the warm-up text")

    def extract(self, job: ExtractJob) -> DocumentExtraction:
        """The job's extraction, computed in the worker (blocking). Raises the kg error the
        worker met, or ``WorkerCrashedError`` when it died."""
        pid, outcome = self._result(self._submit(_extract, job), job.source.source or "the document")
        self.pid = pid
        if isinstance(outcome, KGError):
            raise outcome
        result: DocumentExtraction = outcome
        return result

    def close(self) -> None:
        """Stop the worker; a document being extracted is abandoned (its caller gets an error)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        procs = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join()


def ingest_text_via(
    extraction: ExtractionProcess,
    pipeline: Pipeline,
    write_lock: AbstractContextManager[Any],
    text: str,
    *,
    lang: Language | None = None,
    title: str = "",
    source: str = "",
) -> IngestReport:
    """``Pipeline.ingest_text`` with the extraction done in ``extraction``'s worker process;
    resolution, the store write and the commit run here, under ``write_lock``. A text stored
    already is reported without extraction."""
    from kg.pipeline import unchanged_report

    src = source_from_text(text, source=source, title=title)
    doc_id = document_id_for(src.sha256)
    if pipeline.store.get_document(doc_id) is not None:
        return unchanged_report(src)
    extracted = extraction.extract(ExtractJob(0, src, lang, doc_id))
    with write_lock:
        report = pipeline.store_extraction(src, extracted, lang)
        if report.written:
            pipeline.store.commit()
    return report
