"""Extraction in worker processes for ``kg ingest --workers N``; one writer keeps resolution
and the store.

Extraction (spaCy, Kiwi, the relation stage) is the expensive part of ingesting and depends on
nothing but the document, so N worker processes run it while the calling process, the only
writer, resolves and stores each document **in input order**. Resolution and ids therefore
come out exactly as with one process.

Documents go to the workers in chunks of up to ``_CHUNK``, which a worker extracts in one
call (``Pipeline.extract_sources``: spaCy and Kiwi batch across small documents, as in the
single-process path; the results are those of extracting each document alone).

Loading the models costs a worker more than extracting a few hundred news documents, so:

- workers start cheaply: on Linux each is forked from a fork server that imported spaCy,
  Kiwi, numpy and the extractors once (a fresh process: it holds none of the writer's
  threads or store connections); elsewhere they are spawned;
- a worker loads a language's models only when it first extracts a document of that
  language, and chunks hold one language (``kg.worker_plan``): on a mixed corpus one worker
  reads English and another Korean, loading in parallel, no model twice; a worker helps with
  the other language only when that repays loading its models;
- the writer reads ahead of itself (a window of up to ``_WINDOW_DOCS`` documents and
  ``_WINDOW_CHARS`` characters) so that one language's worker can run ahead of the other's
  while the writer stores in input order; the window bounds memory.

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

import gc
import multiprocessing as mp
import os
import queue
import resource
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing import forkserver
from typing import TYPE_CHECKING, Any, cast

from kg.config import Settings
from kg.ingest import SourceText
from kg.worker_plan import LanguagePlan, job_language
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
    "start_fork_server",
]

_POLL_S = 0.2  # how often the writer looks for dead workers while it waits
_RETRIES = 1  # a document whose worker died is given to a new worker this many times
_PREFETCH = 2  # chunks a worker holds: one it extracts, one waiting for it
_CHUNK = 8  # documents per chunk (what a worker extracts in one call)
# the window: documents read ahead of the writer (queued, in the workers, or extracted and
# waiting for an earlier one), at most this many and (past the minimum that keeps every
# worker busy) this many characters. A worker may run this far ahead of a slower one.
_WINDOW_DOCS = 512
_WINDOW_CHARS = 4_000_000
# what the fork server imports once for every worker (a missing one is skipped): only what
# workers of both languages need. A language's own libraries (spaCy and thinc; Kiwi and numba)
# are imported by the workers that extract it, in parallel, instead of one after the other in
# the server before any worker starts (measured: 8.6-9.2 s against 9.3-10.5 s for --workers 2
# on bench_throughput's corpus, same rounds)
_PRELOAD = ["kg.workers", "kg.pipeline", "numpy"]


class WorkerCrashedError(KGError):
    """An extraction worker died while holding a document (twice, after a retry)."""

    code = "KG110"


@dataclass(frozen=True)
class ExtractJob:
    """A document to extract (``part``: only its paragraphs of that language, for a document
    of both; the writer joins the parts)."""

    index: int
    source: SourceText
    lang: Language | None
    document_id: str
    part: Language | None = None

    def languages(self) -> tuple[Language, ...]:
        return (self.part,) if self.part else ("en", "ko")

    @property
    def key(self) -> tuple[int, str]:
        return self.index, self.part or ""


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
        return pipeline.extract(job.source.lines(), job.document_id, job.lang, job.languages())
    except DecodeError as exc:
        return InputError(str(exc))
    except KGError as exc:
        return exc


def run_extract_chunk(pipeline: Pipeline, jobs: list[ExtractJob]) -> list[DocumentExtraction | KGError]:
    """Extract several jobs in one call per kind (whole documents, parts of one language:
    ``Pipeline.extract_sources``); the results are those of :func:`run_extract_job` for each.
    Should a call fail, each of its jobs is extracted alone, so that the error names its own
    document only."""
    out: dict[int, DocumentExtraction | KGError] = {}
    for languages in dict.fromkeys(job.languages() for job in jobs):
        group = [k for k, job in enumerate(jobs) if job.languages() == languages]
        if len(group) > 1:
            items = [(jobs[k].source, jobs[k].document_id, jobs[k].lang) for k in group]
            try:
                out.update(zip(group, pipeline.extract_sources(items, languages), strict=True))
                continue
            except KGError:
                pass
        out.update((k, run_extract_job(pipeline, jobs[k])) for k in group)
    return [out[k] for k in range(len(jobs))]


def _name_process(name: str) -> None:
    """Show the worker's name in ``ps`` and ``/proc/PID/comm`` (Linux; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(15, name.encode()[:15], 0, 0, 0)  # PR_SET_NAME
        except (OSError, AttributeError):
            pass


