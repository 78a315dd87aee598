"""Benchmark: Korean extractor throughput vs raw ``Kiwi.tokenize`` on the same texts, same run.

Usage::

    .venv/bin/python bench/bench_korean.py [--docs 200] [--repeat 3]

Texts: the seed article plus KLUE-NER news dev sentences grouped into ~1,000-character
documents when ../shared/eval is present (else the seed article repeated). Both sides use Kiwi's
multi-threaded batch analysis with the same worker count. The measurements take turns in each of
``--repeat`` rounds; the best wall clock and the best CPU time of each count.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def _texts(n_docs: int) -> list[str]:
    seed = (ROOT / "seeds" / "ko-11st-amazon-global-store-2021.txt").read_text(encoding="utf-8")
    dev = ROOT.parent / "shared" / "eval" / "klue_ner_news_dev.tsv"
    if not dev.exists():
        return [seed] * n_docs
    from ko_data import read_klue_ner

    docs, cur = [seed], ""
    for text, _ in read_klue_ner(dev):
        cur = f"{cur} {text}".strip()
        if len(cur) >= 1000:
            docs.append(cur)
            cur = ""
    while len(docs) < n_docs:
        docs += docs
    return docs[:n_docs]


def _without_relation_stage(extractor: object, texts: list[str]) -> None:
    extractor.relation_stage = False  # type: ignore[attr-defined]
    try:
        list(extractor.extract_many(texts))  # type: ignore[attr-defined]
    finally:
        extractor.relation_stage = True  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from extractors.ko import KoreanExtractor
    from kg.config import Settings

    texts = _texts(args.docs)
    chars = sum(len(t) for t in texts)
    extractor = KoreanExtractor(Settings())
    kiwi = extractor.kiwi
    extractor.extract("워밍업: 모델을 불러온다.")  # load the CRF model and lexicons outside the timing

    main_cpu: dict[str, list[float]] = {}

    def run(fn: object, label: str = "") -> tuple[float, float]:
        """Wall-clock and process CPU time (all threads) of one call; the calling thread's own
        CPU time is kept per label (Kiwi's workers and the extractor's read-ahead thread run
        Kiwi, this thread runs the extractor's Python and numba work)."""
        t0, c0, m0 = time.perf_counter(), time.process_time(), time.thread_time()
        fn()  # type: ignore[operator]
        main_cpu.setdefault(label, []).append(time.thread_time() - m0)
        return time.perf_counter() - t0, time.process_time() - c0

    # the three measurements take turns within each repeat, so all see the same load; the best
    # wall clock and the best CPU time of each count (on a shared machine the CPU time says more
    # about cost than the wall clock)
    cases = {
        "raw Kiwi.tokenize (batch)": lambda: list(kiwi.tokenize(texts)),
        "Kiwi.split_into_sents(return_tokens)": lambda: list(kiwi.split_into_sents(texts, return_tokens=True)),
        "KoreanExtractor.extract_many": lambda: list(extractor.extract_many(texts)),
        "extract_many, relation stage off": lambda: _without_relation_stage(extractor, texts),
    }
    runs: dict[str, list[tuple[float, float]]] = {label: [] for label in cases}
    for _ in range(args.repeat):
        for label, fn in cases.items():
            runs[label].append(run(fn, label))
    best = {label: (min(w for w, _ in r), min(c for _, c in r)) for label, r in runs.items()}
    mentions = sum(len(r.mentions) for r in extractor.extract_many(texts[:20]))
    print(f"texts: {len(texts)} documents, {chars:,} characters; Kiwi workers: {kiwi.num_workers}")
    for label, (t, c) in best.items():
        print(f"{label + ':':<40}{chars / t:12,.0f} chars/s  ({t:.2f} s, CPU {c:.2f} s)")
    t_kiwi, c_kiwi = best["raw Kiwi.tokenize (batch)"]
    t_ext, c_ext = best["KoreanExtractor.extract_many"]
    print(f"extractor time / raw Kiwi time: {t_ext / t_kiwi:.2f}x wall, {c_ext / c_kiwi:.2f}x CPU")
    print(f"extractor's own CPU time (its CPU minus raw Kiwi's): {c_ext - c_kiwi:.2f} s")
    own = min(main_cpu["KoreanExtractor.extract_many"])
    print(
        f"extractor's main-thread CPU (its Python and numba work, Kiwi runs elsewhere): {own:.2f} s"
        f" = {own / c_kiwi:.2f} of raw Kiwi's CPU"
    )
    t_off, c_off = best["extract_many, relation stage off"]
    print(
        f"relation stage (extractors/ko/relations) cost: {t_ext / t_off:.2f}x wall, {c_ext / c_off:.2f}x CPU"
        " of the extractor without it"
    )
    print(f"(mentions in first 20 docs: {mentions}; load average {os.getloadavg()[0]:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
