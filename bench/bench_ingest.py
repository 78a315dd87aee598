"""End-to-end ingestion benchmark (run on demand, not a test).

Ingests the seed articles replicated N times (each copy made distinct) through the whole
pipeline into a fresh NetworkX store, next to the bare model calls on the same paragraphs in
the same run: spaCy ``nlp.pipe`` for English and ``Kiwi.tokenize`` for Korean. Also times one
snapshot commit and reports the snapshot size and peak RSS.

    .venv/bin/python bench/bench_ingest.py [--copies 20]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.registry import get_extractor  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.ingest import read_source, segments  # noqa: E402
from kg.pipeline import Pipeline  # noqa: E402
from kg.store.networkx import NetworkXGraphStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(args.copies):
            for seed in sorted((ROOT / "seeds").iterdir()):
                (corpus / f"{i:03d}-{seed.name}").write_text(f"Copy {i}.\n" + seed.read_text(encoding="utf-8"))
        files = sorted(corpus.iterdir())
        paragraphs = [seg for f in files for seg in segments(read_source(f).lines())]
        en = [s.text for s in paragraphs if s.language == "en"]
        ko = [s.text for s in paragraphs if s.language == "ko"]
        chars = sum(len(t) for t in en + ko)

        # warm both models so load time is not counted
        en_extractor, ko_extractor = get_extractor("en", settings), get_extractor("ko", settings)
        en_extractor.extract("Warm up.")
        ko_extractor.extract("준비 운동.")
        nlp = getattr(en_extractor, "nlp", None)
        kiwi = getattr(ko_extractor, "kiwi", None)

        t0 = time.perf_counter()
        if nlp is not None:
            for _ in nlp.pipe(en, batch_size=32):
                pass
        t_spacy = time.perf_counter() - t0
        t0 = time.perf_counter()
        if kiwi is not None:
            for text in ko:
                kiwi.tokenize(text)
        t_kiwi = time.perf_counter() - t0

        store = NetworkXGraphStore(Path(tmp) / "data")
        pipeline = Pipeline(Settings(data_dir=Path(tmp) / "data", commit_every=10_000), store)
        t0 = time.perf_counter()
        summary = pipeline.ingest_paths(files)
        t_pipeline = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.upsert_entities([])
        store.commit()
        t_commit = time.perf_counter() - t0
        size = store.path.stat().st_size
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"documents: {len(files)}  paragraphs: {len(paragraphs)}  characters: {chars}")
    print(f"raw spaCy nlp.pipe (en):       {t_spacy:7.2f} s")
    print(f"raw Kiwi.tokenize (ko):        {t_kiwi:7.2f} s")
    print(f"raw models together:           {t_spacy + t_kiwi:7.2f} s")
    ratio = t_pipeline / max(t_spacy + t_kiwi, 1e-9)
    rate = f"{len(files) / t_pipeline:.1f} docs/s, {chars / t_pipeline:,.0f} chars/s"
    print(f"kg pipeline end to end:        {t_pipeline:7.2f} s  ({rate}; x{ratio:.2f} the raw models)")
    print(f"entities: {summary.entities}  relations: {summary.relations}  mentions: {summary.mentions}")
    print(f"one snapshot commit:           {t_commit:7.3f} s  ({size / 1e6:.2f} MB on disk)")
    print(f"peak RSS:                      {rss:7.0f} MiB")


if __name__ == "__main__":
    main()
