"""Benchmark: Korean extractor throughput vs raw ``Kiwi.tokenize`` on the same texts, same run.

Usage::

    .venv/bin/python bench/bench_korean.py [--docs 200] [--repeat 3]

Texts: the seed article plus KLUE-NER news dev sentences grouped into ~1,000-character
documents when ../shared/eval is present (else the seed article repeated). Both sides use Kiwi's
multi-threaded batch analysis with the same worker count; the best of ``--repeat`` runs counts.
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from extractors.korean import KoreanExtractor
    from kg.config import Settings

    texts = _texts(args.docs)
    chars = sum(len(t) for t in texts)
    extractor = KoreanExtractor(Settings())
    kiwi = extractor.kiwi
    extractor.extract("워밍업: 모델을 불러온다.")  # load the CRF model and lexicons outside the timing

    def best(fn: object) -> float:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - t0)
        return min(times)

    t_kiwi = best(lambda: list(kiwi.tokenize(texts)))
    t_split = best(lambda: list(kiwi.split_into_sents(texts, return_tokens=True)))
    t_ext = best(lambda: list(extractor.extract_many(texts)))
    mentions = sum(len(r.mentions) for r in extractor.extract_many(texts[:20]))
    print(f"texts: {len(texts)} documents, {chars:,} characters; Kiwi workers: {kiwi.num_workers}")
    print(f"raw Kiwi.tokenize (batch):              {chars / t_kiwi:12,.0f} chars/s  ({t_kiwi:.2f} s)")
    print(f"Kiwi.split_into_sents(return_tokens):  {chars / t_split:12,.0f} chars/s  ({t_split:.2f} s)")
    print(f"KoreanExtractor.extract_many:           {chars / t_ext:12,.0f} chars/s  ({t_ext:.2f} s)")
    print(f"extractor time / raw Kiwi time: {t_ext / t_kiwi:.2f}x  (mentions in first 20 docs: {mentions})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