def _work(name: str, settings: dict[str, Any], inbox: Any, outbox: Any, lifeline: Any) -> None:
    """A worker's loop: extract every chunk of its inbox until it reads None, or until the
    writer is gone (killed: nobody would read the results; its end of ``lifeline`` closed).
    With each chunk's outcomes it reports its peak memory, the chunk's CPU seconds and the
    languages whose models it loaded for the chunk."""
    _name_process(name)
    pipeline = extraction_pipeline(settings)
    seen: set[str] = set()
    while True:
        try:
            chunk = inbox.get(timeout=1.0)
        except queue.Empty:
            if lifeline.poll():  # end of file: the writer has exited
                # nobody will read the results still queued: exit without waiting to flush them
                # (a full pipe would keep the process waiting at exit for ever)
                outbox.cancel_join_thread()
                return
            continue
        if chunk is None:
            return
        cpu = time.process_time()
        outcomes = run_extract_chunk(pipeline, chunk)
        cpu = time.process_time() - cpu
        languages = {lang for o in outcomes if not isinstance(o, KGError) for lang in o.languages}
        first, seen = sorted(languages - seen), seen | languages
        outbox.put((name, [job.key for job in chunk], outcomes, _peak_rss_mib(), cpu, first))
        if first:
            # a language's models were loaded for this chunk and live as long as this process:
            # frozen, the collector's older generations no longer walk them (measured over a
            # 300-document ingest: the Korean worker's collections took 0.27 s, now 0.13 s)
            gc.freeze()


def _context() -> Any:
    """Workers forked from a fork server that has imported the heavy modules (Linux), else
    spawned (macOS, Windows: forking is unsafe there). The fork server is a fresh process
    started now: a worker inherits neither the writer's threads nor its store connections,
    and the server's imports overlap the writer reading ahead."""
    if not sys.platform.startswith("linux"):
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    forkserver.ensure_running()
    return ctx


def start_fork_server() -> None:
    """Start the fork server now (Linux; elsewhere workers are spawned and this does nothing),
    so that its imports overlap the writer's own start (opening the store, reading the first
    files) instead of coming after it; :func:`extract_in_workers` then forks from it. It exits
    with the writer if no worker is ever started."""
    _context()


class _Pool:
    """Named worker processes, one inbox each, one shared outbox."""

    def __init__(self, size: int, settings: Settings, ctx: Any) -> None:
        self.ctx = ctx
        self.settings = extraction_settings(settings, size)  # only what extraction reads
        self.outbox: Any = self.ctx.Queue()
        # the workers hold the reading end; the writer's end closes only when it exits
        self.lifeline, self._alive = self.ctx.Pipe(duplex=False)
        self.procs: dict[str, Any] = {}
        self.inboxes: dict[str, Any] = {}
        self.holding: dict[str, deque[list[ExtractJob]]] = {}  # per worker: its chunks, in the order given
        for k in range(1, size + 1):
            self.start(f"kg-extract-{k}")

    def start(self, name: str) -> None:
        inbox = self.ctx.Queue()
        proc = self.ctx.Process(
            target=_work, name=name, args=(name, self.settings, inbox, self.outbox, self.lifeline), daemon=True
        )
        proc.start()
        self.procs[name], self.inboxes[name] = proc, inbox
        self.holding[name] = deque()

    def free(self) -> list[str]:
        """Workers with room for another chunk, least loaded first: each keeps up to
        ``_PREFETCH`` so that it never waits while the writer stores documents."""
        return sorted((n for n in self.procs if len(self.holding[n]) < _PREFETCH), key=lambda n: len(self.holding[n]))

    def give(self, name: str, chunk: list[ExtractJob]) -> None:
        self.holding[name].append(chunk)
        self.inboxes[name].put(chunk)

    def done(self, name: str, keys: list[tuple[int, str]]) -> list[ExtractJob] | None:
        """The chunk of ``keys`` that ``name`` has extracted, no longer held (None: not held,
        a result of a worker that died meanwhile: its chunks went to its successor)."""
        for chunk in self.holding[name]:
            if [job.key for job in chunk] == keys:
                self.holding[name].remove(chunk)
                return chunk
        return None

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
        self._alive.close()
        self.lifeline.close()
        _stop_fork_server()


