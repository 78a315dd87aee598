"""How resolution cost grows with the graph: resolve N mentions against a store that already
holds M entities (default runs: 10k mentions / 5k entities and 100k / 50k).

Synthetic but realistic names: Korean company names from common syllables with their
romanisations as English names, plus people (Korean surname + given name). Half of the
mentions name a stored entity in the other script (so transliteration and person keys do the
work), half are new names. Mentions come in documents of 10. Reports wall time, mentions per
second, blocking keys asked per document and peak resident memory of the process. CPU time is
the figure to compare (the machine is shared; wall time depends on the other load).

Run on demand (not part of the test suite)::

    .venv/bin/python bench/bench_resolve.py                 # 10k/5k then 100k/50k
    .venv/bin/python bench/bench_resolve.py --mentions 20000 --entities 10000
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.resolve import CrossLingualResolver, blocking_keys, entity_id_for  # noqa: E402
from kg.store.base import DocumentBatch  # noqa: E402
from kg.store.networkx import NetworkXGraphStore  # noqa: E402
from schema.aliases import load_dictionary  # noqa: E402
from schema.translit import romanize, romanize_name  # noqa: E402
from schema.types import Document, Entity, EntityType, Mention  # noqa: E402

SYLLABLES = list(
    "가강건경고광구국금기나남노다대도동라로리마명무미민바박보부비사산상서선성세소수시신아안양연영오우원유윤은이인일자장재전정제조주지진차창천청초태테토파포하한해현호화효훈"
)
SUFFIXES = ["", "", "", "테크", "전자", "제약", "바이오", "시스템", "산업", "건설", "홀딩스"]
SURNAMES = list("김이박최정강조윤장임한오서신권황안송류홍")
DOC_SIZE = 10


def company(rng: random.Random) -> tuple[str, str]:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
    ko = stem + rng.choice(SUFFIXES)
    en = romanize(ko, assimilate=False).capitalize()
    return ko, en


def person(rng: random.Random) -> tuple[str, str]:
    ko = rng.choice(SURNAMES) + "".join(rng.choice(SYLLABLES) for _ in range(2))
    return ko, romanize_name(ko)


def run(n_mentions: int, n_entities: int, seed: int = 7) -> dict[str, float | int]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        store = NetworkXGraphStore(Path(tmp))
        names: list[tuple[str, str, EntityType]] = []
        entities = []
        for i in range(n_entities):
            kind = EntityType.PERSON if i % 4 == 0 else EntityType.COMPANY
            ko, en = person(rng) if kind is EntityType.PERSON else company(rng)
            names.append((ko, en, kind))
            entities.append(
                Entity(
                    id=entity_id_for(kind, f"bench:{i}"),
                    type=kind,
                    name=en,
                    name_en=en,
                    aliases=[en],
                    keys=blocking_keys(en, kind),
                )
            )
        store.upsert_entities(entities)
        resolver = CrossLingualResolver(load_dictionary())
        gc.collect()
        asked = 0
        original = store.find_by_keys

        def counting(keys: Sequence[str]) -> dict[str, list[str]]:
            nonlocal asked
            asked += len(keys)
            return original(keys)

        store.find_by_keys = counting  # type: ignore[method-assign]  # count lookups on the real store
        t0 = time.perf_counter()
        c0 = time.process_time()
        docs = 0
        for start in range(0, n_mentions, DOC_SIZE):
            doc = Document(id=f"doc:bench{start}", language="ko")
            mentions = []
            pos = 0
            for _ in range(min(DOC_SIZE, n_mentions - start)):
                if rng.random() < 0.5:
                    ko, _en, kind = rng.choice(names)  # a stored entity, named in Korean
                else:
                    kind = EntityType.PERSON if rng.random() < 0.25 else EntityType.COMPANY
                    ko = (person(rng) if kind is EntityType.PERSON else company(rng))[0]
                mentions.append(
                    Mention(
                        document_id=doc.id, start=pos, end=pos + len(ko), text=ko, type=kind, sentence=ko,
                        sentence_start=pos, sentence_end=pos + len(ko), language="ko", extractor="bench",
                    )
                )  # fmt: skip
                pos += len(ko) + 1
            res = resolver.resolve(doc, mentions, store)
            store.write_document(
                DocumentBatch(
                    document=doc, entities=res.entities, mentions=list(zip(res.entity_ids, mentions, strict=True))
                )
            )
            docs += 1
        elapsed = time.perf_counter() - t0
        cpu = time.process_time() - c0
        stats = store.stats()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "mentions": n_mentions,
        "entities_before": n_entities,
        "entities_after": stats.entities,
        "wall_seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "mentions_per_cpu_second": round(n_mentions / cpu),
        "cpu_microseconds_per_mention": round(cpu / n_mentions * 1e6),
        "keys_per_document": round(asked / max(docs, 1), 1),
        "candidates_scored_per_mention": round(resolver.candidates_scored / n_mentions, 1),
        "peak_rss_mb": round(peak_mb),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentions", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--entities", type=int, nargs="*", default=[5_000, 50_000])
    args = parser.parse_args()
    for n, m in zip(args.mentions, args.entities, strict=True):
        print(json.dumps(run(n, m)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
