"""Which chunk of documents an ingest worker extracts next (``kg ingest --workers N``).

A worker loads a language's models (spaCy, or Kiwi and the Korean models) when it first
extracts a document of that language; loading costs more CPU than extracting a hundred news
documents. So documents are queued per language and chunks hold one language, and a free
worker takes, in this order:

1. a chunk of a language it has loaded (the oldest document first);
2. if it has loaded nothing: a chunk of the language the fewest workers hold, so that on a
   mixed corpus one worker reads English and another Korean, loading their models in
   parallel and no model twice; on a one-language corpus every worker loads that one;
3. else a chunk of another language only when no worker holds that language, or when its
   queued documents would keep a worker busy longer than loading its models takes
   (both measured: CPU seconds per character and per first chunk of each language);
   otherwise it waits (its own language may come again as the writer reads on).

A document of both languages comes as two parts, one per language (``ExtractJob.part``),
when it is short enough (one batch of paragraphs); a longer one ("mixed") goes to a worker
that holds both languages, or, while none does, to any worker (it loads what it needs).

Example::

    >>> from kg.ingest import source_from_text
    >>> from kg.workers import ExtractJob
    >>> plan = LanguagePlan(chunk=2)
    >>> for i, text in enumerate(["Seoul is big.", "서울은 크다.", "Busan too.", "부산도."]):
    ...     plan.add(ExtractJob(i, source_from_text(text), None, f"d{i}"))
    >>> [job.index for job in plan.take("w1") or []], [job.index for job in plan.take("w2") or []]
    ([0, 2], [1, 3])
    >>> plan.take("w1") is None  # nothing queued
    True
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.workers import ExtractJob

__all__ = ["LanguagePlan", "job_language"]

MIXED = "mixed"
_LANGUAGES = ("en", "ko")
_HELP_FACTOR = 1.5  # another language's queue must outlast loading its models this many times


def job_language(job: ExtractJob) -> str:
    """The queue of a job: "en", "ko", or "mixed" (both, or unknown: any worker)."""
    lang = job.part or job.lang or job.source.language
    return lang if lang in _LANGUAGES else MIXED


@dataclass
class _Cost:
    """CPU seconds a language's chunks took: steady chunks give the rate, first chunks on a
    worker (models loaded in them) the loading cost."""

    chars: int = 0
    seconds: float = 0.0
    first_chars: int = 0
    first_seconds: float = 0.0
    firsts: int = 0

    def rate(self) -> float | None:
        """Characters per CPU second, once known."""
        return self.chars / self.seconds if self.seconds > 0 and self.chars else None

    def load(self) -> float | None:
        """CPU seconds of loading the language's models, once known."""
        rate = self.rate()
        if rate is None or not self.firsts:
            return None
        return max(0.0, (self.first_seconds - self.first_chars / rate) / self.firsts)


class LanguagePlan:
    """Documents waiting for a worker, queued per language, and what each worker has loaded."""

    def __init__(self, chunk: int) -> None:
        self.chunk = chunk
        self.queues: dict[str, deque[ExtractJob]] = {lang: deque() for lang in (*_LANGUAGES, MIXED)}
        self.loaded: dict[str, set[str]] = {}  # worker -> languages given to it
        self.costs: dict[str, _Cost] = {lang: _Cost() for lang in _LANGUAGES}

    def add(self, job: ExtractJob) -> None:
        self.queues[job_language(job)].append(job)

    def __len__(self) -> int:
        return sum(len(q) for q in self.queues.values())

    def forget(self, worker: str) -> None:
        """``worker`` was replaced by a new process: it has loaded nothing."""
        self.loaded[worker] = set()

    def given(self, worker: str, jobs: list[ExtractJob]) -> None:
        """``jobs`` went to ``worker`` (a retry, outside the plan): it loads their languages."""
        held = self.loaded.setdefault(worker, set())
        for job in jobs:
            lang = job_language(job)
            held.update(_LANGUAGES if lang == MIXED else (lang,))

    def learn(self, lang: str, chars: int, seconds: float, first: bool) -> None:
        """A chunk of ``lang`` took ``seconds`` of CPU; ``first``: its models loaded in it."""
        if lang not in self.costs:
            return
        cost = self.costs[lang]
        if first:
            cost.first_chars, cost.first_seconds, cost.firsts = (
                cost.first_chars + chars, cost.first_seconds + seconds, cost.firsts + 1,
            )  # fmt: skip
        else:
            cost.chars, cost.seconds = cost.chars + chars, cost.seconds + seconds

    def take(self, worker: str) -> list[ExtractJob] | None:
        """The next chunk for ``worker`` (one language, oldest documents first), or None: it
        had better wait."""
        held = self.loaded.setdefault(worker, set())
        lang = self._choose(worker, held)
        if lang is None:
            return None
        queue = self.queues[lang]
        jobs = [queue.popleft() for _ in range(min(self.chunk, len(queue)))]
        self.given(worker, jobs)
        return jobs

    def _choose(self, worker: str, held: set[str]) -> str | None:
        queued = [lang for lang, q in self.queues.items() if q]
        if not queued:
            return None
        both = [w for w, langs in self.loaded.items() if len(langs) == len(_LANGUAGES)]
        own = [lang for lang in queued if lang in held or (lang == MIXED and (worker in both or not both))]
        if own:
            return self._oldest(own)
        if not held:
            return min(queued, key=lambda lang: (self._holders(lang), self.queues[lang][0].index))
        helpful = [lang for lang in queued if lang != MIXED and self._worth_helping(lang)]
        return self._oldest(helpful) if helpful else None

    def _oldest(self, langs: list[str]) -> str:
        return min(langs, key=lambda lang: self.queues[lang][0].index)

    def _holders(self, lang: str) -> int:
        return sum(1 for langs in self.loaded.values() if lang in langs)

    def _worth_helping(self, lang: str) -> bool:
        """Whether a worker that has not loaded ``lang`` should: no worker holds it, or its
        queue would take longer than loading it (``_HELP_FACTOR`` times)."""
        if not self._holders(lang):
            return True
        cost = self.costs[lang]
        rate, load = cost.rate(), cost.load()
        if rate is None or load is None:
            return False
        queued = sum(job.source.char_count for job in self.queues[lang])
        return queued / rate > _HELP_FACTOR * load
