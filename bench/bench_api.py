"""Benchmark of the GraphQL API on a synthetic graph (default 100k entities, 500k relations).

For three queries (search, entity with its depth-2 neighbourhood, path), measures p50/p99
latency and throughput:

* ``store``: the bare GraphStore calls the resolvers need (same process, no GraphQL);
* ``in-process``: the strawberry schema executed directly with a real per-request context;
* ``http``: a real uvicorn process over TCP (sequential for latency; ``--concurrency``
  client threads for throughput).

``entity+depth2`` asks for up to 100 neighbours (the whole 2-hop neighbourhood at this
density, ~100 entities), ``entity+depth2/20`` for the first page of 20.

The graph is built by writing DocumentBatch objects into a NetworkXGraphStore in a temporary
directory (or ``--data-dir``, reused when it already holds a graph). Run on demand::

    nice -n 10 .venv/bin/python bench/bench_api.py                       # full size
    .venv/bin/python bench/bench_api.py --entities 10000 --relations 50000 --requests 100
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.graphql.build import build_schema  # noqa: E402
from api.graphql.context import ApiContext  # noqa: E402
from api.services import Services  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.store.base import DocumentBatch  # noqa: E402
from kg.store.networkx import NetworkXGraphStore  # noqa: E402
from schema.types import Document, Entity, EntityType, Evidence, Mention, Relation, RelationType  # noqa: E402
from tests.api.uvicorn_app import start_uvicorn  # noqa: E402

SEARCH_Q = """query($q: String!) { searchEntities(query: $q, first: 10) {
  edges { score node { id name nameKo type } } } }"""
ENTITY_Q = """query($id: ID!) { entity(id: $id) { id name type nameEn nameKo
  neighbors(depth: 2, first: 100) { totalCount edges { depth node { id name type } } } } }"""
ENTITY20_Q = ENTITY_Q.replace("first: 100", "first: 20")
PATH_Q = """query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 4) {
  length entities { id name } relations { type confidence } } }"""

_LATIN = ["ka", "no", "ri", "sa", "mi", "to", "ve", "lu", "ar", "en", "os", "ti", "de", "ban", "kor", "tel"]
_SUFFIX = ["Corp", "Holdings", "Group", "Tech", "Bank", "Motors", "Energy", "Labs", "Capital", "Logistics"]
_HANGUL = "가나다라마바사아자차카타파하강남동서북현대삼성엘지네이버카카오쿠팡신한우리국민"
_TYPES = [EntityType.COMPANY] * 6 + [EntityType.PERSON] * 2 + [EntityType.PLACE, EntityType.ORGANIZATION]
_REL_TYPES = list(RelationType)


# -- synthetic graph --------------------------------------------------------------------------


def _names(rng: random.Random, i: int) -> tuple[str, str]:
    word = "".join(rng.choice(_LATIN) for _ in range(rng.randint(2, 3))).capitalize()
    name_en = f"{word} {rng.choice(_SUFFIX)} {i}"
    name_ko = "".join(rng.choice(_HANGUL) for _ in range(rng.randint(2, 4))) + str(i) if i % 2 == 0 else ""
    return name_en, name_ko


def build_graph(data_dir: Path, n_entities: int, n_relations: int, seed: int = 7) -> NetworkXGraphStore:
    """Write the synthetic graph (entity documents first, then relation documents) and commit."""
    rng = random.Random(seed)
    store = NetworkXGraphStore(data_dir)
    per_doc = 1000
    t0 = time.perf_counter()
    for start in range(0, n_entities, per_doc):
        doc_id = f"doc:ent-{start // per_doc:05d}"
        entities, mentions = [], []
        for i in range(start, min(start + per_doc, n_entities)):
            name_en, name_ko = _names(rng, i)
            etype = _TYPES[i % len(_TYPES)]
            entities.append(
                Entity(
                    id=f"ent:{i}",
                    type=etype,
                    name=name_en,
                    name_en=name_en,
                    name_ko=name_ko,
                    aliases=[a for a in (name_en, name_ko) if a],
                )
            )
            sentence = f"{name_en} was mentioned."
            mentions.append(
                (
                    f"ent:{i}",
                    Mention(
                        document_id=doc_id,
                        start=0,
                        end=len(name_en),
                        text=name_en,
                        type=etype,
                        sentence=sentence,
                        sentence_start=0,
                        sentence_end=len(sentence),
                        language="en",
                        extractor="synthetic",
                    ),
                )
            )
        doc = Document(id=doc_id, title=doc_id, language="en", char_count=per_doc * 30)
        store.write_document(DocumentBatch(document=doc, entities=entities, mentions=mentions))
    per_doc = 5000
    seen: set[str] = set()
    written = 0
    doc_no = 0
    while written < n_relations:
        doc_id = f"doc:rel-{doc_no:05d}"
        doc_no += 1
        relations: list[Relation] = []
        while len(relations) < min(per_doc, n_relations - written):
            s, t = rng.randrange(n_entities), rng.randrange(n_entities)
            rtype = rng.choice(_REL_TYPES)
            rid = Relation.make_id(f"ent:{s}", f"ent:{t}", rtype)
            if s == t or rid in seen:
                continue
            seen.add(rid)
            sentence = f"Entity {s} and entity {t} are related."
            ev = Evidence(
                document_id=doc_id,
                sentence=sentence,
                sentence_start=0,
                sentence_end=len(sentence),
                start=0,
                end=len(sentence),
                language="en",
                extractor="synthetic",
                rule="synthetic",
                confidence=0.5 + rng.random() / 2,
            )
            relations.append(
                Relation(
                    id=rid, source=f"ent:{s}", target=f"ent:{t}", type=rtype, confidence=ev.confidence, evidence=[ev]
                )
            )
        store.write_document(DocumentBatch(document=Document(id=doc_id, title=doc_id), relations=relations))
        written += len(relations)
    print(f"built {n_entities} entities / {written} relations in {time.perf_counter() - t0:.0f} s", flush=True)
    t0 = time.perf_counter()
    store.commit()
    print(f"committed in {time.perf_counter() - t0:.0f} s", flush=True)
    return store


# -- workloads --------------------------------------------------------------------------------


@dataclass
class Workload:
    search: list[str]
    entities: list[str]
    paths: list[tuple[str, str]]


def make_workload(store: NetworkXGraphStore, n: int, seed: int = 11) -> Workload:
    rng = random.Random(seed)
    total = store.stats().entities
    sample = [store.get_entity(f"ent:{rng.randrange(total)}") for _ in range(n)]
    queries = []
    for k, ent in enumerate(e for e in sample if e is not None):
        kind = k % 4
        if kind == 0:
            queries.append(ent.name_en)  # exact
        elif kind == 1:
            queries.append(ent.name_en.split()[0][:5])  # prefix
        elif kind == 2 and ent.name_ko:
            queries.append(ent.name_ko)  # Hangul
        else:
            word = ent.name_en.split()[0]
            queries.append(word[:2] + word[3:2:-1] + word[2] + word[4:] if len(word) > 4 else word)  # typo
    entities = [f"ent:{rng.randrange(total)}" for _ in range(n)]
    paths: list[tuple[str, str]] = []
    while len(paths) < n:
        a = f"ent:{rng.randrange(total)}"
        b = a
        for _ in range(3):  # a random walk keeps b within reach of maxHops
            nxt = store.neighbors(b, 1)
            if not nxt:
                break
            b = rng.choice(nxt)[0]
        if b != a:
            paths.append((a, b))
    return Workload(queries, entities, paths)


def bare_calls(store: NetworkXGraphStore) -> dict[str, Callable[[Any], Any]]:
    def search(q: str) -> Any:
        hits = store.search_entities(q, None, 11)
        return store.get_entities([h for h, _ in hits])

    def entity(entity_id: str) -> Any:
        store.get_entity(entity_id)
        found = store.neighbors(entity_id, 2)
        return store.get_entities([e for e, _ in found[:101]])

    def entity20(entity_id: str) -> Any:
        store.get_entity(entity_id)
        found = store.neighbors(entity_id, 2)
        return store.get_entities([e for e, _ in found[:21]])

    def path(pair: tuple[str, str]) -> Any:
        paths = store.shortest_paths(pair[0], pair[1], 4)
        ids = {e for rels in paths for r in rels for e in (r.source, r.target)}
        return store.get_entities(sorted(ids))

    return {"search": search, "entity+depth2": entity, "entity+depth2/20": entity20, "path": path}


def requests_for(work: Workload) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    return {
        "search": [(SEARCH_Q, {"q": q}) for q in work.search],
        "entity+depth2": [(ENTITY_Q, {"id": e}) for e in work.entities],
        "entity+depth2/20": [(ENTITY20_Q, {"id": e}) for e in work.entities],
        "path": [(PATH_Q, {"a": a, "b": b}) for a, b in work.paths],
    }


def args_for(work: Workload) -> dict[str, Sequence[Any]]:
    return {
        "search": work.search,
        "entity+depth2": work.entities,
        "entity+depth2/20": work.entities,
        "path": work.paths,
    }


# -- measuring --------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    mode: str
    p50_ms: float
    p99_ms: float
    rps: float


def _summary(name: str, mode: str, seconds: list[float], rps: float | None = None) -> Result:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return Result(name, mode, statistics.median(ms), p99, rps if rps is not None else len(ms) / sum(seconds))


def measure_bare(store: NetworkXGraphStore, work: Workload) -> list[Result]:
    results = []
    for name, fn in bare_calls(store).items():
        items = args_for(work)[name]
        for item in items[:10]:
            fn(item)  # warm-up
        times = []
        for item in items:
            t = time.perf_counter()
            fn(item)
            times.append(time.perf_counter() - t)
        results.append(_summary(name, "store", times))
    return results


def measure_in_process(store: NetworkXGraphStore, settings: Settings, work: Workload) -> list[Result]:
    schema = build_schema(settings)
    services = Services(settings, store)

    async def run() -> list[Result]:
        results = []
        for name, reqs in requests_for(work).items():
            for query, variables in reqs[:10]:
                await schema.execute(query, variable_values=variables, context_value=ApiContext(services, None))
            times = []
            for query, variables in reqs:
                t = time.perf_counter()
                result = await schema.execute(
                    query, variable_values=variables, context_value=ApiContext(services, None)
                )
                times.append(time.perf_counter() - t)
                assert result.errors is None, result.errors
            results.append(_summary(name, "in-process", times))
        return results

    return asyncio.run(run())


def start_server(data_dir: Path, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    # /readyz: the store (its in-memory graph) is loaded in the lifespan before it answers
    return start_uvicorn(
        data_dir, log_path, ready_path="/readyz", timeout_s=600,
        extra_args=("--log-level", "warning", "--no-access-log"),
    )  # fmt: skip


def _post(client: httpx.Client, req: tuple[str, dict[str, Any]]) -> None:
    response = client.post("/graphql", json={"query": req[0], "variables": req[1]})
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body


def measure_http(base: str, work: Workload, concurrency: int) -> list[Result]:
    results = []
    local = threading.local()  # one connection per throughput client thread

    def post_own(req: tuple[str, dict[str, Any]]) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base, timeout=60)
        _post(local.client, req)

    with httpx.Client(base_url=base, timeout=60) as client:
        for name, reqs in requests_for(work).items():
            for req in reqs[:10]:
                _post(client, req)
            times = []
            for req in reqs:
                t = time.perf_counter()
                _post(client, req)
                times.append(time.perf_counter() - t)
            t = time.perf_counter()
            with ThreadPoolExecutor(concurrency) as pool:
                list(pool.map(post_own, reqs))
            rps = len(reqs) / (time.perf_counter() - t)
            results.append(_summary(name, "http", times, rps))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=500_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per query kind")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--data-dir", type=Path, help="keep the synthetic graph here (reused if present)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="kg-bench-api-")
    data_dir = args.data_dir or Path(tmp.name) / "data"
    settings = Settings(data_dir=data_dir)
    if (data_dir / "graph.sqlite").exists() or (data_dir / "graph.pickle").exists():
        t0 = time.perf_counter()
        store = NetworkXGraphStore(data_dir)
        print(f"loaded {data_dir} in {time.perf_counter() - t0:.0f} s", flush=True)
    else:
        store = build_graph(data_dir, args.entities, args.relations)
    stats = store.stats()
    print(f"graph: {stats.entities} entities, {stats.relations} relations", flush=True)
    t0 = time.perf_counter()
    store.search_entities("warm up the name index")
    print(f"name index built in {time.perf_counter() - t0:.1f} s", flush=True)
    work = make_workload(store, args.requests)

    results = measure_bare(store, work)
    results += measure_in_process(store, settings, work)
    store.close()  # release the writer lock; the server only reads
    proc, base = start_server(data_dir, Path(tmp.name) / "uvicorn.log")
    try:
        httpx.post(f"{base}/graphql", json={"query": SEARCH_Q, "variables": {"q": "warm"}}, timeout=600)
        results += measure_http(base, work, args.concurrency)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)

    print(
        f"\n{stats.entities} entities / {stats.relations} relations, {args.requests} requests per query, "
        f"{args.concurrency} HTTP clients for throughput, {os.cpu_count()} CPUs\n"
    )
    print("| query | mode | p50 ms | p99 ms | req/s |")
    print("|---|---|---:|---:|---:|")
    for r in sorted(results, key=lambda r: (r.name, ["store", "in-process", "http"].index(r.mode))):
        print(f"| {r.name} | {r.mode} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.rps:.0f} |")
    by = {(r.name, r.mode): r for r in results}
    for name in ("search", "entity+depth2", "entity+depth2/20", "path"):
        ratio = by[(name, "in-process")].p50_ms / by[(name, "store")].p50_ms
        print(
            f"{name}: in-process p50 = {ratio:.1f}x the bare store call; http p99 = {by[(name, 'http')].p99_ms:.1f} ms"
        )
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=2))
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