def _stop_fork_server() -> None:
    """Stop the fork server (an ingest's workers are gone): it leaves no process behind, and
    its CPU time (and its workers') counts in the writer's children's, as with spawned
    workers. ``multiprocessing`` has no public call for it; without one, it exits on its own
    when the writer does."""
    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if callable(stop):
        stop()


class _Run:
    """One ``extract_in_workers`` call: the documents read ahead of the writer (the window),
    queued per language in ``plan`` until a worker takes them, and the outcomes that wait
    for the writer to take them in input order."""

    def __init__(
        self,
        jobs: Iterable[ExtractJob],
        workers: int,
        join: Callable[[list[DocumentExtraction]], DocumentExtraction] | None,
    ) -> None:
        self.source = iter(jobs)
        self.join = join  # joins a document's language parts; None: documents stay whole
        self.exhausted = False
        self.plan = LanguagePlan(_CHUNK)
        self.minimum = (_PREFETCH + 1) * workers * _CHUNK  # enough to keep every worker busy
        self.window: deque[ExtractJob] = deque()  # read, not yet yielded, in input order
        self.chars = 0  # their characters
        self.waiting: dict[int, DocumentExtraction | KGError] = {}
        self.parts: dict[int, dict[str, DocumentExtraction | KGError]] = {}  # parts of a document arrived
        self.expected: dict[int, int] = {}  # parts of a document
        self.tries: dict[tuple[int, str], int] = {}

    def read_ahead(self) -> None:
        """Read jobs until the window is full: ``minimum`` documents, then up to
        ``_WINDOW_DOCS`` documents and ``_WINDOW_CHARS`` characters."""
        while not self.exhausted and (
            len(self.window) < self.minimum or (len(self.window) < _WINDOW_DOCS and self.chars < _WINDOW_CHARS)
        ):
            job = next(self.source, None)
            if job is None:
                self.exhausted = True
                return
            self.window.append(job)
            self.chars += job.source.char_count
            for part in self._parts(job):
                self.plan.add(part)

    def _parts(self, job: ExtractJob) -> list[ExtractJob]:
        """A document as parts, one per language of its paragraphs (a worker then loads only
        the models of the languages it is given, whatever the document's main language),
        when it has one batch of paragraphs; else whole."""
        if self.join is None or job.lang:
            return [job]
        from kg.pipeline import part_languages

        languages = part_languages(job.source)
        if not languages:
            return [job]
        self.expected[job.index] = len(languages)
        return [replace(job, part=lang) for lang in languages]

    def arrived(self, job: ExtractJob, outcome: DocumentExtraction | KGError) -> None:
        """The outcome of a job; a document in parts waits for all (an error in one is the
        document's), then they are joined."""
        if job.part is None or self.join is None:
            self.waiting[job.index] = outcome
            return
        got = self.parts.setdefault(job.index, {})
        got[job.part] = outcome
        if len(got) < self.expected[job.index]:
            return
        del self.parts[job.index], self.expected[job.index]
        outcomes = [got[lang] for lang in ("en", "ko") if lang in got]  # in extraction order
        errors = [o for o in outcomes if isinstance(o, KGError)]
        self.waiting[job.index] = errors[0] if errors else self.join(cast(list["DocumentExtraction"], outcomes))

    def dispatch(self, pool: _Pool) -> None:
        """Give free workers the chunks the plan has for them."""
        given = True
        while given:
            given = False
            for name in pool.free():
                chunk = self.plan.take(name)
                if chunk:
                    pool.give(name, chunk)
                    given = True

    def ready(self) -> Iterator[tuple[ExtractJob, DocumentExtraction | KGError]]:
        """The outcomes the writer can take now, in input order."""
        while self.window and self.window[0].index in self.waiting:
            job = self.window.popleft()
            self.chars -= job.source.char_count
            yield job, self.waiting.pop(job.index)

    def receive(self, message: tuple[Any, ...], pool: _Pool, stats: WorkerStats) -> None:
        name, keys, outcomes, peak, cpu, first = message
        chunk = pool.done(name, keys)
        stats.peak_rss_mib[name] = max(stats.peak_rss_mib.get(name, 0.0), peak)
        if chunk is None:
            return
        stats.documents[name] = stats.documents.get(name, 0) + len(chunk)
        lang = job_language(chunk[0])
        self.plan.learn(lang, sum(job.source.char_count for job in chunk), cpu, lang in first)
        for job, outcome in zip(chunk, outcomes, strict=True):
            self.arrived(job, outcome)

    def bury(self, pool: _Pool, on_event: Callable[[str], None] | None) -> None:
        """Replace the workers that died; their documents go to their successors."""
        for name, code, held in pool.dead():
            self.plan.forget(name)
            _retry(pool, name, code, held, self.tries, on_event, self.arrived)
            self.plan.given(name, [job for chunk in pool.holding[name] for job in chunk])


