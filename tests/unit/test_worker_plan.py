"""kg.worker_plan: which chunk an ingest worker extracts next (one language per chunk, a worker
per language on a mixed corpus, help only when it repays loading the other models)."""

from __future__ import annotations

from dataclasses import replace

from kg.ingest import source_from_text
from kg.worker_plan import LanguagePlan
from kg.workers import ExtractJob


def _jobs(*texts: str) -> list[ExtractJob]:
    return [ExtractJob(i, source_from_text(text), None, f"d{i}") for i, text in enumerate(texts)]


def _indexes(chunk: list[ExtractJob] | None) -> list[int]:
    return [job.index for job in chunk or []]


def _plan(jobs: list[ExtractJob], chunk: int = 2) -> LanguagePlan:
    plan = LanguagePlan(chunk=chunk)
    for job in jobs:
        plan.add(job)
    return plan


def test_a_mixed_corpus_gets_one_worker_per_language() -> None:
    plan = _plan(_jobs("Seoul.", "서울.", "Busan.", "부산.", "Incheon.", "인천."))
    assert _indexes(plan.take("w1")) == [0, 2]
    assert _indexes(plan.take("w2")) == [1, 3]
    assert _indexes(plan.take("w1")) == [4]
    assert _indexes(plan.take("w2")) == [5]
    assert plan.loaded == {"w1": {"en"}, "w2": {"ko"}}


def test_a_one_language_corpus_goes_to_every_worker() -> None:
    plan = _plan(_jobs("Seoul.", "Busan.", "Incheon.", "Daegu."))
    assert _indexes(plan.take("w1")) == [0, 1]
    assert _indexes(plan.take("w2")) == [2, 3]


def test_a_worker_waits_rather_than_load_a_language_another_holds() -> None:
    plan = _plan(_jobs("Seoul.", "서울.", "부산.", "인천."))
    plan.take("w1"), plan.take("w2")
    assert plan.take("w1") is None  # Korean is w2's; nothing measured says helping would pay
    assert _indexes(plan.take("w2")) == [3]


def test_a_worker_helps_when_the_queue_outlasts_loading() -> None:
    plan = _plan(_jobs("Seoul.", *["서울은 한국의 수도이다." * 50] * 6))
    plan.take("w1"), plan.take("w2")
    plan.learn("ko", chars=1000, seconds=5.0, first=True)  # loading: about 4.9 s
    plan.learn("ko", chars=1000, seconds=0.1, first=False)  # 10,000 chars/s
    assert plan.take("w1") is None  # 4 documents of 600 chars: 0.24 s, less than loading
    plan.learn("ko", chars=1000, seconds=10.0, first=False)  # 100 chars/s: 24 s queued
    assert _indexes(plan.take("w1")) == [3, 4]
    assert plan.loaded["w1"] == {"en", "ko"}


def test_a_language_nobody_holds_is_taken() -> None:
    plan = _plan(_jobs("Seoul.", "Busan.", "서울."), chunk=4)
    assert _indexes(plan.take("w1")) == [0, 1]
    plan.forget("w2")  # w2 replaced: it holds nothing
    plan.queues["en"].clear()
    assert _indexes(plan.take("w1")) == [2]  # nobody holds Korean: w1 takes it rather than leave it


def test_parts_of_a_document_go_to_their_languages() -> None:
    (job,) = _jobs("Seoul is big.\n서울은 크다.\n")
    plan = _plan([replace(job, part="en"), replace(job, part="ko")])
    assert [j.part for j in plan.take("w1") or []] == ["en"]
    assert [j.part for j in plan.take("w2") or []] == ["ko"]
