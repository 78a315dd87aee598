"""The embedded store alone at 100,000 documents: what a commit, memory and opening cost as the
graph grows, without the extractors (whose cost per document does not depend on the graph).

Writes ``--docs`` synthetic news documents as ``DocumentBatch``es, the shape the pipeline
writes (per document: 3 new entities and 3 from a pool of earlier ones, 8 mentions with their
sentences, 5 relations with evidence), committing every ``--commit-every`` (as ``kg ingest``
does with ``KG_COMMIT_EVERY``). Reports, per slice of the run, the store time per document and
the commit times, the writer's resident memory, the data directory's size, then the time and
resident memory of a fresh process that opens the store (as ``kg serve`` does) and answers a
search and a depth-2 neighbourhood. Run on demand::

    .venv/bin/python bench/bench_store_scale.py --docs 100000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.store.base import DocumentBatch  # noqa: E402
from kg.store.networkx import NetworkXGraphStore  # noqa: E402
from schema.types import Document, Entity, EntityType, Evidence, Mention, Relation, RelationType  # noqa: E402

_TYPES = (EntityType.COMPANY, EntityType.PERSON, EntityType.PLACE)
_RELS = (RelationType.PARTNERS_WITH, RelationType.CEO_OF, RelationType.LOCATED_IN, RelationType.INVESTED_IN)


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def dir_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def _entity(i: int) -> Entity:
    etype = _TYPES[i % 3]
    name = f"Synthco {i:06d} Holdings" if etype is EntityType.COMPANY else f"Name{i:06d} Person{i % 977}"
    if etype is EntityType.PLACE:
        name = f"Placeton {i:06d}"
    return Entity(id=f"ent:s{i}", type=etype, name=name, name_en=name, aliases=[name], keys=[f"X|n|{name.lower()}"])


def make_batch(n: int, rng: random.Random) -> DocumentBatch:
    """Document ``n``: three new entities (3n..3n+2) and three seen before."""
    doc_id = f"doc:synth-{n:07d}"
    new = [3 * n + k for k in range(3)]
    old = [rng.randrange(max(3 * n, 1)) for _ in range(3)] if n else new
    ids = new + old
    entities = [_entity(i) for i in new]
    mentions: list[tuple[str, Mention]] = []
    text = ""
    offsets: dict[int, tuple[int, int]] = {}
    for k, i in enumerate(ids + ids[:2]):
        ent = _entity(i)
        sentence = f"{ent.name} said on day {n} that business {k} went well."
        start = len(text)
        text += sentence + " "
        offsets.setdefault(i, (start, start + len(ent.name)))
        mentions.append(
            (
                ent.id,
                Mention(
                    document_id=doc_id,
                    start=start,
                    end=start + len(ent.name),
                    text=ent.name,
                    type=ent.type,
                    sentence=sentence,
                    sentence_start=start,
                    sentence_end=start + len(sentence),
                    language="en",
                    extractor="synthetic",
                    confidence=0.9,
                ),
            )
        )
    relations = []
    for k in range(5):
        s, t = ids[k], ids[k + 1]
        if s == t:
            continue
        rtype = _RELS[k % len(_RELS)]
        (s0, s1), (t0, t1) = offsets[s], offsets[t]
        ev = Evidence(
            document_id=doc_id,
            sentence=f"{_entity(s).name} and {_entity(t).name} work together.",
            sentence_start=min(s0, t0),
            sentence_end=max(s1, t1),
            start=min(s0, t0),
            end=max(s1, t1),
            language="en",
            extractor="synthetic",
            rule="synthetic",
            confidence=0.8,
            source_span=(s0, s1),
            target_span=(t0, t1),
        )
        rid = Relation.make_id(f"ent:s{s}", f"ent:s{t}", rtype)
        relations.append(
            Relation(id=rid, source=f"ent:s{s}", target=f"ent:s{t}", type=rtype, confidence=0.8, evidence=[ev])
        )
    document = Document(id=doc_id, title=f"synthetic {n}", source=f"synth/{n}", char_count=len(text))
    return DocumentBatch(document=document, entities=entities, mentions=mentions, relations=relations)


_OPEN = """
import json, sys, time
t0 = time.perf_counter()
from kg.store.networkx import NetworkXGraphStore
store = NetworkXGraphStore(sys.argv[1])
stats = store.stats()
opened = time.perf_counter() - t0
t1 = time.perf_counter(); hits = store.search_entities("Synthco 000123"); search = time.perf_counter() - t1
t2 = time.perf_counter(); near = store.neighbors("ent:s300", depth=2); hood = time.perf_counter() - t2
rss = [int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmRSS:")][0]
print(json.dumps({"open_s": opened, "rss_mib": rss, "entities": stats.entities, "relations": stats.relations,
                  "mentions": stats.mentions, "search_s": search, "hits": len(hits), "depth2_s": hood,
                  "neighbours": len(near)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--commit-every", type=int, default=50)
    parser.add_argument("--slice", type=int, default=10_000, help="report every this many documents")
    parser.add_argument("--dir", type=Path, default=None, help="data directory (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="kg-store-scale-")
    data_dir = args.dir or Path(tmp.name) / "data"
    rng = random.Random(5)
    store = NetworkXGraphStore(data_dir)
    rows, commits, write_s, t_start = [], [], 0.0, time.perf_counter()
    for n in range(args.docs):
        batch = make_batch(n, rng)
        t0 = time.perf_counter()
        store.write_document(batch)
        if (n + 1) % args.commit_every == 0:
            t1 = time.perf_counter()
            store.commit()
            commits.append(time.perf_counter() - t1)
        write_s += time.perf_counter() - t0
        if (n + 1) % args.slice == 0:
            row = {
                "documents": n + 1,
                "store_ms_per_doc": 1000 * write_s / args.slice,
                "commit_ms_p50": 1000 * statistics.median(commits),
                "commit_ms_p95": 1000 * sorted(commits)[int(0.95 * (len(commits) - 1))],
                "writer_rss_mib": round(rss_mib()),
                "data_dir_mib": round(dir_mib(data_dir), 1),
                "elapsed_s": round(time.perf_counter() - t_start),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
            write_s, commits = 0.0, []
    store.commit()
    store.close()
    opened = subprocess.run(
        [sys.executable, "-c", _OPEN, str(data_dir)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    reader = json.loads(opened.stdout)
    print(json.dumps({"fresh_reader": reader}), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"slices": rows, "fresh_reader": reader}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
