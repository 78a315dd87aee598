"""Reads while writing: GraphQL read latency of a real ``kg serve`` (uvicorn) while
``ingestDocument`` mutations run.

For each graph (the seeds ingested with ``kg ingest``; with ``--entities`` > 0 also the
synthetic graph of bench/bench_api.py, default 100k entities / 500k relations):

1. one warm-up mutation loads the models (where the server extracts: its own thread before
   the worker process, the worker process after);
2. **idle**: ``--readers`` client threads send search, depth-2 neighbours and path queries for
   ``--seconds``;
3. **load**: the same readers again, while one client sends ``--mutations`` ``ingestDocument``
   mutations (generated news-like texts with invented names, English and Korean) one after the
   other, spread over the window; the readers run for ``--seconds`` and until the last
   mutation answered;
4. every written document is read back (``document(id)``) and its entities too.

Reported per query: idle p50/p99, under-load p50/p99, the ratio of load p99 to idle p50 (goal
<= 10), and errors (must be 0). ``--server-root`` serves another checkout (the code before a
change) with the same client. Run on demand::

    nice -n 10 .venv/bin/python bench/bench_api_load.py --entities 0        # seeds only
    .venv/bin/python bench/bench_api_load.py --server-root ../main         # "before"
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_api import PATH_Q, SEARCH_Q, build_graph  # noqa: E402  (a sibling: bench/ is on sys.path)

from kg.config import Settings  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.store.base import GraphStore  # noqa: E402
from tests.api.uvicorn_app import free_port, stop_server, wait_until_ready  # noqa: E402

API_KEY = "bench-load-key"
NEIGHBORS_Q = """query($id: ID!) { entity(id: $id) { id name
  neighbors(depth: 2, first: 50) { totalCount edges { depth node { id name type } } } } }"""
INGEST_Q = """mutation($text: String!, $source: String!) {
  ingestDocument(text: $text, source: $source, title: "") { documentId written entityIds } }"""
DOCUMENT_Q = """query($id: ID!, $ids: [ID!]!) { document(id: $id) { id charCount }
  entities(ids: $ids) { id } }"""
QUERIES = ("search", "neighbors", "path")

# -- news-like texts with invented names --------------------------------------------------------

_EN_SYL = ["bra", "ven", "tor", "lix", "mar", "qua", "del", "sor", "nim", "kel", "zan", "rod", "pel", "tis"]
_EN_SUFFIX = ["Dynamics", "Holdings", "Systems", "Foods", "Motors", "Bio", "Networks", "Capital"]
_EN_FIRST = ["Alden", "Brisa", "Corin", "Dalia", "Emrys", "Farah", "Galen", "Hester", "Ivo", "Junia"]
_EN_LAST = ["Varga", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Quill", "Rasmussen", "Petrov"]
_EN_CITY = ["Seattle", "Busan", "Lyon", "Austin", "Osaka", "Toronto", "Munich", "Incheon"]
_KO_SYL = "가나다라마바사아자차카타파하한솔빛누리온새봄별"
_KO_SUFFIX = ["전자", "바이오", "모빌리티", "에너지", "제약", "물산", "테크", "푸드"]
_KO_FAMILY = "김이박최정강조윤장임"
_KO_CITY = ["서울", "부산", "인천", "대전", "광주", "울산", "수원", "판교"]

_EN_TEMPLATES = [
    "{c1} said on Monday it would acquire a minority stake in {c2} for an undisclosed sum.",
    "{p1}, the chief executive of {c1}, told reporters in {city} that the deal would close this year.",
    "{c2} is headquartered in {city} and employs about {n} people.",
    "{c1} and {c2} signed a partnership to develop batteries together.",
    "{p2} joined {c2} as chief financial officer after a decade at {c1}.",
    "Shares of {c1} rose {n2} percent after the announcement.",
]
_KO_TEMPLATES = [
    "{c1}는 {c2}와 전략적 제휴를 맺었다고 밝혔다.",
    "{p1} {c1} 대표는 {city}에서 기자들과 만나 올해 안에 인수를 마무리하겠다고 말했다.",
    "{c2}의 본사는 {city}에 있다.",
    "{c1}는 {c2}에 {n2}억 원을 투자했다.",
    "{p2} 최고재무책임자는 {c2}로 자리를 옮겼다.",
]


def _en_company(rng: random.Random) -> str:
    word = "".join(rng.choice(_EN_SYL) for _ in range(2)).capitalize()
    return f"{word} {rng.choice(_EN_SUFFIX)}"


def _ko_company(rng: random.Random) -> str:
    return "".join(rng.choice(_KO_SYL) for _ in range(2)) + rng.choice(_KO_SUFFIX)


def news_text(rng: random.Random, lang: str, sentences: int = 30) -> str:
    """A short news-like story about invented companies and people, in ``lang`` ("en"/"ko")."""
    if lang == "ko":
        names = {
            "c1": _ko_company(rng),
            "c2": _ko_company(rng),
            "p1": rng.choice(_KO_FAMILY) + "".join(rng.choice(_KO_SYL) for _ in range(2)),
            "p2": rng.choice(_KO_FAMILY) + "".join(rng.choice(_KO_SYL) for _ in range(2)),
        }
        templates, cities = _KO_TEMPLATES, _KO_CITY
    else:
        names = {
            "c1": _en_company(rng),
            "c2": _en_company(rng),
            "p1": f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_LAST)}",
            "p2": f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_LAST)}",
        }
        templates, cities = _EN_TEMPLATES, _EN_CITY
    out = []
    for k in range(sentences):
        values = {**names, "city": rng.choice(cities), "n": rng.randint(200, 9000), "n2": rng.randint(2, 40)}
        out.append(templates[k % len(templates)].format(**values))
        if k % 4 == 3:
            out.append("\n\n")
    return " ".join(out).replace(" \n\n ", "\n\n")


# -- workload ---------------------------------------------------------------------------------


@dataclass
class Workload:
    searches: list[str]
    entities: list[str]
    paths: list[tuple[str, str]]

    def request(self, kind: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
        if kind == "search":
            return SEARCH_Q, {"q": rng.choice(self.searches)}
        if kind == "neighbors":
            return NEIGHBORS_Q, {"id": rng.choice(self.entities)}
        a, b = rng.choice(self.paths)
        return PATH_Q, {"a": a, "b": b}


def make_workload(store: GraphStore, n: int = 300, seed: int = 11) -> Workload:
    """Names to search (whole, prefix, Hangul), entities to expand, and pairs a random walk
    joins (so a path exists within 4 hops), sampled from ``store``."""
    rng = random.Random(seed)
    every = list(store.iter_entities())
    sample = [rng.choice(every) for _ in range(n)]
    searches = []
    for k, ent in enumerate(sample):
        name = ent.name_ko if k % 3 == 2 and ent.name_ko else ent.name
        searches.append(name if k % 3 != 1 else name[: max(2, len(name) // 2)])
    connected = [e.id for e in sample if store.neighbors(e.id, 1)] or [e.id for e in sample]
    paths: list[tuple[str, str]] = []
    for a in connected * 3:
        b = a
        for _ in range(rng.randint(1, 3)):
            nxt = store.neighbors(b, 1)
            if not nxt:
                break
            b = rng.choice(nxt)[0]
        if b != a:
            paths.append((a, b))
        if len(paths) >= n:
            break
    return Workload(searches, [e.id for e in sample], paths or [(sample[0].id, sample[-1].id)])


# -- measuring --------------------------------------------------------------------------------


@dataclass
class Samples:
    seconds: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in QUERIES})
    errors: list[str] = field(default_factory=list)


def _post(client: httpx.Client, query: str, variables: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    body: dict[str, Any] = response.json() if response.status_code == 200 else {"errors": [response.text[:200]]}
    return body


def run_readers(base: str, work: Workload, readers: int, until: threading.Event, seconds: float) -> Samples:
    """``readers`` threads, each a closed loop over the query kinds, until ``seconds`` passed
    and ``until`` is set."""
    samples = Samples()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def reader(k: int) -> None:
        rng = random.Random(k)
        with httpx.Client(base_url=base, timeout=120) as client:
            i = k
            while time.monotonic() < deadline or not until.is_set():
                kind = QUERIES[i % len(QUERIES)]
                i += 1
                query, variables = work.request(kind, rng)
                t = time.perf_counter()
                try:
                    body = _post(client, query, variables)
                except httpx.HTTPError as exc:
                    body = {"errors": [repr(exc)]}
                took = time.perf_counter() - t
                with lock:
                    if body.get("errors"):
                        samples.errors.append(f"{kind}: {body['errors'][0]}")
                    else:
                        samples.seconds[kind].append(took)

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(readers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return samples


@dataclass
class Mutations:
    documents: list[tuple[str, list[str]]] = field(default_factory=list)  # (id, entity ids)
    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def run_mutations(
    base: str, texts: Sequence[tuple[str, str]], out: Mutations, done: threading.Event, every_s: float = 0.0
) -> None:
    """The texts' mutations one after the other, the k-th sent no earlier than ``k * every_s``
    after the first (spread over the readers' window)."""
    start = time.monotonic()
    with httpx.Client(base_url=base, timeout=600) as client:
        for k, (source, text) in enumerate(texts):
            time.sleep(max(0.0, start + k * every_s - time.monotonic()))
            t = time.perf_counter()
            try:
                body = _post(client, INGEST_Q, {"text": text, "source": source}, key=API_KEY)
            except httpx.HTTPError as exc:
                body = {"errors": [repr(exc)]}
            out.seconds.append(time.perf_counter() - t)
            if body.get("errors"):
                out.errors.append(str(body["errors"][0])[:300])
            else:
                result = body["data"]["ingestDocument"]
                out.documents.append((result["documentId"], result["entityIds"]))
    done.set()


def check_readable(base: str, documents: Sequence[tuple[str, list[str]]]) -> list[str]:
    """Every written document and each of its entities, read back; the problems found."""
    problems = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for doc_id, entity_ids in documents:
            body = _post(client, DOCUMENT_Q, {"id": doc_id, "ids": entity_ids})
            data = body.get("data") or {}
            if body.get("errors") or not data.get("document"):
                problems.append(f"{doc_id}: not readable ({body.get('errors')})")
            elif any(e is None for e in data.get("entities") or []):
                problems.append(f"{doc_id}: an entity is missing")
    return problems


def _pct(values: list[float], q: float) -> float:
    ms = sorted(v * 1000 for v in values)
    return ms[min(len(ms) - 1, round(q * (len(ms) - 1)))] if ms else float("nan")


# -- the server ---------------------------------------------------------------------------------


def start_server(root: Path, data_dir: Path, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``kg serve``'s app (lazy models, as ``kg serve`` starts) from the checkout ``root``."""
    port = free_port()
    env = {**os.environ, "KG_DATA_DIR": str(data_dir), "KG_API_KEY": API_KEY, "PYTHONPATH": str(root)}
    env.setdefault("KG_REQUEST_TIMEOUT_S", "120")  # a shared machine: the first mutation loads the models
    command = [sys.executable, "-m", "kg", "serve", "--port", str(port), "--data-dir", str(data_dir)]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_until_ready(proc, f"{base}/readyz", log_path, 900, what="kg serve")
    return proc, base


def measure(
    root: Path, data_dir: Path, work: Workload, args: argparse.Namespace, label: str, tmp: Path
) -> dict[str, Any]:
    rng = random.Random(5)
    texts = [(f"bench://load/{label}/{i}", news_text(rng, "ko" if i % 2 else "en")) for i in range(args.mutations + 1)]
    proc, base = start_server(root, data_dir, tmp / f"serve-{label}.log")
    try:
        warm = Mutations()
        run_mutations(base, texts[:1], warm, threading.Event())  # loads the models
        never = threading.Event()
        never.set()
        idle = run_readers(base, work, args.readers, never, args.seconds)
        writes, done = Mutations(), threading.Event()
        every = args.seconds / max(1, args.mutations)
        writer = threading.Thread(target=run_mutations, args=(base, texts[1:], writes, done, every))
        writer.start()
        load = run_readers(base, work, args.readers, done, args.seconds)
        writer.join()
        unreadable = check_readable(base, warm.documents + writes.documents)
    finally:
        stop_server(proc)
    result: dict[str, Any] = {
        "graph": label,
        "server": str(root),
        "warm_mutation_s": warm.seconds[0] if warm.seconds else None,
        "mutations": len(writes.seconds),
        "mutation_p50_s": statistics.median(writes.seconds) if writes.seconds else None,
        "mutation_errors": warm.errors + writes.errors,
        "read_errors": idle.errors + load.errors,
        "unreadable": unreadable,
        "queries": {},
    }
    for kind in QUERIES:
        idle_p50 = _pct(idle.seconds[kind], 0.5)
        load_p99 = _pct(load.seconds[kind], 0.99)
        result["queries"][kind] = {
            "idle_n": len(idle.seconds[kind]),
            "idle_p50_ms": idle_p50,
            "idle_p99_ms": _pct(idle.seconds[kind], 0.99),
            "load_n": len(load.seconds[kind]),
            "load_p50_ms": _pct(load.seconds[kind], 0.5),
            "load_p99_ms": load_p99,
            "load_p99_over_idle_p50": load_p99 / idle_p50,
        }
    return result


def _print(result: dict[str, Any]) -> None:
    print(f"\n## {result['graph']} (server: {result['server']})")
    print(
        f"warm-up mutation {result['warm_mutation_s']:.1f} s; {result['mutations']} mutations, "
        f"p50 {result['mutation_p50_s']:.2f} s; errors: {len(result['mutation_errors'])} mutation, "
        f"{len(result['read_errors'])} read; unreadable after: {len(result['unreadable'])}"
    )
    print("| query | idle p50 ms | idle p99 ms | load p50 ms | load p99 ms | load p99 / idle p50 | n idle/load |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind, q in result["queries"].items():
        print(
            f"| {kind} | {q['idle_p50_ms']:.1f} | {q['idle_p99_ms']:.1f} | {q['load_p50_ms']:.1f} | "
            f"{q['load_p99_ms']:.1f} | {q['load_p99_over_idle_p50']:.1f}x | {q['idle_n']}/{q['load_n']} |"
        )
    for problem in (result["mutation_errors"] + result["read_errors"] + result["unreadable"])[:5]:
        print(f"  problem: {problem}")


def _seed_graph(root: Path, data_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "kg", "ingest", str(ROOT / "seeds"), "--data-dir", str(data_dir)]
    subprocess.run(command, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server-root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--mutations", type=int, default=20)
    parser.add_argument("--entities", type=int, default=100_000, help="synthetic graph size; 0: seeds only")
    parser.add_argument("--relations", type=int, default=500_000)
    parser.add_argument("--no-seeds", action="store_true", help="only the synthetic graph")
    parser.add_argument("--synthetic-dir", type=Path, help="keep the synthetic graph here (copied for each run)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    root = args.server_root.resolve()
    results = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-load-") as name:
        tmp = Path(name)
        if not args.no_seeds:
            seeds_dir = tmp / "seeds-data"
            _seed_graph(root, seeds_dir)
            store = open_store(Settings(data_dir=seeds_dir))
            work = make_workload(store)
            store.close()
            results.append(measure(root, seeds_dir, work, args, "seeds", tmp))
            _print(results[-1])
        if args.entities:
            built = args.synthetic_dir or tmp / "synthetic"
            if not built.exists():
                build_graph(built, args.entities, args.relations).close()
            store = open_store(Settings(data_dir=built))
            work = make_workload(store)
            store.close()
            served = tmp / "synthetic-served"  # a copy: the mutations write into it
            shutil.copytree(built, served)
            results.append(measure(root, served, work, args, f"synthetic-{args.entities}", tmp))
            _print(results[-1])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    failed = any(r["mutation_errors"] or r["read_errors"] or r["unreadable"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
