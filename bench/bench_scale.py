"""The embedded store at scale: ``kg ingest`` of synthetic news (bench/synth_corpus.py) into an
empty data directory and into one that already holds a large base, in the same run, plus what
it costs to hold and to serve.

Reported per ingest: documents per second, the commit time of each batch (median, p95, max),
peak RSS of the writer, data-directory size; for the base directory, the time ``kg serve``
takes until ``/healthz`` answers. The figure that matters for growth is the ratio of the
1,000-document ingest into the base to the same ingest into an empty directory (goal: at most
1.25).

Example::

    python bench/bench_scale.py --base 20000 --new 1000 --workers 2 --work /tmp/kg-scale
    python bench/bench_scale.py --base 20000 --new 1000 --work /tmp/kg-scale   # reuses the base

The base directory is built once (``<work>/base``) and copied for each run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synth_corpus import write_corpus  # noqa: E402

# Runs `kg ingest` in this process with NetworkXGraphStore.commit timed; prints one JSON line.
_INGEST = """
import json, resource, sys, time
from kg.store import networkx as store_module
timings = []
original = store_module.NetworkXGraphStore.commit
def timed(self):
    started = time.perf_counter()
    original(self)
    timings.append(time.perf_counter() - started)
store_module.NetworkXGraphStore.commit = timed
writes = [0.0]
original_write = store_module.NetworkXGraphStore.write_document
def timed_write(self, batch):
    started = time.perf_counter()
    try:
        return original_write(self, batch)
    finally:
        writes[0] += time.perf_counter() - started
store_module.NetworkXGraphStore.write_document = timed_write
from kg.cli import app
started = time.perf_counter()
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = {"seconds": elapsed, "commits": timings, "writes": writes[0], "rss_kb": rss}
    print("BENCH " + json.dumps(figures), file=sys.stderr)
"""


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def ingest(corpus: Path, data_dir: Path, workers: int, docs: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-c", _INGEST, "ingest", str(corpus), "--workers", str(workers)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    line = next((x for x in proc.stderr.splitlines() if x.startswith("BENCH ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"kg ingest failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    raw = json.loads(line[len("BENCH ") :])
    commits = sorted(raw["commits"]) or [0.0]
    return {
        "documents": docs,
        "seconds": round(raw["seconds"], 2),
        "docs_per_s": round(docs / raw["seconds"], 1),
        "store_write_s": round(raw["writes"], 2),
        "store_commit_s": round(sum(raw["commits"]), 2),
        "store_ms_per_doc": round((raw["writes"] + sum(raw["commits"])) * 1000 / docs, 2),
        "commits": len(raw["commits"]),
        "commit_median_ms": round(statistics.median(commits) * 1000, 1),
        "commit_p95_ms": round(commits[int(0.95 * (len(commits) - 1))] * 1000, 1),
        "commit_max_ms": round(commits[-1] * 1000, 1),
        "peak_rss_mb": round(raw["rss_kb"] / 1024, 1),
        "data_dir_mb": round(dir_size(data_dir) / 2**20, 1),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_start(data_dir: Path) -> float:
    """Seconds from starting ``kg serve`` until /healthz answers."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_DATA_DIR": str(data_dir)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as resp:
                    if resp.status == 200:
                        return round(time.perf_counter() - started, 2)
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit("kg serve exited") from None
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=20000, help="documents in the base directory")
    parser.add_argument("--new", type=int, default=1000, help="documents ingested into empty and base")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-scale"))
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    work: Path = args.work
    base_corpus, new_corpus = work / f"corpus-base-{args.base}", work / f"corpus-new-{args.new}"
    if not base_corpus.exists():
        write_corpus(base_corpus, args.base, start=0)
    if not new_corpus.exists():
        write_corpus(new_corpus, args.new, start=10_000_000)
    results: dict[str, Any] = {"base_documents": args.base, "new_documents": args.new, "workers": args.workers}
    base_dir = work / f"base-{args.base}"
    if not (base_dir / "graph.sqlite").exists():
        results["build_base"] = ingest(base_corpus, base_dir, args.workers, args.base)
        print("base built:", results["build_base"], flush=True)
    runs = {"into_empty": work / "run-empty", "into_base": work / "run-base"}
    for name, data_dir in runs.items():
        shutil.rmtree(data_dir, ignore_errors=True)
        if name == "into_base":
            shutil.copytree(base_dir, data_dir)
        results[name] = ingest(new_corpus, data_dir, args.workers, args.new)
        print(name, results[name], flush=True)
    results["ratio_base_over_empty"] = round(results["into_base"]["seconds"] / results["into_empty"]["seconds"], 3)
    results["store_ratio_base_over_empty"] = round(
        results["into_base"]["store_ms_per_doc"] / results["into_empty"]["store_ms_per_doc"], 3
    )
    results["serve_start_s"] = {
        "empty_plus_new": serve_start(runs["into_empty"]),
        "base_plus_new": serve_start(runs["into_base"]),
    }
    results["self_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(results, indent=1))
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
