"""Extraction in worker processes for ``kg ingest --workers N``; one writer keeps resolution
and the store.

Extraction (spaCy, Kiwi, the relation stage) is the expensive part of ingesting and depends on
nothing but the document, so N worker processes run it while the calling process, the only
writer, resolves and stores each document **in input order**. Resolution and ids therefore
come out exactly as with one process.

Documents go to the workers in chunks of up to ``_CHUNK``, which a worker extracts in one
call (``Pipeline.extract_sources``: spaCy and Kiwi batch across small documents, as in the
single-process path; the results are those of extracting each document alone).

Each worker is a named process (``kg-extract-1`` …) with its own inbox, so the writer always
knows which documents a worker holds. A worker that dies (killed, out of memory) is reported by
name through ``on_event``; the documents of the chunk it was extracting are given to a fresh
worker again, one document per chunk, and a document whose worker dies a second time is
reported as failed. Nothing a worker does touches the store, so the writer's last commit stays
intact whatever happens to a worker.

Example::

    jobs = [ExtractJob(i, src, None, doc_id) for i, (src, doc_id) in enumerate(todo)]
    for job, outcome in extract_in_workers(jobs, settings, workers=2):
        ...   # outcome: a DocumentExtraction, or a KGError naming the file
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import queue
import resource
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.config import Settings
from kg.ingest import SourceText
from schema.errors import DecodeError, InputError, KGError
from schema.types import Language

if TYPE_CHECKING:
    from kg.pipeline import DocumentExtraction, Pipeline

__all__ = [
    "ExtractJob",
    "WorkerCrashedError",
    "WorkerStats",
    "extract_in_workers",
    "extraction_pipeline",
    "extraction_settings",
    "run_extract_chunk",
    "run_extract_job",
]

_POLL_S = 0.2  # how often the writer looks for dead workers while it waits
_RETRIES = 1  # a document whose worker died is given to a new worker this many times
_PREFETCH = 2  # chunks a worker holds: one it extracts, one waiting for it
_CHUNK = 8  # documents per chunk (what a worker extracts in one call)


class WorkerCrashedError(KGError):
    """An extraction worker died while holding a document (twice, after a retry)."""

    code = "KG110"


@dataclass(frozen=True)
class ExtractJob:
    index: int
    source: SourceText
    lang: Language | None
    document_id: str


@dataclass
class WorkerStats:
    """Per worker: documents extracted and peak resident memory (MiB)."""

    documents: dict[str, int] = field(default_factory=dict)
    peak_rss_mib: dict[str, float] = field(default_factory=dict)


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def extraction_settings(settings: Settings, processes: int) -> dict[str, Any]:
    """The settings an extraction process needs (no secrets, no store), as a dict to send it;
    each of ``processes`` gets its share of the cores for Kiwi's threads."""
    out = settings.model_dump(
        include={
            "spacy_model",
            "ko_ner_model",
            "english_demonyms",
            "relation_min_confidence",
            "relation_calibration",
        }
    )
    # the cores are shared out: N workers with a Kiwi thread per core each would oversubscribe
    out["kiwi_threads"] = settings.kiwi_threads or max(1, (os.cpu_count() or 1) // processes)
    return out


def extraction_pipeline(settings: dict[str, Any]) -> Pipeline:
    """The store-less pipeline an extraction process builds once (models load on first use)."""
    from kg.pipeline import Pipeline

    return Pipeline(Settings(**settings))


def run_extract_job(pipeline: Pipeline, job: ExtractJob) -> DocumentExtraction | KGError:
    """Extract one job in an extraction process: the extraction, or the kg error it raised
    (a ``DecodeError`` as a plain ``InputError``: its extra argument does not unpickle)."""
    try:
        return pipeline.extract(job.source.lines(), job.document_id, job.lang)
    except DecodeError as exc:
        return InputError(str(exc))
    except KGError as exc:
        return exc


def run_extract_chunk(pipeline: Pipeline, jobs: list[ExtractJob]) -> list[DocumentExtraction | KGError]:
    """Extract several jobs in one call (``Pipeline.extract_sources``); the results are those
    of :func:`run_extract_job` for each. Should the call fail, each job is extracted alone, so
    that the error names its own document only."""
    if len(jobs) > 1:
        try:
            return list(pipeline.extract_sources([(job.source, job.document_id, job.lang) for job in jobs]))
        except KGError:
            pass
    return [run_extract_job(pipeline, job) for job in jobs]


def _work(name: str, settings: dict[str, Any], inbox: Any, outbox: Any, writer_pid: int) -> None:
    """A worker's loop: extract every chunk of its inbox until it reads None, or until the
    writer is gone (killed: nobody would read the results)."""
    pipeline = extraction_pipeline(settings)
    while True:
        try:
            chunk = inbox.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != writer_pid:
                return
            continue
        if chunk is None:
            return
        outcomes = run_extract_chunk(pipeline, chunk)
        outbox.put((name, [job.index for job in chunk], outcomes, _peak_rss_mib()))


class _Pool:
    """Named worker processes, one inbox each, one shared outbox."""

    def __init__(self, size: int, settings: Settings) -> None:
        self.ctx = mp.get_context("spawn")  # no thread or driver state of the writer is inherited
        self.settings = extraction_settings(settings, size)  # only what extraction reads
        self.outbox: Any = self.ctx.Queue()
        self.procs: dict[str, Any] = {}
        self.inboxes: dict[str, Any] = {}
        self.holding: dict[str, deque[list[ExtractJob]]] = {}  # per worker: its chunks, in the order given
        for k in range(1, size + 1):
            self.start(f"kg-extract-{k}")

    def start(self, name: str) -> None:
        inbox = self.ctx.Queue()
        proc = self.ctx.Process(
            target=_work, name=name, args=(name, self.settings, inbox, self.outbox, os.getpid()), daemon=True
        )
        proc.start()
        self.procs[name], self.inboxes[name] = proc, inbox
        self.holding[name] = deque()

    def in_flight(self) -> int:
        """Documents in the workers."""
        return sum(len(chunk) for chunks in self.holding.values() for chunk in chunks)

    def free(self) -> list[str]:
        """Workers with room for another chunk, least loaded first: each keeps up to
        ``_PREFETCH`` so that it never waits while the writer stores documents."""
        return sorted((n for n in self.procs if len(self.holding[n]) < _PREFETCH), key=lambda n: len(self.holding[n]))

    def give(self, name: str, chunk: list[ExtractJob]) -> None:
        self.holding[name].append(chunk)
        self.inboxes[name].put(chunk)

    def done(self, name: str, first_index: int) -> None:
        self.holding[name] = deque(c for c in self.holding[name] if c[0].index != first_index)

    def dead(self) -> list[tuple[str, int | None, list[list[ExtractJob]]]]:
        """Workers that died: (name, exit code, the chunks they held, the one they were
        extracting first); each is replaced by a new process of the same name."""
        out = []
        for name, proc in list(self.procs.items()):
            if not proc.is_alive():
                held = list(self.holding[name])
                proc.join()
                self.start(name)
                out.append((name, proc.exitcode, held))
        return out

    def close(self) -> None:
        for name, inbox in self.inboxes.items():
            if self.procs[name].is_alive():
                inbox.put(None)
        for proc in self.procs.values():
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
                proc.join()


def extract_in_workers(
    jobs: Iterable[ExtractJob],
    settings: Settings,
    workers: int,
    stats: WorkerStats | None = None,
    on_event: Callable[[str], None] | None = None,
) -> Iterator[tuple[ExtractJob, DocumentExtraction | KGError]]:
    """Extract ``jobs`` in ``workers`` processes; yields (job, extraction or error) in the
    order of ``jobs``. At most ``(_PREFETCH + 1) * workers`` chunks of documents are in the
    workers or wait for the writer, so memory stays bounded however long the input."""
    stats = stats if stats is not None else WorkerStats()
    pool = _Pool(workers, settings)
    pending = iter(jobs)
    waiting: dict[int, tuple[ExtractJob, DocumentExtraction | KGError]] = {}
    by_index: dict[int, ExtractJob] = {}
    tries: dict[int, int] = {}
    order: deque[int] = deque()  # job indexes in input order, not yet yielded
    exhausted = False
    try:
        while True:
            # hand out work while workers have room and the reorder buffer too
            while not exhausted and len(waiting) + pool.in_flight() < (_PREFETCH + 1) * workers * _CHUNK:
                free = pool.free()
                if not free:
                    break
                chunk = list(itertools.islice(pending, _CHUNK))
                exhausted = len(chunk) < _CHUNK
                if not chunk:
                    break
                for job in chunk:
                    by_index[job.index] = job
                    order.append(job.index)
                pool.give(free[0], chunk)
            while order and order[0] in waiting:
                yield waiting.pop(order.popleft())
            if exhausted and not pool.in_flight() and not waiting:
                return
            try:
                name, indexes, outcomes, peak = pool.outbox.get(timeout=_POLL_S)
            except queue.Empty:
                for name, code, held in pool.dead():
                    _retry(pool, name, code, held, tries, on_event, waiting)
                for index in waiting:  # documents reported as failed
                    by_index.pop(index, None)
                continue
            pool.done(name, indexes[0])
            stats.documents[name] = stats.documents.get(name, 0) + len(indexes)
            stats.peak_rss_mib[name] = max(stats.peak_rss_mib.get(name, 0.0), peak)
            for index, outcome in zip(indexes, outcomes, strict=True):
                waiting[index] = (by_index.pop(index), outcome)
    finally:
        pool.close()


def _retry(
    pool: _Pool,
    name: str,
    code: int | None,
    held: list[list[ExtractJob]],
    tries: dict[int, int],
    on_event: Callable[[str], None] | None,
    waiting: dict[int, tuple[ExtractJob, DocumentExtraction | KGError]],
) -> None:
    """The chunks of a worker that died go to its successor: the chunk it was extracting one
    document at a time (so that a document that kills a worker again fails alone: it is
    reported as failed, in ``waiting``), the queued chunks as they were."""
    say = on_event or (lambda _: None)
    if not held:
        say(f"worker {name} died (exit code {code}) while idle; replaced")
        return
    chunk, queued = held[0], held[1:]  # the one it was extracting, then the queued ones
    for job in chunk:
        tries[job.index] = tries.get(job.index, 0) + 1
        what = f"worker {name} died (exit code {code}) while extracting {job.source.source or job.index}"
        if len(chunk) > 1:
            what += f" (one of {len(chunk)} documents extracted together)"
        if tries[job.index] <= _RETRIES:
            say(f"{what}; retrying it in a new worker")
            pool.give(name, [job])
        else:
            say(f"{what} again; the document is reported as failed")
            waiting[job.index] = (job, WorkerCrashedError(f"{what} (after {_RETRIES} retry)"))
    for other in queued:
        pool.give(name, other)
