"""Memory of ingesting one huge text file: resident memory of ``kg ingest`` over time.

Writes a generated news-like file (``--mib``, default 50 MiB; English and Korean stories with
invented names, from bench/bench_api_load.py) and runs ``kg ingest FILE`` from a checkout
(``--root``, default this one) for at most ``--minutes``, sampling the process's resident
memory (VmRSS) every ``--every`` seconds; then stops it. Prints the samples, the peak and the
slope (MiB per minute over the second half of the run, when the models are loaded). Compare a
checkout that reads the file as one document with one that cuts it into parts
(``KG_MAX_DOCUMENT_CHARS``). ``--one-document CHARS`` measures instead, in this process with
tracemalloc, what one document of CHARS characters holds while it is extracted, resolved and
written, and what the store keeps::

    .venv/bin/python bench/bench_document_memory.py --root ../main --minutes 6
    .venv/bin/python bench/bench_document_memory.py --minutes 6
    .venv/bin/python bench/bench_document_memory.py --one-document 200000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_api_load import news_text  # noqa: E402  (a sibling: bench/ is on sys.path)


def write_corpus(path: Path, mib: float, seed: int = 3) -> int:
    """Stories separated by blank lines until the file holds ``mib`` MiB; its characters."""
    rng = random.Random(seed)
    target = int(mib * (1 << 20))
    written = chars = 0
    with path.open("w", encoding="utf-8") as fh:
        k = 0
        while written < target:
            story = news_text(rng, "ko" if k % 3 == 2 else "en", sentences=rng.randint(8, 24)) + "\n\n"
            fh.write(story)
            written += len(story.encode("utf-8"))
            chars += len(story)
            k += 1
    return chars


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def held_by_one_document(text: str) -> None:
    """In this process (tracemalloc): what extracting ``text`` as one document holds, the
    peak of resolving and writing it, and what the NetworkX store keeps of it."""
    import gc
    import tracemalloc

    from kg.config import Settings
    from kg.ingest import source_from_text
    from kg.pipeline import Pipeline
    from kg.store.networkx import NetworkXGraphStore
    from schema.types import document_id_for

    with tempfile.TemporaryDirectory(prefix="kg-bench-mem-") as name:
        store = NetworkXGraphStore(Path(name))
        pipeline = Pipeline(Settings(data_dir=Path(name)), store)
        pipeline.extract_text("Samsung and Naver.")  # models and lazy state first
        pipeline.extract_text("삼성전자와 네이버.")
        gc.collect()
        tracemalloc.start()
        src = source_from_text(text, source="bench://one")
        base = tracemalloc.get_traced_memory()[0]
        extraction = pipeline.extract(src.lines(), document_id_for(src.sha256), None)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - base
        tracemalloc.reset_peak()
        pipeline.store_extraction(src, extraction, None)
        peak = tracemalloc.get_traced_memory()[1] - base
        mentions = len(extraction.mentions)
        del extraction
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - base
        store.close()
    mib = 1 << 20
    print(
        f"{len(text)} characters as one document: extraction result {held / mib:.1f} MiB ({mentions} mentions), "
        f"resolve+write peak {peak / mib:.1f} MiB, kept by the store {kept / mib:.1f} MiB"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose kg runs")
    parser.add_argument("--mib", type=float, default=50.0)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--file", type=Path, help="reuse this generated file")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--one-document", type=int, metavar="CHARS", help="instead: memory of one document of CHARS characters"
    )
    args = parser.parse_args(argv)
    if args.one_document:
        with tempfile.TemporaryDirectory(prefix="kg-bench-mem-") as name:
            corpus = args.file or Path(name) / "text.txt"
            if not corpus.exists():
                write_corpus(corpus, args.one_document * 4 / (1 << 20))
            held_by_one_document(corpus.read_text(encoding="utf-8")[: args.one_document])
        return 0
    with tempfile.TemporaryDirectory(prefix="kg-bench-mem-") as name:
        tmp = Path(name)
        corpus = args.file or tmp / "huge.txt"
        if not corpus.exists():
            chars = write_corpus(corpus, args.mib)
            print(f"wrote {corpus}: {corpus.stat().st_size / (1 << 20):.1f} MiB, {chars} characters", flush=True)
        env = {**os.environ, "PYTHONPATH": str(args.root.resolve())}
        command = [sys.executable, "-m", "kg", "ingest", str(corpus), "--data-dir", str(tmp / "data"), "--workers", "1"]
        proc = subprocess.Popen(command, cwd=args.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        samples: list[tuple[float, float]] = []
        start = time.monotonic()
        while proc.poll() is None and time.monotonic() - start < args.minutes * 60:
            rss = rss_mib(proc.pid)
            if rss is not None:
                samples.append((time.monotonic() - start, rss))
                print(f"{samples[-1][0]:6.0f} s  {rss:7.0f} MiB", flush=True)
            time.sleep(args.every)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    half = [s for s in samples if s[0] >= samples[-1][0] / 2] if samples else []
    slope = (half[-1][1] - half[0][1]) / ((half[-1][0] - half[0][0]) / 60) if len(half) > 1 else float("nan")
    peak = max((r for _, r in samples), default=float("nan"))
    print(f"\nroot {args.root}: peak {peak:.0f} MiB, slope {slope:+.0f} MiB/min over the second half, ", end="")
    print("finished" if finished else f"stopped after {args.minutes} min")
    print(output[-1500:])
    if args.json:
        args.json.write_text(json.dumps({"root": str(args.root), "samples": samples, "peak": peak, "slope": slope}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