def extract_in_workers(
    jobs: Iterable[ExtractJob],
    settings: Settings,
    workers: int,
    stats: WorkerStats | None = None,
    on_event: Callable[[str], None] | None = None,
    while_loading: Callable[[], object] | None = None,
    join: Callable[[list[DocumentExtraction]], DocumentExtraction] | None = None,
) -> Iterator[tuple[ExtractJob, DocumentExtraction | KGError]]:
    """Extract ``jobs`` in ``workers`` processes; yields (job, extraction or error) in the
    order of ``jobs``. The documents read but not yet yielded (queued, in the workers, or
    extracted and waiting for an earlier one) are bounded (``_WINDOW_DOCS``,
    ``_WINDOW_CHARS``), so memory stays bounded however long the input.
    ``while_loading`` is called once the workers have their first chunks (the writer's own
    loading, e.g. the resolver's, overlaps theirs)."""
    stats = stats if stats is not None else WorkerStats()
    ctx = _context()
    run = _Run(jobs, workers, join)
    run.read_ahead()
    pool = _Pool(workers, settings, ctx)
    try:
        run.dispatch(pool)
        if while_loading is not None:
            while_loading()
        while True:
            yield from run.ready()
            if run.exhausted and not run.window:
                return
            run.read_ahead()
            run.dispatch(pool)
            try:
                message = pool.outbox.get(timeout=_POLL_S)
            except queue.Empty:
                run.bury(pool, on_event)
                continue
            run.receive(message, pool, stats)
    finally:
        pool.close()


def _retry(
    pool: _Pool,
    name: str,
    code: int | None,
    held: list[list[ExtractJob]],
    tries: dict[tuple[int, str], int],
    on_event: Callable[[str], None] | None,
    failed: Callable[[ExtractJob, KGError], None],
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
        tries[job.key] = tries.get(job.key, 0) + 1
        what = f"worker {name} died (exit code {code}) while extracting {job.source.source or job.index}"
        if len(chunk) > 1:
            what += f" (one of {len(chunk)} documents extracted together)"
        if tries[job.key] <= _RETRIES:
            say(f"{what}; retrying it in a new worker")
            pool.give(name, [job])
        else:
            say(f"{what} again; the document is reported as failed")
            failed(job, WorkerCrashedError(f"{what} (after {_RETRIES} retry)"))
    for other in queued:
        pool.give(name, other)
